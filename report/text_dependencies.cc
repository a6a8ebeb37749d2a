// The "Dependencies" block (see text_dependencies.h).
#include "report/text_dependencies.h"

#include <algorithm>

#include "report/dependency_text.h"
#include "util/utf8.h"

namespace interleave::text {

namespace {

// Whether `edge` is one of a finding's edges.
bool InFinding(const Explanation& explanation, const Dependency& edge) {
  for (const Finding& finding : explanation.findings)
    if (std::find(finding.edges.begin(), finding.edges.end(), edge) != finding.edges.end())
      return true;
  return false;
}

}  // namespace

std::vector<std::string> DependencyBlock(const Scenario& scenario, const Trace& trace,
                                         const Verdict& verdict) {
  if (!trace.explained) {
    if (scenario.is_isolation_spec || trace.explain_note.empty()) return {};
    return {"not recorded (" + trace.explain_note + ")"};
  }
  if (!verdict.explanation) return {};
  const Explanation& explanation = *verdict.explanation;
  const History& history = trace.history;
  std::vector<std::string> findings = FindingLines(history, explanation);
  const std::vector<Dependency>& edges = explanation.graph.edges();
  const bool all = edges.size() + findings.size() <= kMaxDependencyLines;
  std::vector<std::string> lines;
  size_t left_out = 0;
  // An edge of the same kind between the same transactions on the same row
  // as one listed (another step's read of it) is only named.
  std::vector<const Dependency*> listed;
  std::string also;
  for (const Dependency& edge : edges) {
    if (!all && !InFinding(explanation, edge)) {
      ++left_out;
      continue;
    }
    bool repeats = false;
    for (const Dependency* other : listed)
      repeats =
          repeats || (other->kind == edge.kind && other->from == edge.from &&
                      other->to == edge.to && other->table == edge.table && other->row == edge.row);
    if (repeats && !InFinding(explanation, edge)) {
      also += (also.empty() ? "" : ", ") + StepLabel(history, edge.from, edge.from_step) + " -" +
              std::string(DependencyKindName(edge.kind)) + "-> " +
              StepLabel(history, edge.to, edge.to_step);
      continue;
    }
    listed.push_back(&edge);
    lines.push_back(DependencyLine(history, edge));
  }
  if (!also.empty())
    lines.push_back("also " + also + ": other steps, the same transactions and rows as above");
  if (left_out > 0)
    lines.push_back(std::to_string(left_out) + (left_out == 1 ? " more edge" : " more edges") +
                    " (--json lists every edge)");
  lines.insert(lines.end(), findings.begin(), findings.end());
  return lines;
}

void AppendDependencies(const Scenario& scenario, const Trace& trace, const Verdict& verdict,
                        int width, const Painter& paint, std::vector<std::string>* out) {
  std::vector<std::string> lines = DependencyBlock(scenario, trace, verdict);
  if (lines.empty()) return;
  out->push_back("");
  if (!trace.explained) {
    for (const std::string& line : Wrap("Dependencies: " + lines.front(), width, 4))
      out->push_back(paint(line, Tone::kNote));
    return;
  }
  out->push_back(paint("Dependencies", Tone::kHeading));
  for (const std::string& line : lines) {
    // A line that fits keeps its spacing ("l2 -rw-> p3  users id=1: ...").
    if (DisplayWidth(line) + 2 <= width) {
      out->push_back("  " + line);
      continue;
    }
    // Wrapping makes every space one; the edge's first gap stays two wide.
    std::vector<std::string> wrapped = Wrap(line, width - 1, 6, 2);
    const size_t gap = line.find("  ");
    if (gap != std::string::npos && wrapped.front().compare(2, gap + 1, line, 0, gap + 1) == 0)
      wrapped.front() = wrapped.front().substr(0, 2 + gap) + " " + wrapped.front().substr(2 + gap);
    for (const std::string& part : wrapped) out->push_back(part);
  }
}

}  // namespace interleave::text
