// Tests of what the text report teaches beyond the timeline: the comparison
// table, folding the variants after the first by step and content (and
// --full), notes told once, true skip
// reasons, levels per transaction, server notices in their column, the
// clean runs named by their serial order.
#include <gtest/gtest.h>

#include <sstream>

#include "report/text_comparison.h"
#include "report/text_printer.h"
#include "sim/judge/trace_facts.h"
#include "tests/sample_traces.h"

namespace interleave {
namespace {

using sample::Result;

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) lines.push_back(line);
  return lines;
}

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

std::string Words(const std::string& text) {
  std::istringstream in(text);
  std::string word, words;
  while (in >> word) words += (words.empty() ? "" : " ") + word;
  return words;
}

class TextTeachesTest : public ::testing::Test {
 protected:
  TextTeachesTest() : scenario_(sample::LostUpdateScenario()) {}
  std::vector<VariantResult> AllVariants() {
    return {Result(scenario_, sample::BaselineTrace(), nullptr),
            Result(scenario_, sample::ForUpdateTrace(), &scenario_.variants[0]),
            Result(scenario_, sample::RepeatableReadTrace(true), &scenario_.variants[1])};
  }
  Scenario scenario_;
};

TEST_F(TextTeachesTest, ComparisonIsATableOfOneRowPerVariantWithinTheWidth) {
  TextOptions options;
  std::string text = FormatRunText(scenario_, AllVariants(), options);
  size_t at = text.find("\nComparison: ");
  ASSERT_NE(at, std::string::npos) << text;
  std::string table = text.substr(at);
  for (const std::string& line : Lines(table)) EXPECT_LE(DisplayWidth(line), 100) << line;
  EXPECT_TRUE(Contains(table, "what it changes")) << table;
  EXPECT_TRUE(Contains(table, "waited / aborted") || Contains(Words(table), "waited /")) << table;
  // One row per variant, each starting with its name.
  for (const char* name : {"baseline", "for-update", "repeatable-"})
    EXPECT_TRUE(Contains(table, std::string("\n") + name)) << table;
  // The old one-paragraph comparison is gone, and nothing is cut with "...".
  EXPECT_FALSE(Contains(table, "gave anomaly")) << table;
  EXPECT_FALSE(Contains(table, "...`")) << table;
  EXPECT_TRUE(Contains(table, "FOR")) << table;
}

TEST_F(TextTeachesTest, ChangeTextKeepsTheChangedClauseInFull) {
  VariantResult result = Result(scenario_, sample::ForUpdateTrace(), &scenario_.variants[0]);
  std::string change = text::ChangeText(result, scenario_);
  EXPECT_TRUE(Contains(change, "FOR UPDATE`")) << change;
  EXPECT_FALSE(Contains(change, "...`")) << change;
}

TEST_F(TextTeachesTest, ChangeTextOfAStepCutShortIsTheWholeNewSql) {
  Scenario scenario = scenario_;
  Step shorter = scenario.clients[0].steps[0];
  scenario.clients[0].steps[0].sql = "BEGIN ISOLATION LEVEL REPEATABLE READ";
  shorter.sql = "BEGIN";
  scenario.variants[0].replace_steps = {{shorter.name, shorter}};
  VariantResult result = Result(scenario, sample::ForUpdateTrace(), &scenario.variants[0]);
  EXPECT_TRUE(Contains(text::ChangeText(result, scenario), "becomes `BEGIN`"));
}

TEST_F(TextTeachesTest, ChangeTextNamesClientsWithTheSameRetryTogether) {
  Scenario scenario = scenario_;
  RetryPolicy policy;
  policy.sqlstates = {"40001"};
  policy.max_attempts = 3;
  scenario.variants[0].replace_steps.clear();
  scenario.variants[0].retry = {{"alex", policy}, {"robin", policy}};
  VariantResult result = Result(scenario, sample::ForUpdateTrace(), &scenario.variants[0]);
  std::string change = text::ChangeText(result, scenario);
  EXPECT_TRUE(Contains(change, "alex and robin retry on 40001 (up to 3 attempts)")) << change;
  EXPECT_FALSE(Contains(change, "retries")) << change;
}

