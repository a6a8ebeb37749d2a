#include "report/html_graph.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>
#include <tuple>
#include <vector>

#include "report/html_escape.h"
#include "sim/judge/graph_words.h"
#include "util/utf8.h"

namespace interleave {

namespace {

constexpr float kWidth = 360, kHeight = 170;
constexpr float kCharW = 9.6f, kNodeH = 30;

std::string Num(float v) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.1f", v);
  return buffer;
}

const char* KindName(DependencyKind kind) {
  switch (kind) {
    case DependencyKind::kWw:
      return "ww";
    case DependencyKind::kWr:
      return "wr";
    case DependencyKind::kRw:
      return "rw";
  }
  return "ww";
}

struct Node {
  std::string label;
  float cx = 0, cy = 0, rx = 0, ry = 0;
  bool in_cycle = false;
};

// Where the line from the node's centre toward (tx, ty) leaves its ellipse.
void Outline(const Node& node, float tx, float ty, float* x, float* y) {
  const float dx = tx - node.cx, dy = ty - node.cy;
  const float t =
      1 /
      std::max(std::sqrt(dx * dx / (node.rx * node.rx) + dy * dy / (node.ry * node.ry)), 0.001f);
  *x = node.cx + dx * t;
  *y = node.cy + dy * t;
}

}  // namespace

std::string HtmlPrecedenceGraph(const History& history, const Explanation& explanation) {
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
  const bool serial = explanation.serializable && !explanation.serial_order.empty();
  const std::vector<int> order = serial ? explanation.serial_order : explanation.graph.nodes();
  const int n = static_cast<int>(order.size());
  if (n == 0) return "";
  // Places: a row (two nodes, or the serial order), else a circle.
  const bool row = serial || n <= 2;
  std::map<int, int> index;
  std::vector<Node> nodes;
  for (int i = 0; i < n; ++i) {
    Node node;
    node.label = TxnLabel(history, order[i]);
    node.rx = (DisplayWidth(node.label) + 2) * kCharW / 2;
    node.ry = kNodeH / 2;
    node.in_cycle = cycle_nodes.count(order[i]) > 0;
    if (row) {
      node.cx = kWidth / n * (i + 0.5f);
      node.cy = kHeight / 2;
    } else {
      const float angle = -1.5708f + 6.2832f * i / n;
      node.cx = kWidth / 2 + (kWidth / 2 - node.rx - 4) * std::cos(angle);
      node.cy = kHeight / 2 + (kHeight / 2 - node.ry - 4) * std::sin(angle);
    }
    index[order[i]] = i;
    nodes.push_back(node);
  }
  // The edges, one per (from, to, kind), those of a pair bent apart; the
  // cycle's last, on top.
  std::set<std::tuple<int, int, DependencyKind>> seen;
  std::map<std::pair<int, int>, int> per_pair;
  std::string plain, strong;
  for (const Dependency& edge : explanation.graph.edges()) {
    if (!index.count(edge.from) || !index.count(edge.to) || edge.from == edge.to) continue;
    if (!seen.insert({edge.from, edge.to, edge.kind}).second) continue;
    const bool in_cycle = cycle_edges.count({edge.from, edge.to, edge.kind}) > 0;
    const Node& a = nodes[index[edge.from]];
    const Node& b = nodes[index[edge.to]];
    const float dx = b.cx - a.cx, dy = b.cy - a.cy;
    const float len = std::max(std::hypot(dx, dy), 1.0f);
    const int k = per_pair[{index[edge.from], index[edge.to]}]++;
    const float bend = 16 * (1 + 0.9f * k) + (row ? len * 0.08f : 0);
    const float cx = (a.cx + b.cx) / 2 + dy / len * bend * 2;
    const float cy = (a.cy + b.cy) / 2 - dx / len * bend * 2;
    float x0, y0, x1, y1;
    Outline(a, cx, cy, &x0, &y0);
    Outline(b, cx, cy, &x1, &y1);
    const std::string kind = KindName(edge.kind);
    const std::string id = a.label + "-" + kind + "->" + b.label;
    const float lx = 0.25f * x0 + 0.5f * cx + 0.25f * x1;
    const float ly = 0.25f * y0 + 0.5f * cy + 0.25f * y1;
    std::string g =
        "<g class=\"pedge " + kind + (in_cycle ? " cycle" : "") + "\" data-graph-edge=\"" +
        HtmlEscape(id) + "\"><title>" + HtmlEscape(id) + "</title><path d=\"M" + Num(x0) + "," +
        Num(y0) + " Q" + Num(cx) + "," + Num(cy) + " " + Num(x1) + "," + Num(y1) +
        "\" marker-end=\"url(#head-" + kind + ")\"/><text x=\"" + Num(lx) + "\" y=\"" + Num(ly) +
        "\" text-anchor=\"middle\" dominant-baseline=\"central\">" + kind + "</text></g>";
    (in_cycle ? strong : plain) += g;
  }
  std::string nodes_svg;
  for (const Node& node : nodes) {
    nodes_svg += "<g class=\"pnode" + std::string(node.in_cycle ? " cycle" : "") +
                 "\" data-node=\"" + HtmlEscape(node.label) + "\"><ellipse cx=\"" + Num(node.cx) +
                 "\" cy=\"" + Num(node.cy) + "\" rx=\"" + Num(node.rx) + "\" ry=\"" + Num(node.ry) +
                 "\"/><text x=\"" + Num(node.cx) + "\" y=\"" + Num(node.cy) +
                 "\" text-anchor=\"middle\" dominant-baseline=\"central\">" +
                 HtmlEscape(node.label) + "</text></g>";
  }
  std::string caption;
  if (reported && reported->IsCycle()) {
    caption = "cycle: " + FindingName(*reported);
  } else if (reported) {
    caption = FindingName(*reported);
  } else if (serial) {
    caption = "serial order:";
    for (int i = 0; i < n; ++i) caption += (i ? " → " : " ") + nodes[i].label;
    if (explanation.several_orders) caption += " (or another)";
  }
  return "<figure class=\"precedence\" data-graph><svg viewBox=\"-8 -8 " + Num(kWidth + 16) + " " +
         Num(kHeight + 16) +
         "\" role=\"img\" aria-label=\"precedence graph: " + HtmlEscape(caption) + "\">" + plain +
         strong + nodes_svg + "</svg>" +
         (caption.empty() ? std::string()
                          : "<figcaption>" + HtmlEscape(caption) + "</figcaption>") +
         "</figure>";
}

}  // namespace interleave
