// UTF-8 measuring and cutting: multi-byte text, invalid bytes, padding.
#include "util/utf8.h"

#include <gtest/gtest.h>

namespace interleave {
namespace {

const std::string kEuro = "\xE2\x82\xAC";       // € (3 bytes)
const std::string kHourglass = "\xE2\x8F\xB3";  // ⏳ (3 bytes, wide)
const std::string kSmile = "\xF0\x9F\x98\x80";  // 😀 (4 bytes, wide)
const std::string kEAcute = "\xC3\xA9";         // é (2 bytes)
const std::string kCombining = "e\xCC\x81";     // e + combining acute

TEST(Utf8Test, SequenceLengthOfValidSequences) {
  EXPECT_EQ(Utf8SequenceLength("a", 0), 1u);
  EXPECT_EQ(Utf8SequenceLength(kEAcute, 0), 2u);
  EXPECT_EQ(Utf8SequenceLength(kEuro, 0), 3u);
  EXPECT_EQ(Utf8SequenceLength(kSmile, 0), 4u);
  EXPECT_EQ(Utf8SequenceLength("ab", 2), 0u);  // past the end
}

TEST(Utf8Test, SequenceLengthRejectsInvalidBytes) {
  EXPECT_EQ(Utf8SequenceLength("\x80", 0), 0u);              // lone continuation
  EXPECT_EQ(Utf8SequenceLength("\xC3", 0), 0u);              // cut short
  EXPECT_EQ(Utf8SequenceLength("\xC0\xAF", 0), 0u);          // overlong '/'
  EXPECT_EQ(Utf8SequenceLength("\xED\xA0\x80", 0), 0u);      // surrogate U+D800
  EXPECT_EQ(Utf8SequenceLength("\xF4\x90\x80\x80", 0), 0u);  // above U+10FFFF
  EXPECT_EQ(Utf8SequenceLength("\xE2\x28\xA1", 0), 0u);      // bad continuation
}

TEST(Utf8Test, NextCodepointDecodesAndReplacesInvalidBytesOneByOne) {
  std::string text = kEuro + "\xFF" + "a";
  size_t i = 0;
  EXPECT_EQ(NextCodepoint(text, &i), U'\u20AC');
  EXPECT_EQ(i, 3u);
  EXPECT_EQ(NextCodepoint(text, &i), U'\uFFFD');
  EXPECT_EQ(i, 4u);
  EXPECT_EQ(NextCodepoint(text, &i), U'a');
  EXPECT_EQ(i, 5u);
}

TEST(Utf8Test, LengthCountsCodePoints) {
  EXPECT_EQ(Utf8Length(""), 0u);
  EXPECT_EQ(Utf8Length("abc"), 3u);
  EXPECT_EQ(Utf8Length("caf" + kEAcute), 4u);
  EXPECT_EQ(Utf8Length(kEuro + kSmile), 2u);
  // Each invalid byte counts as one.
  EXPECT_EQ(Utf8Length("a\xFF\xFE"
                       "b"),
            4u);
  EXPECT_EQ(Utf8Length("\xE2\x82"), 2u);  // a sequence cut short: two bytes, two
}

TEST(Utf8Test, PadCountsCodePointsNotBytes) {
  EXPECT_EQ(PadUtf8(kEuro, 3), kEuro + "  ");
  EXPECT_EQ(PadUtf8("caf" + kEAcute, 6), "caf" + kEAcute + "  ");
  EXPECT_EQ(PadUtf8("longer", 3), "longer");  // never cut
  EXPECT_EQ(PadUtf8("", 2), "  ");
}

TEST(Utf8Test, PrefixNeverEndsInsideASequence) {
  std::string text = "a" + kEuro + kSmile + "b";
  EXPECT_EQ(Utf8Prefix(text, 0), "");
  EXPECT_EQ(Utf8Prefix(text, 2), "a" + kEuro);
  EXPECT_EQ(Utf8Prefix(text, 3), "a" + kEuro + kSmile);
  EXPECT_EQ(Utf8Prefix(text, 10), text);
  EXPECT_EQ(Utf8Prefix("\xFF"
                       "ab",
                       2),
            "\xFF"
            "a");
}

TEST(Utf8Test, PopBackRemovesOneWholeCodePoint) {
  std::string text = "a" + kSmile;
  Utf8PopBack(&text);
  EXPECT_EQ(text, "a");
  text = kEuro + "\x80";  // an invalid byte goes alone
  Utf8PopBack(&text);
  EXPECT_EQ(text, kEuro);
  Utf8PopBack(&text);
  EXPECT_EQ(text, "");
  Utf8PopBack(&text);
  EXPECT_EQ(text, "");
}

TEST(Utf8Test, DisplayWidthCountsWideCharactersAndSkipsEscapes) {
  EXPECT_EQ(DisplayWidth("abc"), 3);
  EXPECT_EQ(DisplayWidth(kHourglass + " waits"), 8);
  EXPECT_EQ(DisplayWidth(kSmile), 2);
  EXPECT_EQ(DisplayWidth("\xE4\xB8\xAD"), 2);  // 中
  EXPECT_EQ(DisplayWidth(kCombining), 1);
  EXPECT_EQ(DisplayWidth("\x1b[1;38;5;166mred\x1b[0m"), 3);
  EXPECT_EQ(DisplayWidth("\xFF"), 1);  // U+FFFD
}

TEST(Utf8Test, EscapeLengthFindsAnsiSequences) {
  EXPECT_EQ(EscapeLength("\x1b[0m", 0), 4u);
  EXPECT_EQ(EscapeLength("x\x1b[1m", 1), 4u);
  EXPECT_EQ(EscapeLength("\x1b", 0), 0u);
  EXPECT_EQ(EscapeLength("\x1b[12", 0), 4u);  // unterminated: to the end
  EXPECT_EQ(EscapeLength("abc", 0), 0u);
}

TEST(Utf8Test, ClipBytesNeverSplitsACharacter) {
  EXPECT_EQ(Utf8ClipBytes("abcdef", 4), "abcd");
  EXPECT_EQ(Utf8ClipBytes("abc", 63), "abc");
  EXPECT_EQ(Utf8ClipBytes("h\xC3\xA9llo", 2), "h");  // é is two bytes
  EXPECT_EQ(Utf8ClipBytes("h\xC3\xA9llo", 3), "h\xC3\xA9");
  EXPECT_EQ(Utf8ClipBytes("\xE2\x8F\xB3x", 2), "");  // ⏳ is three
}

}  // namespace
}  // namespace interleave
