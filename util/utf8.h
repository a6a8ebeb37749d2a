// UTF-8 text as the printers, the GUI and the commands measure and cut it:
// decoding one code point at a time, code-point counts, terminal display
// widths (wide characters, ANSI escape sequences), padding, truncating at
// code-point boundaries and recognising valid sequences. Built on utfcpp.
// An invalid byte (bad lead, bad continuation, overlong form, surrogate,
// above U+10FFFF, cut short) always counts as one code point, U+FFFD, so
// that text from the server is never lost or mis-cut.
// Thread-safety: pure functions of their arguments.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace interleave {

// Length in bytes of the valid UTF-8 sequence starting at text[i], or 0 when
// the bytes there are not valid UTF-8 (or i is past the end).
size_t Utf8SequenceLength(std::string_view text, size_t i);

// Decodes the code point at text[*i] and advances *i past it; an invalid
// byte decodes as U+FFFD and advances *i by one.
char32_t NextCodepoint(std::string_view text, size_t* i);

// Code points in `text` (an invalid byte counts as one).
size_t Utf8Length(std::string_view text);

// `text` followed by spaces up to `width` code points (never cut).
std::string PadUtf8(const std::string& text, size_t width);

// The first `count` code points of `text` (all of it when shorter); never
// ends inside a sequence.
std::string Utf8Prefix(std::string_view text, size_t count);

// The longest start of `text` of at most `max_bytes` bytes that does not end
// inside a sequence (as PostgreSQL clips an identifier to NAMEDATALEN - 1).
std::string Utf8ClipBytes(std::string_view text, size_t max_bytes);

// Removes the last code point of `*text` (an invalid byte on its own).
void Utf8PopBack(std::string* text);

// Columns a code point takes on a terminal: 0 (combining marks, zero-width
// spaces, variation selectors, NUL), 2 (CJK, most emoji such as ⏳) or 1.
int CodepointWidth(char32_t cp);

// Length of the ANSI escape sequence ("\x1b[...m") starting at text[i], or 0.
size_t EscapeLength(std::string_view text, size_t i);

// Columns `text` takes on a terminal: escape sequences take none, wide
// characters take two.
int DisplayWidth(std::string_view text);

}  // namespace interleave
