// The precedence graph beside the verdict (see precedence_graph.h).
#include "gui/precedence_graph.h"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <map>
#include <set>
#include <tuple>

#include "gui/theme.h"
#include "sim/judge/graph_words.h"

namespace interleave::gui {

PrecedenceGraph LayoutPrecedence(const History& history, const Explanation& explanation,
                                 const GraphMetrics& m) {
  PrecedenceGraph graph;
  const Finding* reported = explanation.Reported();
  std::set<int> cycle_nodes;
  std::set<std::tuple<int, int, DependencyKind>> cycle_edges;
  for (const Finding& finding : explanation.findings) {
    if (!finding.IsCycle()) continue;
    for (const Dependency& edge : finding.edges) {
      cycle_nodes.insert(edge.from);
      cycle_edges.insert({edge.from, edge.to, edge.kind});
    }
  }
  // The nodes: in the serial order, or by id.
  std::vector<int> order = explanation.graph.nodes();
  graph.serial = explanation.serializable && !explanation.serial_order.empty();
  if (graph.serial) order = explanation.serial_order;
  const int n = static_cast<int>(order.size());
  if (n == 0) return graph;
  std::map<int, int> index;
  const float node_h = m.line_height * 1.5f;
  for (int i = 0; i < n; ++i) {
    GraphNode node;
    node.txn = order[i];
    const TxnRecord* record = history.Txn(order[i]);
    node.client = record ? record->client : 0;
    node.label = TxnLabel(history, order[i]);
    node.w = (CodepointCount(node.label) + 1.5f) * m.char_width;
    node.h = node_h;
    node.in_cycle = cycle_nodes.count(order[i]) > 0;
    index[order[i]] = i;
    graph.nodes.push_back(node);
  }
  // Places: a row (two nodes, or the serial order), else a circle.
  const bool row = graph.serial || n <= 2;
  const float cx = m.width / 2, cy = m.height / 2;
  for (int i = 0; i < n; ++i) {
    GraphNode& node = graph.nodes[i];
    float x, y;
    if (row) {
      const float slot = m.width / n;
      x = slot * (i + 0.5f);
      y = cy;
    } else {
      const float angle = -1.5708f + 6.2832f * i / n;
      x = cx + (m.width / 2 - node.w / 2) * std::cos(angle);
      y = cy + (m.height / 2 - node.h / 2) * std::sin(angle);
    }
    node.x = x - node.w / 2;
    node.y = y - node.h / 2;
  }
  // The edges, one per (from, to, kind); those of a pair bend apart.
  std::set<std::tuple<int, int, DependencyKind>> seen;
  std::map<std::pair<int, int>, int> per_pair;
  std::vector<GraphEdge> plain, strong;
  for (const Dependency& edge : explanation.graph.edges()) {
    if (!index.count(edge.from) || !index.count(edge.to) || edge.from == edge.to) continue;
    if (!seen.insert({edge.from, edge.to, edge.kind}).second) continue;
    GraphEdge e;
    e.kind = edge.kind;
    e.from = index[edge.from];
    e.to = index[edge.to];
    e.in_cycle = cycle_edges.count({edge.from, edge.to, edge.kind}) > 0;
    const GraphNode& a = graph.nodes[e.from];
    const GraphNode& b = graph.nodes[e.to];
    const float ax = a.x + a.w / 2, ay = a.y + a.h / 2, bx = b.x + b.w / 2, by = b.y + b.h / 2;
    const float dx = bx - ax, dy = by - ay;
    const float len = std::max(std::hypot(dx, dy), 1.0f);
    // The k-th edge from a to b bends k+1 steps to its left; b to a's bend
    // to theirs, so that the two directions never share a curve.
    const int k = per_pair[{e.from, e.to}]++;
    const float bend = m.line_height * (0.9f + 0.85f * k) + (row ? len * 0.08f : 0);
    const float nx = dy / len, ny = -dx / len;
    e.cx = (ax + bx) / 2 + nx * bend * 2;
    e.cy = (ay + by) / 2 + ny * bend * 2;
    // Leave and enter at the nodes' outlines (their ellipse, near enough).
    auto edge_point = [](const GraphNode& node, float tx, float ty, float* x, float* y) {
      const float ox = node.x + node.w / 2, oy = node.y + node.h / 2;
      const float ddx = tx - ox, ddy = ty - oy;
      const float rx = node.w / 2, ry = node.h / 2;
      const float t =
          1 / std::max(std::sqrt((ddx * ddx) / (rx * rx) + (ddy * ddy) / (ry * ry)), 0.001f);
      *x = ox + ddx * t;
      *y = oy + ddy * t;
    };
    edge_point(a, e.cx, e.cy, &e.x0, &e.y0);
    edge_point(b, e.cx, e.cy, &e.x1, &e.y1);
    // The label at the curve's middle.
    e.label_x = 0.25f * e.x0 + 0.5f * e.cx + 0.25f * e.x1;
    e.label_y = 0.25f * e.y0 + 0.5f * e.cy + 0.25f * e.y1;
    (e.in_cycle ? strong : plain).push_back(e);
  }
  graph.edges = plain;
  graph.edges.insert(graph.edges.end(), strong.begin(), strong.end());
  if (reported && reported->IsCycle()) {
    graph.caption = "cycle: " + FindingName(*reported);
  } else if (reported) {
    graph.caption = FindingName(*reported);
  } else if (graph.serial) {
    graph.caption = "serial order:";
    for (int i = 0; i < n; ++i) graph.caption += (i ? " → " : " ") + graph.nodes[i].label;
    if (explanation.several_orders) graph.caption += " (or another)";
  }
  graph.w = m.width;
  graph.h = m.height;
  return graph;
}

void DrawPrecedence(ImDrawList* draw, const PrecedenceGraph& graph, ImVec2 origin,
                    const DrawStyle& style) {
  const Palette& p = *style.palette;
  const FontSet& f = *style.fonts;
  const float scale = std::max(1.0f, f.body_px / 18.0f);
  const float px = f.mono_px * 0.8f;
  auto at = [&](float x, float y) { return ImVec2(origin.x + x, origin.y + y); };
  for (const GraphEdge& e : graph.edges) {
    const ImU32 color = ToU32(p.edges[static_cast<int>(e.kind) % 3]);
    const float width = StrokeWidth((e.in_cycle ? 4.0f : 1.75f) * scale);
    constexpr int kSegments = 16;
    std::vector<ImVec2> points(kSegments + 1);
    for (int i = 0; i <= kSegments; ++i) {
      const float t = static_cast<float>(i) / kSegments, u = 1 - t;
      points[i] = at(u * u * e.x0 + 2 * u * t * e.cx + t * t * e.x1,
                     u * u * e.y0 + 2 * u * t * e.cy + t * t * e.y1);
    }
    const ImVec2 tip = points[kSegments];
    float dx = tip.x - points[kSegments - 2].x, dy = tip.y - points[kSegments - 2].y;
    const float len = std::max(std::hypot(dx, dy), 0.001f);
    dx /= len;
    dy /= len;
    const float head = (e.in_cycle ? 6.0f : 4.5f) * scale + width;
    const ImVec2 base(tip.x - dx * head * 1.6f, tip.y - dy * head * 1.6f);
    points[kSegments] = base;
    // ww solid, wr dotted, rw dashed, as in the timeline.
    const float dash = e.kind == DependencyKind::kWw ? 0 : e.kind == DependencyKind::kWr ? 3 : 9;
    const float gap = e.kind == DependencyKind::kWr ? 4 : 5;
    // One polyline a dash (not one line a pixel: a graph of a hundred
    // transactions has thousands of dashes).
    StrokeDashed(draw, points, color, width, dash * scale, gap * scale);
    draw->AddTriangleFilled(tip, ImVec2(base.x - dy * head, base.y + dx * head),
                            ImVec2(base.x + dy * head, base.y - dx * head), color);
    const char* name = e.kind == DependencyKind::kWw   ? "ww"
                       : e.kind == DependencyKind::kWr ? "wr"
                                                       : "rw";
    const ImVec2 size = f.mono_bold->CalcTextSizeA(px, FLT_MAX, 0, name);
    const ImVec2 la = at(e.label_x - size.x / 2 - 2, e.label_y - size.y / 2);
    draw->AddRectFilled(la, ImVec2(la.x + size.x + 4, la.y + size.y), ToU32(p.panel), 2);
    draw->AddText(f.mono_bold, px, ImVec2(la.x + 2, la.y), ToU32(p.text), name);
  }
  for (const GraphNode& node : graph.nodes) {
    const ImVec2 a = at(node.x, node.y), b = at(node.x + node.w, node.y + node.h);
    const float r = node.h / 2;
    draw->AddRectFilled(a, b, ToU32(p.panel), r);
    draw->AddRect(a, b, ToU32(node.in_cycle ? p.bad_line : p.clients[node.client % 4]), r, 0,
                  StrokeWidth((node.in_cycle ? 3.5f : 2.0f) * scale));
    const ImVec2 size = f.mono_bold->CalcTextSizeA(px, FLT_MAX, 0, node.label.c_str());
    draw->AddText(f.mono_bold, px, ImVec2((a.x + b.x - size.x) / 2, (a.y + b.y - size.y) / 2),
                  ToU32(p.text), node.label.c_str());
  }
  if (!graph.caption.empty())
    draw->AddText(f.body, f.body_px * 0.85f, at(0, graph.h + 2), ToU32(p.text),
                  graph.caption.c_str());
}

}  // namespace interleave::gui
