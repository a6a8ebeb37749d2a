#include "report/dependency_text.h"

#include <utility>

namespace interleave {

namespace {

std::string Did(const std::string& who, const std::string& verb, const std::string& value) {
  return value.empty() ? who + " " + verb : who + " " + verb + " " + value;
}

std::string Wrote(const std::string& who, const std::string& value, bool deleted) {
  return deleted ? who + " deleted it" : Did(who, "wrote", value);
}

std::string Arrow(DependencyKind kind) {
  return " -" + std::string(DependencyKindName(kind)) + "-> ";
}

std::string CycleLine(const History& history, const Finding& finding) {
  const std::vector<Dependency>& cycle = finding.edges;
  std::string clients = TxnLabel(history, cycle.front().from);
  std::string steps = StepLabel(history, cycle.front().from, cycle.front().from_step);
  std::string previous = steps;
  for (size_t i = 0; i < cycle.size(); ++i) {
    const Dependency& edge = cycle[i];
    clients += Arrow(edge.kind) + TxnLabel(history, edge.to);
    std::string from = StepLabel(history, edge.from, edge.from_step);
    if (i > 0 && from != previous) steps += ", " + from;
    previous = StepLabel(history, edge.to, edge.to_step);
    steps += Arrow(edge.kind) + previous;
  }
  std::string line =
      "cycle " + clients + " (" + steps + "): " + std::string(AdyaClassName(finding.adya));
  if (!finding.anomaly.empty()) line += ", " + finding.anomaly;
  return line;
}

std::string BadReadLine(const History& history, const Finding& finding) {
  const Dependency& read = finding.edges.front();
  std::string line = std::string(AdyaClassName(finding.adya)) + ", " + finding.anomaly + ": " +
                     Did(StepLabel(history, read.to, read.to_step), "read", read.to_value) +
                     " that " + StepLabel(history, read.from, read.from_step) + " wrote; " +
                     TxnLabel(history, read.from);
  if (finding.adya == AdyaClass::kG1a) return line + " aborted";
  return line + " later overwrote it";
}

std::string SerialLine(const History& history, const Explanation& explanation) {
  if (explanation.serial_order.empty()) return "serializable: no transaction committed";
  std::string line = "serializable: equivalent to ";
  for (size_t i = 0; i < explanation.serial_order.size(); ++i) {
    if (i > 0) line += " then ";
    line += TxnLabel(history, explanation.serial_order[i]);
  }
  if (explanation.several_orders) line += " (one of several orders)";
  return line;
}

}  // namespace

std::string DependencyLine(const History& history, const Dependency& edge) {
  std::string from = StepLabel(history, edge.from, edge.from_step);
  std::string to = StepLabel(history, edge.to, edge.to_step);
  std::string line = from + Arrow(edge.kind) + to + "  " + edge.table + " " + edge.row;
  switch (edge.kind) {
    case DependencyKind::kWw:
      return line + ": " + Did(from, "wrote", edge.from_value) + ", " +
             Wrote(to, edge.to_value, edge.to_deleted);
    case DependencyKind::kWr: {
      if (edge.predicate)
        return line +
               (edge.predicate_text.empty() ? " (whole-table scan)"
                                            : " (where " + edge.predicate_text + ")") +
               ": " +
               (edge.to_deleted ? from + " deleted it" : Did(from, "wrote", edge.from_value)) +
               ", " + to + " saw it no longer matching";
      // An UPDATE or DELETE reads the version of the row it replaces (at
      // READ COMMITTED after a lock wait, the newest one: EvalPlanQual).
      bool replaced = false;
      for (const WriteEvent& write : history.writes)
        replaced = replaced || (write.txn == edge.to && write.step == edge.to_step &&
                                write.table == edge.table && write.key == edge.row &&
                                write.replaced && write.replaced->writer_txn == edge.from);
      return line + ": " + Did(from, "wrote", edge.from_value) + ", " +
             Did(to, "read", edge.to_value) +
             (replaced ? " (the version its write then replaced)" : "");
    }
    case DependencyKind::kRw:
      break;
  }
  if (!edge.predicate)
    return line + ": " + Did(from, "read", edge.from_value) + ", " +
           Wrote(to, edge.to_value, edge.to_deleted);
  line +=
      edge.predicate_text.empty() ? " (whole-table scan)" : " (where " + edge.predicate_text + ")";
  std::string saw = edge.from_saw_row ? Did(from, "saw", edge.from_value) + ", not matching"
                                      : from + " saw no row";
  return line + ": " + saw + ", " + Wrote(to, edge.to_value, edge.to_deleted);
}

std::vector<std::string> FindingLines(const History& history, const Explanation& explanation) {
  std::vector<std::string> lines;
  for (const Finding& finding : explanation.findings)
    lines.push_back(finding.IsCycle() ? CycleLine(history, finding)
                                      : BadReadLine(history, finding));
  if (explanation.serializable && history.gaps.empty()) {
    lines.push_back(SerialLine(history, explanation));
  } else if (explanation.serializable) {
    // What was not seen may hold the edges that close a cycle.
    std::string gaps;
    for (const std::string& gap : history.gaps) gaps += (gaps.empty() ? "" : "; ") + gap;
    lines.push_back("no cycle among what was recorded, but not seen: " + gaps);
  }
  return lines;
}

std::vector<std::string> DependencyLines(const History& history, const Explanation& explanation) {
  std::vector<std::string> lines;
  for (const Dependency& edge : explanation.graph.edges())
    lines.push_back(DependencyLine(history, edge));
  for (std::string& line : FindingLines(history, explanation)) lines.push_back(std::move(line));
  return lines;
}

}  // namespace interleave
