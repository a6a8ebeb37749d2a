// Tests of `interleave glossary`: the names the output prints are there, a
// term is explained, an unknown one gets one line with close matches.
#include <gtest/gtest.h>

#include <sstream>

#include "cli/cli.h"
#include "report/text_glossary.h"

namespace interleave {
namespace {

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

size_t LineCount(const std::string& text) {
  size_t lines = 0;
  for (char c : text) lines += c == '\n';
  return lines;
}

TEST(GlossaryTest, KnowsTheNamesTheOutputPrints) {
  for (const char* term : {"lost update",  "P4",           "G-single", "g single",   "write skew",
                           "A5B",          "G2-item",      "phantom",  "rw edge",    "pivot",
                           "EvalPlanQual", "FOR UPDATE",   "40001",    "40P01",      "23505",
                           "25P02",        "55P03",        "57014",    "if_found",   "if_empty",
                           "x step",       "serial order", "snapshot", "dirty read", "P0"})
    EXPECT_NE(FindGlossaryEntry(term), nullptr) << term;
  EXPECT_EQ(FindGlossaryEntry("P4")->term, "lost update");
  EXPECT_EQ(FindGlossaryEntry("no such thing"), nullptr);
}

TEST(GlossaryTest, CommandExplainsATermAndRefusesAnUnknownOneWithCloseMatches) {
  std::ostringstream out, err;
  EXPECT_EQ(RunCli({"glossary", "G-single"}, out, err), kExitOk);
  EXPECT_TRUE(Contains(out.str(), "exactly one rw edge")) << out.str();
  std::ostringstream out2, err2;
  EXPECT_EQ(RunCli({"glossary", "lost updat"}, out2, err2), kExitBadInput);
  EXPECT_TRUE(out2.str().empty());
  EXPECT_EQ(LineCount(err2.str()), 1u) << err2.str();
  EXPECT_TRUE(Contains(err2.str(), "close: lost update")) << err2.str();
  std::ostringstream out3, err3;
  EXPECT_EQ(RunCli({"glossary"}, out3, err3), kExitOk);
  EXPECT_TRUE(Contains(out3.str(), "25P02")) << out3.str();
}

TEST(GlossaryTest, LockAndSerializationEntriesSayWhatPostgreSqlDoes) {
  // ROW EXCLUSIVE conflicts with SHARE and stronger table locks, not only DDL
  // (LOCK TABLE ... IN SHARE MODE makes an INSERT wait).
  const std::string row_exclusive = GlossaryText(*FindGlossaryEntry("ROW EXCLUSIVE"));
  EXPECT_TRUE(Contains(row_exclusive, "SHARE or stronger")) << row_exclusive;
  EXPECT_FALSE(Contains(row_exclusive, "only DDL")) << row_exclusive;
  // 40001 at SERIALIZABLE is also the concurrent-update failure, not only a pivot.
  const std::string serialization = GlossaryText(*FindGlossaryEntry("40001"));
  EXPECT_TRUE(Contains(serialization, "at REPEATABLE READ and SERIALIZABLE")) << serialization;
  EXPECT_TRUE(Contains(serialization, "also aborts one transaction")) << serialization;
}

}  // namespace
}  // namespace interleave
