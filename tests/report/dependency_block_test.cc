// Tests of the "Dependencies" block of the text report and of the marker on
// the cycle: the exact block of a lost update on the real server, the
// marker under the write that made the read stale, the "not recorded" line,
// nothing for an isolation spec, and a long graph cut to the cycle's edges.
#include <gtest/gtest.h>

#include <sstream>

#include "report/text_dependencies.h"
#include "report/text_printer.h"
#include "sim/plan/plan.h"
#include "sim/run/variant_runner.h"
#include "tests/sim/judge/recorded_sample.h"
#include "tests/test_support.h"

namespace interleave {
namespace {

using explain_test::HistoryBuilder;
using text::DependencyBlock;
using Lines = std::vector<std::string>;

Lines SplitLines(const std::string& text) {
  Lines lines;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) lines.push_back(line);
  return lines;
}

// The text with every run of whitespace made one space.
std::string Words(const std::string& text) {
  std::istringstream in(text);
  std::string word, words;
  while (in >> word) words += (words.empty() ? "" : " ") + word;
  return words;
}

// The lines from "Dependencies" to the next blank line.
Lines Block(const std::string& text) {
  Lines block;
  bool in = false;
  for (const std::string& line : SplitLines(text)) {
    if (line.rfind("Dependencies", 0) == 0) in = true;
    if (in && line.empty()) break;
    if (in) block.push_back(line);
  }
  return block;
}

// The index of the first line starting with `prefix`, or -1.
int LineStarting(const Lines& lines, const std::string& prefix) {
  for (size_t i = 0; i < lines.size(); ++i)
    if (lines[i].rfind(prefix, 0) == 0) return static_cast<int>(i);
  return -1;
}

// The phone commits its 70 before the laptop writes the 60 it computed from
// its read of 100.
const char* kLostUpdate = R"toml(
title = "lost update"
anomaly = "lost update (P4)"
story = "two purchases"
setup = """
CREATE TABLE users (id int PRIMARY KEY, peepcoins int NOT NULL);
INSERT INTO users VALUES (1, 100);
"""

[[clients]]
name = "phone"
steps = [ { name = "p1", sql = "BEGIN" },
          { name = "p2", sql = "SELECT peepcoins FROM users WHERE id = 1" },
          { name = "p3", sql = "UPDATE users SET peepcoins = ${peepcoins} - 30 WHERE id = 1" },
          { name = "p4", sql = "COMMIT" } ]

[[clients]]
name = "laptop"
steps = [ { name = "l1", sql = "BEGIN" },
          { name = "l2", sql = "SELECT peepcoins FROM users WHERE id = 1" },
          { name = "l3", sql = "UPDATE users SET peepcoins = ${peepcoins} - 40 WHERE id = 1" },
          { name = "l4", sql = "COMMIT" } ]

[[schedules]]
name = "both read, the phone commits, then the laptop writes"
steps = "p1 l1 p2 l2 p3 p4 l3 l4"

[[variants]]
name = "baseline"
expect = "anomaly"

[[checks]]
name = "both purchases paid"
sql = "SELECT peepcoins FROM users WHERE id = 1"
expect_any = ["30"]
explain = "30 + 40 coins must have left Josh's 100."
)toml";

TEST(DependencyBlockTest, LostUpdateOnTheServerPrintsEachEdgeAndTheCycle) {
  Scenario scenario = testing::ScenarioFromToml(kLostUpdate);
  std::vector<VariantResult> results = RunPlans(
      testing::SharedTarget(), {MakePlan(scenario, nullptr, scenario.schedules[0])}, RunOptions{});
  ASSERT_EQ(results.size(), 1u);
  ASSERT_TRUE(results[0].trace.explained) << results[0].trace.explain_note;
  TextOptions options;
  options.width = 120;
  const std::string text = FormatRunText(scenario, results, options);
  EXPECT_EQ(Block(text),
            (Lines{"Dependencies",
                   "  p3 -ww-> l3  users id=1: p3 wrote peepcoins=70, l3 wrote peepcoins=60",
                   "  p3 -wr-> l3  users id=1: p3 wrote peepcoins=70, l3 read peepcoins=70 (the "
                   "version its write then replaced)",
                   "  l2 -rw-> p3  users id=1: l2 read peepcoins=100, p3 wrote peepcoins=70",
                   "  cycle laptop -rw-> phone -ww-> laptop (l2 -rw-> p3 -ww-> l3): G-single, "
                   "lost update"}))
      << text;
  // The History has l3's read of the row it updates, as the wr edge says.
  EXPECT_NE(
      Words(text).find("History: r1[x=100] r2[x=100] r1[x=100] w1[x=70] c1 r2[x=70] w2[x=60] c2"),
      std::string::npos)
      << text;
  // The marker sits under p3's row (#5), before the phone's COMMIT (#6).
  Lines lines = SplitLines(text);
  int p3 = LineStarting(lines, "#5 ");
  int marker = LineStarting(lines, "<<< lost update (G-single) — laptop's l2 (#4) read users id=1");
  int p4 = LineStarting(lines, "#6 ");
  ASSERT_GE(p3, 0) << text;
  ASSERT_GE(marker, 0) << text;
  EXPECT_LT(p3, marker);
  EXPECT_LT(marker, p4);
  EXPECT_NE(
      Words(text).find("phone's p3 (#5) then replaced it (peepcoins=70), so what laptop read at l2 "
                       "is now out of date."),
      std::string::npos)
      << text;
}

