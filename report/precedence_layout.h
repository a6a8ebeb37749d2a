// Where the precedence graph's nodes and edges go, as pure geometry (no
// drawing): a node per committed transaction ("phone", "laptop#2"), an edge
// per dependency between two of them (one per pair and kind), those of one
// pair bent apart; the cycle's nodes and edges marked, and the cycle's edges
// last (drawn on top). With no cycle the transactions stand left to right in
// the serial order the run is equivalent to, else on an ellipse. Past
// `max_nodes` transactions only the cycle's are placed (or, with no cycle,
// the first ones of the serial order), and the caption says how many are
// left out. The window (gui/precedence_graph.h) and the web page
// (report/html_graph.h) both draw this layout.
// Thread-safety: a pure function; the result is a plain value.
#pragma once

#include <string>
#include <vector>

#include "sim/explain/anomaly_class.h"
#include "sim/model/history.h"

namespace interleave {

// Sizes the layout works with (in the drawing's own units).
struct PrecedenceMetrics {
  float width = 360, height = 170;  // the box the nodes stand in
  float char_width = 9.6f;          // a label character
  float node_height = 30;
  float label_padding_chars = 2;  // a node is its label and this many characters wide
  float margin = 4;               // between the ellipse's outermost nodes and the box
  float bend = 16;                // how far the first edge of a pair bends ...
  float bend_step = 0.9f;         // ... and each further one, this much more again
  int max_nodes = 12;             // more transactions than this: the compact form
};

struct PrecedenceNode {
  int txn = -1;
  int client = 0;
  std::string label;                     // TxnLabel: "laptop", "laptop#2"
  float cx = 0, cy = 0, rx = 0, ry = 0;  // centre and half sizes (an ellipse or a pill)
  bool in_cycle = false;
};

// A quadratic curve from (x0, y0) through control point (cx, cy) to
// (x1, y1), leaving and entering the nodes' outlines; its kind's name at
// (label_x, label_y).
struct PrecedenceEdge {
  DependencyKind kind = DependencyKind::kWw;
  int from = -1, to = -1;  // indexes into PrecedenceLayout::nodes
  bool in_cycle = false;
  float x0 = 0, y0 = 0, cx = 0, cy = 0, x1 = 0, y1 = 0;
  float label_x = 0, label_y = 0;
};

struct PrecedenceLayout {
  std::vector<PrecedenceNode> nodes;
  std::vector<PrecedenceEdge> edges;  // the cycle's last
  // "cycle: lost update (G-single)", "serial order: phone → laptop",
  // "serial order of 100: left#1 → right#1 → … → right#50".
  std::string caption;
  bool serial = false;
  int transactions = 0;  // in the graph, placed or not
  int left_out = 0;      // transactions not placed (the compact form)
  float width = 0, height = 0;
};

PrecedenceLayout LayoutPrecedence(const History& history, const Explanation& explanation,
                                  const PrecedenceMetrics& metrics);

}  // namespace interleave
