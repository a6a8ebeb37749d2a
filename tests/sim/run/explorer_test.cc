// Exploration against the real server: the number of interleavings, tallies
// that add up, reordered interleavings counted apart, the same outcomes with
// one worker or two, the orders counted by the class their dependency graph
// shows; and one run per class of commuting orders giving the same counts,
// outcome by outcome, as running every interleaving.
#include "sim/run/explorer.h"

#include <gtest/gtest.h>

#include <cstdint>
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
  options.reduce = false;
  auto results = Explore(scenario, testing::SharedTarget(), options);
  ASSERT_EQ(results.size(), scenario.variants.size());
  for (const auto& result : results) {
    EXPECT_EQ(result.outcomes.size(), 70u);
    EXPECT_EQ(result.ran_as_listed + result.reordered, 70u) << result.variant;
    EXPECT_EQ(result.anomalies + result.prevented_by_wait + result.prevented_by_abort +
                  result.no_conflict + result.aborted_without_retry + result.errors,
              result.ran_as_listed)
        << result.variant;
    EXPECT_EQ(result.errors, 0u) << result.variant;
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
      EXPECT_EQ(result.anomalies, 0u) << result.variant;
    }
  }
}

TEST(ExplorerTest, AnOrderThatCannotHappenRunsAsPostgresAllowsAndIsCountedApart) {
  Scenario scenario = LostUpdate();
  ExploreOptions options;
  options.only_variant = "select-for-update";
  options.reduce = false;
  auto results = Explore(scenario, testing::SharedTarget(), options);
  ASSERT_EQ(results.size(), 1u);
  std::uint64_t reordered = 0;
  for (const auto& outcome : results[0].outcomes) {
    if (!outcome.reordered) {
      EXPECT_EQ(outcome.ran, outcome.listed);
      continue;
    }
    ++reordered;
    EXPECT_NE(outcome.ran, outcome.listed);
  }
  EXPECT_GT(reordered, 0u);
  EXPECT_EQ(reordered, results[0].reordered);
}

TEST(ExplorerTest, TwoWorkersGiveTheSameOutcomesAsOne) {
  Scenario scenario = LostUpdate();
  ExploreOptions one;
  one.run.capture_state = false;
  ExploreOptions two = one;
  two.jobs = 2;
  // Every variant: waits, aborts and retries; two workers run some
  // interleavings ahead and drop those an earlier run stands for.
  for (bool reduce : {false, true}) {
    one.reduce = two.reduce = reduce;
    auto a = Explore(scenario, testing::SharedTarget(), one);
    auto b = Explore(scenario, testing::SharedTarget(), two);
    ASSERT_EQ(a.size(), b.size());
    for (size_t v = 0; v < a.size(); ++v) {
      ASSERT_EQ(a[v].outcomes.size(), b[v].outcomes.size()) << a[v].variant;
      // One worker never runs an interleaving it drops.
      EXPECT_EQ(a[v].runs, a[v].outcomes.size()) << a[v].variant;
      for (size_t i = 0; i < a[v].outcomes.size(); ++i) {
        EXPECT_EQ(a[v].outcomes[i].listed, b[v].outcomes[i].listed);
        EXPECT_EQ(a[v].outcomes[i].ran, b[v].outcomes[i].ran);
        EXPECT_EQ(a[v].outcomes[i].orders, b[v].outcomes[i].orders);
        EXPECT_EQ(a[v].outcomes[i].verdict.Name(), b[v].outcomes[i].verdict.Name());
      }
    }
  }
}

std::map<std::string, std::uint64_t> AsMap(
    const std::vector<std::pair<std::string, std::uint64_t>>& counts) {
  return {counts.begin(), counts.end()};
}

TEST(ExplorerTest, CountsTheOrdersByGraphClass) {
  Scenario scenario = LostUpdate();
  ExploreOptions options;
  options.run.capture_state = false;
  options.only_variant = "baseline";
  options.reduce = false;
  auto baseline = Explore(scenario, testing::SharedTarget(), options);
  options.only_variant = "select-for-update";
  auto locked = Explore(scenario, testing::SharedTarget(), options);
  ASSERT_EQ(baseline.size(), 1u);
  ASSERT_EQ(locked.size(), 1u);

  // Every order that ran as listed is counted once, in a class of its own.
  std::map<std::string, std::uint64_t> classes = AsMap(baseline[0].graph_classes);
  std::uint64_t total = 0;
  for (const auto& [name, count] : classes) total += count;
  EXPECT_EQ(total, baseline[0].ran_as_listed);
  // The serial orders are serializable; both reading before either writes is
  // a lost update. Each order's class is the one its verdict's graph reports.
  EXPECT_GE(classes["serializable"], 2u);
  EXPECT_GT(classes["G-single"], 0u);
  EXPECT_EQ(AsMap(baseline[0].textbook_names)["lost update"], classes["G-single"]);
  std::map<std::string, std::uint64_t> recount;
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
  // The checks still judge every order, and an unrecorded run is never
  // grouped with others.
  EXPECT_GT(results[0].anomalies, 0u);
  EXPECT_FALSE(results[0].reduced);
  EXPECT_EQ(results[0].outcomes.size(), 70u);
}

// What one interleaving's outcome is counted as: its verdict, its graph
// class and textbook name, and whether it ran as listed.
std::string OutcomeKey(const InterleavingOutcome& outcome) {
  std::string key = outcome.verdict.Name() + " / " + GraphClassName(outcome.verdict);
  if (outcome.verdict.explanation) {
    const Finding* reported = outcome.verdict.explanation->Reported();
    if (reported) key += " / " + reported->anomaly;
  }
  if (outcome.reordered) key += " / reordered";
  return key;
}

