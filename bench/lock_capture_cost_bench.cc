// (f) The cost of reading locks after each step (RunOptions::capture_locks):
// the 2-client x 4-step lost update
// (scenarios/peakpeeps/peepcoin_lost_update.toml, baseline: C(8,4) = 70
// interleavings, cycled) run with lock capture on and off, in one process on
// one server, on two runners with their own scratch databases, as `interleave
// run` runs them (table contents captured, the dependency graph recorded).
// Each iteration runs one interleaving both ways, one right after the other,
// which way first alternating, so that both see the same load. Reports the
// median (and p90) time one capture took (StepTrace::locks.capture_ms, per
// step sent), the median run time each way, and their difference per step.
#include <benchmark/benchmark.h>

#include <chrono>
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

const Scenario& LostUpdate() {
  static const Scenario scenario =
      ParseScenarioFile(SourceDir() + "/scenarios/peakpeeps/peepcoin_lost_update.toml");
  return scenario;
}

double RunMs(VariantRunner& runner, const Plan& plan, std::vector<double>* captures, int* steps) {
  const auto start = Clock::now();
  VariantResult result = runner.RunPlan(plan);
  const double ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
  for (const StepTrace& step : result.trace.steps) {
    if (!step.locks.captured) continue;
    if (captures) captures->push_back(step.locks.capture_ms);
  }
  *steps = static_cast<int>(result.trace.steps.size());
  return ms;
}

void BM_LockCaptureCost(benchmark::State& state) {
  const Scenario& scenario = LostUpdate();
  const Variant* baseline = VariantsToRun(scenario).front();
  std::vector<Plan> plans;
  for (const Schedule& schedule : AllInterleavings(scenario))
    plans.push_back(MakePlan(scenario, baseline, schedule));
  RunOptions with;
  with.capture_locks = true;
  RunOptions without = with;
  without.capture_locks = false;
  VariantRunner capturing(BenchTarget(), scenario, with);
  VariantRunner plain(BenchTarget(), scenario, without);
  int steps = 0;
  RunMs(capturing, plans[0], nullptr, &steps);  // warm-up: connections, caches
  RunMs(plain, plans[0], nullptr, &steps);

  std::vector<double> with_ms, without_ms, capture_ms;
  int total_steps = 0;
  size_t next = 0;
  for (auto _ : state) {
    const Plan& plan = plans[next % plans.size()];
    const bool capture_first = next % 2 == 0;
    ++next;
    if (capture_first) {
      with_ms.push_back(RunMs(capturing, plan, &capture_ms, &steps));
      without_ms.push_back(RunMs(plain, plan, nullptr, &steps));
    } else {
      without_ms.push_back(RunMs(plain, plan, nullptr, &steps));
      with_ms.push_back(RunMs(capturing, plan, &capture_ms, &steps));
    }
    total_steps += steps;
  }
  const double with_median = Percentile(with_ms, 50);
  const double without_median = Percentile(without_ms, 50);
  const double steps_per_run = next ? static_cast<double>(total_steps) / next : 0;
  state.counters["capture_ms"] = Percentile(capture_ms, 50);
  state.counters["capture_p90_ms"] = Percentile(capture_ms, 90);
  state.counters["run_with_ms"] = with_median;
  state.counters["run_without_ms"] = without_median;
  state.counters["per_step_ms"] =
      steps_per_run > 0 ? (with_median - without_median) / steps_per_run : 0;
  state.counters["ratio"] = without_median > 0 ? with_median / without_median : 0;
  state.counters["captures"] = static_cast<double>(capture_ms.size());
}

BENCHMARK(BM_LockCaptureCost)->Iterations(140)->UseRealTime()->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace interleave::bench

BENCHMARK_MAIN();
