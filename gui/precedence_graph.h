// The small precedence graph beside a pane's verdict: a node per committed
// transaction ("phone", "laptop#2"), an arrow per dependency between two of
// them labelled with its kind (ww / wr / rw, also told by line style), the
// edges of a cycle drawn thick and the cycle named under it; with no cycle,
// the transactions left to right in the serial order the run is equivalent
// to, and that order under them.
// Thread-safety: LayoutPrecedence is a pure function; DrawPrecedence is UI
// thread only, inside an ImGui frame.
#pragma once

#include <imgui.h>

#include <string>
#include <vector>

#include "gui/timeline_view.h"
#include "sim/explain/anomaly_class.h"
#include "sim/model/history.h"

namespace interleave::gui {

struct GraphNode {
  int txn = -1;
  int client = 0;
  std::string label;                 // TxnLabel: "laptop", "laptop#2"
  float x = 0, y = 0, w = 0, h = 0;  // top-left and size, relative to the graph's
  bool in_cycle = false;
};

// A quadratic curve from (x0, y0) through control point (cx, cy) to (x1, y1),
// leaving and entering the nodes' edges; its kind's name at (label_x, label_y).
struct GraphEdge {
  DependencyKind kind = DependencyKind::kWw;
  int from = -1, to = -1;  // indexes into nodes
  bool in_cycle = false;
  float x0 = 0, y0 = 0, cx = 0, cy = 0, x1 = 0, y1 = 0;
  float label_x = 0, label_y = 0;
};

struct PrecedenceGraph {
  std::vector<GraphNode> nodes;
  std::vector<GraphEdge> edges;  // one per (from, to, kind); the cycle's last
  std::string caption;           // "cycle: G-single, lost update" / "serial: phone → laptop"
  bool serial = false;
  float w = 0, h = 0;  // the graph's size (the caption below it)
};

// Sizes for LayoutPrecedence: a monospace label `char_width` wide a character.
struct GraphMetrics {
  float width = 300, height = 120;  // room for the nodes and edges
  float char_width = 9, line_height = 18;
};

PrecedenceGraph LayoutPrecedence(const History& history, const Explanation& explanation,
                                 const GraphMetrics& metrics);

// The graph at `origin` (screen), with its caption under it.
void DrawPrecedence(ImDrawList* draw, const PrecedenceGraph& graph, ImVec2 origin,
                    const DrawStyle& style);

}  // namespace interleave::gui
