#include "util/text_util.h"

#include <cctype>

namespace interleave {

std::string CollapseWhitespace(const std::string& text) {
  std::string out;
  bool space = false;
  for (char c : text) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

std::string AsciiUpper(std::string text) {
  for (char& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return text;
}

size_t Utf8Length(const std::string& text) {
  size_t length = 0;
  for (unsigned char c : text)
    if ((c & 0xC0) != 0x80) ++length;
  return length;
}

std::string PadUtf8(const std::string& text, size_t width) {
  size_t have = Utf8Length(text);
  return have >= width ? text : text + std::string(width - have, ' ');
}

}  // namespace interleave
