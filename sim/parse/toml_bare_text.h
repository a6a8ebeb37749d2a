// Finds a character TOML does not allow outside strings and comments: keys,
// table headers and bare values are ASCII. toml++ 3.3 (Debian 12's) reaches
// __builtin_unreachable, undefined behaviour, when it meets a code point such
// as U+00E9 'é' in those places (its whitespace test has no case for them),
// so the TOML parser asks here first and reports such a character itself.
// Thread-safety: a pure function.
#pragma once

#include <optional>
#include <string_view>

namespace interleave::toml_parse {

struct BareNonAscii {
  int line = 0;                // 1-based
  int column = 0;              // 1-based, in code points (as toml++ and SourcePos count)
  std::string_view character;  // its UTF-8 bytes
};

// The first non-ASCII character of `text` that is not inside a string or a
// comment; nothing when there is none. A leading byte order mark is skipped.
std::optional<BareNonAscii> FindBareNonAscii(std::string_view text);

}  // namespace interleave::toml_parse
