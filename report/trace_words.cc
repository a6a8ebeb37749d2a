// The words shared by the text timeline and the GUI (see trace_words.h).
//
// Index
//   [SECTION] SQL
//   [SECTION] Results and errors
//   [SECTION] Clients, steps, waiting and releasing
//   [SECTION] Isolation levels and snapshots
//   [SECTION] Row numbers
//   [SECTION] The anomaly
#include "report/trace_words.h"

#include <algorithm>
#include <cctype>
#include <map>

#include "util/text_util.h"

namespace interleave {

//-----------------------------------------------------------------------------
// [SECTION] SQL
//-----------------------------------------------------------------------------

namespace {

// ${step.column} and ${column} references in SQL: (step or "", column).
std::vector<std::pair<std::string, std::string>> VarRefs(const std::string& sql) {
  std::vector<std::pair<std::string, std::string>> refs;
  size_t pos = 0;
  while ((pos = sql.find("${", pos)) != std::string::npos) {
    size_t end = sql.find('}', pos);
    if (end == std::string::npos) break;
    std::string inner = sql.substr(pos + 2, end - pos - 2);
    size_t dot = inner.find('.');
    if (dot == std::string::npos)
      refs.push_back({"", inner});
    else
      refs.push_back({inner.substr(0, dot), inner.substr(dot + 1)});
    pos = end + 1;
  }
  return refs;
}

}  // namespace

std::string Sentence(std::string text) {
  while (!text.empty() &&
         (std::isspace(static_cast<unsigned char>(text.back())) || text.back() == '.'))
    text.pop_back();
  return text + ".";
}

//-----------------------------------------------------------------------------
// [SECTION] Results and errors
//-----------------------------------------------------------------------------

namespace {

bool IsWriteTag(const std::string& tag) {
  std::string word = FirstKeyword(tag);
  return word == "INSERT" || word == "UPDATE" || word == "DELETE" || word == "MERGE" ||
         word == "COPY";
}

bool IsWriteStep(const StepTrace& step) {
  if (step.status != StepStatus::kCompleted) return false;
  for (const StatementResult& result : step.results)
    if (IsWriteTag(result.command_tag)) return true;
  return false;
}

// Did the transaction of `index` commit (or was the step on its own)? False
// when a later step of the same client and attempt failed or rolled back.
bool Committed(const Trace& trace, int index, int* commit_step) {
  const StepTrace& step = trace.steps[index];
  *commit_step = -1;
  for (size_t i = index + 1; i < trace.steps.size(); ++i) {
    const StepTrace& later = trace.steps[i];
    if (later.client != step.client || later.attempt != step.attempt) continue;
    if (later.status == StepStatus::kFailed || later.status == StepStatus::kCancelled) return false;
    if (later.status != StepStatus::kCompleted) continue;
    for (const StatementResult& result : later.results) {
      if (result.command_tag == "ROLLBACK") return false;
      if (result.command_tag == "COMMIT") {
        *commit_step = static_cast<int>(i);
        return true;
      }
    }
  }
  return true;  // no transaction block seen: the write committed on its own
}

}  // namespace

std::string ValueText(const std::optional<std::string>& value) { return value ? *value : "NULL"; }

std::string RowsInline(const StatementResult& result, size_t max_rows) {
  if (result.rows.empty()) return "no rows";
  auto row_text = [&](const std::vector<std::optional<std::string>>& row) {
    std::string text;
    for (size_t c = 0; c < row.size(); ++c) {
      if (c > 0) text += ", ";
      if (c < result.columns.size()) text += result.columns[c] + "=";
      text += ValueText(row[c]);
    }
    return text;
  };
  if (result.rows.size() == 1) return row_text(result.rows.front());
  std::string text;
  for (size_t r = 0; r < result.rows.size() && r < max_rows; ++r)
    text += (r > 0 ? " (" : "(") + row_text(result.rows[r]) + ")";
  if (result.rows.size() > max_rows)
    text += " and " + std::to_string(result.rows.size() - max_rows) + " more rows";
  return text;
}

std::string ErrorLine(const DbError& error) {
  std::string text = (error.severity.empty() ? "ERROR" : error.severity);
  if (!error.sqlstate.empty()) text += " " + error.sqlstate;
  if (!error.message.empty()) text += " " + error.message;
  return text;
}

std::string ResultText(const StepTrace& step, bool* plain_ok) {
  std::vector<std::string> parts;
  std::vector<std::string> statements = SplitStatements(step.sql);
  *plain_ok = false;
  bool all_echo = !step.results.empty();
  for (size_t i = 0; i < step.results.size(); ++i) {
    const StatementResult& result = step.results[i];
    std::string keyword = i < statements.size() ? FirstKeyword(statements[i]) : "";
    const std::string& tag = result.command_tag;
    bool has_digit = std::any_of(
        tag.begin(), tag.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
    bool echo =
        !result.has_rows() && !keyword.empty() &&
        ((tag.rfind(keyword, 0) == 0 && !has_digit) || (tag == "COMMIT" && keyword == "END") ||
         (tag == "ROLLBACK" && keyword == "ABORT"));
    if (!echo) all_echo = false;
    std::string part;
    if (result.has_rows()) {
      part = RowsInline(result);
      if (IsWriteTag(tag)) part = tag + ", " + part;
    } else if (tag == "ROLLBACK" && (keyword == "COMMIT" || keyword == "END")) {
      part = "ROLLBACK (the transaction had failed, so COMMIT rolled it back)";
    } else {
      part = tag;
    }
    if (!part.empty()) parts.push_back(part);
  }
  if (all_echo) {
    *plain_ok = true;
    return "";
  }
  std::string text;
  for (const std::string& part : parts) text += (text.empty() ? "" : "; ") + part;
  return text;
}

std::string CheckNumbers(const CheckResult& check) {
  return "expected " + (check.expected.empty() ? std::string("true") : check.expected) + ", got " +
         (check.value.empty() ? std::string("nothing") : check.value);
}

//-----------------------------------------------------------------------------
// [SECTION] Clients, steps, waiting and releasing
//-----------------------------------------------------------------------------

bool ValidStep(const Trace& trace, int step) {
  return step >= 0 && step < static_cast<int>(trace.steps.size());
}

std::string ClientName(const Trace& trace, int client) {
  if (client >= 0 && client < static_cast<int>(trace.client_names.size()))
    return trace.client_names[client];
  return "client " + std::to_string(client + 1);
}

namespace {

std::string StepClient(const Trace& trace, const StepTrace& step) {
  return step.client_name.empty() ? ClientName(trace, step.client) : step.client_name;
}

}  // namespace

const Step* StepDef(const Scenario& scenario, const Variant* variant, const std::string& name) {
  if (variant) {
    auto replaced = variant->replace_steps.find(name);
    if (replaced != variant->replace_steps.end()) return &replaced->second;
    for (const auto& added : variant->add_steps)
      if (added.step.name == name) return &added.step;
  }
  for (const Client& client : scenario.clients)
    for (const Step& step : client.steps)
      if (step.name == name) return &step;
  return nullptr;
}

std::string BlockersText(const Trace& trace, const StepTrace& step) {
  std::string text;
  for (size_t i = 0; i < step.blocked_by_clients.size(); ++i) {
    if (i > 0) text += ", ";
    text += ClientName(trace, step.blocked_by_clients[i]);
    if (i < step.blocked_by_steps.size() && ValidStep(trace, step.blocked_by_steps[i]))
      text += " (" + trace.steps[step.blocked_by_steps[i]].step_name + ")";
  }
  return text;
}

std::string ReleasedText(const Trace& trace, const StepTrace& step) {
  if (ValidStep(trace, step.released_by) && step.released_by != step.index)
    return " (released by " + trace.steps[step.released_by].step_name + ")";
  const StepTrace* before = nullptr;
  for (const StepTrace& other : trace.steps) {
    bool blocker = std::find(step.blocked_by_clients.begin(), step.blocked_by_clients.end(),
                             other.client) != step.blocked_by_clients.end();
    if (!blocker || other.completion_order < 0 || other.completion_order >= step.completion_order)
      continue;
    if (!before || other.completion_order > before->completion_order) before = &other;
  }
  if (!before) return "";
  std::string how = before->status == StepStatus::kFailed ? "failed" : "ended";
  for (const StatementResult& result : before->results)
    if (result.command_tag == "COMMIT") how = "committed";
  return " (released when " + StepClient(trace, *before) + "'s " + before->step_name + " " + how +
         ")";
}

std::string ReleasesText(const Trace& trace, const StepTrace& step, bool completed_only) {
  std::vector<std::string> released;
  for (const StepTrace& other : trace.steps)
    if (other.blocked && other.released_by == step.index && other.index != step.index &&
        (!completed_only || other.completion_order >= 0))
      released.push_back(StepClient(trace, other) + "'s " + other.step_name);
  if (released.empty()) return "";
  std::string text = "releases ";
  for (size_t i = 0; i < released.size(); ++i) text += (i > 0 ? ", " : "") + released[i];
  return text;
}

//-----------------------------------------------------------------------------
// [SECTION] Isolation levels and snapshots
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

//-----------------------------------------------------------------------------
// [SECTION] Row numbers
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

//-----------------------------------------------------------------------------
// [SECTION] The anomaly
//-----------------------------------------------------------------------------

namespace {

std::string RowRef(const RowNumbers& rows, int step) {
  int row = DoneRow(rows, step);
  return row < 0 ? "" : "#" + std::to_string(row);
}

// What the step read, from its last result with rows (at most two rows).
std::string ReadValues(const StepTrace& step) {
  for (auto it = step.results.rbegin(); it != step.results.rend(); ++it)
    if (it->has_rows()) return RowsInline(*it, 2);
  return "";
}

}  // namespace

std::vector<AnomalyMark> AnomalyMarks(const Scenario& scenario, const Variant* variant,
                                      const Trace& trace, const Verdict& verdict,
                                      const RowNumbers& rows) {
  std::vector<AnomalyMark> marks;
  const std::string name = scenario.anomaly.empty() ? "anomaly" : scenario.anomaly;

  if (verdict.kind == Verdict::Kind::kAbortedWithoutRetry) {
    std::map<int, int> last_attempt;
    for (const StepTrace& step : trace.steps)
      if (step.status != StepStatus::kNotRun)
        last_attempt[step.client] = std::max(last_attempt[step.client], step.attempt);
    std::set<int> told;
    for (int index : verdict.aborted_steps) {
      if (!ValidStep(trace, index)) continue;
      const StepTrace& step = trace.steps[index];
      if (step.attempt != last_attempt[step.client] || !told.insert(step.client).second) continue;
      AnomalyMark mark;
      mark.step = index;
      mark.lead = AnomalyMark::Lead::kAborted;
      mark.headline = "aborted, not retried";
      mark.sentences.push_back(StepClient(trace, step) + " was aborted here (" +
                               (step.error ? step.error->sqlstate : std::string("error")) +
                               ") and not retried: its transaction's changes are lost.");
      marks.push_back(mark);
    }
    return marks;
  }
  if (verdict.kind != Verdict::Kind::kAnomaly) return marks;

  const CheckResult* failed = nullptr;
  for (const CheckResult& check : trace.checks)
    if (!check.passed) {
      failed = &check;
      break;
    }
  if (!failed) return marks;
  const Check* def = nullptr;
  for (const Check& check : scenario.checks)
    if (check.name == failed->name) def = &check;
  const std::string explain =
      Sentence((failed->explain.empty() ? "check " + failed->name + " failed" : failed->explain) +
               " (" + CheckNumbers(*failed) + ")");

  AnomalyMark mark;
  mark.headline = name;
  // A check that uses what steps read: the anomaly shows at the last of them.
  if (def) {
    std::vector<std::string> seen;
    for (const auto& [step_name, column] : VarRefs(def->sql)) {
      if (step_name.empty()) continue;
      int found = -1;
      for (const StepTrace& step : trace.steps)
        if (step.step_name == step_name && DoneRow(rows, step.index) >= 0) found = step.index;
      if (found < 0) continue;
      std::string phrase = step_name + " (" + ReadValues(trace.steps[found]) + ")";
      if (std::find(seen.begin(), seen.end(), phrase) == seen.end()) seen.push_back(phrase);
      if (mark.step < 0 || DoneRow(rows, found) > DoneRow(rows, mark.step)) mark.step = found;
    }
    if (mark.step >= 0) {
      std::string list;
      for (size_t i = 0; i < seen.size(); ++i)
        list += (i == 0 ? "" : i + 1 == seen.size() ? " and " : ", ") + seen[i];
      mark.lead = AnomalyMark::Lead::kCheckReads;
      mark.sentences.push_back("Check " + failed->name + " uses what " + list + " read.");
      mark.sentences.push_back(explain);
      marks.push_back(mark);
      return marks;
    }
  }

  // Otherwise: the last write that committed, and what its client had read.
  for (const StepTrace& step : trace.steps) {
    int commit = -1;
    if (!IsWriteStep(step) || !Committed(trace, step.index, &commit)) continue;
    if (mark.step < 0 || DoneRow(rows, step.index) > DoneRow(rows, mark.step))
      mark.step = step.index;
  }
  if (mark.step < 0) {
    mark.lead = AnomalyMark::Lead::kExplain;
    mark.sentences.push_back(explain);
    marks.push_back(mark);
    return marks;
  }
  const StepTrace& write = trace.steps[mark.step];
  mark.lead = AnomalyMark::Lead::kLastWrite;
  mark.sentences.push_back(RowRef(rows, write.index) + " " + write.step_name + " is " +
                           StepClient(trace, write) +
                           "'s last committed write before the check failed.");
  // Its basis: the read named in its SQL (${b2.price}, ${price}), else the
  // client's last read before it in the same transaction.
  const int write_row = DoneRow(rows, write.index);
  const Step* write_def = StepDef(scenario, variant, write.step_name);
  int basis = -1;
  bool computed = false;
  // The client's latest read before the write (named `only_name`, or with a
  // column `column`, when given).
  auto last_read_before = [&](const std::string& only_name, const std::string& column) {
    int found = -1;
    for (const StepTrace& step : trace.steps) {
      if (step.client != write.client || step.attempt != write.attempt) continue;
      if (!only_name.empty() && step.step_name != only_name) continue;
      int row = DoneRow(rows, step.index);
      if (row < 0 || row >= write_row || ReadValues(step).empty()) continue;
      if (!column.empty()) {
        bool has = false;
        for (const StatementResult& result : step.results)
          for (const std::string& col : result.columns) has = has || col == column;
        if (!has) continue;
      }
      if (found < 0 || row > DoneRow(rows, found)) found = step.index;
    }
    return found;
  };
  if (write_def) {
    for (const auto& [step_name, column] : VarRefs(write_def->sql)) {
      int found = last_read_before(step_name, step_name.empty() ? column : "");
      if (found >= 0 && (basis < 0 || DoneRow(rows, found) > DoneRow(rows, basis))) basis = found;
    }
    computed = basis >= 0;
  }
  if (basis < 0) basis = last_read_before("", "");
  if (basis < 0) {
    mark.sentences.push_back(explain);
    marks.push_back(mark);
    return marks;
  }
  // The partner: another client's committed write between that read and this write.
  const int basis_row = DoneRow(rows, basis);
  int partner = -1;
  for (const StepTrace& step : trace.steps) {
    int row = DoneRow(rows, step.index);
    int commit = -1;
    if (step.client == write.client || !IsWriteStep(step) || row <= basis_row || row >= write_row ||
        !Committed(trace, step.index, &commit))
      continue;
    if (partner < 0 || row > DoneRow(rows, partner)) partner = step.index;
  }
  const StepTrace& read = trace.steps[basis];
  std::string text = computed
                         ? write.step_name + " wrote a value computed from what " + read.step_name +
                               " read at " + RowRef(rows, basis) + " (" + ReadValues(read) + ")"
                         : StepClient(trace, write) + " last read at " + read.step_name + " " +
                               RowRef(rows, basis) + " (" + ReadValues(read) + ")";
  if (partner >= 0) {
    const StepTrace& other = trace.steps[partner];
    text += "; after that read, " + StepClient(trace, other) + "'s " + other.step_name +
            " wrote at " + RowRef(rows, partner);
    int commit = -1;
    Committed(trace, partner, &commit);
    int commit_row = commit >= 0 ? DoneRow(rows, commit) : -1;
    if (commit >= 0 && commit_row >= 0 && commit_row < write_row)
      text += " and committed at " + trace.steps[commit].step_name + " " + RowRef(rows, commit);
  }
  mark.sentences.push_back(Sentence(text));
  marks.push_back(mark);
  return marks;
}

}  // namespace interleave
