// UTF-8 measuring and cutting (see utf8.h).
#include "util/utf8.h"

#include <utf8/core.h>

#include <cstdint>

namespace interleave {

size_t Utf8SequenceLength(std::string_view text, size_t i) {
  if (i >= text.size()) return 0;
  std::string_view::const_iterator it = text.begin() + i;
  uint32_t code_point = 0;
  if (utf8::internal::validate_next(it, text.end(), code_point) != utf8::internal::UTF8_OK)
    return 0;
  return static_cast<size_t>(it - (text.begin() + i));
}

char32_t NextCodepoint(std::string_view text, size_t* i) {
  std::string_view::const_iterator it = text.begin() + *i;
  uint32_t code_point = 0;
  if (utf8::internal::validate_next(it, text.end(), code_point) != utf8::internal::UTF8_OK) {
    ++*i;
    return 0xFFFD;
  }
  *i = static_cast<size_t>(it - text.begin());
  return static_cast<char32_t>(code_point);
}

size_t Utf8Length(std::string_view text) {
  size_t length = 0;
  for (size_t i = 0; i < text.size(); ++length) NextCodepoint(text, &i);
  return length;
}

std::string PadUtf8(const std::string& text, size_t width) {
  size_t have = Utf8Length(text);
  return have >= width ? text : text + std::string(width - have, ' ');
}

std::string Utf8Prefix(std::string_view text, size_t count) {
  size_t i = 0;
  for (size_t n = 0; n < count && i < text.size(); ++n) NextCodepoint(text, &i);
  return std::string(text.substr(0, i));
}

std::string Utf8ClipBytes(std::string_view text, size_t max_bytes) {
  size_t end = 0;
  for (size_t i = 0; i < text.size();) {
    NextCodepoint(text, &i);
    if (i > max_bytes) break;
    end = i;
  }
  return std::string(text.substr(0, end));
}

void Utf8PopBack(std::string* text) {
  if (text->empty()) return;
  // The last code point starts at the last boundary NextCodepoint stops at.
  size_t start = 0;
  for (size_t i = 0; i < text->size();) {
    start = i;
    NextCodepoint(*text, &i);
  }
  text->erase(start);
}

int CodepointWidth(char32_t cp) {
  if (cp == 0) return 0;
  if ((cp >= 0x0300 && cp <= 0x036F) || (cp >= 0x200B && cp <= 0x200F) ||
      (cp >= 0xFE00 && cp <= 0xFE0F))
    return 0;  // combining marks, zero-width spaces, variation selectors
  static const char32_t kWide[][2] = {
      {0x1100, 0x115F}, {0x231A, 0x231B},   {0x2329, 0x232A},   {0x23E9, 0x23EC},
      {0x23F0, 0x23F0}, {0x23F3, 0x23F3},   {0x25FD, 0x25FE},   {0x2614, 0x2615},
      {0x2648, 0x2653}, {0x267F, 0x267F},   {0x2693, 0x2693},   {0x26A1, 0x26A1},
      {0x26AA, 0x26AB}, {0x26BD, 0x26BE},   {0x26C4, 0x26C5},   {0x26CE, 0x26CE},
      {0x26D4, 0x26D4}, {0x26EA, 0x26EA},   {0x26F2, 0x26F3},   {0x26F5, 0x26F5},
      {0x26FA, 0x26FA}, {0x26FD, 0x26FD},   {0x2705, 0x2705},   {0x270A, 0x270B},
      {0x2728, 0x2728}, {0x274C, 0x274C},   {0x274E, 0x274E},   {0x2753, 0x2755},
      {0x2757, 0x2757}, {0x2795, 0x2797},   {0x27B0, 0x27B0},   {0x27BF, 0x27BF},
      {0x2B1B, 0x2B1C}, {0x2B50, 0x2B50},   {0x2B55, 0x2B55},   {0x2E80, 0x303E},
      {0x3041, 0x33FF}, {0x3400, 0x4DBF},   {0x4E00, 0x9FFF},   {0xA000, 0xA4CF},
      {0xAC00, 0xD7A3}, {0xF900, 0xFAFF},   {0xFE30, 0xFE4F},   {0xFF00, 0xFF60},
      {0xFFE0, 0xFFE6}, {0x1F300, 0x1F64F}, {0x1F900, 0x1F9FF}, {0x20000, 0x3FFFD},
  };
  for (const auto& range : kWide)
    if (cp >= range[0] && cp <= range[1]) return 2;
  return 1;
}

size_t EscapeLength(std::string_view text, size_t i) {
  if (i >= text.size() || text[i] != '\x1b' || i + 1 >= text.size() || text[i + 1] != '[') return 0;
  size_t j = i + 2;
  while (j < text.size() && !(text[j] >= 0x40 && text[j] <= 0x7E)) ++j;
  return j < text.size() ? j - i + 1 : text.size() - i;
}

int DisplayWidth(std::string_view text) {
  int width = 0;
  size_t i = 0;
  while (i < text.size()) {
    if (size_t escape = EscapeLength(text, i)) {
      i += escape;
      continue;
    }
    width += CodepointWidth(NextCodepoint(text, &i));
  }
  return width;
}

}  // namespace interleave
