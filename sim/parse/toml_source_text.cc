// SourceText: line starts, code-point columns (by utfcpp), and places inside
// TOML string values, raw or escaped.
// Thread-safety: const methods only after construction.
#include "sim/parse/toml_source_text.h"

#include <utf8.h>

#include <algorithm>
#include <utility>

namespace interleave::toml_parse {

SourceText::SourceText(std::string_view text, std::string path)
    : text_(text), path_(std::move(path)) {
  line_starts_.push_back(0);
  line_ascii_.push_back(true);
  for (size_t i = 0; i < text_.size(); ++i) {
    if (text_[i] == '\n') {
      line_starts_.push_back(i + 1);
      line_ascii_.push_back(true);
    } else if (static_cast<unsigned char>(text_[i]) >= 0x80) {
      line_ascii_.back() = false;
    }
  }
}

std::string_view SourceText::RestOfLine(const toml::source_position& p) const {
  const size_t offset = ToOffset(p);
  if (offset >= text_.size()) return {};
  const size_t end = text_.find('\n', offset);
  return text_.substr(offset, end == std::string_view::npos ? end : end - offset);
}

SourcePos SourceText::InString(const toml::node& node, size_t offset,
                               std::string_view needle) const {
  const toml::source_region& region = node.source();
  const size_t begin = ToOffset(region.begin);
  const size_t end = ToOffset(region.end);
  if (!node.is_string() || begin == std::string_view::npos || end == std::string_view::npos ||
      end <= begin) {
    return Of(node);
  }
  const std::string_view raw = text_.substr(begin, end - begin);
  size_t delimiter = 0;
  if (raw.substr(0, 3) == "\"\"\"" || raw.substr(0, 3) == "'''") {
    delimiter = 3;
  } else if (raw.substr(0, 1) == "\"" || raw.substr(0, 1) == "'") {
    delimiter = 1;
  }
  if (delimiter == 0 || raw.size() < 2 * delimiter) return Of(node);
  size_t start = delimiter;
  if (delimiter == 3) {  // a newline right after the opening """ is not part of the value
    if (raw.substr(start, 1) == "\n") {
      start += 1;
    } else if (raw.substr(start, 2) == "\r\n") {
      start += 2;
    }
  }
  if (start > raw.size() - delimiter) return Of(node);
  const std::string_view content = raw.substr(start, raw.size() - delimiter - start);
  const std::string& value = node.as_string()->get();
  if (content == value && offset <= content.size()) return ToPos(begin + start + offset);
  // Escapes or line continuations: find the same occurrence of the needle.
  if (needle.empty()) return Of(node);
  int occurrence = 0;
  for (size_t at = value.find(needle); at != std::string::npos && at < offset;
       at = value.find(needle, at + 1)) {
    ++occurrence;
  }
  size_t found = content.find(needle);
  while (found != std::string_view::npos && occurrence > 0) {
    found = content.find(needle, found + 1);
    --occurrence;
  }
  if (found == std::string_view::npos) return Of(node);
  return ToPos(begin + start + found);
}

size_t SourceText::NextCodePoint(size_t at) const {
  const char* it = text_.data() + at;
  try {
    utf8::next(it, text_.data() + text_.size());
  } catch (const utf8::exception&) {
    return at + 1;
  }
  return static_cast<size_t>(it - text_.data());
}

size_t SourceText::ToOffset(const toml::source_position& p) const {
  if (p.line == 0 || p.line > line_starts_.size() || p.column == 0) {
    return std::string_view::npos;
  }
  size_t at = line_starts_[p.line - 1];
  if (line_ascii_[p.line - 1]) {
    const size_t line_end = p.line < line_starts_.size() ? line_starts_[p.line] - 1 : text_.size();
    return std::min(at + (p.column - 1), line_end);
  }
  for (size_t column = 1; column < p.column; ++column) {
    if (at >= text_.size() || text_[at] == '\n') return at;  // end of line
    at = NextCodePoint(at);
  }
  return at;
}

SourcePos SourceText::ToPos(size_t offset) const {
  const size_t line =
      std::upper_bound(line_starts_.begin(), line_starts_.end(), offset) - line_starts_.begin();
  if (line_ascii_[line - 1]) {
    return SourcePos{path_, static_cast<int>(line),
                     static_cast<int>(std::min(offset, text_.size()) - line_starts_[line - 1]) + 1};
  }
  int column = 1;
  for (size_t at = line_starts_[line - 1]; at < offset && at < text_.size();
       at = NextCodePoint(at)) {
    ++column;
  }
  return SourcePos{path_, static_cast<int>(line), column};
}

}  // namespace interleave::toml_parse