TEST(DependencyBlockTest, RecordedSampleIsMarkedAtTheStaleWrite) {
  Scenario scenario = sample::LostUpdateScenario();
  std::vector<VariantResult> results = {
      sample::Result(scenario, sample::RecordedBaselineTrace(), nullptr)};
  TextOptions options;
  options.width = 120;
  const std::string text = FormatRunText(scenario, results, options);
  Lines lines = SplitLines(text);
  int a3 = LineStarting(lines, "#5 ");
  int marker = LineStarting(lines, "<<< lost update (G-single) — robin's b2 (#4) read");
  int a4 = LineStarting(lines, "#6 ");
  ASSERT_GE(marker, 0) << text;
  EXPECT_LT(a3, marker);
  EXPECT_LT(marker, a4);
  EXPECT_EQ(
      Block(text),
      (Lines{"Dependencies", "  a3 -ww-> b3  products id=1: a3 wrote price=30, b3 wrote price=40",
             "  b2 -rw-> a3  products id=1: b2 read price=10, a3 wrote price=30",
             "  cycle robin -rw-> alex -ww-> robin (b2 -rw-> a3 -ww-> b3): G-single, "
             "lost update"}))
      << text;
}

TEST(DependencyBlockTest, UnrecordedRunSaysWhyInOneLine) {
  Scenario scenario = sample::LostUpdateScenario();
  Trace trace = sample::BaselineTrace();
  trace.explain_note = "the write triggers could not be installed: permission denied";
  std::vector<VariantResult> results = {sample::Result(scenario, trace, nullptr)};
  const std::string text = FormatRunText(scenario, results, TextOptions{});
  Lines lines = SplitLines(text);
  int line = LineStarting(lines, "Dependencies");
  ASSERT_GE(line, 0) << text;
  EXPECT_EQ(lines[line],
            "Dependencies: not recorded (the write triggers could not be installed: permission "
            "denied)");
  EXPECT_TRUE(lines[line + 1].empty());
}

TEST(DependencyBlockTest, UnrecordedRunWithoutANoteAndSpecsPrintNothing) {
  Scenario scenario = sample::LostUpdateScenario();
  std::vector<VariantResult> results = {sample::Result(scenario, sample::BaselineTrace(), nullptr)};
  EXPECT_EQ(FormatRunText(scenario, results, TextOptions{}).find("Dependencies"),
            std::string::npos);
  scenario.is_isolation_spec = true;
  Trace trace = sample::BaselineTrace();
  trace.explain_note = "isolation specs are not recorded";
  EXPECT_TRUE(DependencyBlock(scenario, trace, Judge(scenario, trace)).empty());
}

TEST(DependencyBlockTest, ALongGraphKeepsTheCyclesEdgesAndCountsTheRest) {
  // The lost update on products id=1, and a chain of blind writes to id=2.
  HistoryBuilder b;
  VersionId x0 = b.Initial("products", "id=1", "price=10");
  b.Initial("products", "id=2", "price=5");
  int alex = b.Txn("alex");
  int robin = b.Txn("robin");
  b.Read(robin, "b2", "products", {{"id=1", x0, "price=10"}});
  b.Write(alex, "a3", "products", "id=1", "price=30");
  b.Write(robin, "b3", "products", "id=1", "price=40");
  for (int i = 0; i < 7; ++i)
    b.Write(b.Txn("c" + std::to_string(i)), "w" + std::to_string(i), "products", "id=2",
            "price=" + std::to_string(i));
  Trace trace;
  trace.explained = true;
  trace.history = b.Build();
  Verdict verdict;
  verdict.explanation = Explain(trace.history);
  ASSERT_EQ(verdict.explanation->graph.edges().size(), 8u);
  EXPECT_EQ(DependencyBlock(sample::LostUpdateScenario(), trace, verdict),
            (Lines{"a3 -ww-> b3  products id=1: a3 wrote price=30, b3 wrote price=40",
                   "b2 -rw-> a3  products id=1: b2 read price=10, a3 wrote price=30",
                   "6 more edges (--json lists every edge)",
                   "cycle robin -rw-> alex -ww-> robin (b2 -rw-> a3 -ww-> b3): G-single, "
                   "lost update"}));
}

}  // namespace
}  // namespace interleave
