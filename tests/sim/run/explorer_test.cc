// Exhaustive exploration against the real server: the number of
// interleavings, tallies that add up, reordered interleavings counted apart,
// the same outcomes with one worker or two, and the orders counted by the
// class their dependency graph shows.
#include "sim/run/explorer.h"

#include <gtest/gtest.h>

#include <map>
#include <string>

#include "sim/parse/scenario_loader.h"
#include "tests/test_support.h"

namespace interleave {
namespace {

Scenario LostUpdate() {
  return LoadScenario(testing::SourceDir() + "/scenarios/peakpeeps/peepcoin_lost_update.toml");
}

TEST(ExplorerTest, RunsEveryInterleavingOfEveryVariantAndTalliesAddUp) {
  Scenario scenario = LostUpdate();
  ASSERT_EQ(CountScenarioInterleavings(scenario), 70u);  // C(8, 4)
  ExploreOptions options;
  options.run.capture_state = false;
  auto results = Explore(scenario, testing::SharedTarget(), options);
  ASSERT_EQ(results.size(), scenario.variants.size());
  for (const auto& result : results) {
    EXPECT_EQ(result.outcomes.size(), 70u);
    EXPECT_EQ(result.ran_as_listed + result.reordered, 70) << result.variant;
    EXPECT_EQ(result.anomalies + result.prevented_by_wait + result.prevented_by_abort +
                  result.no_conflict + result.aborted_without_retry + result.errors,
              result.ran_as_listed)
        << result.variant;
    EXPECT_EQ(result.errors, 0) << result.variant;
  }
  const VariantExploration& baseline = results[0];
  EXPECT_GT(baseline.anomalies, 0);
  // Serial orders never show the anomaly.
  for (const auto& outcome : baseline.outcomes) {
    if (outcome.listed == "p1 p2 p3 p4 l1 l2 l3 l4" ||
        outcome.listed == "l1 l2 l3 l4 p1 p2 p3 p4") {
      EXPECT_EQ(outcome.verdict.kind, Verdict::Kind::kPrevented) << outcome.listed;
      EXPECT_EQ(outcome.switches, 1);
    }
  }
  // A fix that works leaves no anomaly in any order.
  for (const auto& result : results) {
    if (result.variant == "select-for-update" || result.variant == "atomic-update") {
      EXPECT_EQ(result.anomalies, 0) << result.variant;
    }
  }
}

TEST(ExplorerTest, AnOrderThatCannotHappenRunsAsPostgresAllowsAndIsCountedApart) {
  Scenario scenario = LostUpdate();
  ExploreOptions options;
  options.only_variant = "select-for-update";
  auto results = Explore(scenario, testing::SharedTarget(), options);
  ASSERT_EQ(results.size(), 1u);
  int reordered = 0;
  for (const auto& outcome : results[0].outcomes) {
    if (!outcome.reordered) {
      EXPECT_EQ(outcome.ran, outcome.listed);
      continue;
    }
    ++reordered;
    EXPECT_NE(outcome.ran, outcome.listed);
  }
  EXPECT_GT(reordered, 0);
  EXPECT_EQ(reordered, results[0].reordered);
}

TEST(ExplorerTest, TwoWorkersGiveTheSameOutcomesAsOne) {
  Scenario scenario = LostUpdate();
  ExploreOptions one;
  one.only_variant = "baseline";
  ExploreOptions two = one;
  two.jobs = 2;
  auto a = Explore(scenario, testing::SharedTarget(), one);
  auto b = Explore(scenario, testing::SharedTarget(), two);
  ASSERT_EQ(a[0].outcomes.size(), b[0].outcomes.size());
  for (size_t i = 0; i < a[0].outcomes.size(); ++i) {
    EXPECT_EQ(a[0].outcomes[i].listed, b[0].outcomes[i].listed);
    EXPECT_EQ(a[0].outcomes[i].ran, b[0].outcomes[i].ran);
    EXPECT_EQ(a[0].outcomes[i].verdict.Name(), b[0].outcomes[i].verdict.Name());
  }
}

std::map<std::string, int> AsMap(const std::vector<std::pair<std::string, int>>& counts) {
  return {counts.begin(), counts.end()};
}

TEST(ExplorerTest, CountsTheOrdersByGraphClass) {
  Scenario scenario = LostUpdate();
  ExploreOptions options;
  options.run.capture_state = false;
  options.only_variant = "baseline";
  auto baseline = Explore(scenario, testing::SharedTarget(), options);
  options.only_variant = "select-for-update";
  auto locked = Explore(scenario, testing::SharedTarget(), options);
  ASSERT_EQ(baseline.size(), 1u);
  ASSERT_EQ(locked.size(), 1u);

  // Every order that ran as listed is counted once, in a class of its own.
  std::map<std::string, int> classes = AsMap(baseline[0].graph_classes);
  int total = 0;
  for (const auto& [name, count] : classes) total += count;
  EXPECT_EQ(total, baseline[0].ran_as_listed);
  // The serial orders are serializable; both reading before either writes is
  // a lost update. Each order's class is the one its verdict's graph reports.
  EXPECT_GE(classes["serializable"], 2);
  EXPECT_GT(classes["G-single"], 0);
  EXPECT_EQ(AsMap(baseline[0].textbook_names)["lost update"], classes["G-single"]);
  std::map<std::string, int> recount;
  for (const auto& outcome : baseline[0].outcomes) {
    if (!outcome.reordered) ++recount[GraphClassName(outcome.verdict)];
    if (outcome.listed == "p1 l1 p2 l2 p3 l3 p4 l4") {
      EXPECT_EQ(GraphClassName(outcome.verdict), "G-single");
    }
  }
  EXPECT_EQ(recount, classes);
  // Classes are listed from serializable to the most severe, only those that occur.
  ASSERT_EQ(baseline[0].graph_classes.size(), 2u);
  EXPECT_EQ(baseline[0].graph_classes[0].first, "serializable");
  EXPECT_EQ(baseline[0].graph_classes[1].first, "G-single");

  // Row locks make every order serializable.
  ASSERT_EQ(locked[0].graph_classes.size(), 1u);
  EXPECT_EQ(locked[0].graph_classes[0].first, "serializable");
  EXPECT_EQ(locked[0].graph_classes[0].second, locked[0].ran_as_listed);
  EXPECT_TRUE(locked[0].textbook_names.empty());
}

TEST(ExplorerTest, OrdersWhoseRunWasNotRecordedAreCountedAsSuch) {
  Scenario scenario = LostUpdate();
  ExploreOptions options;
  options.run.capture_state = false;
  options.run.explain = false;
  options.only_variant = "baseline";
  auto results = Explore(scenario, testing::SharedTarget(), options);
  ASSERT_EQ(results.size(), 1u);
  ASSERT_EQ(results[0].graph_classes.size(), 1u);
  EXPECT_EQ(results[0].graph_classes[0].first, "not recorded");
  EXPECT_EQ(results[0].graph_classes[0].second, results[0].ran_as_listed);
  EXPECT_TRUE(results[0].textbook_names.empty());
  // The checks still judge every order.
  EXPECT_GT(results[0].anomalies, 0);
}

}  // namespace
}  // namespace interleave
