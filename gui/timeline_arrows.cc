// The timeline's dependency arrows (see timeline_arrows.h).
#include "gui/timeline_arrows.h"

#include <algorithm>
#include <set>
#include <utility>
#include <vector>

namespace interleave::gui {

namespace {

// "peepcoins=100" -> "100" when the values are one column's; else as is.
std::string Value(const std::string& values) {
  const size_t eq = values.find('=');
  if (eq == std::string::npos || values.find('=', eq + 1) != std::string::npos ||
      values.find(", ") != std::string::npos)
    return values;
  return values.substr(eq + 1);
}

// "id=1, name=Josh, peepcoins=100" -> its pairs.
std::vector<std::pair<std::string, std::string>> Pairs(const std::string& values) {
  std::vector<std::pair<std::string, std::string>> pairs;
  size_t at = 0;
  while (at < values.size()) {
    size_t end = values.find(", ", at);
    if (end == std::string::npos) end = values.size();
    const std::string pair = values.substr(at, end - at);
    const size_t eq = pair.find('=');
    pairs.emplace_back(eq == std::string::npos ? pair : pair.substr(0, eq),
                       eq == std::string::npos ? "" : pair.substr(eq + 1));
    at = end + 2;
  }
  return pairs;
}

// Both sides' values cut to the columns that differ between them (all when
// none or their columns differ), so that a label says what changed.
void Differing(std::string* from, std::string* to) {
  auto a = Pairs(*from), b = Pairs(*to);
  // A read of the whole row against a write of some columns: those columns.
  if (a.size() > b.size() && !b.empty()) {
    std::vector<std::pair<std::string, std::string>> kept;
    for (const auto& pair : b)
      for (const auto& candidate : a)
        if (candidate.first == pair.first) kept.push_back(candidate);
    if (kept.size() == b.size()) a = kept;
  } else if (b.size() > a.size() && !a.empty()) {
    std::vector<std::pair<std::string, std::string>> kept;
    for (const auto& pair : a)
      for (const auto& candidate : b)
        if (candidate.first == pair.first) kept.push_back(candidate);
    if (kept.size() == a.size()) b = kept;
  }
  if (a.size() != b.size() || a.empty()) return;
  if (a.size() == 1) {
    if (a[0].first != b[0].first) return;
    *from = a[0].first + "=" + a[0].second;
    *to = b[0].first + "=" + b[0].second;
    return;
  }
  std::string x, y;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i].first != b[i].first) return;
    if (a[i].second == b[i].second) continue;
    x += (x.empty() ? "" : ", ") + a[i].first + "=" + a[i].second;
    y += (y.empty() ? "" : ", ") + b[i].first + "=" + b[i].second;
  }
  if (x.empty()) return;
  *from = x;
  *to = y;
}

std::string Wrote(const std::string& value, bool deleted) {
  return deleted ? "deleted it" : value.empty() ? "wrote" : "wrote " + Value(value);
}

std::string Did(const std::string& verb, const std::string& value) {
  return value.empty() ? verb : verb + " " + Value(value);
}

}  // namespace

std::string EdgeLabel(const Dependency& edge_in) {
  Dependency edge = edge_in;
  if (!edge.to_deleted) Differing(&edge.from_value, &edge.to_value);
  std::string head = std::string(DependencyKindName(edge.kind)) + " " + edge.table;
  switch (edge.kind) {
    case DependencyKind::kWw:
      return head + " " + edge.row + ": " + Did("wrote", edge.from_value) + ", " +
             Wrote(edge.to_value, edge.to_deleted);
    case DependencyKind::kWr:
      return head + " " + edge.row + ": " + Did("wrote", edge.from_value) + ", " +
             Did("read", edge.to_value);
    case DependencyKind::kRw:
      break;
  }
  if (!edge.predicate)
    return head + " " + edge.row + ": " + Did("read", edge.from_value) + ", " +
           Wrote(edge.to_value, edge.to_deleted);
  const std::string where =
      edge.predicate_text.empty() ? " (whole table)" : " where " + edge.predicate_text;
  return head + where + ": " +
         (edge.from_saw_row ? "saw " + edge.row + " not matching" : "missed " + edge.row) + ", " +
         Wrote(edge.to_value, edge.to_deleted);
}

int TraceStepOf(const Trace& trace, int txn, const std::string& step) {
  const TxnRecord* record = trace.history.Txn(txn);
  if (!record) return -1;
  int loose = -1;
  for (const StepTrace& s : trace.steps) {
    if (s.client != record->client || s.step_name != step) continue;
    if (s.attempt == record->attempt) return s.index;
    if (loose < 0) loose = s.index;
  }
  return loose;
}

EdgeStroke StrokeFor(const EdgeArrow& arrow) {
  EdgeStroke stroke;
  if (arrow.edge.kind == DependencyKind::kWr) {
    stroke.dash = 3;
    stroke.gap = 4;
  } else if (arrow.edge.kind == DependencyKind::kRw) {
    stroke.dash = 12;
    stroke.gap = 6;
  }
  stroke.width = arrow.in_cycle ? 4.5f : 2;
  return stroke;
}

