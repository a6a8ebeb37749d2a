// Determinism: each shipped scenario's variants, run 50 times on the same
// connections, give the same trace every time (timings aside).
#include <gtest/gtest.h>

#include "db/engine.h"
#include "sim/plan/plan.h"
#include "sim/run/run.h"
#include "sim/run/run_connections.h"
#include "sim/parse/scenario_loader.h"
#include "sim/judge/trace_compare.h"
#include "tests/test_support.h"

namespace interleave {
namespace {

constexpr int kRepeats = 50;

class DeterminismTest : public ::testing::TestWithParam<std::string> {};

TEST_P(DeterminismTest, FiftyRunsGiveTheSameTrace) {
  Scenario scenario = LoadScenario(GetParam());
  RunOptions options;
  if (scenario.is_isolation_spec) GTEST_SKIP() << "specs are covered by the conformance test";
  auto scratch = testing::SharedTarget().CreateScratch();
  std::vector<std::string> clients;
  for (const auto& client : scenario.clients) clients.push_back(client.name);
  RunConnections connections(*scratch, options, clients);
  for (const Variant* variant : VariantsToRun(scenario)) {
    Plan plan = MakePlan(scenario, variant, FindSchedule(scenario, ""));
    Trace first = interleave::Run(plan, connections, options).Complete();
    ASSERT_TRUE(first.run_error.empty()) << plan.variant << ": " << first.run_error;
    std::string first_verdict = Judge(scenario, first).Name();
    for (int i = 1; i < kRepeats; ++i) {
      Trace again = interleave::Run(plan, connections, options).Complete();
      std::string difference;
      ASSERT_TRUE(SameTraceIgnoringTiming(first, again, &difference))
          << plan.variant << ", run " << i + 1 << ": " << difference;
      ASSERT_EQ(Judge(scenario, again).Name(), first_verdict) << plan.variant;
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
