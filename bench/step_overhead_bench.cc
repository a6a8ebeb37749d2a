// (a) Per-step overhead of the scheduler over a raw libpq round trip on the
// same connection. The same trivial statement (SELECT 1, or an UPDATE of one
// row in autocommit) runs in batches of 100, alternately:
//   - through the scheduler: Run::Next() sends it, waits on the socket (and
//     asks the server whether it is blocked if it takes over 200 us), and
//     records it in the trace;
//   - as plain round trips (Session::Execute: PQsendQuery + PQgetResult, what
//     PQexec does) on the very session the Run uses for that client;
//   - with PQexec on a bare libpq connection to the same database (the floor).
// The batches alternate so that all three see the same machine load (the
// machine is shared). Every step is timed alone; the counters give medians and
// p90s in microseconds and overhead_us = median(scheduler) - median(Session),
// and the client's CPU time per step (sched_cpu_us, session_cpu_us), which the
// load of the machine disturbs less than wall time does.
// Run setup and teardown (schema reset, setup SQL, session reset, checks) are
// not timed; one untimed round of each comes first (a new server's first
// statements are slow).
#include <benchmark/benchmark.h>
#include <libpq-fe.h>
#include <time.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "bench/bench_support.h"
#include "db/engine.h"
#include "db/postgres/pg_client_connection.h"
#include "sim/parse/toml_parser.h"
#include "sim/plan/plan.h"
#include "sim/run/run.h"
#include "sim/run/variant_runner.h"

namespace interleave::bench {
namespace {

using Clock = std::chrono::steady_clock;
constexpr int kStepsPerRun = 100;
constexpr const char* kSetup =
    "CREATE TABLE counter (id int PRIMARY KEY, n int NOT NULL); "
    "INSERT INTO counter VALUES (1, 0);";

const char* Statement(int64_t which) {
  return which == 0 ? "SELECT 1" : "UPDATE counter SET n = n + 1 WHERE id = 1";
}

double Microseconds(Clock::duration elapsed) {
  return std::chrono::duration<double, std::micro>(elapsed).count();
}

// CPU time of the calling thread, in microseconds.
double ThreadCpuMicroseconds() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) * 1e6 + static_cast<double>(now.tv_nsec) / 1e3;
}

// Client "a" runs `sql` kStepsPerRun times, then client "b" runs SELECT 1.
Scenario TrivialScenario(const std::string& sql) {
  std::string toml = "title = \"trivial steps\"\nanomaly = \"none\"\nstory = \"benchmark\"\n";
  toml += "setup = \"" + std::string(kSetup) + "\"\n";
  std::string order;
  toml += "[[clients]]\nname = \"a\"\n";
  for (int i = 0; i < kStepsPerRun; ++i) {
    std::string name = "a" + std::to_string(i);
    toml += "  [[clients.steps]]\n  name = \"" + name + "\"\n  sql = \"" + sql + "\"\n";
    order += name + " ";
  }
  toml += "[[clients]]\nname = \"b\"\n  [[clients.steps]]\n  name = \"b0\"\n  sql = \"SELECT 1\"\n";
  toml += "[[schedules]]\nname = \"a then b\"\nsteps = \"" + order + "b0\"\n";
  return ParseScenarioText(toml, "trivial.toml");
}

// One batch through the scheduler; adds each step's time to `samples`.
// Returns false (with `error`) if the run did not go as planned.
bool SchedulerBatch(const Plan& plan, VariantRunner& runner, std::vector<double>* samples,
                    std::string* error) {
  std::unique_ptr<Run> run = runner.Start(plan);
  for (int i = 0; i < kStepsPerRun && !run->finished(); ++i) {
    auto start = Clock::now();
    run->Next();
    if (samples) samples->push_back(Microseconds(Clock::now() - start));
  }
  const Trace& trace = run->Complete();
  if (!trace.run_error.empty() || trace.setup_error ||
      trace.steps.size() != static_cast<size_t>(kStepsPerRun) + 1) {
    *error = "scheduler run failed: " + trace.run_error;
    return false;
  }
  return true;
}

