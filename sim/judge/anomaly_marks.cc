// Where the anomaly shows (see anomaly_marks.h).
#include "sim/judge/anomaly_marks.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include "sim/judge/graph_words.h"
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

// The trace step that ran `name` in transaction `txn`: the step of that
// name by the transaction's client in the transaction's attempt; -1 if none.
int TraceStepOf(const Trace& trace, const History& history, int txn, const std::string& name) {
  const TxnRecord* record = history.Txn(txn);
  if (record == nullptr) return -1;
  for (const StepTrace& step : trace.steps)
    if (step.client == record->client && step.attempt == record->attempt && step.step_name == name)
      return step.index;
  return -1;
}

// Names the transactions and steps of a run's dependency graph as the
// timeline shows them: the client's name, the step's name and its row.
// Thread-safety: const methods only. Ownership: refers to the trace, the
// history and the row numbers, which must outlive it.
class GraphWords {
 public:
  GraphWords(const Trace& trace, const History& history, const RowNumbers& rows)
      : trace_(trace), history_(history), rows_(rows) {}

  // The trace step, or -1 (see TraceStepOf).
  int Index(int txn, const std::string& step) const {
    return TraceStepOf(trace_, history_, txn, step);
  }
  // "laptop"
  std::string Who(int txn) const {
    const TxnRecord* record = history_.Txn(txn);
    return record ? record->client_name : TxnLabel(history_, txn);
  }
  // "laptop's l2 (#4)"
  std::string Step(int txn, const std::string& step) const {
    return Who(txn) + "'s " + Bare(txn, step);
  }
  // "l2 (#4)"
  std::string Bare(int txn, const std::string& step) const {
    std::string row = RowMention(rows_, Index(txn, step));
    return row.empty() ? step : step + " (" + row + ")";
  }

 private:
  const Trace& trace_;
  const History& history_;
  const RowNumbers& rows_;
};

std::string InParens(const std::string& values) {
  return values.empty() ? "" : " (" + values + ")";
}

// An rw edge as what the read saw and what the write did to it: "laptop's l2
// (#4) read users id=1 (peepcoins=100); phone's p3 (#5) then replaced it
// (peepcoins=70)", or "... had replaced it" when the write showed first.
std::string RwText(const GraphWords& words, const Dependency& edge, bool write_first = false) {
  const std::string reader = words.Step(edge.from, edge.from_step);
  const std::string writer = words.Step(edge.to, edge.to_step) + (write_first ? " had " : " then ");
  const std::string row = edge.table + " " + edge.row;
  if (!edge.predicate)
    return reader + " read " + row + InParens(edge.from_value) + "; " + writer +
           (edge.to_deleted ? "deleted it" : "replaced it" + InParens(edge.to_value));
  const std::string where =
      edge.predicate_text.empty() ? "in its scan" : "where " + edge.predicate_text;
  if (edge.from_saw_row)
    return reader + " read " + row + InParens(edge.from_value) + " as not matching " + where +
           "; " + writer +
           (edge.to_deleted ? "deleted it" : "changed it to match" + InParens(edge.to_value));
  return reader + " found no " + edge.table + " row " + edge.row + " " + where + "; " + writer +
         (write_first ? "written" : "wrote") + " one that matches" + InParens(edge.to_value);
}

// Where an rw edge's read goes stale, and the sentence that says how.
struct StaleRead {
  int step = -1;
  std::string text;
};

