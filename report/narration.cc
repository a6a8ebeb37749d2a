// The words beside a step (see narration.h).
#include "report/narration.h"

#include <algorithm>
#include <cctype>
#include <vector>

#include "sim/model/sql_text.h"

namespace interleave {

namespace {

bool IsWriteTag(const std::string& tag) {
  std::string word = FirstKeyword(tag);
  return word == "INSERT" || word == "UPDATE" || word == "DELETE" || word == "MERGE" ||
         word == "COPY";
}

}  // namespace

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

std::string ReleasedText(const Trace& trace, const StepTrace& step) {
  if (IsDeadlockVictim(step))
    return ": PostgreSQL's deadlock check aborted " + StepClientName(trace, step) +
           "'s transaction, freeing its locks";
  if (ValidStep(trace, step.released_by) && step.released_by != step.index) {
    const StepTrace& releaser = trace.steps[step.released_by];
    return " (released by " + releaser.step_name + (IsDeadlockVictim(releaser) ? "'s abort" : "") +
           ")";
  }
  const StepTrace* before = nullptr;
  for (const StepTrace& other : trace.steps) {
    bool blocker = std::find(step.blocked_by_clients.begin(), step.blocked_by_clients.end(),
                             other.client) != step.blocked_by_clients.end();
    if (!blocker || other.completion_order < 0 || other.completion_order >= step.completion_order)
      continue;
    if (!before || other.completion_order > before->completion_order) before = &other;
  }
  if (!before) return "";
  return " (released when " + StepClientName(trace, *before) + "'s " + before->step_name + " " +
         EndVerb(*before, "ended") + ")";
}

std::string ReleasesText(const Trace& trace, const StepTrace& step, bool completed_only) {
  std::vector<std::string> released;
  for (const StepTrace& other : trace.steps)
    if (other.blocked && other.released_by == step.index && other.index != step.index &&
        (!completed_only || other.completion_order >= 0))
      released.push_back(StepClientName(trace, other) + "'s " + other.step_name);
  if (released.empty()) return "";
  std::string text = "releases ";
  for (size_t i = 0; i < released.size(); ++i) text += (i > 0 ? ", " : "") + released[i];
  return text;
}

}  // namespace interleave
