// (e) The cost of explaining: the 2-client x 4-step lost update
// (scenarios/peakpeeps/peepcoin_lost_update.toml, baseline: C(8,4) = 70
// interleavings, cycled) run with RunOptions::explain on (every
// transaction's reads and writes recorded, the dependency graph built and
// judged) and off, in one process on one server, on two runners with their
// own scratch databases. Each iteration runs one interleaving both ways, one
// right after the other, and which way goes first alternates, so that both
// see the same load. Reports the median (and p90) run time of each and the
// ratio of the medians; the goal is under 1.30. BM_ExplainCost/reuse_setup:0
// gives every run the full reset (drop schema public, run the setup, make
// the recorder's triggers), /reuse_setup:1 lets runs start from the setup's
// snapshot (sim/run/setup_snapshot.h), as `interleave` does.
#include <benchmark/benchmark.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "bench/bench_support.h"
#include "sim/parse/toml_parser.h"
#include "sim/plan/interleavings.h"
#include "sim/plan/plan.h"
#include "sim/run/run.h"
#include "sim/run/variant_runner.h"

namespace interleave::bench {
namespace {

using Clock = std::chrono::steady_clock;
constexpr double kGoalRatio = 1.30;

const Scenario& LostUpdate() {
  static const Scenario scenario =
      ParseScenarioFile(SourceDir() + "/scenarios/peakpeeps/peepcoin_lost_update.toml");
  return scenario;
}

double RunMs(VariantRunner& runner, const Plan& plan, bool* explained) {
  const auto start = Clock::now();
  VariantResult result = runner.RunPlan(plan);
  const double ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
  *explained = result.verdict.explanation.has_value();
  benchmark::DoNotOptimize(result.trace.steps.size());
  return ms;
}

// Each iteration runs one interleaving with explain and without.
void BM_ExplainCost(benchmark::State& state) {
  const Scenario& scenario = LostUpdate();
  const Variant* baseline = VariantsToRun(scenario).front();
  std::vector<Plan> plans;
  for (const Schedule& schedule : AllInterleavings(scenario))
    plans.push_back(MakePlan(scenario, baseline, schedule));
  RunOptions with;
  with.capture_state = false;  // as `interleave explore` runs
  with.explain = true;
  with.reuse_setup = state.range(0) != 0;
  RunOptions without = with;
  without.explain = false;
  VariantRunner explaining(BenchTarget(), scenario, with);
  VariantRunner plain(BenchTarget(), scenario, without);
  // One warm-up run each: connections, caches, the triggers' plans.
  bool explained = false;
  RunMs(explaining, plans[0], &explained);
  RunMs(plain, plans[0], &explained);

  std::vector<double> with_ms, without_ms;
  int not_explained = 0;
  size_t next = 0;
  for (auto _ : state) {
    const Plan& plan = plans[next % plans.size()];
    const bool explain_first = next % 2 == 0;
    ++next;
    bool got = false;
    if (explain_first) {
      with_ms.push_back(RunMs(explaining, plan, &got));
      not_explained += got ? 0 : 1;
      without_ms.push_back(RunMs(plain, plan, &got));
    } else {
      without_ms.push_back(RunMs(plain, plan, &got));
      with_ms.push_back(RunMs(explaining, plan, &got));
      not_explained += got ? 0 : 1;
    }
  }
  const double with_median = Percentile(with_ms, 50);
  const double without_median = Percentile(without_ms, 50);
  state.counters["explain_ms"] = with_median;
  state.counters["plain_ms"] = without_median;
  state.counters["explain_p90_ms"] = Percentile(with_ms, 90);
  state.counters["plain_p90_ms"] = Percentile(without_ms, 90);
  state.counters["ratio"] = without_median > 0 ? with_median / without_median : 0;
  state.counters["goal_ratio"] = kGoalRatio;
  state.counters["not_explained"] = not_explained;
}

BENCHMARK(BM_ExplainCost)
    ->ArgName("reuse_setup")
    ->Arg(0)
    ->Arg(1)
    ->Iterations(420)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace interleave::bench

BENCHMARK_MAIN();
