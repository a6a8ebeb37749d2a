// (f) The cost of reading locks after each step: the 2-client x 4-step lost
// update (scenarios/peakpeeps/peepcoin_lost_update.toml, baseline: C(8,4) =
// 70 interleavings, cycled) run three ways in one process on one server, on
// three runners with their own scratch databases, as `interleave run` runs
// them (table contents captured, the dependency graph recorded): without
// lock capture, with every client's locks after every step
// (RunOptions::capture_locks, `run --locks`) and with the step's client's
// locks after the steps that may lock (RunOptions::capture_step_locks,
// `run`'s default). Each iteration runs one interleaving all three ways, one
// right after the other, which first rotating, so that all see the same
// load. Reports per way the median (and p90) time one capture took
// (StepTrace::locks.capture_ms, including the captures when a waiting step
// completes), captures per run, the median run time, and the difference
// from the run without capture per step.
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
    if (!captures) continue;
    if (step.locks.captured) captures->push_back(step.locks.capture_ms);
    if (step.locks_when_done.captured) captures->push_back(step.locks_when_done.capture_ms);
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
  // Three ways, one runner (and scratch database) each: no capture, every
  // client after every step (`run --locks`), and the step's client after the
  // steps that may lock (`run`'s default).
  RunOptions without;
  without.capture_locks = false;
  RunOptions all = without;
  all.capture_locks = true;
  RunOptions step = without;
  step.capture_step_locks = true;
  VariantRunner plain(BenchTarget(), scenario, without);
  VariantRunner every(BenchTarget(), scenario, all);
  VariantRunner cheap(BenchTarget(), scenario, step);
  VariantRunner* runners[] = {&plain, &every, &cheap};
  int steps = 0;
  for (VariantRunner* runner : runners) RunMs(*runner, plans[0], nullptr, &steps);  // warm-up

  std::vector<double> run_ms[3], capture_ms[3];
  int total_steps = 0;
  size_t next = 0;
  for (auto _ : state) {
    const Plan& plan = plans[next % plans.size()];
    // Which way goes first rotates, so that all three see the same load.
    for (int k = 0; k < 3; ++k) {
      const int way = static_cast<int>((next + k) % 3);
      run_ms[way].push_back(RunMs(*runners[way], plan, &capture_ms[way], &steps));
    }
    ++next;
    total_steps += steps;
  }
  const double steps_per_run = next ? static_cast<double>(total_steps) / next : 0;
  const double without_median = Percentile(run_ms[0], 50);
  const char* names[] = {"", "all", "step"};
  for (int way = 1; way < 3; ++way) {
    const std::string name = names[way];
    const double with_median = Percentile(run_ms[way], 50);
    state.counters[name + "_capture_ms"] = Percentile(capture_ms[way], 50);
    state.counters[name + "_capture_p90_ms"] = Percentile(capture_ms[way], 90);
    state.counters[name + "_run_ms"] = with_median;
    state.counters[name + "_per_step_ms"] =
        steps_per_run > 0 ? (with_median - without_median) / steps_per_run : 0;
    state.counters[name + "_ratio"] = without_median > 0 ? with_median / without_median : 0;
    state.counters[name + "_captures_per_run"] =
        next ? static_cast<double>(capture_ms[way].size()) / next : 0;
  }
  state.counters["run_without_ms"] = without_median;
  state.counters["steps_per_run"] = steps_per_run;
}

BENCHMARK(BM_LockCaptureCost)->Iterations(70)->UseRealTime()->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace interleave::bench

BENCHMARK_MAIN();