// Per variant, interleavings by outcome, each outcome counted for the
// interleavings it stands for.
std::map<std::string, std::map<std::string, std::uint64_t>> CountByOutcome(
    const std::vector<VariantExploration>& results) {
  std::map<std::string, std::map<std::string, std::uint64_t>> counts;
  for (const auto& result : results) {
    for (const auto& outcome : result.outcomes) {
      counts[result.variant][OutcomeKey(outcome)] += outcome.orders;
    }
  }
  return counts;
}

class ReducedExplorationTest : public ::testing::TestWithParam<const char*> {};

TEST_P(ReducedExplorationTest, CountsEveryOutcomeAsRunningEveryInterleavingDoes) {
  Scenario scenario = LoadScenario(testing::SourceDir() + "/scenarios/" + GetParam());
  const std::uint64_t total = CountScenarioInterleavings(scenario);
  ExploreOptions options;
  options.run.capture_state = false;
  options.jobs = 2;
  options.reduce = false;
  auto exhaustive = Explore(scenario, testing::SharedTarget(), options);
  options.reduce = true;
  auto reduced = Explore(scenario, testing::SharedTarget(), options);
  ASSERT_EQ(reduced.size(), exhaustive.size());
  EXPECT_EQ(CountByOutcome(reduced), CountByOutcome(exhaustive));
  size_t runs = 0;
  size_t exhaustive_runs = 0;
  for (size_t v = 0; v < reduced.size(); ++v) {
    EXPECT_TRUE(reduced[v].reduced);
    EXPECT_EQ(reduced[v].Interleavings(), total) << reduced[v].variant;
    EXPECT_EQ(exhaustive[v].Interleavings(), total) << reduced[v].variant;
    EXPECT_EQ(reduced[v].anomalies, exhaustive[v].anomalies) << reduced[v].variant;
    EXPECT_EQ(reduced[v].reordered, exhaustive[v].reordered) << reduced[v].variant;
    EXPECT_EQ(reduced[v].graph_classes, exhaustive[v].graph_classes) << reduced[v].variant;
    EXPECT_GE(reduced[v].runs, reduced[v].outcomes.size());
    runs += reduced[v].runs;
    exhaustive_runs += exhaustive[v].outcomes.size();
  }
  // BEGINs commute with everything, so some interleavings always share a run.
  EXPECT_LT(runs, exhaustive_runs);
}

INSTANTIATE_TEST_SUITE_P(ShippedScenarios, ReducedExplorationTest,
                         ::testing::Values("peakpeeps/peepcoin_lost_update.toml",
                                           "textbook/write_skew.toml", "textbook/phantom.toml",
                                           "hermitage/g1a_aborted_reads.toml",
                                           "hermitage/g0_write_cycles.toml",
                                           "hermitage/g2_item_write_skew.toml"));

TEST(ExplorerTest, ThreeClientsOfFourStepsRunOncePerClassOfCommutingOrders) {
  Scenario scenario =
      LoadScenario(testing::SourceDir() + "/scenarios/textbook/lost_update_three_deposits.toml");
  ASSERT_EQ(CountScenarioInterleavings(scenario), 34650u);  // 12! / (4! 4! 4!)
  ExploreOptions options;
  options.run.capture_state = false;
  options.jobs = 2;
  options.only_variant = "read-committed";
  auto results = Explore(scenario, testing::SharedTarget(), options);
  ASSERT_EQ(results.size(), 1u);
  const VariantExploration& result = results[0];
  EXPECT_EQ(result.Interleavings(), 34650u);
  EXPECT_EQ(result.ran_as_listed + result.reordered, 34650u);
  // BEGINs and plain reads commute: 762 classes, far fewer than 34,650.
  EXPECT_EQ(result.outcomes.size(), 762u);
  EXPECT_LT(result.runs, 2000u);
  EXPECT_GT(result.anomalies, 0u);
  // The serial orders are among the interleavings that keep every deposit.
  EXPECT_GE(result.no_conflict, 6u);
  for (const auto& outcome : result.outcomes) {
    EXPECT_GE(outcome.orders, 1u);
    if (outcome.listed == "a1 a2 a3 a4 b1 b2 b3 b4 c1 c2 c3 c4") {
      EXPECT_EQ(outcome.verdict.kind, Verdict::Kind::kPrevented);
    }
  }
}

// Waits, 40001 and retries in some orders must not make every order its
// own class: each run's own conflicts make its class, and the retried
// attempt (run after every listed step) pins none of them. (Its tallies
// equal the exhaustive run's; bench/README says when that was compared: the
// exhaustive run takes 34,650 runs.)
TEST(ExplorerTest, ThreeClientsWithRetriesStayFewClasses) {
  Scenario scenario =
      LoadScenario(testing::SourceDir() + "/scenarios/textbook/lost_update_three_deposits.toml");
  ExploreOptions options;
  options.run.capture_state = false;
  options.jobs = 2;
  options.only_variant = "repeatable-read-retry";
  auto results = Explore(scenario, testing::SharedTarget(), options);
  ASSERT_EQ(results.size(), 1u);
  const VariantExploration& result = results[0];
  EXPECT_EQ(result.Interleavings(), 34650u);
  EXPECT_EQ(result.outcomes.size(), 606u);
  EXPECT_LT(result.runs, 1000u);
  EXPECT_EQ(result.anomalies, 0u);
  EXPECT_GT(result.prevented_by_abort, 0u);
  EXPECT_EQ(result.ran_as_listed + result.reordered, 34650u);
}

}  // namespace
}  // namespace interleave