// A short cell that needs five more columns before it saves a line gets them,
// though a long cell elsewhere would save a line for almost every column.
TEST(TableLinesTest, ACellThatNeedsSeveralColumnsToSaveALineGetsThem) {
  std::string letters;
  for (int i = 0; i < 100; ++i) letters += (i > 0 ? " x" : "x");
  std::vector<std::vector<std::string>> rows = {
      {"name", "text"}, {"aaaa bbbb", "q"}, {"p", letters}};
  std::vector<std::string> lines = text::TableLines(rows, 60, text::SymbolsFor(false));
  bool one_line = false;
  for (const std::string& line : lines) one_line |= Contains(line, "aaaa bbbb");
  EXPECT_TRUE(one_line) << ::testing::PrintToString(lines);
}

TEST(TableLinesTest, CellsWrapWithinTheirColumnAndLoseNoWord) {
  const std::string long_cell =
      "b2 becomes `SELECT price FROM products WHERE id = 1 AND name = 'a rather long widget "
      "name' FOR UPDATE`";
  std::vector<std::vector<std::string>> rows = {{"variant", "what it changes", "outcome"},
                                                {"for-update", long_cell, "prevented-by-wait"}};
  std::vector<std::string> lines = text::TableLines(rows, 40, text::SymbolsFor(false));
  ASSERT_GT(lines.size(), 3u);
  std::string column;
  for (const std::string& line : lines) {
    EXPECT_LE(DisplayWidth(line), 40) << line;
    size_t first = line.find("│");
    size_t second = line.find("│", first + 1);
    if (first != std::string::npos && second != std::string::npos)
      column += " " + line.substr(first + 3, second - first - 3);
  }
  EXPECT_TRUE(Contains(Words(column), Words(long_cell))) << column;
}

TEST_F(TextTeachesTest, LaterVariantsFoldTheStepsThatReadTheSameAndFullShowsThem) {
  TextOptions options;
  std::string folded = FormatRunText(scenario_, AllVariants(), options);
  EXPECT_TRUE(Contains(folded, "as in baseline (")) << folded;
  EXPECT_TRUE(Contains(folded, "--full shows them")) << folded;
  // The first variant is never folded: its steps are all there.
  std::string first = folded.substr(0, folded.find("Variant 2 of 3"));
  EXPECT_TRUE(Contains(first, "#1 ")) << first;
  EXPECT_FALSE(Contains(first, "as in baseline")) << first;
  options.full = true;
  std::string full = FormatRunText(scenario_, AllVariants(), options);
  EXPECT_FALSE(Contains(full, "as in baseline (")) << full;
  EXPECT_GT(Lines(full).size(), Lines(folded).size());
  // The final state after the first is told as what changed, unless the
  // whole state (one row here) is shorter.
  EXPECT_TRUE(Contains(folded, "Final state (for-update)\n")) << folded;
  auto five_rows = [](Trace trace, const std::string& third_price) {
    TableState table = sample::Products("10");
    table.contents.rows = {{"1", "a", "10"},
                           {"2", "b", "20"},
                           {"3", "c", third_price},
                           {"4", "d", "40"},
                           {"5", "e", "50"}};
    trace.initial_state = trace.final_state = {table};
    return trace;
  };
  std::vector<VariantResult> results = {
      Result(scenario_, five_rows(sample::BaselineTrace(), "30"), nullptr),
      Result(scenario_, five_rows(sample::ForUpdateTrace(), "60"), &scenario_.variants[0])};
  std::string longer = FormatRunText(scenario_, results, TextOptions{});
  EXPECT_TRUE(Contains(longer, "Final state (for-update): what differs from baseline's")) << longer;
}

