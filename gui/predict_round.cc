#include "gui/predict_round.h"

#include <algorithm>
#include <cctype>
#include <optional>
#include <utility>

#include "sim/judge/trace_phrases.h"

namespace interleave::gui {

namespace {

constexpr size_t kMaxValues = 3;  // the right value and up to two distractors
constexpr size_t kMaxRows = 3;

// The last result of `step` that has columns, or nullptr.
const StatementResult* ReadResult(const StepTrace& step) {
  for (auto it = step.results.rbegin(); it != step.results.rend(); ++it)
    if (it->has_rows()) return &*it;
  return nullptr;
}

// "price=30, valid=t" -> {{"price", "30"}, {"valid", "t"}}.
std::vector<std::pair<std::string, std::string>> SplitValues(const std::string& text) {
  std::vector<std::pair<std::string, std::string>> pairs;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find(", ", start);
    if (end == std::string::npos) end = text.size();
    std::string item = text.substr(start, end - start);
    size_t eq = item.find('=');
    if (eq != std::string::npos) pairs.emplace_back(item.substr(0, eq), item.substr(eq + 1));
    start = end + 2;
  }
  return pairs;
}

bool LocksRows(const std::string& sql) {
  std::string upper = sql;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  for (const char* clause : {"FOR UPDATE", "FOR SHARE", "FOR NO KEY UPDATE", "FOR KEY SHARE"})
    if (upper.find(clause) != std::string::npos) return true;
  return false;
}

int ClientOfTxn(const History& history, int txn) {
  const TxnRecord* record = history.Txn(txn);
  return record ? record->client : -1;
}

// The rows step `name` of `client` read or wrote in `history`.
std::vector<RowRef> RowsOfStep(const History& history, const std::string& name, int client,
                               bool writes_first) {
  std::vector<RowRef> written, read;
  for (const WriteEvent& write : history.writes)
    if (write.step == name && ClientOfTxn(history, write.txn) == client)
      written.push_back({write.table, write.key});
  for (const ReadEvent& event : history.reads)
    if (event.step == name && ClientOfTxn(history, event.txn) == client)
      for (const SeenRow& row : event.rows_seen) read.push_back({event.table, row.key});
  std::vector<RowRef> rows = writes_first ? written : read;
  const std::vector<RowRef>& rest = writes_first ? read : written;
  rows.insert(rows.end(), rest.begin(), rest.end());
  return rows;
}

// The values each column of `row` held in `history`: before and after every
// write of it.
void CollectColumnValues(const History& history, const RowRef& row,
                         std::vector<std::pair<std::string, std::string>>* values) {
  auto add = [&](const std::string& text) {
    for (auto& pair : SplitValues(text))
      if (std::find(values->begin(), values->end(), pair) == values->end()) values->push_back(pair);
  };
  for (const WriteEvent& write : history.writes) {
    if (write.table != row.table || write.key != row.key) continue;
    add(write.old_values);
    add(write.new_values);
  }
  for (const ReadEvent& read : history.reads) {
    if (read.table != row.table) continue;
    for (const SeenRow& seen : read.rows_seen)
      if (seen.key == row.key) add(seen.values);
  }
}

void AddValue(std::vector<std::string>* values, const std::string& value) {
  if (value.empty() || values->size() >= kMaxValues) return;
  if (std::find(values->begin(), values->end(), value) == values->end()) values->push_back(value);
}

// Where the value step `name` read came from, in `preview`: "the value from
// before any client ran", "the version owner wrote at o3", "its own write".
std::string ValueSource(const Trace& preview, const std::string& name, int client) {
  const History& history = preview.history;
  for (const ReadEvent& read : history.reads) {
    if (read.step != name || ClientOfTxn(history, read.txn) != client || read.rows_seen.empty())
      continue;
    const VersionId& version = read.rows_seen.front().version;
    const std::string row = read.table + " " + read.rows_seen.front().key;
    if (version.writer_txn < 0) return "the version of " + row + " from before any client ran";
    if (version.writer_txn == read.txn) return "its own write of " + row;
    const WriteEvent* write = history.WriteOf(version);
    std::string where = write ? " at " + write->step : "";
    return "the version of " + row + " " + TxnLabel(history, version.writer_txn) + " wrote" +
           where + (history.Committed(version.writer_txn) ? ", committed" : "");
  }
  return "";
}

// Why the live step waits: "josh holds the row lock on coupons id=2 since j3".
std::string WaitReason(const StepTrace& step, const Trace& live, const Trace* preview) {
  if (step.wait_kind == kSafeSnapshotWait)
    return "its SERIALIZABLE READ ONLY DEFERRABLE transaction waits for a safe snapshot";
  if (step.blocked_by_clients.empty()) return "another transaction holds a lock it needs";
  const int blocker = step.blocked_by_clients.front();
  const std::string blocker_name = blocker < static_cast<int>(live.client_names.size())
                                       ? live.client_names[blocker]
                                       : "another client";
  std::string last;
  if (!step.blocked_by_steps.empty() && step.blocked_by_steps.front() >= 0 &&
      step.blocked_by_steps.front() < static_cast<int>(live.steps.size()))
    last = live.steps[step.blocked_by_steps.front()].step_name;
  std::string fallback = blocker_name + " holds a lock it needs" +
                         (last.empty() ? "" : " (" + blocker_name + "'s last step: " + last + ")");
  if (!preview || !preview->explained) return fallback;
  const History& history = preview->history;
  std::vector<RowRef> rows = RowsOfStep(history, step.step_name, step.client, true);
  if (rows.empty()) return fallback;
  const RowRef& row = rows.front();
  // The blocker's first step that wrote the row or read it with a lock.
  const StepTrace* since = nullptr;
  auto consider = [&](const std::string& name) {
    const StepTrace* candidate = FindStep(*preview, name);
    if (candidate && (!since || candidate->index < since->index)) since = candidate;
  };
  for (const WriteEvent& write : history.writes)
    if (write.table == row.table && write.key == row.key &&
        ClientOfTxn(history, write.txn) == blocker)
      consider(write.step);
  for (const ReadEvent& read : history.reads) {
    if (read.table != row.table || ClientOfTxn(history, read.txn) != blocker) continue;
    const StepTrace* reader = FindStep(*preview, read.step);
    if (!reader || !LocksRows(reader->sql)) continue;
    for (const SeenRow& seen : read.rows_seen)
      if (seen.key == row.key) consider(read.step);
  }
  std::string where = row.table + " " + row.key;
  if (!since) return blocker_name + " holds a lock on " + where;
  return blocker_name + " holds the row lock on " + where + " since " + since->step_name;
}

}  // namespace

