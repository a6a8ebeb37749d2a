// Facts about a trace (see trace_facts.h).
#include "sim/judge/trace_facts.h"

#include <algorithm>
#include <optional>

#include "sim/model/sql_text.h"
#include "sim/model/transaction_end.h"
#include "util/text_util.h"

namespace interleave {

//-----------------------------------------------------------------------------
// Clients and steps
//-----------------------------------------------------------------------------

bool ValidStep(const Trace& trace, int step) {
  return step >= 0 && step < static_cast<int>(trace.steps.size());
}

std::string ClientName(const Trace& trace, int client) {
  if (client >= 0 && client < static_cast<int>(trace.client_names.size()))
    return trace.client_names[client];
  return "client " + std::to_string(client + 1);
}

std::string StepClientName(const Trace& trace, const StepTrace& step) {
  return step.client_name.empty() ? ClientName(trace, step.client) : step.client_name;
}

const Step* StepAsRun(const Scenario& scenario, const Plan* plan, const std::string& name) {
  if (plan && !plan->clients.empty()) return FindPlannedStep(*plan, name);
  auto [client, step] = scenario.FindStep(name);
  return client < 0 ? nullptr : &scenario.clients[client].steps[step];
}

std::map<int, int> LastAttempts(const Trace& trace) {
  std::map<int, int> last;
  for (const StepTrace& step : trace.steps)
    if (step.status != StepStatus::kNotRun)
      last[step.client] = std::max(last[step.client], step.attempt);
  return last;
}

std::string SkipReasonText(const Scenario& scenario, const Plan* plan, const Trace& trace,
                           const StepTrace& step) {
  const std::string reason =
      step.skip_reason.empty() ? "the application decided not to run it" : step.skip_reason;
  const Step* def = StepAsRun(scenario, plan, step.step_name);
  if (!def) return reason;
  const std::string& depends = !def->if_found.empty() ? def->if_found : def->if_empty;
  if (!depends.empty()) {
    // The latest run of that step in the same attempt, before this one.
    const StepTrace* earlier = nullptr;
    for (const StepTrace& other : trace.steps)
      if (other.index < step.index && other.client == step.client &&
          other.attempt == step.attempt && other.step_name == depends)
        earlier = &other;
    if (earlier && earlier->status == StepStatus::kFailed)
      return depends + " failed" +
             (earlier->error && !earlier->error->sqlstate.empty()
                  ? " (" + earlier->error->sqlstate + ")"
                  : "") +
             ", so the application does not get here";
    if (earlier && earlier->status == StepStatus::kSkipped)
      return depends + " was skipped, so the application skips this step too";
  }
  const std::string lead = "the application's condition ";
  if (!def->condition.empty() && reason.rfind(lead, 0) == 0) {
    std::string value = reason.substr(lead.size());
    const std::string tail = " is false";
    if (value.size() > tail.size() &&
        value.compare(value.size() - tail.size(), tail.size(), tail) == 0)
      value.resize(value.size() - tail.size());
    std::string condition = CollapseWhitespace(def->condition);
    return lead + condition + " is false" + (value != condition ? " (here: " + value + ")" : "");
  }
  return reason;
}

//-----------------------------------------------------------------------------
// Writes
//-----------------------------------------------------------------------------

namespace {

bool IsWriteTag(const std::string& tag) {
  std::string word = FirstKeyword(tag);
  return word == "INSERT" || word == "UPDATE" || word == "DELETE" || word == "MERGE" ||
         word == "COPY";
}

}  // namespace

bool IsWriteStep(const StepTrace& step) {
  if (step.status != StepStatus::kCompleted) return false;
  for (const StatementResult& result : step.results)
    if (IsWriteTag(result.command_tag)) return true;
  return false;
}

bool CommittedLater(const Trace& trace, int index, int* commit_step) {
  const StepTrace& step = trace.steps[index];
  *commit_step = -1;
  for (size_t i = index + 1; i < trace.steps.size(); ++i) {
    const StepTrace& later = trace.steps[i];
    if (later.client != step.client || later.attempt != step.attempt) continue;
    if (later.status == StepStatus::kFailed || later.status == StepStatus::kCancelled) return false;
    switch (TransactionEndOf(later)) {
      case TransactionEnd::kCommitted:
        *commit_step = static_cast<int>(i);
        return true;
      case TransactionEnd::kRolledBack:
      case TransactionEnd::kAborted:
        return false;
      case TransactionEnd::kNone:
        break;
    }
  }
  return true;  // no transaction block seen: the write committed on its own
}

//-----------------------------------------------------------------------------
// Isolation levels and snapshots
//-----------------------------------------------------------------------------

namespace {

std::optional<Isolation> LevelInSql(const std::string& statement) {
  std::string text = AsciiUpper(CollapseWhitespace(statement));
  size_t pos = text.find("ISOLATION LEVEL ");
  if (pos == std::string::npos) return std::nullopt;
  std::string rest = text.substr(pos + 16);
  if (rest.rfind("READ UNCOMMITTED", 0) == 0) return Isolation::kReadUncommitted;
  if (rest.rfind("READ COMMITTED", 0) == 0) return Isolation::kReadCommitted;
  if (rest.rfind("REPEATABLE READ", 0) == 0) return Isolation::kRepeatableRead;
  if (rest.rfind("SERIALIZABLE", 0) == 0) return Isolation::kSerializable;
  return std::nullopt;
}

// The client's setup SQL in the scenario (isolation specs open transactions
// there), split into statements.
std::vector<std::string> ClientSetup(const Scenario& scenario, const Trace& trace, int client) {
  std::vector<std::string> statements;
  std::string name = client >= 0 && client < static_cast<int>(trace.client_names.size())
                         ? trace.client_names[client]
                         : "";
  for (const Client& c : scenario.clients)
    if (c.name == name)
      for (const std::string& sql : c.setup_sql)
        for (const std::string& statement : SplitStatements(sql)) statements.push_back(statement);
  return statements;
}

// The level the run gave `client`.
Isolation RunLevel(const Trace& trace, int client) {
  return client >= 0 && client < static_cast<int>(trace.client_isolation.size())
             ? trace.client_isolation[client]
             : Isolation::kDefault;
}

}  // namespace

Isolation ClientLevel(const Scenario& scenario, const Trace& trace, int client) {
  for (const std::string& statement : ClientSetup(scenario, trace, client)) {
    std::string word = FirstKeyword(statement);
    if (word == "BEGIN" || word == "START" || word == "SET")
      if (auto level = LevelInSql(statement)) return *level;
  }
  for (const StepTrace& step : trace.steps) {
    if (step.client != client) continue;
    for (const std::string& statement : SplitStatements(step.sql)) {
      std::string word = FirstKeyword(statement);
      if (word == "BEGIN" || word == "START" || word == "SET")
        if (auto level = LevelInSql(statement)) return *level;
    }
  }
  return RunLevel(trace, client);
}

std::set<int> SnapshotSteps(const Scenario& scenario, const Trace& trace) {
  struct State {
    bool in_transaction = false;
    bool taken = false;
    Isolation level = Isolation::kDefault;
  };
  std::map<int, State> states;
  std::set<int> marks;
  // Runs one statement through the client's state; true when it took the
  // transaction's snapshot.
  auto advance = [](State& state, Isolation run_level, const std::string& statement) {
    std::string word = FirstKeyword(statement);
    std::string upper = AsciiUpper(statement);
    if (word == "BEGIN" || (word == "START" && upper.find("TRANSACTION") != std::string::npos)) {
      state = State{true, false, LevelInSql(statement).value_or(run_level)};
    } else if (word == "SET" && upper.find("TRANSACTION") != std::string::npos) {
      if (auto level = LevelInSql(statement)) state.level = *level;
    } else if (word == "COMMIT" || word == "END" || word == "ABORT" || word == "PREPARE" ||
               (word == "ROLLBACK" && upper.find(" TO ") == std::string::npos)) {
      state.in_transaction = false;
    } else if (word == "SAVEPOINT" || word == "RELEASE" || word == "SET" || word == "RESET" ||
               word == "SHOW" || word == "LOCK" || word == "ROLLBACK") {
      // needs no snapshot
    } else if (state.in_transaction && !state.taken &&
               (state.level == Isolation::kRepeatableRead ||
                state.level == Isolation::kSerializable)) {
      state.taken = true;
      return true;
    }
    return false;
  };
  for (int c = 0; c < static_cast<int>(trace.client_names.size()); ++c)
    for (const std::string& statement : ClientSetup(scenario, trace, c))
      advance(states[c], RunLevel(trace, c), statement);
  for (const StepTrace& step : trace.steps) {
    if (step.status == StepStatus::kSkipped || step.status == StepStatus::kNotRun) continue;
    State& state = states[step.client];
    for (const std::string& statement : SplitStatements(step.sql))
      if (advance(state, RunLevel(trace, step.client), statement)) marks.insert(step.index);
  }
  return marks;
}

Isolation StepLevel(const Scenario& scenario, const Trace& trace, int index) {
  if (!ValidStep(trace, index)) return Isolation::kDefault;
  const int client = trace.steps[index].client;
  const Isolation run_level = RunLevel(trace, client);
  bool in_transaction = false;
  Isolation level = run_level;
  auto advance = [&](const std::string& statement) {
    std::string word = FirstKeyword(statement);
    std::string upper = AsciiUpper(statement);
    if (word == "BEGIN" || (word == "START" && upper.find("TRANSACTION") != std::string::npos)) {
      in_transaction = true;
      level = LevelInSql(statement).value_or(run_level);
    } else if (word == "SET" && upper.find("TRANSACTION") != std::string::npos &&
               upper.find("SESSION") == std::string::npos) {
      if (auto set = LevelInSql(statement)) level = *set;
    } else if (word == "COMMIT" || word == "END" || word == "ABORT" || word == "PREPARE" ||
               (word == "ROLLBACK" && upper.find(" TO ") == std::string::npos)) {
      in_transaction = false;
    }
  };
  for (const std::string& statement : ClientSetup(scenario, trace, client)) advance(statement);
  int attempt = 1;
  for (const StepTrace& step : trace.steps) {
    if (step.client != client) continue;
    // A retry's new attempt starts after the application rolled back.
    if (step.attempt != attempt) in_transaction = false;
    attempt = step.attempt;
    const bool ran = step.status != StepStatus::kSkipped && step.status != StepStatus::kNotRun;
    if (step.index != index) {
      if (ran)
        for (const std::string& statement : SplitStatements(step.sql)) advance(statement);
      continue;
    }
    if (!ran) return in_transaction ? level : run_level;
    for (const std::string& statement : SplitStatements(step.sql)) {
      // A COMMIT or ROLLBACK belongs to the transaction it ends.
      std::string word = FirstKeyword(statement);
      if (word == "COMMIT" || word == "END" || word == "ABORT" ||
          (word == "ROLLBACK" && AsciiUpper(statement).find(" TO ") == std::string::npos))
        return in_transaction ? level : run_level;
      advance(statement);
    }
    return in_transaction ? level : run_level;
  }
  return run_level;
}

std::string ClientLevelsText(const Scenario& scenario, const Trace& trace, int client) {
  std::vector<Isolation> levels;
  for (const StepTrace& step : trace.steps) {
    if (step.client != client || step.status == StepStatus::kNotRun ||
        step.status == StepStatus::kSkipped)
      continue;
    Isolation level = StepLevel(scenario, trace, step.index);
    if (level == Isolation::kDefault) level = Isolation::kReadCommitted;
    if (levels.empty() || levels.back() != level) levels.push_back(level);
  }
  if (levels.empty()) {
    Isolation level = ClientLevel(scenario, trace, client);
    levels.push_back(level == Isolation::kDefault ? Isolation::kReadCommitted : level);
  }
  std::string text;
  for (size_t i = 0; i < levels.size(); ++i)
    text += (i == 0 ? "" : ", then ") + IsolationName(levels[i]);
  return text;
}

//-----------------------------------------------------------------------------
// Events and row numbers
//-----------------------------------------------------------------------------

bool IsStepEvent(TraceEvent::Kind kind) {
  return kind == TraceEvent::Kind::kCompleted || kind == TraceEvent::Kind::kWaiting ||
         kind == TraceEvent::Kind::kCompletedLater || kind == TraceEvent::Kind::kSkipped ||
         kind == TraceEvent::Kind::kCancelled;
}

std::vector<TraceEvent> EffectiveEvents(const Trace& trace) {
  if (!trace.events.empty()) return trace.events;
  std::vector<TraceEvent> events;
  auto released = [&](int by) {
    std::vector<const StepTrace*> later;
    for (const StepTrace& step : trace.steps)
      if (step.blocked && step.released_by == by &&
          (step.status == StepStatus::kCompleted || step.status == StepStatus::kFailed))
        later.push_back(&step);
    std::sort(later.begin(), later.end(), [](const StepTrace* a, const StepTrace* b) {
      return a->completion_order < b->completion_order;
    });
    for (const StepTrace* step : later)
      events.push_back(TraceEvent{TraceEvent::Kind::kCompletedLater, step->index, ""});
  };
  for (const StepTrace& step : trace.steps) {
    switch (step.status) {
      case StepStatus::kNotRun:
        continue;
      case StepStatus::kSkipped:
        events.push_back(TraceEvent{TraceEvent::Kind::kSkipped, step.index, ""});
        break;
      case StepStatus::kCancelled:
        events.push_back(TraceEvent{TraceEvent::Kind::kCancelled, step.index, ""});
        break;
      default:
        events.push_back(
            TraceEvent{step.blocked ? TraceEvent::Kind::kWaiting : TraceEvent::Kind::kCompleted,
                       step.index, ""});
    }
    released(step.index);
  }
  released(-1);
  return events;
}

RowNumbers NumberRows(const Trace& trace, const std::vector<TraceEvent>& events) {
  RowNumbers rows;
  rows.sent.assign(trace.steps.size(), -1);
  rows.done.assign(trace.steps.size(), -1);
  int number = 0;
  for (const TraceEvent& event : events) {
    if (!IsStepEvent(event.kind) || !ValidStep(trace, event.step)) continue;
    ++number;
    if (rows.sent[event.step] < 0) rows.sent[event.step] = number;
    if (event.kind != TraceEvent::Kind::kWaiting) rows.done[event.step] = number;
  }
  return rows;
}

int DoneRow(const RowNumbers& rows, int step) {
  return step >= 0 && step < static_cast<int>(rows.done.size()) ? rows.done[step] : -1;
}

}  // namespace interleave
