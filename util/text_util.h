// White space and letter case of plain text, shared by the engine, the
// printers and the commands (UTF-8 measuring is in util/utf8.h).
// Thread-safety: stateless functions.
#pragma once

#include <string>

namespace interleave {

// Runs of white space (newlines, tabs) become one space; the ends are trimmed.
std::string CollapseWhitespace(const std::string& text);

// `text` with ASCII letters in upper case (other bytes unchanged).
std::string AsciiUpper(std::string text);

}  // namespace interleave