TEST_F(TextTeachesTest, StepsAfterADifferenceAreNotFolded) {
  TextOptions options;
  std::string text = FormatRunText(scenario_, AllVariants(), options);
  std::string second = text.substr(text.find("Variant 2 of 3"));
  second = second.substr(0, second.find("Variant 3 of 3"));
  // b2 waits in for-update and not in baseline: it is shown.
  EXPECT_TRUE(Contains(second, "waits for alex (a2)")) << second;
}

// The baseline's steps in another order (robin begins first): every step
// reads as in the baseline, at another place.
Trace ReorderedBaselineTrace() {
  sample::TraceBuilder b({"alex", "robin"}, Isolation::kReadCommitted, "again");
  b.Done(1, "b1", "BEGIN", {sample::Tag("BEGIN")});
  b.Done(0, "a1", "BEGIN", {sample::Tag("BEGIN")});
  b.Done(0, "a2", sample::kRead, {sample::Rows({"price"}, {{"10"}})});
  b.Done(1, "b2", sample::kRead, {sample::Rows({"price"}, {{"10"}})});
  b.Done(0, "a3", "UPDATE products SET price = 10 + 20 WHERE id = 1", {sample::Tag("UPDATE 1")});
  b.Done(0, "a4", "COMMIT", {sample::Tag("COMMIT")});
  b.Done(1, "b3", "UPDATE products SET price = 10 + 30 WHERE id = 1", {sample::Tag("UPDATE 1")});
  b.Done(1, "b4", "COMMIT", {sample::Tag("COMMIT")});
  b.Check("both_raises_kept", "40", "60", false, sample::kExplain);
  b.Final("40");
  return b.trace();
}

TEST_F(TextTeachesTest, StepsFoldByNameAndContentAfterAReorder) {
  TextOptions options;
  std::vector<VariantResult> results = {Result(scenario_, sample::BaselineTrace(), nullptr),
                                        Result(scenario_, ReorderedBaselineTrace(), nullptr)};
  std::string text = FormatRunText(scenario_, results, options);
  std::string second = text.substr(text.find("Variant 2 of 2"));
  // b1 and a1 swapped places; both still read as in the baseline: folded.
  EXPECT_TRUE(Contains(second, "#1-#")) << second;
  EXPECT_FALSE(Contains(second, "a1 BEGIN")) << second;
  EXPECT_FALSE(Contains(second, "b1 BEGIN")) << second;
  // The order that ran is still written down.
  EXPECT_TRUE(Contains(second, "Order: b1 a1 a2")) << second;
}

TEST_F(TextTeachesTest, FullPrintsEveryStepOfEveryVariant) {
  TextOptions options;
  options.full = true;
  std::vector<VariantResult> results = {Result(scenario_, sample::BaselineTrace(), nullptr),
                                        Result(scenario_, ReorderedBaselineTrace(), nullptr)};
  std::string text = FormatRunText(scenario_, results, options);
  for (const char* step : {"a1 BEGIN", "b1 BEGIN", "a4 COMMIT", "b4 COMMIT"}) {
    size_t first = text.find(step);
    ASSERT_NE(first, std::string::npos) << step << "\n" << text;
    EXPECT_NE(text.find(step, first + 1), std::string::npos) << step << "\n" << text;
  }
  EXPECT_FALSE(Contains(text, "--full shows them")) << text;
}

TEST_F(TextTeachesTest, ANoteShownOnAStepIsNotRepeatedInLaterVariants) {
  scenario_.clients[1].steps[2].note = "price from b2";
  TextOptions options;
  std::string folded = FormatRunText(scenario_, AllVariants(), options);
  // b3 differs in for-update (it writes 30 + 30), so its row is shown, but
  // its note was told in the baseline.
  const std::string note = "note: price from b2";
  size_t first = folded.find(note);
  ASSERT_NE(first, std::string::npos) << folded;
  EXPECT_EQ(folded.find(note, first + 1), std::string::npos) << folded;
  EXPECT_TRUE(Contains(folded, "b3 UPDATE products SET price = 30 + 30")) << folded;
  options.full = true;
  std::string full = FormatRunText(scenario_, AllVariants(), options);
  EXPECT_NE(full.find(note, full.find(note) + 1), std::string::npos) << full;
}

