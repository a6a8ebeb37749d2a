// Tests of what makes the default text report short without losing what a
// reader needs: each thing said once (a clause several table rows share,
// the checks' names, the glossary, dependencies / final state / verdict equal
// to an earlier variant's, the server), rows folded into any earlier variant
// that has them, short skip reasons and a bare ✓ on the SQL's line; and
// `--full` still printing everything.
#include <gtest/gtest.h>

#include <sstream>

#include "report/text_comparison.h"
#include "report/text_dependencies.h"
#include "report/text_printer.h"
#include "sim/explain/anomaly_class.h"
#include "tests/sample_traces.h"
#include "tests/sim/judge/recorded_sample.h"

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

size_t Count(const std::string& text, const std::string& part) {
  size_t n = 0;
  for (size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++n;
  return n;
}

std::string Words(const std::string& text) {
  std::istringstream in(text);
  std::string word, words;
  while (in >> word) words += (words.empty() ? "" : " ") + word;
  return words;
}

// The text of variant `number` (from its title to the next title or the
// comparison).
std::string Section(const std::string& text, int number) {
  size_t from = text.find("Variant " + std::to_string(number) + " of ");
  if (from == std::string::npos) return "";
  size_t to = text.find("── Variant " + std::to_string(number + 1) + " of ", from);
  size_t comparison = text.find("\nComparison: ", from);
  return text.substr(from, std::min(to, comparison) - from);
}

// A trace read as another variant's (same steps and results).
Trace Renamed(Trace trace, const std::string& name) {
  trace.variant = name;
  return trace;
}

class TextBriefTest : public ::testing::Test {
 protected:
  TextBriefTest() : scenario_(sample::LostUpdateScenario()) {}
  Scenario scenario_;
};

TEST_F(TextBriefTest, AClauseSeveralRowsShareIsSaidOnceUnderTheTable) {
  const std::string sql = "ALTER TABLE products ADD COLUMN note text";
  for (Variant& variant : scenario_.variants) variant.extra_setup = {sql};
  std::vector<VariantResult> results = {
      Result(scenario_, sample::BaselineTrace(), nullptr),
      Result(scenario_, sample::ForUpdateTrace(), &scenario_.variants[0]),
      Result(scenario_, sample::RepeatableReadTrace(true), &scenario_.variants[1])};
  const std::string text = FormatRunText(scenario_, results, TextOptions{});
  const std::string table = text.substr(text.find("\nComparison: "));
  EXPECT_EQ(Count(Words(table), "setup adds `" + sql + "`"), 1u) << table;
  EXPECT_TRUE(Contains(table, "\n[1] setup adds `" + sql + "`")) << table;
  EXPECT_EQ(Count(table, "[1]"), 3u) << table;  // two rows and the note
  // A short part is left in its row.
  std::vector<std::vector<std::string>> parts = {{"abc"}, {"abc"}};
  EXPECT_TRUE(text::MarkSharedParts(&parts).empty());
  EXPECT_EQ(parts[1][0], "abc");
}

TEST_F(TextBriefTest, SeveralChecksAreNamedOnceAboveTheTable) {
  auto two_checks = [](Trace trace) {
    CheckResult second = trace.checks[0];
    second.name = "price is positive";
    second.passed = true;
    second.value = "40";
    trace.checks.push_back(second);
    return trace;
  };
  std::vector<VariantResult> results = {
      Result(scenario_, two_checks(sample::BaselineTrace()), nullptr),
      Result(scenario_, two_checks(sample::ForUpdateTrace()), &scenario_.variants[0])};
  const std::string text = FormatRunText(scenario_, results, TextOptions{});
  const std::string table = text.substr(text.find("\nComparison: "));
  EXPECT_TRUE(Contains(Words(table),
                       "The checked column gives, in this order: both_raises_kept; price is "
                       "positive."))
      << table;
  EXPECT_EQ(Count(Words(table), "price is positive"), 1u) << table;
  EXPECT_TRUE(Contains(table, "40 ✗; 60 ✓") || Contains(Words(table), "40 ✗;")) << table;
}

// The coupon listing's checks made the "checked" column 7 wide and 11 lines
// tall beside a cell hundreds of characters long: a short-phrase column keeps
// at least 12 columns while the widest can give them.
TEST(TableLinesReadableTest, AShortPhraseColumnIsNotCutToAWordALine) {
  std::string long_cell;
  for (int i = 0; i < 120; ++i) long_cell += "word" + std::to_string(i) + " ";
  const std::string checked =
      "Josh got the coupon he was shown: 0 ✗; at the price he was shown: 40 ✗";
  std::vector<std::vector<std::string>> rows = {
      {"variant", "what it changes", "isolation", "outcome", "checked", "waited / aborted",
       "graph"},
      {"no-fix", "nothing: the scenario as written",
       "josh: READ COMMITTED, then REPEATABLE READ; owner: READ COMMITTED", "anomaly", checked,
       "nobody", "serial: josh#1 then owner then josh#2"},
      {"serializable", "every client at SERIALIZABLE; j4 becomes `BEGIN`", "SERIALIZABLE",
       "anomaly", checked, "nobody", "serial: josh#1 then owner then josh#2"},
      {"versioning", long_cell, "READ COMMITTED", "no anomaly", checked, "nobody",
       "serial: josh#1 then owner then josh#2"}};
  std::vector<std::string> lines = text::TableLines(rows, 100, text::SymbolsFor(false));
  // The rule under the header gives each column's width.
  ASSERT_GT(lines.size(), 2u);
  std::string rule;
  for (const std::string& line : lines)
    if (line.rfind("─", 0) == 0) {
      rule = line;
      break;
    }
  std::vector<int> widths;
  int run = 0;
  for (size_t i = 0; i < rule.size();) {
    if (rule.compare(i, std::string("┼").size(), "┼") == 0) {
      widths.push_back(run - 2);  // the "─" each side of the cross
      run = 0;
      i += std::string("┼").size();
    } else {
      ++run;
      i += std::string("─").size();
    }
  }
  widths.push_back(run - 1);
  ASSERT_EQ(widths.size(), 7u) << rule;
  EXPECT_GE(widths[4], 12) << rule;
  for (const std::string& line : lines) EXPECT_LE(DisplayWidth(line), 100) << line;
}

TEST_F(TextBriefTest, OneGlossaryAtTheEndGlossesEachTermOnce) {
  std::vector<VariantResult> results = {
      Result(scenario_, sample::BaselineTrace(), nullptr),
      Result(scenario_, sample::ForUpdateTrace(), &scenario_.variants[0]),
      Result(scenario_, sample::RepeatableReadTrace(true), &scenario_.variants[1])};
  const std::string text = FormatRunText(scenario_, results, TextOptions{});
  EXPECT_EQ(Count(text, "Terms used above"), 1u) << text;
  EXPECT_GT(text.find("Terms used above"), text.find("\nComparison: ")) << text;
  // Terms of the first variant (lost update) and of the last (40001) both.
  const std::string glossary = text.substr(text.find("Terms used above"));
  EXPECT_TRUE(Contains(glossary, "\n  lost update")) << glossary;
  EXPECT_TRUE(Contains(glossary, "\n  40001")) << glossary;
}

TEST_F(TextBriefTest, DependenciesOrderAndHistoryEqualToTheBasesAreOneLine) {
  std::vector<VariantResult> results = {
      Result(scenario_, sample::RecordedBaselineTrace(), nullptr),
      Result(scenario_, Renamed(sample::RecordedBaselineTrace(), "again"), nullptr)};
  const std::string text = FormatRunText(scenario_, results, TextOptions{});
  const std::string second = Section(text, 2);
  EXPECT_TRUE(Contains(Words(second),
                       "Order, history, dependency edges and final state: the same as "
                       "baseline's; cycle robin "
                       "-rw-> alex -ww-> robin (b2 -rw-> a3 -ww-> b3): G-single, lost update"))
      << second;
  EXPECT_FALSE(Contains(second, "Dependencies")) << second;
  EXPECT_FALSE(Contains(second, "History:")) << second;
  EXPECT_FALSE(Contains(second, "Final state")) << second;
  TextOptions full;
  full.full = true;
  EXPECT_TRUE(Contains(Section(FormatRunText(scenario_, results, full), 2), "\nDependencies\n"));
}

TEST_F(TextBriefTest, FinalStateAndVerdictEqualToAnEarlierVariantsAreOneLineEach) {
  std::vector<VariantResult> results = {
      Result(scenario_, sample::BaselineTrace(), nullptr),
      Result(scenario_, sample::ForUpdateTrace(), &scenario_.variants[0]),
      Result(scenario_, Renamed(sample::ForUpdateTrace(), "for-update-again"),
             &scenario_.variants[0]),
      Result(scenario_, sample::RepeatableReadTrace(true), &scenario_.variants[1])};
  const std::string text = FormatRunText(scenario_, results, TextOptions{});
  const std::string third = Section(text, 3);
  EXPECT_TRUE(Contains(third, "Final state (for-update-again): the same as for-update's."))
      << third;
  EXPECT_TRUE(Contains(Words(third),
                       "VERDICT prevented-by-wait — as in for-update: ✓ held "
                       "both_raises_kept: any serial order gives 60; got 60"))
      << third;
  EXPECT_FALSE(Contains(third, "Checks")) << third;
  // repeatable-read is told against another variant, but ends as for-update
  // did (60): its final state says so.
  const std::string fourth = Section(text, 4);
  EXPECT_TRUE(Contains(fourth, "Final state (repeatable-read): the same as ")) << fourth;
  // A single check sits on the heading's line.
  EXPECT_TRUE(Contains(Section(text, 1), "Checks: ✗ FAILED both_raises_kept")) << text;
  TextOptions full;
  full.full = true;
  const std::string whole = Section(FormatRunText(scenario_, results, full), 3);
  EXPECT_TRUE(Contains(whole, "Checks: ✓ held both_raises_kept")) << whole;
  EXPECT_FALSE(Contains(whole, "as in for-update")) << whole;
}

// a1 b1 a2(FOR UPDATE) b2 a3 a4 b3 b4: a2 reads as for-update's a2, the
// rest as the baseline's.
Trace MixedTrace() {
  sample::TraceBuilder b({"alex", "robin"}, Isolation::kReadCommitted, "mixed");
  b.Done(0, "a1", "BEGIN", {sample::Tag("BEGIN")});
  b.Done(1, "b1", "BEGIN", {sample::Tag("BEGIN")});
  b.Done(0, "a2", sample::kReadForUpdate, {sample::Rows({"price"}, {{"10"}})});
  b.Done(1, "b2", sample::kRead, {sample::Rows({"price"}, {{"10"}})});
  b.Done(0, "a3", "UPDATE products SET price = 10 + 20 WHERE id = 1", {sample::Tag("UPDATE 1")});
  b.Done(0, "a4", "COMMIT", {sample::Tag("COMMIT")});
  b.Done(1, "b3", "UPDATE products SET price = 10 + 30 WHERE id = 1", {sample::Tag("UPDATE 1")});
  b.Done(1, "b4", "COMMIT", {sample::Tag("COMMIT")});
  b.Check("both_raises_kept", "40", "60", false, sample::kExplain);
  b.Final("40");
  return b.trace();
}

TEST_F(TextBriefTest, ARowFoldsIntoAnyEarlierVariantThatHasIt) {
  std::vector<VariantResult> results = {
      Result(scenario_, sample::BaselineTrace(), nullptr),
      Result(scenario_, sample::ForUpdateTrace(), &scenario_.variants[0]),
      Result(scenario_, MixedTrace(), nullptr)};
  const std::string text = FormatRunText(scenario_, results, TextOptions{});
  const std::string third = Section(text, 3);
  EXPECT_TRUE(
      Contains(Words(third), "… #1-#2 and #4-#8 as in baseline; #3 as in for-update (8 steps"))
      << third;
  EXPECT_FALSE(Contains(third, "a2 SELECT")) << third;
  // No blank line stands for a history that was not recorded.
  EXPECT_FALSE(Contains(third, "\n\n\n")) << third;
  TextOptions full;
  full.full = true;
  EXPECT_TRUE(Contains(Section(FormatRunText(scenario_, results, full), 3), "a2 SELECT"));
}

TEST_F(TextBriefTest, ARowThatOnlyTakesASnapshotFoldsAndTheLineSaysWhere) {
  Trace repeatable = Renamed(sample::BaselineTrace(), "at-repeatable-read");
  repeatable.client_isolation.assign(2, Isolation::kRepeatableRead);
  std::vector<VariantResult> results = {Result(scenario_, sample::BaselineTrace(), nullptr),
                                        Result(scenario_, repeatable, nullptr)};
  const std::string second = Section(FormatRunText(scenario_, results, TextOptions{}), 2);
  EXPECT_TRUE(Contains(Words(second), "here a snapshot is taken at #3 (a2), #4 (b2)")) << second;
  EXPECT_FALSE(Contains(second, "[snapshot taken here]")) << second;
}

TEST_F(TextBriefTest, SkipReasonsAreShortAndTheGlossarySaysWhatASkipIs) {
  Scenario scenario = scenario_;
  scenario.clients[1].steps[3].if_found = "b2";
  sample::TraceBuilder b({"alex", "robin"}, Isolation::kReadCommitted, "baseline");
  b.Done(0, "a1", "BEGIN", {sample::Tag("BEGIN")});
  b.Done(1, "b2", sample::kRead, {sample::Rows({"price"}, {})});
  b.Skipped(1, "b4", "COMMIT", "b2 found no row, so the application skips this step");
  const std::string text =
      FormatRunText(scenario, {Result(scenario, b.trace(), nullptr)}, TextOptions{});
  EXPECT_TRUE(Contains(text, "b4 skipped: b2 found no row\n")) << text;
  EXPECT_FALSE(Contains(text, "so the application skips this step")) << text;
  EXPECT_TRUE(Contains(text, "\n  skipped (skipped step): a step the application did not send"))
      << text;
}

TEST_F(TextBriefTest, ABareOkSitsOnTheSqlsLineBeforeTheNote) {
  scenario_.clients[0].steps[0].note = "alex opens the page";
  const std::string text = FormatRunText(
      scenario_, {Result(scenario_, sample::BaselineTrace(), nullptr)}, TextOptions{});
  std::vector<std::string> lines = Lines(text);
  for (size_t i = 0; i + 1 < lines.size(); ++i)
    if (Contains(lines[i], "a1 BEGIN")) {
      EXPECT_TRUE(Contains(lines[i], "a1 BEGIN  ✓")) << text;
      EXPECT_TRUE(Contains(lines[i + 1], "note: alex opens the page")) << text;
      return;
    }
  FAIL() << text;
}

TEST_F(TextBriefTest, TheRetryIsSaidOnceAndTheHeadersSitInTheRule) {
  Trace trace = sample::RepeatableReadTrace(false);
  // The retry line and, right under it, the line that the run starts again.
  trace.events.insert(trace.events.begin() + 7,
                      {TraceEvent::Kind::kRetry, 6, "robin got 40001 at b3; it runs again"});
  trace.events.insert(trace.events.begin() + 8,
                      {TraceEvent::Kind::kRetry, -1, "robin runs its transaction again"});
  const std::string text =
      FormatRunText(scenario_, {Result(scenario_, trace, nullptr)}, TextOptions{});
  EXPECT_TRUE(Contains(text, "robin got 40001 at b3; it runs again")) << text;
  EXPECT_FALSE(Contains(text, "robin runs its transaction again")) << text;
  bool rule = false;
  for (const std::string& line : Lines(text))
    rule = rule || (line.rfind("time ↓ ─ alex (REPEATABLE READ) ─", 0) == 0 &&
                    Contains(line, "┼─ robin (REPEATABLE READ) ─"));
  EXPECT_TRUE(rule) << text;
}

TEST_F(TextBriefTest, TheFirstFinalStateIsToldAsChangesWhenThatIsShorter) {
  auto five_rows = [](const std::string& third_price) {
    TableState table = sample::Products("10");
    table.contents.rows = {{"1", "a", "10"},
                           {"2", "b", "20"},
                           {"3", "c", third_price},
                           {"4", "d", "40"},
                           {"5", "e", "50"}};
    return table;
  };
  Trace trace = sample::BaselineTrace();
  trace.initial_state = {five_rows("30")};
  trace.final_state = {five_rows("99")};
  std::vector<VariantResult> results = {Result(scenario_, trace, nullptr)};
  const std::string brief = FormatRunText(scenario_, results, TextOptions{});
  EXPECT_TRUE(Contains(brief, "Final state (baseline): what differs from the starting state"))
      << brief;
  EXPECT_TRUE(Contains(Words(brief),
                       "products: only the starting state has id=3, name=c, "
                       "price=30"))
      << brief;
  TextOptions full;
  full.full = true;
  const std::string whole = FormatRunText(scenario_, results, full);
  EXPECT_TRUE(Contains(whole, "Final state (baseline)\n")) << whole;
}

TEST_F(TextBriefTest, OneServerForEveryVariantIsNamedOnce) {
  Trace a = sample::BaselineTrace();
  a.server_version = "15.18";
  Trace b = sample::ForUpdateTrace();
  b.server_version = "15.18";
  std::vector<VariantResult> results = {Result(scenario_, a, nullptr),
                                        Result(scenario_, b, &scenario_.variants[0])};
  const std::string text = FormatRunText(scenario_, results, TextOptions{});
  EXPECT_EQ(Count(text, "PostgreSQL 15.18"), 1u) << text;
  EXPECT_TRUE(Contains(text, "\nServer: PostgreSQL 15.18\n")) << text;
  // Two servers: each header names its own.
  results[1].trace.server_version = "16.4";
  const std::string two = FormatRunText(scenario_, results, TextOptions{});
  EXPECT_FALSE(Contains(two, "Server: ")) << two;
  EXPECT_TRUE(Contains(two, "PostgreSQL 16.4, READ COMMITTED")) << two;
}

TEST_F(TextBriefTest, AnEdgeThatRepeatsAListedOneIsOnlyNamed) {
  explain_test::HistoryBuilder b;
  VersionId x0 = b.Initial("products", "id=1", "price=10");
  int alex = b.Txn("alex");
  int robin = b.Txn("robin");
  b.Read(robin, "b2", "products", {{"id=1", x0, "price=10"}});
  b.Read(robin, "b2b", "products", {{"id=1", x0, "price=10"}});
  b.Write(alex, "a3", "products", "id=1", "price=30");
  Trace trace;
  trace.explained = true;
  trace.history = b.Build();
  Verdict verdict;
  verdict.explanation = Explain(trace.history);
  std::vector<std::string> block = text::DependencyBlock(scenario_, trace, verdict);
  size_t also = 0;
  for (const std::string& line : block) {
    if (line.rfind("also ", 0) == 0) {
      ++also;
      EXPECT_TRUE(Contains(line, "-rw-> a3")) << line;
    }
    EXPECT_EQ(line.rfind("b2b -rw-> a3  ", 0), std::string::npos) << line;
  }
  EXPECT_EQ(also, 1u) << ::testing::PrintToString(block);
}

}  // namespace
}  // namespace interleave
