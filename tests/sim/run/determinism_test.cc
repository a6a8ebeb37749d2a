// Determinism: each shipped scenario's variants, run 50 times on the same
// connections, give the same trace every time (timings aside).
#include <gtest/gtest.h>

#include "db/engine.h"
#include "sim/judge/trace_compare.h"
#include "sim/parse/scenario_loader.h"
#include "sim/plan/plan.h"
#include "sim/run/run.h"
#include "sim/run/variant_runner.h"
#include "tests/test_support.h"

namespace interleave {
namespace {

constexpr int kRepeats = 50;

class DeterminismTest : public ::testing::TestWithParam<std::string> {};

TEST_P(DeterminismTest, FiftyRunsGiveTheSameTrace) {
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
