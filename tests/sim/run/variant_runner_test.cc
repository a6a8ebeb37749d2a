// Tests of VariantRunner and RunPlans on the real server: every result
// carries the plan that ran, its variant and its verdict; kept connections
// give each plan a fresh setup; a spec's results are named by permutation.
#include "sim/run/variant_runner.h"

#include <gtest/gtest.h>

#include "sim/parse/spec_parser.h"
#include "sim/plan/plan.h"
#include "tests/test_support.h"

namespace interleave {
namespace {

const char* kCounter = R"toml(
title = "counter"
anomaly = "lost update"
story = "two increments"
setup = """
CREATE TABLE counter (id int PRIMARY KEY, n int NOT NULL);
INSERT INTO counter VALUES (1, 10);
"""

[[clients]]
name = "a"
steps = [ { name = "a1", sql = "BEGIN" },
          { name = "a2", sql = "SELECT n FROM counter WHERE id = 1" },
          { name = "a3", sql = "UPDATE counter SET n = ${n} + 1 WHERE id = 1" },
          { name = "a4", sql = "COMMIT" } ]

[[clients]]
name = "b"
steps = [ { name = "b1", sql = "BEGIN" },
          { name = "b2", sql = "SELECT n FROM counter WHERE id = 1" },
          { name = "b3", sql = "UPDATE counter SET n = ${n} + 1 WHERE id = 1" },
          { name = "b4", sql = "COMMIT" } ]

[[schedules]]
name = "both read first"
steps = "a1 b1 a2 b2 a3 b3 a4 b4"

[[schedules]]
name = "one after the other"
steps = "a1 a2 a3 a4 b1 b2 b3 b4"

[[variants]]
name = "baseline"
expect = "anomaly"

[[variants]]
name = "for-update"
expect = "prevented-by-wait"
  [variants.replace]
  a2 = "SELECT n FROM counter WHERE id = 1 FOR UPDATE"
  b2 = "SELECT n FROM counter WHERE id = 1 FOR UPDATE"

[[checks]]
name = "both increments kept"
sql = "SELECT n FROM counter WHERE id = 1"
expect_any = ["12"]
explain = "each client added 1 to 10"
)toml";

TEST(VariantRunnerTest, ResultsCarryThePlanTheVariantAndTheVerdict) {
  Scenario scenario = testing::ScenarioFromToml(kCounter);
  std::vector<Plan> plans;
  for (const Variant* variant : VariantsToRun(scenario)) {
    plans.push_back(MakePlan(scenario, variant, scenario.schedules[0]));
  }
  plans.push_back(MakePlan(scenario, nullptr, scenario.schedules[1]));
  std::vector<VariantResult> results = RunPlans(testing::SharedTarget(), plans, RunOptions{});
  ASSERT_EQ(results.size(), 3u);

  EXPECT_EQ(results[0].variant, "baseline");
  EXPECT_EQ(results[0].variant_def, &scenario.variants[0]);
  EXPECT_EQ(results[0].plan.schedule, "both read first");
  EXPECT_EQ(results[0].plan.order.size(), 8u);
  EXPECT_EQ(results[0].verdict.Name(), "anomaly");

  EXPECT_EQ(results[1].variant, "for-update");
  EXPECT_EQ(results[1].variant_def, &scenario.variants[1]);
  EXPECT_EQ(results[1].plan.clients[0].steps[1].sql,
            "SELECT n FROM counter WHERE id = 1 FOR UPDATE");
  EXPECT_EQ(results[1].verdict.Name(), "prevented-by-wait");

  // Run after the others on the same connections, from a fresh setup: 10, not 11.
  EXPECT_EQ(results[2].plan.schedule, "one after the other");
  EXPECT_EQ(results[2].trace.steps.at(1).results.at(0).rows.at(0).at(0), "10");
  EXPECT_EQ(results[2].verdict.Name(), "prevented");
}

TEST(VariantRunnerTest, StartGivesARunToStepOnTheKeptConnections) {
  Scenario scenario = testing::ScenarioFromToml(kCounter);
  VariantRunner runner(testing::SharedTarget(), scenario, RunOptions{});
  Plan plan = MakePlan(scenario, nullptr, scenario.schedules[0]);
  std::unique_ptr<interleave::Run> run = runner.Start(plan);
  EXPECT_EQ(run->position(), 0u);
  ASSERT_TRUE(run->Next());
  EXPECT_EQ(run->position(), 1u);
  EXPECT_EQ(run->Complete().steps.size(), 8u);
  run.reset();
  // The next plan on the same connections.
  VariantResult again = runner.RunPlan(plan);
  EXPECT_TRUE(again.trace.run_error.empty()) << again.trace.run_error;
  EXPECT_EQ(again.verdict.Name(), "anomaly");
}

TEST(VariantRunnerTest, NoPlansRunNothing) {
  EXPECT_TRUE(RunPlans(testing::SharedTarget(), {}, RunOptions{}).empty());
}

}  // namespace
}  // namespace interleave
