// The precedence graph drawn in the HTML page, as in the window: an SVG with
// a node per committed transaction (its label, "laptop#2"), an arrow per
// dependency between two of them (one per pair and kind) named by its kind
// and told apart by line style and colour as well (ww solid, wr dotted, rw
// dashed, the page's key), the reported cycle's nodes and edges drawn
// strongest; with no cycle, the transactions left to right in the serial
// order, and a caption under it ("cycle: lost update (G-single)", "serial
// order: phone → laptop"). The geometry, and the compact form of a graph of
// many transactions, are report/precedence_layout.h's. Nodes carry
// data-node="LABEL", edges data-graph-edge="FROM-KIND->TO" (transaction
// labels).
// Thread-safety: a pure function; everything from the server is escaped.
#pragma once

#include <string>

#include "sim/explain/anomaly_class.h"
#include "sim/model/history.h"

namespace interleave {

// The <figure> with the SVG and its caption; "" when the graph has no node.
std::string HtmlPrecedenceGraph(const History& history, const Explanation& explanation);

}  // namespace interleave