// A write that shows after the read makes it stale there. One that shows
// before it (not committed when the read ran) makes it stale at its commit,
// or, when that too came before the read (a snapshot older than the commit),
// the read was stale when it ran. Nullopt when the write is not in the trace.
std::optional<StaleRead> FindStaleRead(const Trace& trace, const GraphWords& words,
                                       const RowNumbers& rows, const Dependency& edge) {
  const int write = words.Index(edge.to, edge.to_step);
  const int read = words.Index(edge.from, edge.from_step);
  if (write < 0) return std::nullopt;
  const std::string what = "what " + words.Who(edge.from) + " read at " + edge.from_step;
  if (read < 0 || DoneRow(rows, write) > DoneRow(rows, read))
    return StaleRead{write, RwText(words, edge) + ", so " + what + " is now out of date"};
  int commit = -1;
  CommittedLater(trace, write, &commit);
  if (commit < 0 || DoneRow(rows, commit) < 0)
    return StaleRead{read, RwText(words, edge, true) + ", so " + what + " is out of date"};
  const std::string at = trace.steps[commit].step_name + " (" + RowMention(rows, commit) + ")";
  if (DoneRow(rows, commit) > DoneRow(rows, read))
    return StaleRead{commit, RwText(words, edge, true) + " but committed only at " + at + ", so " +
                                 what + " is now out of date"};
  return StaleRead{read, RwText(words, edge, true) + " and committed at " + at + ", so " + what +
                             " was out of date when it read it (its snapshot was older)"};
}

// Any edge of a cycle, with its steps and values.
std::string EdgeText(const GraphWords& words, const Dependency& edge) {
  const std::string row = edge.table + " " + edge.row;
  const std::string from = words.Step(edge.from, edge.from_step);
  const std::string to = words.Step(edge.to, edge.to_step);
  switch (edge.kind) {
    case DependencyKind::kWw:
      return to + (edge.to_deleted ? " deleted " + row : " overwrote " + row) +
             InParens(edge.to_value) + " after " + from + " wrote it" + InParens(edge.from_value);
    case DependencyKind::kWr:
      return to + " read " + row + InParens(edge.to_value) + " as " + from + " wrote it";
    case DependencyKind::kRw:
      break;
  }
  return RwText(words, edge);
}

// "laptop must come before phone and phone before laptop: no serial order
// gives this run".
std::string OrderText(const GraphWords& words, const std::vector<Dependency>& cycle, size_t start) {
  std::string text;
  for (size_t i = 0; i < cycle.size(); ++i) {
    const Dependency& edge = cycle[(start + i) % cycle.size()];
    std::string part =
        words.Who(edge.from) + (i == 0 ? " must come before " : " before ") + words.Who(edge.to);
    text += (i == 0 ? "" : i + 1 == cycle.size() ? " and " : ", ") + part;
  }
  return text + ": no serial order gives this run";
}

// The mark of the reported finding, or nullopt when its steps are not in the
// trace.
std::optional<AnomalyMark> GraphMark(const Trace& trace, const Finding& finding,
                                     const RowNumbers& rows) {
  if (finding.edges.empty()) return std::nullopt;
  const GraphWords words(trace, trace.history, rows);
  AnomalyMark mark;
  mark.lead = AnomalyMark::Lead::kGraph;
  mark.headline = FindingName(finding);
  if (!finding.IsCycle()) {
    // An aborted or intermediate read: the mark on the read.
    const Dependency& read = finding.edges.front();
    mark.step = words.Index(read.to, read.to_step);
    if (mark.step < 0) return std::nullopt;
    std::string text = words.Step(read.to, read.to_step) + " read " + read.table + " " + read.row +
                       InParens(read.to_value) + " as " + words.Step(read.from, read.from_step) +
                       " wrote it";
    text += finding.adya == AdyaClass::kG1a
                ? "; " + words.Who(read.from) + " then aborted, so " + words.Who(read.to) +
                      " used a value that was never committed"
                : "; " + words.Who(read.from) + " then wrote the row again, so " +
                      words.Who(read.to) + " used a value that " + words.Who(read.from) +
                      " never committed as final";
    mark.sentences.push_back(Sentence(text));
    return mark;
  }
  const std::vector<Dependency>& cycle = finding.edges;
  size_t rw = cycle.size();
  for (size_t i = 0; i < cycle.size() && rw == cycle.size(); ++i)
    if (cycle[i].kind == DependencyKind::kRw) rw = i;
  if (rw < cycle.size()) {
    // Where the write made the read stale.
    std::optional<StaleRead> stale = FindStaleRead(trace, words, rows, cycle[rw]);
    if (!stale) return std::nullopt;
    mark.step = stale->step;
    mark.sentences.push_back(Sentence(stale->text));
    std::string rest;
    for (size_t i = 1; i < cycle.size(); ++i)
      rest += (rest.empty() ? "" : "; ") + EdgeText(words, cycle[(rw + i) % cycle.size()]);
    mark.sentences.push_back(Sentence(rest + "; so " + OrderText(words, cycle, rw)));
    return mark;
  }
  // No rw edge (G0, G1c): the mark on the step that closes the cycle.
  for (const Dependency& edge : cycle) {
    int index = words.Index(edge.to, edge.to_step);
    if (index >= 0 && (mark.step < 0 || DoneRow(rows, index) > DoneRow(rows, mark.step)))
      mark.step = index;
  }
  if (mark.step < 0) return std::nullopt;
  std::string text;
  for (const Dependency& edge : cycle) text += (text.empty() ? "" : "; ") + EdgeText(words, edge);
  mark.sentences.push_back(Sentence(text));
  mark.sentences.push_back(Sentence("So " + OrderText(words, cycle, 0)));
  return mark;
}

