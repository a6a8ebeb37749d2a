// Non-ASCII characters outside TOML strings and comments are found (and
// reported by the parser with their position) before toml++ sees them.
#include "sim/parse/toml_bare_text.h"

#include <gtest/gtest.h>

#include "sim/model/source_pos.h"
#include "sim/parse/toml_parser.h"

namespace interleave::toml_parse {
namespace {

TEST(TomlBareTextTest, StringsAndCommentsMayHoldAnything) {
  EXPECT_FALSE(FindBareNonAscii("title = \"café → ☕\"  # é\n"
                                "a = 'é'\n"
                                "b = \"\"\"\nline é \\\"\"\" \"\"\"\n"
                                "c = '''\né'''\n"
                                "\"clé\" = 1\n")
                   .has_value());
  EXPECT_FALSE(FindBareNonAscii("\xEF\xBB\xBFtitle = 1\n").has_value());  // a byte order mark
}

TEST(TomlBareTextTest, ABareCharacterIsFoundAtItsLineAndColumn) {
  std::optional<BareNonAscii> found = FindBareNonAscii("a = \"é\"\n# ok\nbé = 1\n");
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->line, 3);
  EXPECT_EQ(found->column, 2);
  EXPECT_EQ(found->character, "é");
  // After a string with a multi-byte character, columns count code points.
  found = FindBareNonAscii("x = \"éé\" é\n");
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->column, 10);
  // A one-line string does not run past its line.
  found = FindBareNonAscii("x = \"open\né = 1\n");
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->line, 2);
  EXPECT_EQ(found->column, 1);
}

TEST(TomlBareTextTest, TheParserReportsItAsOneLineWithItsPosition) {
  try {
    ParseScenarioText("title = \"t\"\ncafé = 1\n", "bad.toml");
    FAIL() << "no error";
  } catch (const InputError& error) {
    const std::string message = error.what();
    EXPECT_EQ(message.rfind("bad.toml:2:4: error: invalid TOML: 'é' outside a string", 0), 0u)
        << message;
    EXPECT_EQ(message.find('\n'), std::string::npos) << message;
  }
}

}  // namespace
}  // namespace interleave::toml_parse
