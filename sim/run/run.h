// Running plans against a real PostgreSQL. A Run executes one Plan in one
// scratch database, either all at once (Run::Complete) or one schedule entry
// at a time (Run::Next, used by the GUI). RunScenario runs every variant of a
// scenario and judges each trace.
// Thread-safety: a Run belongs to one thread at a time; different Runs (each
// with its own scratch database) may run in parallel.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "sim/judge/verdict.h"
#include "sim/model/trace.h"
#include "sim/plan/plan.h"

namespace interleave {

class Target;
class ScratchDatabase;
class Scheduler;
class RunConnections;

struct RunOptions {
  // A step neither done nor blocked after this long is cancelled (a hang).
  std::chrono::milliseconds step_timeout{10000};
  // Any other statement the run waits for (the reset between variants,
  // setup, client setup and teardown, `if` conditions, checks) is cancelled
  // after this long, and the run fails saying which (sim/run/time_limit.h).
  std::chrono::milliseconds setup_timeout{60000};
  // For PostgreSQL isolation specs: application_name, TimeZone, DateStyle ...
  // as the reference tool sets them.
  bool isolation_spec_settings = false;
  std::string spec_name;  // application_name "isolation/<spec_name>/<session>"
  // Capture these tables' committed contents before and after.
  bool capture_state = true;
  // After each step sent, read which locks each client holds and waits for
  // (StepTrace::locks).
  bool capture_locks = false;
  // Cheaper (what `interleave run` does by default): after a step that could
  // take or wait for a lock (see StepMayLock), read the locks of the step's
  // client only; other steps have StepTrace::locks.captured false. Ignored
  // with capture_locks.
  bool capture_step_locks = false;
  // Record what each transaction read and wrote, for the dependency graph
  // (TOML scenarios only; isolation specs are never recorded).
  bool explain = true;
  // A run whose setup is the last run's, and provably restorable, starts
  // from a snapshot of the tables the setup made instead of running it again
  // (sim/run/setup_snapshot.h). Off: every run empties the database and runs
  // its setup.
  bool reuse_setup = true;
};

class Run {
 public:
  // Prepares the database (resets it, runs setup) and connects the clients.
  // `scratch` must outlive the Run. Errors in setup end up in the trace.
  Run(const Plan& plan, ScratchDatabase& scratch, const RunOptions& options);
  // The same on connections kept open across runs (see RunConnections).
  Run(const Plan& plan, RunConnections& connections, const RunOptions& options);
  ~Run();
  Run(const Run&) = delete;
  Run& operator=(const Run&) = delete;

  // Sends the next schedule entry and waits until it completes or blocks.
  // Returns false when there was nothing left to do (the run is finished:
  // waiting steps collected, retries run, checks evaluated, state captured).
  bool Next();
  // Collects the waiting steps that completed since the last call, without
  // sending anything (a lock released, a deadlock the server resolved);
  // true when one did.
  bool PollWaiting();
  // Runs everything that is left, then returns the finished trace.
  const Trace& Complete();

  bool finished() const;
  // Index in plan.order of the entry Next() would run; order.size() when the
  // schedule is exhausted.
  size_t position() const;
  // Clients whose last step is still waiting for a lock.
  std::vector<int> WaitingClients() const;
  const Trace& trace() const;
  const Plan& plan() const;
  // Cancels a step in progress from another thread (thread-safe).
  void Interrupt();

 private:
  std::unique_ptr<Scheduler> scheduler_;
};

// The schedule named `name` (empty: the first). Throws InputError.
const Schedule& FindSchedule(const Scenario& scenario, const std::string& name);

// One variant's result.
struct VariantResult {
  std::string variant;
  const Variant* variant_def = nullptr;  // null: the scenario as written
  Plan plan;                             // what ran: the variant applied, the interleaving chosen
  Trace trace;
  Verdict verdict;
};

// Runs every schedule entry of `schedule` (default: the first) for each variant
// of `scenario` (or just `only_variant`), each from a fresh setup, and judges
// (through RunPlans, sim/run/variant_runner.h).
std::vector<VariantResult> RunScenario(const Scenario& scenario, Target& target,
                                       const RunOptions& options,
                                       const std::string& only_variant = "",
                                       const std::string& schedule = "");

}  // namespace interleave
