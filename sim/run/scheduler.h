// The scheduler: executes one Plan against a scratch database, like
// PostgreSQL's isolationtester, with one connection per client plus a control
// connection. It sends the plan's steps in order; after sending a step it
// waits until the step completes or the server says another client of this
// run blocks it (pg_isolation_test_session_is_blocked), then goes on. A
// blocked step is recorded as completing when it really does; a client whose
// previous step still waits is waited for before it gets its next step. A
// step neither done nor blocked past the step limit is cancelled (a hang).
// Waiting uses Boost.Asio on the clients' sockets; no sleep orders events.
// What the application does around a step (values, conditions, retries),
// the checks, state capture, setup and spec markers each have their own file.
// Thread-safety: one thread at a time, except Interrupt().
// Ownership: owns the connections; borrows the plan's scenario and the
// scratch database, which must outlive it.
#pragma once

#include <atomic>
#include <chrono>
#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "db/engine.h"
#include "sim/model/trace.h"
#include "sim/plan/plan.h"
#include "sim/run/retry_queue.h"
#include "sim/run/run.h"
#include "sim/run/spec_markers.h"
#include "sim/run/step_variables.h"
#include "util/asio.h"

namespace interleave {

class ExplainRecorder;
class RunConnections;
class TimeLimitedControl;

class Scheduler {
 public:
  // Runs on its own connections to `scratch`.
  Scheduler(const Plan& plan, ScratchDatabase& scratch, const RunOptions& options);
  // Runs on `connections` (kept open across runs; must outlive the scheduler).
  Scheduler(const Plan& plan, RunConnections& connections, const RunOptions& options);
  ~Scheduler();
  Scheduler(const Scheduler&) = delete;
  Scheduler& operator=(const Scheduler&) = delete;

  bool Next();
  // Collects waiting steps that completed since (without sending anything);
  // true when one did.
  bool PollWaiting();
  const Trace& Complete();
  bool finished() const { return finished_; }
  size_t position() const { return position_; }
  std::vector<int> WaitingClients() const;
  const Trace& trace() const { return trace_; }
  const Plan& plan() const { return plan_; }
  void Interrupt();

 private:
  struct ClientState;
  enum Flags { kNonBlock = 1, kRetry = 2 };

  void Start();
  void Prepare(ScratchDatabase* scratch);
  void RunEntry(const PlannedStep& entry, int attempt);
  void WaitForClient(int client);
  void SetDeadlockTimeout(int client);
  bool TryComplete(int step_index, int flags);
  void TryCompleteWaiting(int flags);
  void RecordCompletion(int step_index, bool after_waiting);
  void RecordBlockers(int step_index);
  std::string HoldersThatNeverAct(int step_index);
  void ScheduleRetry(int step_index);
  bool HeldByMarkers(int step_index) const;
  int NoticesOf(int client) const;
  bool WaitReadable(int client, std::chrono::microseconds timeout);
  size_t NextRunnable();
  void Finish();
  void EndSessions();
  void Fail(const std::string& message);

  Plan plan_;
  RunOptions options_;
  Trace trace_;
  std::unique_ptr<RunConnections> owned_connections_;
  RunConnections* connections_ = nullptr;
  ControlConnection* control_ = nullptr;  // the connections' own, under a time limit
  std::unique_ptr<TimeLimitedControl> limited_control_;
  ExplainRecorder* recorder_ = nullptr;  // null: not recording (specs, --no-explain)
  std::vector<std::unique_ptr<ClientState>> clients_;
  std::vector<int> waiting_;  // trace step indices found waiting, in order
  RetryQueue retry_queue_;
  StepVariables check_values_;  // what any client read, for the checks
  SpecMarkers markers_;
  std::vector<std::chrono::steady_clock::time_point> send_times_;
  // Whether only the plan's row-changing and locking steps can wait for a
  // lock (sim/run/lock_wait_free.h), and per step sent, whether it cannot:
  // the server is not asked whether such a step waits.
  bool waits_only_on_rows_ = false;
  std::vector<bool> cannot_wait_;
  std::deque<PlannedStep> pending_;       // schedule entries not yet sent
  std::vector<int> completed_;            // trace step indices in order of completion
  std::vector<int> completions_at_send_;  // completions_ when each step was sent
  size_t position_ = 0;
  int completions_ = 0;
  int last_sent_ = -1;
  bool finished_ = false;
  std::atomic<bool> interrupted_{false};
  std::chrono::steady_clock::time_point started_;
};

}  // namespace interleave
