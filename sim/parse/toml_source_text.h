// The raw text of a TOML document, to turn toml++ positions into SourcePos and
// to point inside string values (a step name in "a1 b1 a2", a ${step.column}).
// Also the one place the TOML parser's files include toml++ from.
// Thread-safety: immutable after construction; const methods are reentrant.
#pragma once

// toml++ 3.3 asserts (and so aborts, in builds without NDEBUG) on some bad
// input, e.g. the table header "[}x]", where release builds report a parse
// error. A user's typo must give the error, never an abort.
#ifndef TOML_ASSERT
#define TOML_ASSERT(expr) static_cast<void>(0)
#endif
#include <toml++/toml.h>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "sim/model/source_pos.h"

namespace interleave::toml_parse {

// Positions in one document's text. toml++ counts columns in code points,
// 1-based; so does SourcePos. Holds a view of the text, which must outlive it.
class SourceText {
 public:
  SourceText(std::string_view text, std::string path);

  const std::string& path() const { return path_; }

  SourcePos At(const toml::source_position& p) const {
    return SourcePos{path_, static_cast<int>(p.line), static_cast<int>(p.column)};
  }
  SourcePos Of(const toml::node& node) const { return At(node.source().begin); }
  SourcePos Of(const toml::key& key) const { return At(key.source().begin); }

  // The text from a toml++ position to the end of its line (without it).
  std::string_view RestOfLine(const toml::source_position& p) const;

  // The position of the character at byte `offset` of string value `node`,
  // where `needle` starts. Exact when the string has no escapes; otherwise the
  // same occurrence of `needle` in the raw text; otherwise the string's start.
  SourcePos InString(const toml::node& node, size_t offset, std::string_view needle) const;

 private:
  // The byte after the code point at byte `at` (a byte that starts no valid
  // UTF-8 sequence counts as one code point).
  size_t NextCodePoint(size_t at) const;
  // Byte offset of a toml++ position, or npos.
  size_t ToOffset(const toml::source_position& p) const;
  SourcePos ToPos(size_t offset) const;

  std::string_view text_;
  std::string path_;
  std::vector<size_t> line_starts_;
  // Per line: whether it is all ASCII, so that a column is a byte offset
  // (a schedule of thousands of steps on one line stays linear).
  std::vector<bool> line_ascii_;
};

}  // namespace interleave::toml_parse
