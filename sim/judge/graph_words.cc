#include "sim/judge/graph_words.h"

#include <vector>

namespace interleave {
namespace {

std::string StepOf(const History& history, int txn, const std::string& step) {
  return TxnLabel(history, txn) + "'s " + StepLabel(history, txn, step);
}

std::string Values(const std::string& values) { return values.empty() ? "" : " (" + values + ")"; }

std::string EdgeSentence(const History& history, const Dependency& edge) {
  const std::string row = edge.table + " " + edge.row;
  const std::string from = StepOf(history, edge.from, edge.from_step);
  const std::string to = StepOf(history, edge.to, edge.to_step);
  switch (edge.kind) {
    case DependencyKind::kWw:
      return to + (edge.to_deleted ? " deleted " : " overwrote ") + row + Values(edge.to_value) +
             " after " + from + " wrote it" + Values(edge.from_value);
    case DependencyKind::kWr:
      return to + " read " + row + Values(edge.to_value) + " as " + from + " wrote it";
    case DependencyKind::kRw:
      if (edge.predicate) {
        return from +
               (edge.from_saw_row ? " read " + row + " as not matching" : " found no " + row) +
               (edge.predicate_text.empty() ? "" : " (where " + edge.predicate_text + ")") +
               ", which " + to + " then wrote into it" + Values(edge.to_value);
      }
      return from + " read " + row + Values(edge.from_value) + ", which " + to + " then " +
             (edge.to_deleted ? "deleted" : "replaced") + Values(edge.to_value);
  }
  return "";
}

}  // namespace

std::string FindingName(const Finding& finding) {
  const std::string adya(AdyaClassName(finding.adya));
  return finding.anomaly.empty() ? adya : finding.anomaly + " (" + adya + ")";
}

std::string FindingSentence(const History& history, const Finding& finding) {
  std::string text;
  for (const Dependency& edge : finding.edges) {
    text += (text.empty() ? "" : "; ") + EdgeSentence(history, edge);
  }
  return text;
}

std::string SerialOrderText(const History& history, const Explanation& explanation) {
  if (!explanation.serializable || explanation.serial_order.empty()) return "";
  std::string text = "equivalent to ";
  for (size_t i = 0; i < explanation.serial_order.size(); ++i) {
    text += (i == 0 ? "" : " then ") + TxnLabel(history, explanation.serial_order[i]);
  }
  if (explanation.serial_order.size() == 1)
    text = "equivalent to " + TxnLabel(history, explanation.serial_order[0]) + " alone";
  if (explanation.several_orders) text += ", one of several orders";
  return text;
}

}  // namespace interleave
