// Tests of the explore report on a hand-built exploration: the tallies'
// rows and percentages, the simplest anomalous interleavings first, the
// reordered examples, the last line; and the JSON's fields.
#include "report/explore_printer.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace interleave {
namespace {

InterleavingOutcome Outcome(const std::string& listed, const std::string& ran, int switches,
                            Verdict::Kind kind, Verdict::How how = Verdict::How::kNone) {
  InterleavingOutcome outcome;
  outcome.listed = listed;
  outcome.ran = ran;
  outcome.reordered = listed != ran;
  outcome.switches = switches;
  outcome.verdict.kind = kind;
  outcome.verdict.how = how;
  return outcome;
}

// `outcome` with an explained run: serializable, or reported as a lost update
// (G-single).
InterleavingOutcome Explained(InterleavingOutcome outcome, bool lost_update) {
  Explanation explanation;
  if (lost_update) {
    Finding finding;
    finding.adya = AdyaClass::kGSingle;
    finding.anomaly = "lost update";
    explanation.findings.push_back(finding);
    explanation.serializable = false;
  }
  outcome.verdict.explanation = explanation;
  return outcome;
}

class ExplorePrinterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    scenario_.title = "Two purchases, one balance";
    scenario_.anomaly = "lost update (P4)";
    scenario_.path = "lost.toml";
    fix_.name = "for-update";
    fix_.description = "The second reader waits.";

    VariantExploration baseline;
    baseline.variant = "baseline";
    baseline.outcomes = {
        Explained(Outcome("a1 b1 a2 b2", "a1 b1 a2 b2", 3, Verdict::Kind::kAnomaly), true),
        Explained(Outcome("a1 a2 b1 b2", "a1 a2 b1 b2", 1, Verdict::Kind::kPrevented), false),
        Explained(Outcome("b1 a1 a2 b2", "b1 a1 a2 b2", 2, Verdict::Kind::kAnomaly), true),
        Explained(Outcome("a1 a2 b2 b1", "a1 a2 b1 b2", 2, Verdict::Kind::kPrevented), false),
    };
    baseline.ran_as_listed = 3;
    baseline.anomalies = 2;
    baseline.no_conflict = 1;
    baseline.reordered = 1;
    baseline.graph_classes = {{"serializable", 1}, {"G-single", 2}};
    baseline.textbook_names = {{"lost update", 2}};

    VariantExploration fixed;
    fixed.variant = "for-update";
    fixed.variant_def = &fix_;
    fixed.outcomes = {
        Outcome("a1 b1 a2 b2", "a1 b1 a2 b2", 3, Verdict::Kind::kPrevented, Verdict::How::kWait),
        Outcome("a1 a2 b1 b2", "a1 a2 b1 b2", 1, Verdict::Kind::kPrevented),
        Outcome("b1 a1 a2 b2", "b1 a1 a2 b2", 2, Verdict::Kind::kPrevented, Verdict::How::kWait),
        Outcome("a1 a2 b2 b1", "a1 a2 b1 b2", 2, Verdict::Kind::kPrevented),
    };
    fixed.ran_as_listed = 3;
    fixed.prevented_by_wait = 2;
    fixed.no_conflict = 1;
    fixed.reordered = 1;
    fixed.graph_classes = {{"not recorded", 3}};
    results_ = {baseline, fixed};
  }

  Scenario scenario_;
  Variant fix_;
  std::vector<VariantExploration> results_;
};

// The row of `label` with `value` and `percent`, as the report aligns it.
std::string Row(const std::string& label, int value, const std::string& percent) {
  std::string number = std::to_string(value);
  return "   " + label + std::string(34 - label.size(), ' ') + std::string(6 - number.size(), ' ') +
         number + "  " + percent + "\n";
}

