// A character TOML does not allow outside strings and comments (see
// toml_bare_text.h).
#include "sim/parse/toml_bare_text.h"

namespace interleave::toml_parse {
namespace {

bool StartsWith(std::string_view text, size_t at, std::string_view part) {
  return text.substr(at, part.size()) == part;
}

// The length of the UTF-8 sequence that starts with `lead` (1 for a stray
// continuation byte or a bad lead byte, so the scan always moves on).
size_t SequenceLength(unsigned char lead) {
  if (lead >= 0xF0 && lead <= 0xF4) return 4;
  if (lead >= 0xE0) return lead <= 0xEF ? 3 : 1;
  if (lead >= 0xC2) return 2;
  return 1;
}

}  // namespace

std::optional<BareNonAscii> FindBareNonAscii(std::string_view text) {
  enum class State { kBare, kComment, kBasic, kLiteral, kMultiBasic, kMultiLiteral };
  State state = State::kBare;
  int line = 1, column = 1;
  size_t i = StartsWith(text, 0, "\xEF\xBB\xBF") ? 3 : 0;
  while (i < text.size()) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    size_t length = c < 0x80 ? 1 : SequenceLength(c);
    if (c >= 0x80 && state == State::kBare)
      return BareNonAscii{line, column, text.substr(i, length)};
    if (c == '\n') {
      // A one-line string or a comment ends at the line's end (an unclosed
      // string is toml++'s to report).
      if (state != State::kMultiBasic && state != State::kMultiLiteral) state = State::kBare;
      ++line;
      column = 1;
      ++i;
      continue;
    }
    switch (state) {
      case State::kBare:
        if (c == '#') {
          state = State::kComment;
        } else if (StartsWith(text, i, "\"\"\"")) {
          state = State::kMultiBasic;
          length = 3;
        } else if (StartsWith(text, i, "'''")) {
          state = State::kMultiLiteral;
          length = 3;
        } else if (c == '"') {
          state = State::kBasic;
        } else if (c == '\'') {
          state = State::kLiteral;
        }
        break;
      case State::kComment:
        break;
      case State::kBasic:
      case State::kMultiBasic:
        if (c == '\\' && i + 1 < text.size() && text[i + 1] != '\n') {
          length = 2;  // an escaped character, a quote included
        } else if (state == State::kBasic && c == '"') {
          state = State::kBare;
        } else if (state == State::kMultiBasic && StartsWith(text, i, "\"\"\"")) {
          // Up to two more quotes may close it ("""a"""" ends with a quote).
          length = 3;
          while (length < 5 && i + length < text.size() && text[i + length] == '"') ++length;
          state = State::kBare;
        }
        break;
      case State::kLiteral:
        if (c == '\'') state = State::kBare;
        break;
      case State::kMultiLiteral:
        if (StartsWith(text, i, "'''")) {
          length = 3;
          while (length < 5 && i + length < text.size() && text[i + length] == '\'') ++length;
          state = State::kBare;
        }
        break;
    }
    // Columns count code points: a multi-byte character or a run of quotes
    // taken at once moves by what it holds.
    column += c < 0x80 ? static_cast<int>(length) : 1;
    i += length;
  }
  return std::nullopt;
}

}  // namespace interleave::toml_parse
