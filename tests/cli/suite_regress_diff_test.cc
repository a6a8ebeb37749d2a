// The comparison suite mode makes, as pg_regress makes it: `diff -w` (white
// space inside a line ignored, added or removed lines not), and the unified
// diff it prints when outputs differ.
#include <gtest/gtest.h>

#include "report/regress_diff.h"
#include "report/suite_report.h"

namespace interleave {
namespace {

TEST(SuiteRegressDiff, WhiteSpaceInsideLinesIsIgnored) {
  EXPECT_TRUE(SameIgnoringWhitespace("a  b\n c|d \n", "a b\nc | d"));
  EXPECT_TRUE(SameIgnoringWhitespace("x\ty\n", "x y\n"));
}

TEST(SuiteRegressDiff, AddedOrChangedLinesDiffer) {
  EXPECT_FALSE(SameIgnoringWhitespace("a\n\nb\n", "a\nb\n"));
  EXPECT_FALSE(SameIgnoringWhitespace("a\nb\n", "a\nc\n"));
  EXPECT_FALSE(SameIgnoringWhitespace("a\n", "a\na\n"));
}

TEST(SuiteRegressDiff, UnifiedDiffHasThreeLinesOfContext) {
  const std::string expected = "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n";
  const std::string actual = "1\n2\n3\n4\nfive\n6\n7\n8\n9\n10\n";
  EXPECT_EQ(UnifiedDiff(expected, actual, "expected/x.out", "results/x.out"),
            "--- expected/x.out\n+++ results/x.out\n"
            "@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n");
}

TEST(SuiteRegressDiff, DistantChangesMakeTwoHunks) {
  std::string expected, actual;
  for (int i = 1; i <= 20; ++i) {
    expected += std::to_string(i) + "\n";
    if (i != 2 && i != 19) actual += std::to_string(i) + "\n";
  }
  actual += "21\n";
  EXPECT_EQ(UnifiedDiff(expected, actual, "e", "r"),
            "--- e\n+++ r\n"
            "@@ -1,5 +1,4 @@\n 1\n-2\n 3\n 4\n 5\n"
            "@@ -16,5 +15,5 @@\n 16\n 17\n 18\n-19\n 20\n+21\n");
}

TEST(SuiteRegressDiff, DiffOfWhitespaceOnlyChangesIsEmpty) {
  EXPECT_EQ(UnifiedDiff("a | b\n", "a|b\n", "e", "r"), "");
}

TEST(SuiteRegressDiff, DiffAgainstNothingAddsEveryLine) {
  EXPECT_EQ(UnifiedDiff("", "x\ny\n", "e", "r"), "--- e\n+++ r\n@@ -0,0 +1,2 @@\n+x\n+y\n");
}

TEST(SuiteRegressDiff, ChangedLineCountCountsAddedAndRemoved) {
  EXPECT_EQ(ChangedLineCount("a\nb\nc\n", "a\nB\nc\nd\n"), 3);
  EXPECT_EQ(ChangedLineCount("a b\n", "a  b\n"), 0);
}

TEST(SuiteRegressDiff, ShortenDiffSaysHowMuchIsLeftOut) {
  EXPECT_EQ(ShortenDiff("1\n2\n3\n4\n", 2), "1\n2\n... 2 more diff lines\n");
  EXPECT_EQ(ShortenDiff("1\n2\n", 2), "1\n2\n");
  EXPECT_EQ(ShortenDiff("1\n2\n3\n", 0), "1\n2\n3\n");
}

TEST(SuiteReport, LinesAndSummaryFollowPgRegress) {
  SuiteSpecResult ok{"deadlock-hard", "specs/deadlock-hard.spec", true, "", "", "", "", 412.4};
  SuiteSpecResult failed = ok;
  failed.name = "nowait";
  failed.passed = false;
  EXPECT_EQ(FormatSuiteLine(ok), "test deadlock-hard                ... ok          412 ms");
  EXPECT_EQ(FormatSuiteLine(failed), "test nowait                       ... FAILED      412 ms");
  EXPECT_EQ(FormatSuiteSummary({ok, ok}),
            "=====================\n All 2 tests passed. \n=====================\n");
  EXPECT_EQ(FormatSuiteSummary({ok, failed}),
            "======================\n 1 of 2 tests failed. \n======================\n");
}

}  // namespace
}  // namespace interleave