TEST_F(ExplorePrinterTest, TextHasTheTalliesTheSimplestAnomaliesAndTheReorderedOrders) {
  std::string text = FormatExploreText(scenario_, results_, 5, 1.5, 2);
  EXPECT_EQ(text.rfind("Two purchases, one balance\nAnomaly: lost update (P4)\n"
                       "4 interleavings of the clients' steps, each client's order kept\n\n",
                       0),
            0u)
      << text;
  EXPECT_NE(text.find("── baseline\n" + Row("ran as listed", 3, "100%") + Row("anomaly", 2, "67%") +
                      Row("prevented by a wait", 0, "0%")),
            std::string::npos)
      << text;
  EXPECT_NE(text.find(Row("no conflict arose", 1, "33%")), std::string::npos) << text;
  EXPECT_NE(text.find("   could not run as listed" + std::string(34 - 23, ' ') +
                      "     1  (counted apart)\n"),
            std::string::npos)
      << text;
  // Fewest switches first.
  EXPECT_NE(text.find("   Simplest anomalous interleavings (fewest switches between clients):\n"
                      "     b1 a1 a2 b2   (2 switches)\n"
                      "     a1 b1 a2 b2   (3 switches)\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("   Could not run as listed, for example:\n"
                      "     listed a1 a2 b2 b1\n"
                      "       ran a1 a2 b1 b2  → prevented\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("── for-update: The second reader waits.\n"), std::string::npos) << text;
  EXPECT_NE(text.find(Row("prevented by a wait", 2, "67%")), std::string::npos) << text;
  // The fix has no anomaly to list.
  EXPECT_EQ(text.find("Simplest", text.find("── for-update")), std::string::npos) << text;
  EXPECT_TRUE(text.size() > 40 &&
              text.substr(text.size() - 46) == "Ran 8 interleavings in 1.50 s with 2 workers.\n")
      << text;
}

TEST_F(ExplorePrinterTest, TextCountsTheOrdersByGraphClassAndTextbookName) {
  std::string text = FormatExploreText(scenario_, results_, 5, 1.5, 2);
  EXPECT_NE(text.find("   could not run as listed" + std::string(34 - 23, ' ') +
                      "     1  (counted apart)\n"
                      "   By the dependency graph (orders that ran as listed):\n"
                      "     serializable                         1  33%\n"
                      "     G-single                             2  67%\n"
                      "       lost update                        2\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("     not recorded                         3  100%\n"), std::string::npos)
      << text;
}

TEST_F(ExplorePrinterTest, ShowLimitsTheListAndOneWorkerIsSingular) {
  std::string text = FormatExploreText(scenario_, results_, 1, 0.25, 1);
  EXPECT_NE(text.find("     b1 a1 a2 b2   (2 switches)\n"), std::string::npos) << text;
  EXPECT_EQ(text.find("(3 switches)"), std::string::npos) << text;
  EXPECT_NE(text.find("in 0.25 s with 1 worker.\n"), std::string::npos) << text;
}

// `json` without the whitespace outside its strings.
std::string Compact(const std::string& json) {
  std::string compact;
  bool in_string = false;
  for (size_t i = 0; i < json.size(); ++i) {
    char c = json[i];
    if (in_string && c == '\\' && i + 1 < json.size()) {
      compact += c;
      compact += json[++i];
      continue;
    }
    if (c == '"') in_string = !in_string;
    if (!in_string && (c == ' ' || c == '\n')) continue;
    compact += c;
  }
  return compact;
}

TEST_F(ExplorePrinterTest, JsonHasTheTalliesAndEveryInterleaving) {
  std::string printed = FormatExploreJson(scenario_, results_);
  ASSERT_FALSE(printed.empty());
  EXPECT_EQ(printed.back(), '\n');
  std::string json = Compact(printed);
  auto has = [&](const std::string& part) { return json.find(part) != std::string::npos; };
  EXPECT_TRUE(has("\"title\":\"Two purchases, one balance\"")) << json;
  EXPECT_TRUE(
      has("\"name\":\"baseline\",\"interleavings\":4,\"ran_as_listed\":3,"
          "\"anomaly\":2,\"prevented_by_wait\":0,\"prevented_by_abort\":0,"
          "\"no_conflict\":1,\"aborted_without_retry\":0,\"error\":0,"
          "\"could_not_run_as_listed\":1"))
      << json;
  EXPECT_TRUE(
      has("\"textbook_names\":{\"lost update\":2},\"reduced\":false,\"classes\":4,"
          "\"runs\":4,\"outcomes\""))
      << json;
  EXPECT_TRUE(
      has("{\"listed\":\"a1 a2 b2 b1\",\"ran\":\"a1 a2 b1 b2\",\"reordered\":true,"
          "\"switches\":2,\"verdict\":\"prevented\",\"graph_class\":\"serializable\","
          "\"orders\":1}"))
      << json;
  EXPECT_TRUE(has("\"verdict\":\"prevented-by-wait\"")) << json;
  EXPECT_TRUE(
      has("\"could_not_run_as_listed\":1,\"graph_classes\":{\"serializable\":1,"
          "\"G-single\":2},\"textbook_names\":{\"lost update\":2}"))
      << json;
  EXPECT_TRUE(has("\"graph_class\":\"G-single\"")) << json;
  EXPECT_TRUE(has("\"graph_classes\":{\"not recorded\":3},\"textbook_names\":{}")) << json;
  EXPECT_TRUE(has("\"verdict\":\"prevented-by-wait\",\"graph_class\":\"not recorded\"")) << json;
  size_t outcomes = 0;
  for (size_t at = json.find("\"listed\""); at != std::string::npos;
       at = json.find("\"listed\"", at + 1)) {
    ++outcomes;
  }
  EXPECT_EQ(outcomes, 8u);
}

}  // namespace
}  // namespace interleave
