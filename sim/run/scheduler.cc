#include "sim/run/scheduler.h"

#include <algorithm>

#include "db/db_failure.h"
#include "db/engine.h"
#include "sim/explain/recorder.h"
#include "sim/judge/trace_facts.h"
#include "sim/run/application_logic.h"
#include "sim/run/checks.h"
#include "sim/run/lock_wait_free.h"
#include "sim/run/run_connections.h"
#include "sim/run/run_setup.h"
#include "sim/run/setup_snapshot.h"
#include "sim/run/state_capture.h"
#include "sim/run/time_limit.h"
#include "sim/run/wait_attribution.h"

namespace interleave {
namespace {
// How long a step waits, with nothing else left to run, before the scheduler
// asks whether what holds its lock can ever release it.
constexpr double kHolderCheckAfterMs = 1000;

using Clock = std::chrono::steady_clock;
constexpr int kDeadlockTimeoutStepMs = 200;
using std::chrono::microseconds;

double MillisecondsSince(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

bool IsSpec(const Plan& plan) { return plan.scenario && plan.scenario->is_isolation_spec; }

std::vector<std::string> ShowTables(const Plan& plan) {
  return plan.scenario ? plan.scenario->show_tables : std::vector<std::string>{};
}

}  // namespace

struct Scheduler::ClientState {
  ClientConnection* session = nullptr;
  boost::asio::posix::stream_descriptor* socket = nullptr;
  int active_step = -1;  // trace index of the step in progress
  int last_sent = -1;
  int attempt = 1;
  bool awaiting_retry = false;                   // aborted; its transaction runs again later
  int deadlock_timeout_ms = kDeadlockTimeoutMs;  // -1: unknown
  ApplicationMemory memory;                      // values read, steps run, first failure
};

Scheduler::Scheduler(const Plan& plan, ScratchDatabase& scratch, const RunOptions& options)
    : plan_(plan), options_(options) {
  Start();
  trace_.engine = scratch.engine();
  trace_.server_version = scratch.server_version();
  try {
    Prepare(&scratch);
  } catch (const DbFailure& failure) {
    Fail(failure.what());
  }
}

Scheduler::Scheduler(const Plan& plan, RunConnections& connections, const RunOptions& options)
    : plan_(plan), options_(options), connections_(&connections) {
  Start();
  trace_.engine = connections.scratch().engine();
  trace_.server_version = connections.scratch().server_version();
  try {
    Prepare(nullptr);
  } catch (const DbFailure& failure) {
    Fail(failure.what());
  }
}

void Scheduler::Start() {
  started_ = Clock::now();
  trace_.scenario_title = plan_.scenario ? plan_.scenario->title : "";
  trace_.scenario_path = plan_.scenario ? plan_.scenario->path : "";
  trace_.variant = plan_.variant;
  trace_.schedule = plan_.schedule;
  for (const auto& client : plan_.clients) trace_.client_names.push_back(client.name);
  trace_.client_isolation = plan_.isolation;
}

Scheduler::~Scheduler() {
  for (auto& client : clients_) {
    if (client && client->session) client->session->SetNoticeHandler(nullptr);
  }
}

void Scheduler::Fail(const std::string& message) {
  if (trace_.run_error.empty()) trace_.run_error = message;
  for (auto& client : clients_) {
    if (client && client->session && client->session->busy()) client->session->Cancel();
  }
  finished_ = true;
  trace_.duration_ms = MillisecondsSince(started_);
}

// Connects (or repairs the kept connections), sets up the database, then
// each session. A setup error finishes the run before its first step.
void Scheduler::Prepare(ScratchDatabase* scratch) {
  if (!connections_) {
    owned_connections_ = std::make_unique<RunConnections>(*scratch, options_, trace_.client_names);
    connections_ = owned_connections_.get();
  } else {
    connections_->Repair();
  }
  limited_control_ = std::make_unique<TimeLimitedControl>(
      connections_->control(), connections_->scratch(),
      RunConnectionSettings(options_, "time limit"), options_.setup_timeout);
  control_ = limited_control_.get();
  const bool record =
      options_.explain && !IsSpec(plan_) && control_->engine() == EngineKind::kPostgreSql;
  std::vector<std::string> sql;  // every text the run may send, for the recorder
  if (record) {
    sql = plan_.setup_sql;
    for (const Client& client : plan_.clients) {
      sql.insert(sql.end(), client.setup_sql.begin(), client.setup_sql.end());
      for (const Step& step : client.steps) sql.push_back(step.sql);
    }
  }
  // What the tables get after setup is part of what a snapshot of them is.
  const bool exact_xmin = record && MayWriteInSubtransactions(sql);
  const std::string snapshot_key =
      IsSpec(plan_) ? ""
                    : SetupSnapshot::KeyOf(plan_.setup_sql, !record      ? "plain"
                                                            : exact_xmin ? "write triggers, xmin"
                                                                         : "write triggers");
  SetupSnapshot* snapshot = options_.reuse_setup && control_->engine() == EngineKind::kPostgreSql
                                ? &connections_->setup_snapshot()
                                : nullptr;
  // Each session's reset runs while the control connection sets up the
  // database (collected below, or when Prepare returns early).
  std::vector<std::unique_ptr<SentStatement>> resets(plan_.clients.size());
  for (size_t c = 0; c < plan_.clients.size(); ++c) {
    resets[c] = ResetSentAhead(plan_, c, connections_->session(c), options_.setup_timeout);
  }
  bool restored = false;
  if (!SetUpDatabase(plan_, *control_, snapshot, snapshot_key, &restored, &trace_)) {
    finished_ = true;
    return;
  }
  if (options_.capture_state && !IsSpec(plan_)) {
    trace_.initial_state = CaptureState(*control_, ShowTables(plan_));
  }
  if (options_.explain && !IsSpec(plan_) && !record) {
    trace_.explain_note = "the dependency graph is recorded on PostgreSQL only";
  } else if (record) {
    recorder_ = &connections_->recorder();
    recorder_->BeginRun(*control_, trace_.client_names, plan_.isolation, sql, restored);
  }
  if (snapshot && !restored && !IsSpec(plan_))
    snapshot->Capture(snapshot_key, trace_.setup_results);

  std::vector<int> pids;
  for (size_t c = 0; c < plan_.clients.size(); ++c) {
    auto state = std::make_unique<ClientState>();
    state->session = &connections_->session(c);
    state->socket = &connections_->socket(c);
    std::string prefix = plan_.clients[c].name + ": ";
    ClientState* raw = state.get();
    const int client = static_cast<int>(c);
    state->session->SetNoticeHandler([this, prefix, raw, client](const std::string& text) {
      // The recorder's reports of row writes are not the scenario's notices.
      if (recorder_ && recorder_->TakeNotice(client, raw->active_step, text)) return;
      trace_.events.push_back({TraceEvent::Kind::kNotice, raw->active_step, prefix + text});
      if (raw->active_step >= 0) {
        std::string line = text;
        while (!line.empty() && line.back() == '\n') line.pop_back();
        trace_.steps[raw->active_step].notices.push_back(line);
      }
    });
    pids.push_back(state->session->backend_id());
    clients_.push_back(std::move(state));
  }
  control_->SetClients(pids);
  waits_only_on_rows_ =
      !IsSpec(plan_) && control_->engine() == EngineKind::kPostgreSql && PlanWaitsOnlyOnRows(plan_);
  trace_.client_backends = pids;
  for (size_t c = 0; c < plan_.clients.size(); ++c) {
    if (!SetUpSession(plan_, c, *clients_[c]->session, options_.setup_timeout, &trace_,
                      std::move(resets[c]))) {
      finished_ = true;
      return;
    }
  }
}

void Scheduler::SetDeadlockTimeout(int client) {
  if (IsSpec(plan_)) return;  // specs set their own
  ClientState& state = *clients_[client];
  // InnoDB looks for a deadlock as soon as a lock wait begins (no timeout to
  // set) and rolls back the transaction it judges lighter (fewer rows
  // changed and locked), which is normally the one whose lock request closed
  // the cycle: the later waiter, not PostgreSQL's first. Only the SQL error
  // 1213 (SQLSTATE 40001) is reported; the victim's whole transaction is gone.
  if (state.session->engine() == EngineKind::kMariaDb) return;
  // A role that may not set it keeps the server's deadlock_timeout: every
  // waiter the same, so the first to wait is still normally the victim.
  if (!state.session->may_set_deadlock_timeout()) return;
  // PostgreSQL's victim is whoever's deadlock_timeout expires first after the
  // cycle forms; normally the first to wait. A step sent while others wait
  // gets a longer timeout, so that this stays true on a loaded machine.
  int wanted = kDeadlockTimeoutMs + kDeadlockTimeoutStepMs * static_cast<int>(waiting_.size());
  if (state.deadlock_timeout_ms == wanted) return;
  StepOutcome outcome =
      state.session->Execute("SET deadlock_timeout = '" + std::to_string(wanted) + "ms'");
  // Inside a transaction a SET is undone if the transaction rolls back.
  state.deadlock_timeout_ms = outcome.error ? -1 : wanted;
}

// Sends one step (unless the application skips it), then waits until it
// completes or is found waiting, and re-checks the steps already waiting.
void Scheduler::RunEntry(const PlannedStep& entry, int attempt) {
  ClientState& state = *clients_[entry.client];
  if (state.active_step >= 0) WaitForClient(entry.client);
  if (finished_) return;

  StepTrace step;
  step.index = static_cast<int>(trace_.steps.size());
  step.client = entry.client;
  step.client_name = plan_.clients[entry.client].name;
  step.step_name = entry.step.name;
  step.attempt = attempt;
  step.sql = entry.step.sql;

  if (state.awaiting_retry && attempt < state.attempt) {
    step.status = StepStatus::kSkipped;
    step.skip_reason = step.client_name + "'s transaction was rolled back; it runs again later";
    trace_.steps.push_back(step);
    trace_.events.push_back({TraceEvent::Kind::kSkipped, step.index, ""});
    return;
  }
  StepDecision decision =
      DecideStep(entry.step, step.client_name, state.memory, trace_.steps, *control_);
  step.sql = decision.sql;
  if (!decision.send()) {
    step.status = decision.skip ? StepStatus::kSkipped : StepStatus::kFailed;
    step.skip_reason = decision.skip_reason;
    step.error = decision.error;
    trace_.steps.push_back(step);
    state.memory.step_by_name[entry.step.name] = step.index;
    trace_.events.push_back(
        {decision.skip ? TraceEvent::Kind::kSkipped : TraceEvent::Kind::kCompleted, step.index,
         ""});
    return;
  }

  trace_.steps.push_back(step);
  int index = step.index;
  state.memory.step_by_name[entry.step.name] = index;
  markers_.Arm(index, entry.entry, plan_.scenario, [this](int c) { return NoticesOf(c); });
  SetDeadlockTimeout(entry.client);
  send_times_.resize(trace_.steps.size());
  send_times_[index] = Clock::now();
  cannot_wait_.resize(trace_.steps.size());
  cannot_wait_[index] = waits_only_on_rows_ && StepCannotWait(trace_.steps[index].sql);
  completions_at_send_.resize(trace_.steps.size());
  completions_at_send_[index] = completions_;
  if (recorder_) recorder_->BeforeSend(entry.client, index, trace_.steps[index].sql);
  try {
    state.session->Send(trace_.steps[index].sql);
  } catch (const DbFailure& failure) {
    trace_.steps[index].status = StepStatus::kFailed;
    trace_.steps[index].error = DbError{"08006", "FATAL", failure.what(), "", ""};
    trace_.events.push_back({TraceEvent::Kind::kCompleted, index, ""});
    Fail(std::string("lost the connection of ") + step.client_name + ": " + failure.what());
    return;
  }
  state.active_step = index;
  state.last_sent = index;
  last_sent_ = index;

  bool must_wait = TryComplete(index, kNonBlock);
  TryCompleteWaiting(kNonBlock | kRetry);
  if (must_wait && !finished_) waiting_.push_back(index);
  if (options_.capture_locks && !finished_) {
    std::vector<int> backends;
    for (const auto& client : clients_) backends.push_back(client->session->backend_id());
    trace_.steps[index].locks = CaptureLocks(*control_, backends);
  } else if (options_.capture_step_locks && !finished_ &&
             (must_wait ||
              StepMayLock(trace_.steps[index].sql,
                          StepLevel(*plan_.scenario, trace_, index) == Isolation::kSerializable))) {
    // One query, for this client's locks only (what the timeline tells).
    std::vector<int> backends;
    for (const auto& client : clients_) backends.push_back(client->session->backend_id());
    trace_.steps[index].locks = CaptureLocks(*control_, backends, entry.client);
  }
}

bool Scheduler::WaitReadable(int client, microseconds timeout) {
  auto& socket = *clients_[client]->socket;
  auto& io = connections_->io();
  bool readable = false;
  boost::asio::steady_timer timer(io);
  socket.async_wait(boost::asio::posix::stream_descriptor::wait_read,
                    [&](const boost::system::error_code& error) {
                      if (!error) readable = true;
                      timer.cancel();
                    });
  timer.expires_after(timeout);
  timer.async_wait([&](const boost::system::error_code& error) {
    if (!error) socket.cancel();
  });
  io.restart();
  io.run();
  return readable;
}

int Scheduler::NoticesOf(int client) const { return clients_[client]->session->total_notices(); }

bool Scheduler::HeldByMarkers(int index) const {
  return markers_.Holds(
      index, plan_.scenario,
      [this](int client, const std::string& name) {
        int active = clients_[client]->active_step;
        return active >= 0 && trace_.steps[active].step_name == name;
      },
      [this](int c) { return NoticesOf(c); });
}

// A step the server reports blocked: who blocks it (row locks, or a
// serializable snapshot's wait for safety).
void Scheduler::RecordBlockers(int index) {
  StepTrace& step = trace_.steps[index];
  const int backend = clients_[step.client]->session->backend_id();
  step.blocked = true;
  step.waiting_detected_ms = MillisecondsSince(send_times_[index]);
  step.wait_kind = "lock";
  std::vector<int> blockers = control_->BlockingClients(backend);
  if (blockers.empty()) {
    blockers = control_->SafeSnapshotBlockers(backend);
    if (!blockers.empty()) step.wait_kind = kSafeSnapshotWait;
  }
  for (int pid : blockers) {
    for (size_t c = 0; c < clients_.size(); ++c) {
      if (clients_[c]->session->backend_id() != pid) continue;
      step.blocked_by_clients.push_back(static_cast<int>(c));
      step.blocked_by_steps.push_back(clients_[c]->last_sent);
    }
  }
  trace_.events.push_back({TraceEvent::Kind::kWaiting, index, ""});
}

// Waits for step `index` until it completes (returns false) or, with
// kNonBlock, until the server says it is blocked (returns true). With kRetry
// the step was already found waiting: it is not reported again. A step past
// the step limit is cancelled; one that outlives its cancel fails the run.
bool Scheduler::TryComplete(int index, int flags) {
  const int client = trace_.steps[index].client;
  ClientState& state = *clients_[client];
  if (!(flags & kRetry) && markers_.ReportWaitingAtOnce(index)) {
    trace_.steps[index].forced_waiting = true;
    trace_.events.push_back({TraceEvent::Kind::kWaiting, index, ""});
    return true;
  }
  const auto start = Clock::now();
  const double limit_ms = static_cast<double>(options_.step_timeout.count());
  const bool cannot_wait = static_cast<size_t>(index) < cannot_wait_.size() && cannot_wait_[index];
  microseconds interval(200);
  bool first = true;
  bool holder_checked = !trace_.steps[index].blocked || IsSpec(plan_);
  bool cancelled = trace_.steps[index].status == StepStatus::kCancelled;
  while (!state.session->Poll()) {
    // When re-checking a waiting step, ask the server at once: if the lock it
    // waited for has been granted, the answer is on its way.
    microseconds wait = (first && (flags & kRetry)) ? microseconds(0) : interval;
    first = false;
    if (WaitReadable(client, wait)) continue;
    if ((flags & kNonBlock) && !cannot_wait && control_->IsBlocked(state.session->backend_id())) {
      if (state.session->Poll()) break;
      if (!(flags & kRetry)) RecordBlockers(index);
      return true;
    }
    interval = std::min(interval * 2, microseconds(10000));
    if (!(flags & kNonBlock) && !holder_checked && !cancelled &&
        MillisecondsSince(start) >= kHolderCheckAfterMs) {
      // Nothing else can run before this step ends: if what holds its lock
      // can never act again, say so now rather than at the step limit. Asked
      // only after a grace period, because a server's wait lists may lag
      // (MariaDB refreshes InnoDB's every 100 ms), and a holder that has
      // just committed may still be listed.
      holder_checked = true;
      std::string holders = HoldersThatNeverAct(index);
      if (!holders.empty() && state.session->Cancel()) {
        cancelled = true;
        StepTrace& step = trace_.steps[index];
        step.status = StepStatus::kCancelled;
        if (trace_.run_error.empty())
          trace_.run_error =
              step.step_name + " of " + step.client_name + " waits for a lock held by " + holders +
              ", which has no steps left to release it, so " + step.step_name + " was cancelled";
      }
    }
    double elapsed = MillisecondsSince(start);
    if (interrupted_ && !cancelled) {
      state.session->Cancel();
      cancelled = true;
      trace_.steps[index].status = StepStatus::kCancelled;
      trace_.run_error = "interrupted";
    }
    if (elapsed > limit_ms && !cancelled && state.session->Cancel()) {
      cancelled = true;
      trace_.steps[index].status = StepStatus::kCancelled;
      trace_.events.push_back({TraceEvent::Kind::kCancelled, index,
                               "isolationtester: canceling step " + trace_.steps[index].step_name +
                                   " after " + std::to_string(static_cast<int>(elapsed / 1000)) +
                                   " seconds\n"});
    }
    if (elapsed > 2 * limit_ms) {
      Fail("step " + trace_.steps[index].step_name + " of " + trace_.steps[index].client_name +
           " did not finish within " + std::to_string(static_cast<int>(2 * limit_ms / 1000)) +
           " s, even after it was cancelled");
      return true;
    }
  }
  if (HeldByMarkers(index)) {
    if (!(flags & kRetry)) {
      trace_.steps[index].forced_waiting = true;
      trace_.events.push_back({TraceEvent::Kind::kWaiting, index, ""});
    }
    return true;
  }
  RecordCompletion(index, (flags & kRetry) != 0);
  return false;
}

// The clients (as "a" or "a and b") holding what waiting step `index` waits
// for when none of them can act again (no step in progress, none left in the
// schedule, no retry to come); empty when one can, or no client holds it.
std::string Scheduler::HoldersThatNeverAct(int index) {
  if (!retry_queue_.empty()) return "";
  const int backend = clients_[trace_.steps[index].client]->session->backend_id();
  std::vector<int> blockers = control_->BlockingClients(backend);
  std::string names;
  for (int pid : blockers) {
    int holder = -1;
    for (size_t c = 0; c < clients_.size(); ++c) {
      if (clients_[c]->session->backend_id() == pid) holder = static_cast<int>(c);
    }
    if (holder < 0 || holder == trace_.steps[index].client) return "";
    const ClientState& state = *clients_[holder];
    if (state.active_step >= 0 || state.awaiting_retry) return "";
    for (const PlannedStep& entry : pending_) {
      if (entry.client == holder) return "";
    }
    names += (names.empty() ? "" : " and ") + plan_.clients[holder].name;
  }
  return names;
}

// Collects a completed step's results: its status, who released it if it
// waited, the values it read, and a retry if its error calls for one.
void Scheduler::RecordCompletion(int index, bool after_waiting) {
  StepTrace& step = trace_.steps[index];
  ClientState& state = *clients_[step.client];
  bool cancelled = step.status == StepStatus::kCancelled;
  StepOutcome outcome = state.session->Collect();
  // A SET made inside a transaction that ended, or after a savepoint rolled
  // back to (both answer "ROLLBACK"), may be undone: set it again next time.
  bool setting_may_be_undone = outcome.error.has_value();
  for (const auto& result : outcome.results) {
    if (result.command_tag == "ROLLBACK" || result.command_tag == "COMMIT")
      setting_may_be_undone = true;
  }
  if (setting_may_be_undone) state.deadlock_timeout_ms = -1;
  if (outcome.error && state.memory.failed_step.empty()) state.memory.failed_step = step.step_name;
  step.results = std::move(outcome.results);
  step.error = std::move(outcome.error);
  step.notifications = std::move(outcome.notifications);
  step.status = cancelled ? StepStatus::kCancelled
                          : (step.error ? StepStatus::kFailed : StepStatus::kCompleted);
  step.duration_ms = MillisecondsSince(send_times_[index]);
  step.completion_order = completions_++;
  if (after_waiting) {
    // Released by the other client's step that completed last since this one
    // was sent (a COMMIT, or a deadlock victim's failure); else by the step
    // sent last.
    step.released_by = last_sent_;
    for (auto it = completed_.rbegin(); it != completed_.rend(); ++it) {
      const StepTrace& other = trace_.steps[*it];
      if (other.completion_order < completions_at_send_[index]) break;
      if (other.client != step.client) {
        step.released_by = *it;
        break;
      }
    }
  }
  completed_.push_back(index);
  state.active_step = -1;
  trace_.events.push_back(
      {after_waiting ? TraceEvent::Kind::kCompletedLater : TraceEvent::Kind::kCompleted, index,
       ""});
  state.memory.values.Record(step.step_name, step.results);
  check_values_.Record(step.step_name, step.results);
  if (recorder_) recorder_->AfterComplete(trace_, index);
  if (after_waiting && (options_.capture_locks || options_.capture_step_locks) && !finished_) {
    std::vector<int> backends;
    for (const auto& client : clients_) backends.push_back(client->session->backend_id());
    trace_.steps[index].locks_when_done = CaptureLocks(*control_, backends, step.client);
  }
  ScheduleRetry(index);
}

void Scheduler::ScheduleRetry(int index) {
  const StepTrace& step = trace_.steps[index];
  ClientState& state = *clients_[step.client];
  const RetryPolicy& policy = plan_.clients[step.client].retry;
  if (!step.error || !RetryQueue::Retries(policy, *step.error, state.attempt)) return;
  state.session->Execute("ROLLBACK");
  if (recorder_) recorder_->ClientRolledBack(step.client);
  state.awaiting_retry = true;
  state.attempt++;
  state.memory.Forget();
  trace_.events.push_back({TraceEvent::Kind::kRetry, index,
                           RetryScheduledText(step.client_name, step.error->sqlstate,
                                              step.step_name, state.attempt, policy.max_attempts),
                           step.client});
  retry_queue_.Requeue(step.client, plan_.clients[step.client], state.attempt);
}

// Re-checks every waiting step; while a spec marker was involved and
// something changed, again (one completion may release another).
void Scheduler::TryCompleteWaiting(int flags) {
  bool have_blocker;
  size_t old_waiting;
  auto all_notices = [this] {
    int notices = 0;
    for (size_t c = 0; c < clients_.size(); ++c) notices += NoticesOf(static_cast<int>(c));
    return notices;
  };
  do {
    have_blocker = false;
    old_waiting = waiting_.size();
    int old_notices = all_notices();
    for (size_t w = 0; w < waiting_.size();) {
      if (TryComplete(waiting_[w], flags)) {
        if (markers_.HasBlockers(waiting_[w])) have_blocker = true;
        ++w;
      } else {
        waiting_.erase(waiting_.begin() + w);
      }
      if (finished_) return;
    }
    if (all_notices() == old_notices && waiting_.size() == old_waiting) break;
  } while (have_blocker);
}

// Waits until `client`'s step in progress completes (an application thread
// blocked in a query cannot send another).
void Scheduler::WaitForClient(int client) {
  const auto start = Clock::now();
  while (clients_[client]->active_step >= 0 && !finished_) {
    int old = clients_[client]->active_step;
    if (!TryComplete(old, kRetry)) {
      waiting_.erase(std::remove(waiting_.begin(), waiting_.end(), old), waiting_.end());
    }
    if (finished_) return;
    TryCompleteWaiting(kNonBlock | kRetry);
    if (clients_[client]->active_step >= 0 &&
        MillisecondsSince(start) > 2.0 * options_.step_timeout.count()) {
      Fail("step " + trace_.steps[old].step_name + " never completed");
    }
  }
}

size_t Scheduler::NextRunnable() {
  if (IsSpec(plan_) || pending_.empty()) return 0;
  // A client whose step still waits cannot send its next one: an application
  // thread blocked in a query cannot issue another. Let the others go first.
  TryCompleteWaiting(kNonBlock | kRetry);
  for (size_t i = 0; i < pending_.size(); ++i) {
    if (clients_[pending_[i].client]->active_step < 0) return i;
  }
  return 0;  // everyone waits: wait for the first (deadlock detection ends it)
}

// The loop, one turn per call: the schedule's next step; then the steps
// still waiting; then the retried transactions; then the end of the run.
bool Scheduler::Next() {
  if (finished_) return false;
  try {
    if (position_ < plan_.order.size()) {
      if (pending_.empty() && position_ == 0) {
        pending_.assign(plan_.order.begin(), plan_.order.end());
      }
      size_t pick = NextRunnable();
      if (finished_) return true;
      if (pick != 0) trace_.reordered = true;
      PlannedStep entry = pending_[pick];
      pending_.erase(pending_.begin() + pick);
      ++position_;
      RunEntry(entry, 1);
      return true;
    }
    if (!waiting_.empty()) {
      TryCompleteWaiting(kRetry);
      if (!waiting_.empty() && !finished_) {
        Fail("the remaining steps block each other and none can complete");
      }
      return true;
    }
    if (!retry_queue_.empty()) {
      auto [entry, attempt] = retry_queue_.Pop();
      ClientState& state = *clients_[entry.client];
      if (attempt == state.attempt) {
        if (state.awaiting_retry) {
          trace_.events.push_back({TraceEvent::Kind::kRetry, -1,
                                   RetryStartText(plan_.clients[entry.client].name, attempt),
                                   entry.client});
          state.awaiting_retry = false;
        }
        RunEntry(entry, attempt);
      }
      return true;
    }
    Finish();
  } catch (const DbFailure& failure) {
    Fail(std::string("the server failed: ") + failure.what());
  } catch (const std::exception& error) {
    Fail(error.what());
  }
  return true;
}

bool Scheduler::PollWaiting() {
  if (finished_ || waiting_.empty()) return false;
  const int before = completions_;
  try {
    TryCompleteWaiting(kNonBlock | kRetry);
  } catch (const std::exception& error) {
    Fail(error.what());
  }
  return completions_ != before || finished_;
}

const Trace& Scheduler::Complete() {
  while (Next()) {
  }
  return trace_;
}

std::vector<int> Scheduler::WaitingClients() const {
  std::vector<int> waiting;
  for (size_t c = 0; c < clients_.size(); ++c) {
    if (clients_[c]->active_step >= 0) waiting.push_back(static_cast<int>(c));
  }
  return waiting;
}

void Scheduler::Interrupt() { interrupted_ = true; }

void Scheduler::EndSessions() {
  for (size_t c = 0; c < clients_.size(); ++c) {
    auto& client = clients_[c];
    if (recorder_) recorder_->ClientRolledBack(static_cast<int>(c));
    client->active_step = -1;
    client->session->SetNoticeHandler(nullptr);
    if (client->session->busy()) client->session->Cancel();
    if (client->session->busy()) client->session->Collect();
    // A session that committed or rolled back has nothing to roll back.
    if (!IdleOutsideTransaction(*client->session)) client->session->Execute("ROLLBACK");
  }
}

void Scheduler::Finish() {
  if (!IsSpec(plan_)) {
    // Sessions end rolled back; then the checks read the committed state.
    EndSessions();
    if (recorder_ && !trace_.setup_error) {
      trace_.history = recorder_->Finish(*control_, trace_);
      trace_.explained = recorder_->unavailable().empty();
      trace_.explain_note = recorder_->unavailable();
      for (const std::string& gap : trace_.history.gaps)
        trace_.explain_note += (trace_.explain_note.empty() ? "not seen: " : "; ") + gap;
    }
    NameLockTakers(trace_);
    TellDeadlocks(trace_);
    if (!trace_.setup_error) {
      std::vector<CheckResult> checks = EvaluateChecks(plan_.checks, check_values_, *control_);
      trace_.checks.insert(trace_.checks.end(), checks.begin(), checks.end());
      if (options_.capture_state) trace_.final_state = CaptureState(*control_, ShowTables(plan_));
    }
  }
  std::vector<ClientConnection*> sessions;
  for (auto& client : clients_) sessions.push_back(client->session);
  TearDown(plan_, sessions, *control_, options_.setup_timeout, &trace_);
  finished_ = true;
  trace_.duration_ms = MillisecondsSince(started_);
}

}  // namespace interleave