void ArrowPoint(const EdgeArrow& a, float t, float* x, float* y) {
  const float u = 1 - t;
  *x = u * u * u * a.x0 + 3 * u * u * t * a.cx0 + 3 * u * t * t * a.cx1 + t * t * t * a.x1;
  *y = u * u * u * a.y0 + 3 * u * u * t * a.cy0 + 3 * u * t * t * a.cy1 + t * t * t * a.y1;
}

std::vector<EdgeArrow> LayoutArrows(const Trace& trace, const Explanation& explanation,
                                    const std::map<int, int>& step_box,
                                    const TimelineLayout& layout, const LayoutMetrics& m) {
  std::set<Dependency> cycle;
  for (const Finding& finding : explanation.findings)
    if (finding.IsCycle()) cycle.insert(finding.edges.begin(), finding.edges.end());
  std::vector<const Dependency*> edges;
  for (const Dependency& edge : explanation.graph.edges())
    if (cycle.count(edge)) edges.push_back(&edge);
  for (const Dependency& edge : explanation.graph.edges())
    if (!cycle.count(edge)) edges.push_back(&edge);

  auto box_of = [&](int txn, const std::string& step) {
    const int index = TraceStepOf(trace, txn, step);
    auto found = step_box.find(index);
    return found == step_box.end() ? -1 : found->second;
  };
  const float label_char = m.char_width * m.label_scale;
  const float label_line = m.line_height * m.label_scale;
  const float pad = m.padding * 0.5f;
  const int columns = static_cast<int>(layout.columns.size());
  std::vector<EdgeArrow> arrows;
  for (const Dependency* edge : edges) {
    EdgeArrow arrow;
    arrow.edge = *edge;
    arrow.in_cycle = cycle.count(*edge) > 0;
    arrow.from_box = box_of(edge->from, edge->from_step);
    arrow.to_box = box_of(edge->to, edge->to_step);
    if (arrow.from_box < 0 || arrow.to_box < 0 || arrow.from_box == arrow.to_box) continue;
    const StepBox& a = layout.boxes[arrow.from_box];
    const StepBox& b = layout.boxes[arrow.to_box];
    arrow.y0 = a.y + a.h / 2;
    arrow.y1 = b.y + b.h / 2;
    const float a_right = a.x + a.w + m.span_width, b_right = b.x + b.w + m.span_width;
    if (a.client != b.client && a.x < b.x) {
      arrow.x0 = a_right;
      arrow.x1 = b.x;
    } else if (a.client != b.client) {
      arrow.x0 = a.x;
      arrow.x1 = b_right;
    } else {
      // The same column: out and back in on the side that has a lane.
      const bool left = a.client >= columns - 1 && columns > 1;
      arrow.x0 = arrow.x1 = left ? a.x : a_right;
    }
    const float mid = (arrow.x0 + arrow.x1) / 2;
    arrow.cx0 = arrow.cx1 = mid;
    if (arrow.x0 == arrow.x1) {
      const float bulge = std::max(m.column_gap * 0.45f, 3 * m.char_width);
      arrow.cx0 = arrow.cx1 = arrow.x0 + (a.x == arrow.x0 ? -bulge : bulge);
    }
    arrow.cy0 = arrow.y0;
    arrow.cy1 = arrow.y1;
    arrow.label = EdgeLabel(*edge);
    const int chars = std::max(8, static_cast<int>(m.lane_chars));
    arrow.label_lines = WrapText(arrow.label, chars, 1);
    if (static_cast<int>(arrow.label_lines.size()) > m.max_label_lines) {
      arrow.label_lines.resize(m.max_label_lines);
      arrow.label_lines.back() += "…";
    }
    int widest = 0;
    for (const std::string& line : arrow.label_lines)
      widest = std::max(widest, CodepointCount(line));
    arrow.label_w = widest * label_char + 2 * pad;
    arrow.label_h = arrow.label_lines.size() * label_line + 2 * pad;
    float x = 0, y = 0;
    ArrowPoint(arrow, 0.5f, &x, &y);
    arrow.label_x = x - arrow.label_w / 2;
    arrow.label_y = y - arrow.label_h / 2;
    // Down until it meets no label placed before it; a label that would go
    // further than two of its heights from its arrow stays at its middle
    // (a long trace's labels would otherwise pile up down the timeline).
    const float wanted_y = arrow.label_y;
    for (bool moved = true; moved && arrow.label_y - wanted_y <= 2 * arrow.label_h;) {
      moved = false;
      for (const EdgeArrow& other : arrows) {
        const bool overlap = arrow.label_x < other.label_x + other.label_w &&
                             other.label_x < arrow.label_x + arrow.label_w &&
                             arrow.label_y < other.label_y + other.label_h &&
                             other.label_y < arrow.label_y + arrow.label_h;
        if (overlap) {
          arrow.label_y = other.label_y + other.label_h + 2;
          moved = true;
        }
      }
    }
    if (arrow.label_y - wanted_y > 2 * arrow.label_h) arrow.label_y = wanted_y;
    arrows.push_back(std::move(arrow));
  }
  return arrows;
}

}  // namespace interleave::gui
