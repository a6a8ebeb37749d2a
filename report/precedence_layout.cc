#include "report/precedence_layout.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <tuple>

#include "sim/judge/graph_words.h"
#include "util/utf8.h"

namespace interleave {

namespace {

using EdgeKey = std::tuple<int, int, DependencyKind>;

// Where the line from the node's centre toward (tx, ty) leaves its outline
// (its ellipse, near enough for a pill).
void Outline(const PrecedenceNode& node, float tx, float ty, float* x, float* y) {
  const float dx = tx - node.cx, dy = ty - node.cy;
  const float t =
      1 /
      std::max(std::sqrt(dx * dx / (node.rx * node.rx) + dy * dy / (node.ry * node.ry)), 0.001f);
  *x = node.cx + dx * t;
  *y = node.cy + dy * t;
}

// The transactions to place, in order: all of them when there are at most
// `max_nodes` and a row of them fits the width; else the cycle's (those of
// every cycle found, or of the reported one when they are too many), or with
// no cycle as many of the first of the order as fit.
std::vector<int> Placed(const History& history, const std::vector<int>& order, bool row,
                        const Explanation& explanation, const std::set<int>& cycle_nodes,
                        const PrecedenceMetrics& m) {
  auto node_w = [&](int txn) {
    return (DisplayWidth(TxnLabel(history, txn)) + m.label_padding_chars) * m.char_width;
  };
  const int limit = std::max(m.max_nodes, 2);
  float row_w = 0;
  for (int txn : order) row_w += node_w(txn);
  if (static_cast<int>(order.size()) <= limit && (!row || row_w <= m.width)) return order;
  std::set<int> keep = cycle_nodes;
  const Finding* reported = explanation.Reported();
  if (static_cast<int>(keep.size()) > limit && reported && reported->IsCycle()) {
    keep.clear();
    for (const Dependency& edge : reported->edges) keep.insert(edge.from);
  }
  std::vector<int> placed;
  float used = 0;
  for (int txn : order) {
    if (!keep.empty() && !keep.count(txn)) continue;
    if (static_cast<int>(placed.size()) >= limit) break;
    used += node_w(txn);
    if (keep.empty() && placed.size() >= 2 && used > m.width) break;
    placed.push_back(txn);
  }
  return placed;
}

}  // namespace

PrecedenceLayout LayoutPrecedence(const History& history, const Explanation& explanation,
                                  const PrecedenceMetrics& m) {
  PrecedenceLayout layout;
  layout.width = m.width;
  layout.height = m.height;
  const Finding* reported = explanation.Reported();
  std::set<int> cycle_nodes;
  std::set<EdgeKey> cycle_edges;
  for (const Finding& finding : explanation.findings) {
    if (!finding.IsCycle()) continue;
    for (const Dependency& edge : finding.edges) {
      cycle_nodes.insert(edge.from);
      cycle_edges.insert({edge.from, edge.to, edge.kind});
    }
  }
  layout.serial = explanation.serializable && !explanation.serial_order.empty();
  const std::vector<int> order =
      layout.serial ? explanation.serial_order : explanation.graph.nodes();
  layout.transactions = static_cast<int>(order.size());
  if (order.empty()) return layout;
  const std::vector<int> placed =
      Placed(history, order, layout.serial || order.size() <= 2, explanation, cycle_nodes, m);
  const int n = static_cast<int>(placed.size());
  layout.left_out = layout.transactions - n;

  // Places: a row (two nodes, or the serial order), else an ellipse.
  const bool row = layout.serial || n <= 2;
  std::map<int, int> index;
  for (int i = 0; i < n; ++i) {
    PrecedenceNode node;
    node.txn = placed[i];
    const TxnRecord* record = history.Txn(placed[i]);
    node.client = record ? record->client : 0;
    node.label = TxnLabel(history, placed[i]);
    node.rx = (DisplayWidth(node.label) + m.label_padding_chars) * m.char_width / 2;
    node.ry = m.node_height / 2;
    node.in_cycle = cycle_nodes.count(placed[i]) > 0;
    if (row) {
      node.cx = m.width / n * (i + 0.5f);
      node.cy = m.height / 2;
    } else {
      const float angle = -1.5708f + 6.2832f * i / n;
      node.cx = m.width / 2 + (m.width / 2 - node.rx - m.margin) * std::cos(angle);
      node.cy = m.height / 2 + (m.height / 2 - node.ry - m.margin) * std::sin(angle);
    }
    index[placed[i]] = i;
    layout.nodes.push_back(node);
  }

  // The edges, one per (from, to, kind); the k-th of a pair bends k+1 steps
  // to its left (the other direction's to theirs, so that the two never
  // share a curve); the cycle's last, on top.
  std::set<EdgeKey> seen;
  std::map<std::pair<int, int>, int> per_pair;
  std::vector<PrecedenceEdge> plain, strong;
  for (const Dependency& edge : explanation.graph.edges()) {
    if (!index.count(edge.from) || !index.count(edge.to) || edge.from == edge.to) continue;
    if (!seen.insert({edge.from, edge.to, edge.kind}).second) continue;
    PrecedenceEdge e;
    e.kind = edge.kind;
    e.from = index[edge.from];
    e.to = index[edge.to];
    e.in_cycle = cycle_edges.count({edge.from, edge.to, edge.kind}) > 0;
    const PrecedenceNode& a = layout.nodes[e.from];
    const PrecedenceNode& b = layout.nodes[e.to];
    const float dx = b.cx - a.cx, dy = b.cy - a.cy;
    const float len = std::max(std::hypot(dx, dy), 1.0f);
    const int k = per_pair[{e.from, e.to}]++;
    const float bend = m.bend * (1 + m.bend_step * k) + (row ? len * 0.08f : 0);
    e.cx = (a.cx + b.cx) / 2 + dy / len * bend * 2;
    e.cy = (a.cy + b.cy) / 2 - dx / len * bend * 2;
    Outline(a, e.cx, e.cy, &e.x0, &e.y0);
    Outline(b, e.cx, e.cy, &e.x1, &e.y1);
    // The label at the curve's middle.
    e.label_x = 0.25f * e.x0 + 0.5f * e.cx + 0.25f * e.x1;
    e.label_y = 0.25f * e.y0 + 0.5f * e.cy + 0.25f * e.y1;
    (e.in_cycle ? strong : plain).push_back(e);
  }
  layout.edges = std::move(plain);
  layout.edges.insert(layout.edges.end(), strong.begin(), strong.end());

  const std::string all = std::to_string(layout.transactions);
  if (reported && reported->IsCycle()) {
    layout.caption = "cycle: " + FindingName(*reported);
    if (layout.left_out > 0)
      layout.caption +=
          "; " + std::to_string(layout.left_out) + " of " + all + " transactions not drawn";
  } else if (reported) {
    layout.caption = FindingName(*reported);
  } else if (layout.serial) {
    // Past the nodes drawn: how many in all, and the last.
    layout.caption = layout.left_out == 0 ? "serial order:" : "serial order of " + all + ":";
    for (int i = 0; i < n; ++i) layout.caption += (i ? " → " : " ") + layout.nodes[i].label;
    if (layout.left_out > 0) layout.caption += " → … → " + TxnLabel(history, order.back());
    if (explanation.several_orders) layout.caption += " (or another)";
  }
  return layout;
}

}  // namespace interleave
