// (b) Blocking-detection latency: how long from sending a step that has to
// wait for a row lock until the scheduler decides it is waiting (kWaiting).
// Client a holds the row lock (BEGIN; UPDATE row 1); client b sends an UPDATE
// of the same row. StepTrace::waiting_detected_ms (set by the scheduler when
// it records the step as blocked) is the latency; the counters give its median
// and p90 in milliseconds over all iterations, and the wall time of the
// Run::Next() that sent the step (which also asks pg_blocking_pids). The
// reference tool first asks after 10 ms (its polling interval).
#include <benchmark/benchmark.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "bench/bench_support.h"
#include "db/engine.h"
#include "sim/parse/toml_parser.h"
#include "sim/plan/plan.h"
#include "sim/run/run.h"
#include "sim/run/variant_runner.h"

namespace interleave::bench {
namespace {

using Clock = std::chrono::steady_clock;
constexpr double kReferenceDetectionMs = 10.0;  // isolationtester's poll interval

const char* kLockWait = R"toml(
title = "lock wait"
anomaly = "none"
story = "a holds a row lock; b's UPDATE of the row waits for it"
setup = "CREATE TABLE counter (id int PRIMARY KEY, n int NOT NULL); INSERT INTO counter VALUES (1, 0);"

[[clients]]
name = "a"
  [[clients.steps]]
  name = "a1"
  sql = "BEGIN"
  [[clients.steps]]
  name = "a2"
  sql = "UPDATE counter SET n = n + 1 WHERE id = 1"
  [[clients.steps]]
  name = "a3"
  sql = "COMMIT"

[[clients]]
name = "b"
  [[clients.steps]]
  name = "b1"
  sql = "UPDATE counter SET n = n + 10 WHERE id = 1"

[[schedules]]
name = "b waits for a"
steps = "a1 a2 b1 a3"
)toml";

double Milliseconds(Clock::duration elapsed) {
  return std::chrono::duration<double, std::milli>(elapsed).count();
}

void BM_LockWaitDetection(benchmark::State& state) {
  const Scenario scenario = ParseScenarioText(kLockWait, "lock_wait.toml");
  const Plan plan = MakePlan(scenario, nullptr, scenario.schedules.front());
  RunOptions options;
  options.capture_state = false;
  VariantRunner runner(BenchTarget(), scenario, options);
  std::vector<double> detected_ms;  // send -> found waiting
  std::vector<double> next_ms;      // the whole Run::Next() that sent b1
  std::vector<double> release_ms;   // a3 (COMMIT) sent -> b1 seen completed
  for (auto _ : state) {
    std::unique_ptr<Run> run = runner.Start(plan);
    run->Next();  // a1 BEGIN
    run->Next();  // a2 UPDATE: a holds the row lock
    auto start = Clock::now();
    run->Next();  // b1 UPDATE: waits
    next_ms.push_back(Milliseconds(Clock::now() - start));
    start = Clock::now();
    run->Next();  // a3 COMMIT: b1 completes
    release_ms.push_back(Milliseconds(Clock::now() - start));
    const Trace& trace = run->Complete();
    if (trace.steps.size() != 4 || !trace.steps[2].blocked ||
        trace.steps[2].waiting_detected_ms < 0 || !trace.run_error.empty()) {
      state.SkipWithError("b1 was not found waiting");
      break;
    }
    detected_ms.push_back(trace.steps[2].waiting_detected_ms);
    state.SetIterationTime(trace.steps[2].waiting_detected_ms / 1e3);
  }
  double median = Percentile(detected_ms, 50);
  state.counters["median_ms"] = median;
  state.counters["p90_ms"] = Percentile(detected_ms, 90);
  state.counters["max_ms"] = Percentile(detected_ms, 100);
  state.counters["next_median_ms"] = Percentile(next_ms, 50);
  state.counters["release_median_ms"] = Percentile(release_ms, 50);
  state.counters["vs_reference_x"] = median > 0 ? kReferenceDetectionMs / median : 0;
}

BENCHMARK(BM_LockWaitDetection)->UseManualTime()->Iterations(200)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace interleave::bench

BENCHMARK_MAIN();