// One batch of plain round trips on `session`.
bool SessionBatch(ClientConnection& session, const char* sql, std::vector<double>* samples,
                  std::string* error) {
  for (int i = 0; i < kStepsPerRun; ++i) {
    auto start = Clock::now();
    StepOutcome outcome = session.Execute(sql);
    if (samples) samples->push_back(Microseconds(Clock::now() - start));
    if (outcome.error) {
      *error = outcome.error->message;
      return false;
    }
  }
  return true;
}

// One batch of PQexec on a bare connection.
bool PQexecBatch(PGconn* conn, const char* sql, std::vector<double>* samples, std::string* error) {
  for (int i = 0; i < kStepsPerRun; ++i) {
    auto start = Clock::now();
    PGresult* result = PQexec(conn, sql);
    if (samples) samples->push_back(Microseconds(Clock::now() - start));
    ExecStatusType status = PQresultStatus(result);
    PQclear(result);
    if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
      *error = PQerrorMessage(conn);
      return false;
    }
  }
  return true;
}

void BM_StepOverhead(benchmark::State& state) {
  const char* sql = Statement(state.range(0));
  const Scenario scenario = TrivialScenario(sql);
  const Plan plan = MakePlan(scenario, nullptr, scenario.schedules.front());
  RunOptions options;
  options.capture_state = false;
  auto scratch = BenchTarget().CreateScratch();
  VariantRunner runner(*scratch, scenario, options);
  PGconn* bare = PQconnectdb(scratch->conninfo().c_str());
  if (PQstatus(bare) != CONNECTION_OK) {
    state.SkipWithError(PQerrorMessage(bare));
    PQfinish(bare);
    return;
  }
  std::string error;
  // Warm-up. Each Run resets the schema and runs the setup (the counter
  // table); the plain round trips reuse the table the last Run left.
  bool ok = SchedulerBatch(plan, runner, nullptr, &error) &&
            SessionBatch(runner.connections().session(0), sql, nullptr, &error) &&
            PQexecBatch(bare, sql, nullptr, &error);
  std::vector<double> scheduler, session, pqexec;
  double scheduler_cpu_us = 0;
  double session_cpu_us = 0;
  for (auto _ : state) {
    if (!ok) break;
    size_t first = scheduler.size();
    double cpu = ThreadCpuMicroseconds();
    ok = SchedulerBatch(plan, runner, &scheduler, &error);
    double middle = ThreadCpuMicroseconds();
    ok = ok && SessionBatch(runner.connections().session(0), sql, &session, &error);
    session_cpu_us += ThreadCpuMicroseconds() - middle;
    scheduler_cpu_us += middle - cpu;
    ok = ok && PQexecBatch(bare, sql, &pqexec, &error);
    double batch_us = 0;
    for (size_t i = first; i < scheduler.size(); ++i) batch_us += scheduler[i];
    state.SetIterationTime(batch_us / 1e6);  // the benchmark's time: scheduler steps
  }
  PQfinish(bare);
  if (!ok) {
    state.SkipWithError(error.c_str());
    return;
  }
  double scheduler_median = Percentile(scheduler, 50);
  double session_median = Percentile(session, 50);
  state.counters["sched_median_us"] = scheduler_median;
  state.counters["sched_p90_us"] = Percentile(scheduler, 90);
  state.counters["session_median_us"] = session_median;
  state.counters["session_p90_us"] = Percentile(session, 90);
  state.counters["pqexec_median_us"] = Percentile(pqexec, 50);
  state.counters["overhead_us"] = scheduler_median - session_median;
  state.counters["sched_vs_raw_x"] = scheduler_median / session_median;
  // Client CPU per step (the scheduler's includes its Run's setup and
  // teardown, spread over the 100 steps).
  state.counters["sched_cpu_us"] = scheduler_cpu_us / static_cast<double>(scheduler.size());
  state.counters["session_cpu_us"] = session_cpu_us / static_cast<double>(session.size());
  state.SetItemsProcessed(static_cast<int64_t>(scheduler.size()));
  state.SetLabel(sql);
}

// Arg 0: SELECT 1; arg 1: UPDATE of one row. 30 rounds of 3 x 100 steps.
BENCHMARK(BM_StepOverhead)
    ->Arg(0)
    ->Arg(1)
    ->UseManualTime()
    ->Iterations(30)
    ->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace interleave::bench

BENCHMARK_MAIN();