// The marks a failed check or an abort without retry gives, without the
// dependency graph.
std::vector<AnomalyMark> CheckMarks(const Scenario& scenario, const Plan* plan, const Trace& trace,
                                    const Verdict& verdict, const RowNumbers& rows) {
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

// In a serializable run, the latest write that made another transaction's
// read stale (the rw edge whose write, then whose read, shows last), or
// nullopt when the graph has no rw edge in the trace.
std::optional<AnomalyMark> StaleWriteMark(const Trace& trace, const Explanation& explanation,
                                          const RowNumbers& rows) {
  const GraphWords words(trace, trace.history, rows);
  const Dependency* best = nullptr;
  std::pair<int, int> best_rows{-1, -1};
  for (const Dependency& edge : explanation.graph.edges()) {
    if (edge.kind != DependencyKind::kRw) continue;
    int write = words.Index(edge.to, edge.to_step);
    int read = words.Index(edge.from, edge.from_step);
    if (write < 0 || read < 0) continue;
    std::pair<int, int> at{DoneRow(rows, write), DoneRow(rows, read)};
    if (!best || at > best_rows) {
      best = &edge;
      best_rows = at;
    }
  }
  if (!best) return std::nullopt;
  std::optional<StaleRead> stale = FindStaleRead(trace, words, rows, *best);
  if (!stale) return std::nullopt;
  AnomalyMark mark;
  mark.step = stale->step;
  mark.lead = AnomalyMark::Lead::kGraph;
  mark.sentences.push_back(Sentence(stale->text));
  return mark;
}

}  // namespace

std::vector<AnomalyMark> AnomalyMarks(const Scenario& scenario, const Plan* plan,
                                      const Trace& trace, const Verdict& verdict,
                                      const RowNumbers& rows) {
  const Explanation* explanation = verdict.explanation ? &*verdict.explanation : nullptr;
  const bool anomaly = verdict.kind == Verdict::Kind::kAnomaly;
  if (anomaly && explanation && explanation->Reported()) {
    if (std::optional<AnomalyMark> mark = GraphMark(trace, *explanation->Reported(), rows))
      return {*mark};
  }
  if (!anomaly || !explanation || !explanation->serializable || !trace.history.gaps.empty())
    return CheckMarks(scenario, plan, trace, verdict, rows);
  // A failed check in a serializable run: the rule the check states spans
  // transactions. The mark goes on the write that made another's read stale.
  std::vector<AnomalyMark> marks;
  if (std::optional<AnomalyMark> mark = StaleWriteMark(trace, *explanation, rows)) {
    mark->headline = scenario.anomaly.empty() ? "anomaly" : scenario.anomaly;
    marks.push_back(*mark);
  } else {
    marks = CheckMarks(scenario, plan, trace, verdict, rows);
  }
  if (marks.empty()) return marks;
  std::string check;
  for (const CheckResult& result : trace.checks)
    if (!result.passed && check.empty()) check = result.name;
  const std::string order = SerialOrderText(trace.history, *explanation);
  marks.back().sentences.push_back(
      Sentence("Yet the transactions are serializable" + (order.empty() ? "" : " (" + order + ")") +
               ": check " + check +
               " states a rule that spans transactions, which no isolation level protects"));
  return marks;
}

}  // namespace interleave
