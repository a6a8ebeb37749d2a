// Determinism: each shipped scenario's variants, run 20 times on the same
// connections, give the same trace, verdict and dependency graph every time
// (timings aside).
#include <gtest/gtest.h>

#include "db/engine.h"
#include "report/graph_json.h"
#include "sim/judge/trace_compare.h"
#include "sim/parse/scenario_loader.h"
#include "sim/plan/plan.h"
#include "sim/run/run.h"
#include "sim/run/variant_runner.h"
#include "tests/test_support.h"

namespace interleave {
namespace {

constexpr int kRepeats = 20;

class DeterminismTest : public ::testing::TestWithParam<std::string> {};

TEST_P(DeterminismTest, EveryRunGivesTheSameTraceAndGraph) {
  Scenario scenario = LoadScenario(GetParam());
  RunOptions options;
  if (scenario.is_isolation_spec) GTEST_SKIP() << "specs are covered by the conformance test";
  VariantRunner runner(testing::SharedTarget(), scenario, options);
  for (const Variant* variant : VariantsToRun(scenario)) {
    Plan plan = MakePlan(scenario, variant, FindSchedule(scenario, ""));
    VariantResult first = runner.RunPlan(plan);
    ASSERT_TRUE(first.trace.run_error.empty()) << plan.variant << ": " << first.trace.run_error;
    EXPECT_EQ(first.plan.variant, plan.variant);
    EXPECT_EQ(first.variant_def, variant);
    for (int i = 1; i < kRepeats; ++i) {
      VariantResult again = runner.RunPlan(plan);
      std::string difference;
      ASSERT_TRUE(SameTraceIgnoringTiming(first.trace, again.trace, &difference))
          << plan.variant << ", run " << i + 1 << ": " << difference;
      ASSERT_EQ(again.verdict.Name(), first.verdict.Name()) << plan.variant;
      ASSERT_EQ(again.verdict.summary, first.verdict.summary) << plan.variant;
      ASSERT_EQ(again.verdict.explanation.has_value(), first.verdict.explanation.has_value());
      if (first.verdict.explanation) {
        ASSERT_EQ(ExplanationJson(again.trace.history, *again.verdict.explanation).dump(),
                  ExplanationJson(first.trace.history, *first.verdict.explanation).dump())
            << plan.variant << ", run " << i + 1;
      }
    }
  }
}

std::vector<std::string> ShippedScenarios() {
  return FindScenarioFiles({testing::SourceDir() + "/scenarios"});
}

std::string TestName(const ::testing::TestParamInfo<std::string>& info) {
  std::string name = info.param.substr(info.param.find("/scenarios/") + 11);
  for (char& c : name) {
    if (!isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return name;
}

INSTANTIATE_TEST_SUITE_P(Shipped, DeterminismTest, ::testing::ValuesIn(ShippedScenarios()),
                         TestName);

}  // namespace
}  // namespace interleave
