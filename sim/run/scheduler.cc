#include "sim/run/scheduler.h"

#include <unistd.h>

#include <algorithm>
#include <regex>
#include <set>

#include "db/db_failure.h"
#include "db/engine.h"
#include "sim/run/run_connections.h"

namespace interleave {
namespace {

using Clock = std::chrono::steady_clock;
constexpr int kDeadlockTimeoutMs = 50;
constexpr int kDeadlockTimeoutStepMs = 200;
using std::chrono::microseconds;

double MillisecondsSince(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// A value read earlier, as an SQL literal: numbers bare, text quoted.
std::string SqlLiteral(const std::optional<std::string>& value) {
  if (!value) return "NULL";
  static const std::regex number("-?[0-9]+(\\.[0-9]+)?");
  if (std::regex_match(*value, number)) return *value;
  std::string quoted = "'";
  for (char c : *value) {
    quoted += c;
    if (c == '\'') quoted += '\'';
  }
  return quoted + "'";
}

bool ReturnedRows(const StepTrace& step) {
  for (const auto& result : step.results) {
    if (!result.rows.empty()) return true;
  }
  return false;
}

}  // namespace

struct Scheduler::ClientState {
  ClientConnection* session = nullptr;
  boost::asio::posix::stream_descriptor* socket = nullptr;
  int active_step = -1;  // trace index of the step in progress
  int last_sent = -1;
  int attempt = 1;
  bool awaiting_retry = false;                   // aborted; its transaction runs again later
  std::string failed_step;                       // first step of this attempt that failed
  int deadlock_timeout_ms = kDeadlockTimeoutMs;  // -1: unknown
  std::map<std::string, std::optional<std::string>> vars;  // "col" and "step.col"
  std::map<std::string, int> step_by_name;                 // latest trace index
};

Scheduler::Scheduler(const Plan& plan, ScratchDatabase& scratch, const RunOptions& options)
    : plan_(plan), options_(options) {
  Start();
  try {
    Prepare(&scratch);
  } catch (const DbFailure& failure) {
    Fail(failure.what());
  }
}

Scheduler::Scheduler(const Plan& plan, RunConnections& connections, const RunOptions& options)
    : plan_(plan), options_(options), connections_(&connections) {
  Start();
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

void Scheduler::Prepare(ScratchDatabase* scratch) {
  const bool spec = plan_.scenario && plan_.scenario->is_isolation_spec;
  if (!connections_) {
    owned_connections_ = std::make_unique<RunConnections>(*scratch, options_, trace_.client_names);
    connections_ = owned_connections_.get();
  } else {
    connections_->Repair();
  }
  control_ = &connections_->control();
  if (!spec) {
    // Every run starts from exactly what the setup makes.
    StepOutcome reset = control_->Execute(
        "DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public; "
        "SELECT pg_catalog.set_config('search_path', 'public', false)");
    if (reset.error) {
      trace_.setup_error = reset.error;
      finished_ = true;
      return;
    }
  }
  for (const auto& sql : plan_.setup_sql) {
    StepOutcome outcome = control_->Execute(sql);
    if (!outcome.error && !outcome.results.empty() && outcome.results.back().has_rows()) {
      trace_.setup_results.push_back(outcome.results.back());
    }
    if (outcome.error) {
      trace_.setup_error = outcome.error;
      trace_.setup_error->detail = "in setup: " + sql;
      finished_ = true;
      return;
    }
  }
  if (options_.capture_state && !spec) trace_.initial_state = CaptureState();

  std::vector<int> pids;
  for (size_t c = 0; c < plan_.clients.size(); ++c) {
    auto state = std::make_unique<ClientState>();
    state->session = &connections_->session(c);
    state->socket = &connections_->socket(c);
    std::string prefix = plan_.clients[c].name + ": ";
    ClientState* raw = state.get();
    state->session->SetNoticeHandler([this, prefix, raw](const std::string& text) {
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
  for (size_t c = 0; c < plan_.clients.size(); ++c) {
    std::vector<std::string> statements;
    // A reused session starts from defaults (isolation specs keep their
    // sessions as they are, like the reference tool).
    if (!spec) {
      statements.push_back("DISCARD ALL");  // not allowed in a multi-statement string
      std::string settings =
          "SET deadlock_timeout = '" + std::to_string(kDeadlockTimeoutMs) + "ms'";
      if (plan_.isolation[c] != Isolation::kDefault) {
        settings +=
            "; SET SESSION CHARACTERISTICS AS TRANSACTION " + IsolationSql(plan_.isolation[c]);
      }
      statements.push_back(settings);  // one round trip
    } else if (plan_.isolation[c] != Isolation::kDefault) {
      statements.push_back("SET SESSION CHARACTERISTICS AS TRANSACTION " +
                           IsolationSql(plan_.isolation[c]));
    }
    for (const auto& sql : plan_.clients[c].setup_sql) statements.push_back(sql);
    for (size_t i = 0; i < statements.size(); ++i) {
      const std::string& sql = statements[i];
      StepOutcome outcome = clients_[c]->session->Execute(sql);
      bool session_setup = spec;
      if (session_setup && !outcome.error && !outcome.results.empty() &&
          outcome.results.back().has_rows()) {
        trace_.setup_results.push_back(outcome.results.back());
      }
      if (outcome.error) {
        trace_.setup_error = outcome.error;
        trace_.setup_error->detail = "in setup of " + plan_.clients[c].name + ": " + sql;
        finished_ = true;
        return;
      }
    }
  }
}

std::string Scheduler::Substitute(const std::string& text, int client, std::string* missing) const {
  if (text.find("${") == std::string::npos) return text;
  static const std::regex variable("\\$\\{([A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?)\\}");
  const auto& vars = client >= 0 ? clients_[client]->vars : check_vars_;
  std::string result;
  auto begin = std::sregex_iterator(text.begin(), text.end(), variable);
  size_t last = 0;
  for (auto it = begin; it != std::sregex_iterator(); ++it) {
    result += text.substr(last, it->position() - last);
    auto found = vars.find((*it)[1]);
    if (found == vars.end()) {
      if (missing && missing->empty()) *missing = (*it)[1];
      result += it->str();
    } else {
      result += SqlLiteral(found->second);
    }
    last = it->position() + it->length();
  }
  return result + text.substr(last);
}

bool Scheduler::Skip(const PlannedStep& entry, ClientState& state, std::string* reason,
                     std::optional<DbError>* error) {
  const Step& step = entry.step;
  auto earlier = [&](const std::string& name) -> const StepTrace* {
    auto it = state.step_by_name.find(name);
    return it == state.step_by_name.end() ? nullptr : &trace_.steps[it->second];
  };
  if (!step.if_empty.empty()) {
    const StepTrace* read = earlier(step.if_empty);
    if (read && ReturnedRows(*read)) {
      *reason = step.if_empty + " found a row, so the application skips this step";
      return true;
    }
  }
  if (!step.if_found.empty()) {
    const StepTrace* read = earlier(step.if_found);
    if (!read || !ReturnedRows(*read)) {
      *reason = step.if_found + " found no row, so the application skips this step";
      return true;
    }
  }
  if (!step.condition.empty()) {
    std::string missing;
    std::string condition = Substitute(step.condition, entry.client, &missing);
    if (!missing.empty() && !state.failed_step.empty()) {
      *reason = plan_.clients[entry.client].name + "'s transaction already failed at " +
                state.failed_step + ", so the application does not get here";
      return true;
    }
    if (!missing.empty()) {
      *error = DbError{"", "ERROR",
                       "no value for ${" + missing + "} in the condition of " + step.name, "", ""};
      return false;
    }
    StepOutcome outcome = control_->Execute("SELECT (" + condition + ")::boolean");
    if (outcome.error) {
      *error = outcome.error;
      error->value().message = "condition of " + step.name + ": " + error->value().message;
      return false;
    }
    const auto& rows = outcome.results.back().rows;
    bool holds = !rows.empty() && rows[0][0] && *rows[0][0] == "t";
    if (!holds) {
      *reason = "the application's condition " + condition + " is false";
      return true;
    }
  }
  return false;
}

void Scheduler::SetDeadlockTimeout(int client) {
  if (plan_.scenario && plan_.scenario->is_isolation_spec) return;  // specs set their own
  // PostgreSQL's victim is whoever's deadlock_timeout expires first after the
  // cycle forms; normally the first to wait. A step sent while others wait
  // gets a longer timeout, so that this stays true on a loaded machine.
  ClientState& state = *clients_[client];
  int wanted = kDeadlockTimeoutMs + kDeadlockTimeoutStepMs * static_cast<int>(waiting_.size());
  if (state.deadlock_timeout_ms == wanted) return;
  StepOutcome outcome =
      state.session->Execute("SET deadlock_timeout = '" + std::to_string(wanted) + "ms'");
  // Inside a transaction a SET is undone if the transaction rolls back.
  state.deadlock_timeout_ms = outcome.error ? -1 : wanted;
}

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
  std::string reason;
  std::optional<DbError> condition_error;
  bool skip = Skip(entry, state, &reason, &condition_error);
  std::string missing;
  step.sql = Substitute(entry.step.sql, entry.client, &missing);
  if (!missing.empty() && !condition_error && !skip && !state.failed_step.empty()) {
    // The value would have come from a step of a transaction that already
    // failed: the application never gets this far.
    skip = true;
    reason = step.client_name + "'s transaction already failed at " + state.failed_step +
             ", so the application does not get here";
  } else if (!missing.empty() && !condition_error && !skip) {
    condition_error = DbError{"", "ERROR",
                              "no value for ${" + missing + "}: no earlier step of " +
                                  step.client_name + " read a column by that name",
                              "", ""};
  }
  if (skip || condition_error) {
    step.status = skip ? StepStatus::kSkipped : StepStatus::kFailed;
    step.skip_reason = reason;
    step.error = condition_error;
    trace_.steps.push_back(step);
    state.step_by_name[entry.step.name] = step.index;
    trace_.events.push_back(
        {skip ? TraceEvent::Kind::kSkipped : TraceEvent::Kind::kCompleted, step.index, ""});
    return;
  }

  trace_.steps.push_back(step);
  int index = step.index;
  state.step_by_name[entry.step.name] = index;
  step_entries_.resize(trace_.steps.size());
  step_entries_[index] = entry.entry;
  notice_targets_.resize(trace_.steps.size());
  for (const auto& blocker : entry.entry.notice_blockers) {
    auto [client, unused] = plan_.scenario->FindStep(blocker.step);
    int base_notices = client >= 0 ? clients_[client]->session->total_notices() : 0;
    notice_targets_[index].push_back({client, base_notices + blocker.notices});
  }
  SetDeadlockTimeout(entry.client);
  send_times_.resize(trace_.steps.size());
  send_times_[index] = Clock::now();
  completions_at_send_.resize(trace_.steps.size());
  completions_at_send_[index] = completions_;
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

bool Scheduler::HasBlocker(int index) const {
  const ScheduleEntry& markers = step_entries_[index];
  for (const auto& name : markers.wait_for_steps) {
    auto [client, unused] = plan_.scenario->FindStep(name);
    if (client < 0) continue;
    int active = clients_[client]->active_step;
    if (active >= 0 && trace_.steps[active].step_name == name) return true;
  }
  for (const auto& [client, target] : notice_targets_[index]) {
    if (client >= 0 && clients_[client]->session->total_notices() < target) return true;
  }
  return false;
}

bool Scheduler::TryComplete(int index, int flags) {
  const int client = trace_.steps[index].client;
  ClientState& state = *clients_[client];
  if (!(flags & kRetry) && step_entries_[index].report_waiting_at_once) {
    trace_.steps[index].forced_waiting = true;
    trace_.events.push_back({TraceEvent::Kind::kWaiting, index, ""});
    return true;
  }
  const auto start = Clock::now();
  const double limit_ms = static_cast<double>(options_.step_timeout.count());
  microseconds interval(200);
  bool first = true;
  bool cancelled = trace_.steps[index].status == StepStatus::kCancelled;
  while (!state.session->Poll()) {
    // When re-checking a waiting step, ask the server at once: if the lock it
    // waited for has been granted, the answer is on its way.
    microseconds wait = (first && (flags & kRetry)) ? microseconds(0) : interval;
    first = false;
    if (WaitReadable(client, wait)) continue;
    if (flags & kNonBlock) {
      if (control_->IsBlocked(state.session->backend_id())) {
        if (state.session->Poll()) break;
        if (!(flags & kRetry)) {
          StepTrace& step = trace_.steps[index];
          step.blocked = true;
          step.waiting_detected_ms =
              std::chrono::duration<double, std::milli>(Clock::now() - send_times_[index]).count();
          step.wait_kind = "lock";
          std::vector<int> blockers = control_->BlockingClients(state.session->backend_id());
          if (blockers.empty()) {
            blockers = control_->SafeSnapshotBlockers(state.session->backend_id());
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
        return true;
      }
    }
    interval = std::min(interval * 2, microseconds(10000));
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
  if (HasBlocker(index)) {
    if (!(flags & kRetry)) {
      trace_.steps[index].forced_waiting = true;
      trace_.events.push_back({TraceEvent::Kind::kWaiting, index, ""});
    }
    return true;
  }
  RecordCompletion(index, (flags & kRetry) != 0);
  return false;
}

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
  if (outcome.error && state.failed_step.empty()) state.failed_step = step.step_name;
  step.results = std::move(outcome.results);
  step.error = std::move(outcome.error);
  step.status = cancelled ? StepStatus::kCancelled
                          : (step.error ? StepStatus::kFailed : StepStatus::kCompleted);
  step.duration_ms =
      std::chrono::duration<double, std::milli>(Clock::now() - send_times_[index]).count();
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

  for (const auto& result : step.results) {
    for (size_t c = 0; c < result.columns.size(); ++c) {
      std::optional<std::string> value;
      if (!result.rows.empty()) value = result.rows[0][c];
      state.vars[result.columns[c]] = value;
      state.vars[step.step_name + "." + result.columns[c]] = value;
      check_vars_[result.columns[c]] = value;
      check_vars_[step.step_name + "." + result.columns[c]] = value;
    }
  }

  const RetryPolicy& policy = plan_.clients[step.client].retry;
  if (step.error && state.attempt < policy.max_attempts &&
      std::count(policy.sqlstates.begin(), policy.sqlstates.end(), step.error->sqlstate) > 0) {
    state.session->Execute("ROLLBACK");
    state.awaiting_retry = true;
    state.attempt++;
    state.vars.clear();
    state.step_by_name.clear();
    state.failed_step.clear();
    trace_.events.push_back(
        {TraceEvent::Kind::kRetry, index,
         step.client_name + " got " + step.error->sqlstate + " at " + step.step_name +
             "; the application rolls back and runs the transaction again (attempt " +
             std::to_string(state.attempt) + " of " + std::to_string(policy.max_attempts) +
             ") after the schedule",
         step.client});
    for (const auto& planned : plan_.clients[step.client].steps) {
      retry_queue_.push_back({PlannedStep{step.client, planned, ScheduleEntry{}}, state.attempt});
    }
  }
}

void Scheduler::TryCompleteWaiting(int flags) {
  bool have_blocker;
  size_t old_waiting;
  do {
    have_blocker = false;
    old_waiting = waiting_.size();
    int old_notices = 0;
    for (auto& client : clients_) old_notices += client->session->total_notices();
    for (size_t w = 0; w < waiting_.size();) {
      if (TryComplete(waiting_[w], flags)) {
        const ScheduleEntry& markers = step_entries_[waiting_[w]];
        if (!markers.wait_for_steps.empty() || !markers.notice_blockers.empty())
          have_blocker = true;
        ++w;
      } else {
        waiting_.erase(waiting_.begin() + w);
      }
      if (finished_) return;
    }
    int notices = 0;
    for (auto& client : clients_) notices += client->session->total_notices();
    if (notices == old_notices && waiting_.size() == old_waiting) break;
  } while (have_blocker);
}

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
  const bool spec = plan_.scenario && plan_.scenario->is_isolation_spec;
  if (spec || pending_.empty()) return 0;
  // A client whose step still waits cannot send its next one: an application
  // thread blocked in a query cannot issue another. Let the others go first.
  TryCompleteWaiting(kNonBlock | kRetry);
  for (size_t i = 0; i < pending_.size(); ++i) {
    if (clients_[pending_[i].client]->active_step < 0) return i;
  }
  return 0;  // everyone waits: wait for the first (deadlock detection ends it)
}

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
      auto [entry, attempt] = retry_queue_.front();
      retry_queue_.pop_front();
      ClientState& state = *clients_[entry.client];
      if (attempt == state.attempt) {
        if (state.awaiting_retry) {
          trace_.events.push_back({TraceEvent::Kind::kRetry, -1,
                                   plan_.clients[entry.client].name +
                                       " runs its transaction again (attempt " +
                                       std::to_string(attempt) + ")",
                                   entry.client});
          state.awaiting_retry = false;
        }
        RunEntry(entry, attempt);
      }
      return true;
    }
    Finish();
  } catch (const std::exception& error) {
    Fail(error.what());
  }
  return true;
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
  for (auto& client : clients_) {
    client->active_step = -1;
    client->session->SetNoticeHandler(nullptr);
    if (client->session->busy()) client->session->Cancel();
    if (client->session->busy()) client->session->Collect();
    client->session->Execute("ROLLBACK");
  }
}

void Scheduler::EvaluateChecks() {
  for (const auto& check : plan_.checks) {
    CheckResult result;
    result.name = check.name;
    result.explain = check.explain;
    std::string missing;
    result.sql = Substitute(check.sql, -1, &missing);
    if (!missing.empty()) {
      result.error = DbError{"", "ERROR", "no step read a value for ${" + missing + "}", "", ""};
      trace_.checks.push_back(result);
      continue;
    }
    StepOutcome outcome = control_->Execute(result.sql);
    if (outcome.error) {
      result.error = outcome.error;
    } else {
      const auto& rows = outcome.results.back().rows;
      result.value = rows.empty()      ? "(no rows)"
                     : rows[0].empty() ? ""
                                       : rows[0][0].value_or("NULL");
      if (check.expect_any.empty()) {
        result.expected = "true";
        result.passed = result.value == "t";
        if (result.value == "t") result.value = "true";
        if (result.value == "f") result.value = "false";
      } else {
        for (size_t i = 0; i < check.expect_any.size(); ++i) {
          result.expected += (i ? " or " : "") + check.expect_any[i];
          if (check.expect_any[i] == result.value) result.passed = true;
        }
      }
    }
    trace_.checks.push_back(result);
  }
}

std::vector<TableState> Scheduler::CaptureState() {
  std::vector<std::string> tables =
      plan_.scenario ? plan_.scenario->show_tables : std::vector<std::string>{};
  if (tables.empty()) {
    StepOutcome list = control_->Execute(
        "SELECT quote_ident(table_name) FROM information_schema.tables "
        "WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1 LIMIT 6");
    if (!list.error) {
      for (const auto& row : list.results.back().rows) tables.push_back(row[0].value_or(""));
    }
  }
  std::vector<TableState> state;
  for (const auto& table : tables) {
    StepOutcome contents = control_->Execute("SELECT * FROM " + table + " ORDER BY 1");
    if (contents.error) continue;
    state.push_back({table, contents.results.back()});
  }
  return state;
}

void Scheduler::Finish() {
  const bool spec = plan_.scenario && plan_.scenario->is_isolation_spec;
  auto keep_rows = [](StepOutcome outcome, std::vector<StatementResult>* into) {
    if (!outcome.error && !outcome.results.empty() && outcome.results.back().has_rows()) {
      into->push_back(outcome.results.back());
    }
  };
  if (!spec) {
    // Sessions end rolled back; then the checks read the committed state.
    EndSessions();
    if (!trace_.setup_error) {
      EvaluateChecks();
      if (options_.capture_state) trace_.final_state = CaptureState();
    }
  }
  for (size_t c = 0; c < clients_.size(); ++c) {
    for (const auto& sql : plan_.clients[c].teardown_sql) {
      StepOutcome outcome = clients_[c]->session->Execute(sql);
      if (!outcome.results.empty())
        outcome.results.erase(outcome.results.begin(), outcome.results.end() - 1);
      keep_rows(std::move(outcome), &trace_.teardown_results);
    }
  }
  if (plan_.scenario) {
    for (const auto& sql : plan_.scenario->teardown_sql) {
      keep_rows(control_->Execute(sql), &trace_.teardown_results);
    }
  }
  finished_ = true;
  trace_.duration_ms = MillisecondsSince(started_);
}

}  // namespace interleave
