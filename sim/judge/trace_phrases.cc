// The phrases shared by the verdict and the printers (see trace_phrases.h).
#include "sim/judge/trace_phrases.h"

#include <cctype>

#include "sim/judge/trace_facts.h"
#include "sim/model/transaction_end.h"

namespace interleave {

std::string Sentence(std::string text) {
  while (!text.empty() &&
         (std::isspace(static_cast<unsigned char>(text.back())) || text.back() == '.'))
    text.pop_back();
  return text + ".";
}

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

std::string ErrorText(const DbError& error) {
  std::string text = error.sqlstate;
  if (!error.message.empty()) text += (text.empty() ? "" : " ") + error.message;
  return text;
}

std::string ErrorLine(const DbError& error) {
  std::string text = (error.severity.empty() ? "ERROR" : error.severity);
  std::string what = ErrorText(error);
  if (!what.empty()) text += " " + what;
  return text;
}

std::string CheckNumbers(const CheckResult& check) {
  return "expected " + (check.expected.empty() ? std::string("true") : check.expected) + ", got " +
         (check.value.empty() ? std::string("nothing") : check.value);
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

bool IsDeadlockVictim(const StepTrace& step) {
  return step.blocked && step.status == StepStatus::kFailed && step.error &&
         step.error->sqlstate == "40P01";
}

std::string DeadlockText(const Trace& trace, const StepTrace& step) {
  if (!step.blocked) return "";
  // When `step` started to wait, and when each earlier step completed.
  auto event_of = [&](int index, bool waiting) {
    for (size_t e = 0; e < trace.events.size(); ++e) {
      const TraceEvent& event = trace.events[e];
      if (event.step != index) continue;
      if (waiting ? event.kind == TraceEvent::Kind::kWaiting
                  : (event.kind == TraceEvent::Kind::kCompletedLater ||
                     event.kind == TraceEvent::Kind::kCompleted))
        return static_cast<int>(e);
    }
    return waiting ? -1 : static_cast<int>(trace.events.size());
  };
  const int waits_at = event_of(step.index, true);
  if (waits_at < 0) return "";
  for (const StepTrace& other : trace.steps) {
    if (other.index >= step.index || !other.blocked || other.client == step.client) continue;
    bool other_waits_for_step = false, step_waits_for_other = false;
    for (int c : other.blocked_by_clients) other_waits_for_step |= c == step.client;
    for (int c : step.blocked_by_clients) step_waits_for_other |= c == other.client;
    if (!other_waits_for_step || !step_waits_for_other) continue;
    if (event_of(other.index, false) < waits_at) continue;  // it no longer waited
    return ", while " + StepClientName(trace, other) + "'s " + other.step_name + " waits for " +
           ClientName(trace, step.client) + ": a deadlock";
  }
  return "";
}

std::string EndVerb(const StepTrace& step, const std::string& otherwise) {
  if (step.status == StepStatus::kFailed) return "failed";
  switch (TransactionEndOf(step)) {
    case TransactionEnd::kCommitted:
      return "committed";
    case TransactionEnd::kRolledBack:
      return "rolled back";
    case TransactionEnd::kAborted:
      return "failed";
    case TransactionEnd::kNone:
      break;
  }
  return otherwise;
}

}  // namespace interleave
