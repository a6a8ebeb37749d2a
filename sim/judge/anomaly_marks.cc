// Where the anomaly shows (see anomaly_marks.h).
#include "sim/judge/anomaly_marks.h"

#include <algorithm>
#include <map>
#include <set>

#include "sim/judge/trace_phrases.h"

namespace interleave {

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

std::string RowMention(const RowNumbers& rows, int step) {
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

std::vector<AnomalyMark> AnomalyMarks(const Scenario& scenario, const Plan* plan,
                                      const Trace& trace, const Verdict& verdict,
                                      const RowNumbers& rows) {
  std::vector<AnomalyMark> marks;
  const std::string name = scenario.anomaly.empty() ? "anomaly" : scenario.anomaly;

  if (verdict.kind == Verdict::Kind::kAbortedWithoutRetry) {
    std::map<int, int> last_attempt = LastAttempts(trace);
    std::set<int> told;
    for (int index : verdict.aborted_steps) {
      if (!ValidStep(trace, index)) continue;
      const StepTrace& step = trace.steps[index];
      if (step.attempt != last_attempt[step.client] || !told.insert(step.client).second) continue;
      AnomalyMark mark;
      mark.step = index;
      mark.lead = AnomalyMark::Lead::kAborted;
      mark.headline = "aborted, not retried";
      mark.sentences.push_back(StepClientName(trace, step) + " was aborted here (" +
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
    if (!IsWriteStep(step) || !CommittedLater(trace, step.index, &commit)) continue;
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
  mark.sentences.push_back(RowMention(rows, write.index) + " " + write.step_name + " is " +
                           StepClientName(trace, write) +
                           "'s last committed write before the check failed.");
  // Its basis: the read named in its SQL (${b2.price}, ${price}), else the
  // client's last read before it in the same transaction.
  const int write_row = DoneRow(rows, write.index);
  const Step* write_def = StepAsRun(scenario, plan, write.step_name);
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
        !CommittedLater(trace, step.index, &commit))
      continue;
    if (partner < 0 || row > DoneRow(rows, partner)) partner = step.index;
  }
  const StepTrace& read = trace.steps[basis];
  std::string text = computed
                         ? write.step_name + " wrote a value computed from what " + read.step_name +
                               " read at " + RowMention(rows, basis) + " (" + ReadValues(read) + ")"
                         : StepClientName(trace, write) + " last read at " + read.step_name + " " +
                               RowMention(rows, basis) + " (" + ReadValues(read) + ")";
  if (partner >= 0) {
    const StepTrace& other = trace.steps[partner];
    text += "; after that read, " + StepClientName(trace, other) + "'s " + other.step_name +
            " wrote at " + RowMention(rows, partner);
    int commit = -1;
    CommittedLater(trace, partner, &commit);
    int commit_row = commit >= 0 ? DoneRow(rows, commit) : -1;
    if (commit >= 0 && commit_row >= 0 && commit_row < write_row)
      text += " and committed at " + trace.steps[commit].step_name + " " + RowMention(rows, commit);
  }
  mark.sentences.push_back(Sentence(text));
  marks.push_back(mark);
  return marks;
}

}  // namespace interleave