std::string OutcomeWords(Outcome outcome) {
  switch (outcome) {
    case Outcome::kCompletes:
      return "completes";
    case Outcome::kWaits:
      return "waits for a lock";
    case Outcome::kFails:
      return "fails with an error";
    case Outcome::kSkipped:
      return "is skipped (the application does not send it)";
    case Outcome::kHangs:
      return "hangs and is cancelled";
  }
  return "";
}

std::string PredictChoice::Label() const {
  if (outcome == Outcome::kCompletes && !value.empty()) return "completes and reads " + value;
  return OutcomeWords(outcome);
}

std::string ReadValue(const StepTrace& step) {
  const StatementResult* result = ReadResult(step);
  return result ? RowsInline(*result, kMaxRows) : "";
}

const StepTrace* FindStep(const Trace& trace, const std::string& name) {
  for (const StepTrace& step : trace.steps)
    if (step.step_name == name) return &step;
  return nullptr;
}

Outcome OutcomeOf(const StepTrace& step) {
  if (step.status == StepStatus::kSkipped) return Outcome::kSkipped;
  if (step.blocked || step.forced_waiting) return Outcome::kWaits;
  if (step.status == StepStatus::kFailed) return Outcome::kFails;
  if (step.status == StepStatus::kCancelled) return Outcome::kHangs;
  return Outcome::kCompletes;
}

PredictQuestion BuildQuestion(const Scenario& scenario, int cursor, int pane,
                              const std::string& variant, const std::string& name,
                              const Trace& preview, const std::vector<const Trace*>& others) {
  PredictQuestion question;
  question.cursor = cursor;
  question.pane = pane;
  question.variant = variant;
  question.step = name;
  const StepTrace* step = FindStep(preview, name);
  if (!step) return question;
  question.client = step->client;
  question.client_name = step->client_name;
  question.sql = step->sql;

  // The values: what the preview read, what other variants read, then the
  // other values the rows it read held (before and after each write).
  std::vector<std::string> values;
  AddValue(&values, ReadValue(*step));
  for (const Trace* other : others)
    if (const StepTrace* same = other ? FindStep(*other, name) : nullptr)
      AddValue(&values, ReadValue(*same));
  const StatementResult* result = ReadResult(*step);
  if (result && result->rows.size() == 1) {
    std::vector<const Trace*> traces{&preview};
    traces.insert(traces.end(), others.begin(), others.end());
    std::vector<std::pair<std::string, std::string>> held;
    for (const Trace* trace : traces) {
      if (!trace || !trace->explained) continue;
      for (const RowRef& row : RowsOfStep(trace->history, name, step->client, false))
        CollectColumnValues(trace->history, row, &held);
    }
    // The record writes JSON text (true, 2024-05-01T09:00:00+00:00), the
    // result the server's text (t, 2024-05-01 09:00:00+00): only columns
    // whose read value the record holds in the same words are varied.
    for (auto& [column, value] : held) {
      if (value == "true") value = "t";
      if (value == "false") value = "f";
    }
    for (const auto& [column, value] : held) {
      auto at = std::find(result->columns.begin(), result->columns.end(), column);
      if (at == result->columns.end()) continue;
      const size_t column_index = at - result->columns.begin();
      if (column_index >= result->rows[0].size()) continue;
      const std::string now = ValueText(result->rows[0][column_index]);
      if (std::find(held.begin(), held.end(), std::make_pair(column, now)) == held.end()) continue;
      StatementResult changed = *result;
      std::optional<std::string>& cell = changed.rows[0][column_index];
      if (cell && *cell == value) continue;
      cell = value == "NULL" ? std::nullopt : std::optional<std::string>(value);
      AddValue(&values, RowsInline(changed, kMaxRows));
    }
  }
  if (values.size() == 1 && result) AddValue(&values, result->rows.empty() ? "" : "no rows");
  std::sort(values.begin(), values.end());  // the right one is not always first

  if (values.empty()) question.choices.push_back({Outcome::kCompletes, ""});
  for (const std::string& value : values) question.choices.push_back({Outcome::kCompletes, value});
  question.choices.push_back({Outcome::kWaits, ""});
  question.choices.push_back({Outcome::kFails, ""});
  auto [client, index] = scenario.FindStep(name);
  bool conditional = step->status == StepStatus::kSkipped;
  if (client >= 0 && index >= 0) {
    const Step& def = scenario.clients[client].steps[index];
    conditional =
        conditional || !def.if_empty.empty() || !def.if_found.empty() || !def.condition.empty();
  }
  if (conditional) question.choices.push_back({Outcome::kSkipped, ""});
  return question;
}