TEST(SkipReasonTest, NamesAFailedOrSkippedStepInsteadOfFoundNoRow) {
  Scenario scenario;
  Client kim;
  kim.name = "kim";
  kim.steps = {sample::MakeStep("k3", "INSERT INTO t VALUES (1)"),
               sample::MakeStep("k4", "SELECT id FROM t"), sample::MakeStep("k5", "SELECT 1"),
               sample::MakeStep("k6", "SELECT 2")};
  kim.steps[2].if_found = "k4";
  kim.steps[3].if_found = "k5";
  scenario.clients = {kim};
  sample::TraceBuilder b({"kim"}, Isolation::kReadCommitted, "baseline");
  b.Failed(0, "k3", "INSERT INTO t VALUES (1)", sample::Error("23505", "duplicate key"));
  b.Failed(0, "k4", "SELECT id FROM t", sample::Error("25P02", "current transaction is aborted"));
  b.Skipped(0, "k5", "SELECT 1", "k4 found no row, so the application skips this step");
  b.Skipped(0, "k6", "SELECT 2", "k5 found no row, so the application skips this step");
  const Trace& trace = b.trace();
  std::string k5 = SkipReasonText(scenario, nullptr, trace, trace.steps[2]);
  EXPECT_EQ(k5, "k4 failed (25P02), so the application does not get here");
  std::string k6 = SkipReasonText(scenario, nullptr, trace, trace.steps[3]);
  EXPECT_EQ(k6, "k5 was skipped, so the application skips this step too");
}

TEST(ClientLevelsTest, EachTransactionAtItsOwnLevel) {
  Scenario scenario;
  sample::TraceBuilder b({"josh"}, Isolation::kDefault, "baseline");
  b.Done(0, "j1", "BEGIN", {sample::Tag("BEGIN")});
  b.Done(0, "j2", "SELECT 1", {sample::Tag("SELECT 1")});
  b.Done(0, "j3", "COMMIT", {sample::Tag("COMMIT")});
  b.Done(0, "j4", "BEGIN ISOLATION LEVEL REPEATABLE READ", {sample::Tag("BEGIN")});
  b.Done(0, "j5", "SELECT 1", {sample::Tag("SELECT 1")});
  b.Done(0, "j6", "COMMIT", {sample::Tag("COMMIT")});
  const Trace& trace = b.trace();
  EXPECT_EQ(ClientLevelsText(scenario, trace, 0), "READ COMMITTED, then REPEATABLE READ");
  EXPECT_EQ(StepLevel(scenario, trace, 2), Isolation::kDefault);
  EXPECT_EQ(StepLevel(scenario, trace, 4), Isolation::kRepeatableRead);
  EXPECT_EQ(StepLevel(scenario, trace, 5), Isolation::kRepeatableRead);
}

TEST_F(TextTeachesTest, ServerNoticeBetweenStepsSitsInItsClientsColumn) {
  Trace trace = sample::BaselineTrace();
  trace.events.push_back(
      {TraceEvent::Kind::kNotice, -1, "robin: WARNING: there is no transaction in progress"});
  TextOptions options;
  std::string text = FormatRunText(scenario_, {Result(scenario_, trace, nullptr)}, options);
  for (const std::string& line : Lines(text)) {
    EXPECT_NE(line.rfind("robin: WARNING", 0), 0u) << line;
    if (Contains(line, "WARNING")) {
      EXPECT_TRUE(Contains(line, "│ note: the server said WARNING")) << line;
    }
  }
  EXPECT_TRUE(Contains(text, "note: the server said WARNING")) << text;
}

TEST_F(TextTeachesTest, CleanRunNamesItsSerialOrderNotPrevented) {
  TextOptions options;
  std::string text = FormatRunText(
      scenario_, {Result(scenario_, sample::ForUpdateTrace(), &scenario_.variants[0])}, options);
  EXPECT_FALSE(Contains(text, "VERDICT prevented —")) << text;
}

}  // namespace
}  // namespace interleave
