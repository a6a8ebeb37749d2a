// Small text helpers shared by the printers and commands.
// Thread-safety: stateless functions.
#pragma once

#include <cstddef>
#include <string>

namespace interleave {

// Runs of white space (newlines, tabs) become one space; the ends are trimmed.
std::string CollapseWhitespace(const std::string& text);

// `text` with ASCII letters in upper case (other bytes unchanged).
std::string AsciiUpper(std::string text);

// Code points in UTF-8 `text`: its width for tables that count one column
// per character (no wide characters, no escape sequences).
size_t Utf8Length(const std::string& text);
// `text` followed by spaces up to `width` code points (never cut).
std::string PadUtf8(const std::string& text, size_t width);

}  // namespace interleave