Judgement JudgePick(const PredictChoice& pick, const std::string& name, const Trace& live,
                    const Trace* preview) {
  Judgement judgement;
  const StepTrace* step = FindStep(live, name);
  const bool waiting =
      step && (step->blocked || step->forced_waiting) && step->status == StepStatus::kNotRun;
  if (!step || (step->status == StepStatus::kNotRun && !waiting)) {
    // Not sent yet, or sent and neither done nor found waiting.
    judgement.known = false;
    return judgement;
  }
  judgement.known = true;
  judgement.final = !waiting;
  judgement.outcome = OutcomeOf(*step);
  const std::string value = ReadValue(*step);
  switch (judgement.outcome) {
    case Outcome::kCompletes: {
      judgement.actual = PredictChoice{Outcome::kCompletes, value}.Label();
      judgement.right =
          pick.outcome == Outcome::kCompletes && (pick.value.empty() || pick.value == value);
      judgement.reason = judgement.actual;
      if (value.empty() && !step->results.empty() && !step->results.back().command_tag.empty())
        judgement.reason += " (" + step->results.back().command_tag + ")";
      const StepTrace* planned = preview ? FindStep(*preview, name) : nullptr;
      if (!value.empty() && planned && ReadValue(*planned) == value && preview->explained) {
        std::string source = ValueSource(*preview, name, step->client);
        if (!source.empty()) judgement.reason += ": " + source;
      }
      break;
    }
    case Outcome::kWaits: {
      judgement.actual = OutcomeWords(Outcome::kWaits);
      judgement.reason = "waits: " + WaitReason(*step, live, preview);
      if (step->status == StepStatus::kFailed && step->error) {
        judgement.reason += "; then fails: " + ErrorText(*step->error);
      } else if (step->status == StepStatus::kCompleted) {
        std::string after;
        if (step->released_by >= 0 && step->released_by < static_cast<int>(live.steps.size()))
          after = " after " + live.steps[step->released_by].step_name;
        judgement.reason +=
            "; then completes" + after + (value.empty() ? "" : " and reads " + value);
      } else if (step->status == StepStatus::kCancelled) {
        judgement.reason += "; then is cancelled";
      }
      // Waiting, then failing (a deadlock's victim): either pick saw it coming.
      judgement.right = pick.outcome == Outcome::kWaits ||
                        (pick.outcome == Outcome::kFails && step->status == StepStatus::kFailed);
      break;
    }
    case Outcome::kFails:
      judgement.actual = OutcomeWords(Outcome::kFails);
      judgement.reason =
          "fails: " + (step->error ? ErrorText(*step->error) : std::string("an error"));
      judgement.right = pick.outcome == Outcome::kFails;
      break;
    case Outcome::kSkipped:
      judgement.actual = OutcomeWords(Outcome::kSkipped);
      judgement.reason = "is skipped" + (step->skip_reason.empty() ? "" : ": " + step->skip_reason);
      judgement.right = pick.outcome == Outcome::kSkipped;
      break;
    case Outcome::kHangs:
      judgement.actual = OutcomeWords(Outcome::kHangs);
      judgement.reason = "hangs (neither done nor waiting for a lock) and is cancelled";
      judgement.right = pick.outcome == Outcome::kHangs;
      break;
  }
  return judgement;
}

}  // namespace interleave::gui
