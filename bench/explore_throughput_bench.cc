// (d) Explore throughput: interleavings per second of `interleave explore` on
// the 2-client x 4-step lost-update scenario
// (scenarios/peakpeeps/peepcoin_lost_update.toml: C(8,4) = 70 interleavings
// for each of its 5 variants, 350 interleavings), with 1 and 2 workers,
// in-process on one server started once, every interleaving run (reduce:0,
// `--exhaustive`: runs/s) or one run per class of commuting orders
// (reduce:1, the default: interleavings/s counts the interleavings the runs
// stand for, and runs_per_s the runs made). Each Explore call creates its
// workers' scratch databases and connections, as the command does. BM_ExploreRun/VARIANT times
// single interleavings on open connections (the steady state a worker is in),
// to show where the time goes per variant: the medians of the whole run and of
// its phases (prepare: schema reset, setup, session reset; schedule: the
// listed steps; finish: waiting steps, retries, rollback, checks, teardown).
// reuse_setup:0 gives every run the full reset (drop schema public, run the
// setup); reuse_setup:1 lets runs start from the setup's snapshot
// (sim/run/setup_snapshot.h), as `interleave explore` does.
#include <benchmark/benchmark.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "bench/bench_support.h"
#include "db/engine.h"
#include "sim/parse/spec_parser.h"
#include "sim/parse/toml_parser.h"
#include "sim/plan/interleavings.h"
#include "sim/plan/plan.h"
#include "sim/run/explorer.h"
#include "sim/run/run.h"
#include "sim/run/variant_runner.h"

namespace interleave::bench {
namespace {

using Clock = std::chrono::steady_clock;
constexpr double kTargetPerS = 500.0;

const Scenario& LostUpdate() {
  static const Scenario scenario =
      ParseScenarioFile(SourceDir() + "/scenarios/peakpeeps/peepcoin_lost_update.toml");
  return scenario;
}

void BM_Explore(benchmark::State& state) {
  ExploreOptions options;
  options.jobs = static_cast<int>(state.range(0));
  options.run.capture_state = false;  // as `interleave explore` runs
  options.run.reuse_setup = state.range(1) != 0;
  options.reduce = state.range(2) != 0;
  double seconds = 0;
  double runs = 0;
  double interleavings = 0;
  int anomalies = 0;
  int reordered = 0;
  int errors = 0;
  for (auto _ : state) {
    auto start = Clock::now();
    std::vector<VariantExploration> results = Explore(LostUpdate(), BenchTarget(), options);
    seconds += std::chrono::duration<double>(Clock::now() - start).count();
    anomalies = reordered = errors = 0;
    for (const auto& result : results) {
      runs += static_cast<double>(result.reduced ? result.runs : result.outcomes.size());
      interleavings += static_cast<double>(result.Interleavings());
      anomalies += result.anomalies;
      reordered += result.reordered;
      errors += result.errors;
    }
  }
  double per_s = interleavings / seconds;
  state.counters["interleavings"] = interleavings / static_cast<double>(state.iterations());
  state.counters["runs"] = runs / static_cast<double>(state.iterations());
  state.counters["interleavings_per_s"] = per_s;
  state.counters["runs_per_s"] = runs / seconds;
  state.counters["ms_per_interleaving"] = 1e3 / per_s;
  state.counters["vs_target_x"] = per_s / kTargetPerS;
  state.counters["anomalies"] = anomalies;
  state.counters["reordered"] = reordered;
  state.counters["errors"] = errors;
}

// One variant's interleavings, one at a time on open connections.
void BM_ExploreRun(benchmark::State& state) {
  const Scenario& scenario = LostUpdate();
  const Variant* variant = VariantsToRun(scenario)[state.range(0)];
  std::vector<Plan> plans;
  for (const Schedule& schedule : AllInterleavings(scenario)) {
    plans.push_back(MakePlan(scenario, variant, schedule));
  }
  RunOptions options;
  options.capture_state = false;
  options.reuse_setup = state.range(1) != 0;
  VariantRunner runner(BenchTarget(), scenario, options);
  std::vector<double> ms, prepare_ms, schedule_ms, finish_ms;
  size_t next = 0;
  auto since = [](Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
  };
  for (auto _ : state) {
    auto start = Clock::now();
    // Prepare: schema reset, setup SQL, session reset and settings.
    std::unique_ptr<Run> run = runner.Start(plans[next++ % plans.size()]);
    prepare_ms.push_back(since(start));
    auto phase = Clock::now();
    while (!run->finished() && run->position() < run->plan().order.size()) run->Next();
    schedule_ms.push_back(since(phase));
    phase = Clock::now();
    // Waiting steps, retries, rollback, checks, teardown.
    const Trace& trace = run->Complete();
    finish_ms.push_back(since(phase));
    benchmark::DoNotOptimize(trace.steps.size());
    ms.push_back(since(start));
  }
  state.SetLabel(plans.front().variant);
  state.counters["median_ms"] = Percentile(ms, 50);
  state.counters["p90_ms"] = Percentile(ms, 90);
  state.counters["prepare_ms"] = Percentile(prepare_ms, 50);
  state.counters["schedule_ms"] = Percentile(schedule_ms, 50);
  state.counters["finish_ms"] = Percentile(finish_ms, 50);
}

BENCHMARK(BM_Explore)
    ->ArgNames({"jobs", "reuse_setup", "reduce"})
    ->ArgsProduct({{1, 2}, {0, 1}, {0, 1}})
    ->Iterations(3)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ExploreRun)
    ->ArgNames({"variant", "reuse_setup"})
    ->ArgsProduct({{0, 1, 2, 3, 4}, {0, 1}})
    ->Iterations(140)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace interleave::bench

BENCHMARK_MAIN();
