#include "report/html_graph.h"

#include <cstdio>

#include "report/html_escape.h"
#include "report/precedence_layout.h"
#include "sim/explain/dependency_graph.h"

namespace interleave {

namespace {

std::string Num(float v) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.1f", v);
  return buffer;
}

}  // namespace

std::string HtmlPrecedenceGraph(const History& history, const Explanation& explanation) {
  const PrecedenceMetrics metrics;  // the page's own sizes (its CSS draws the strokes)
  const PrecedenceLayout layout = LayoutPrecedence(history, explanation, metrics);
  if (layout.nodes.empty()) return "";
  std::string plain, strong;
  for (const PrecedenceEdge& e : layout.edges) {
    const PrecedenceNode& a = layout.nodes[e.from];
    const PrecedenceNode& b = layout.nodes[e.to];
    const std::string kind(DependencyKindName(e.kind));
    const std::string id = a.label + "-" + kind + "->" + b.label;
    std::string g = "<g class=\"pedge " + kind + (e.in_cycle ? " cycle" : "") +
                    "\" data-graph-edge=\"" + HtmlEscape(id) + "\"><title>" + HtmlEscape(id) +
                    "</title><path d=\"M" + Num(e.x0) + "," + Num(e.y0) + " Q" + Num(e.cx) + "," +
                    Num(e.cy) + " " + Num(e.x1) + "," + Num(e.y1) + "\" marker-end=\"url(#head-" +
                    kind + ")\"/><text x=\"" + Num(e.label_x) + "\" y=\"" + Num(e.label_y) +
                    "\" text-anchor=\"middle\" dominant-baseline=\"central\">" + kind +
                    "</text></g>";
    (e.in_cycle ? strong : plain) += g;
  }
  std::string nodes_svg;
  for (const PrecedenceNode& node : layout.nodes) {
    nodes_svg += "<g class=\"pnode" + std::string(node.in_cycle ? " cycle" : "") +
                 "\" data-node=\"" + HtmlEscape(node.label) + "\"><ellipse cx=\"" + Num(node.cx) +
                 "\" cy=\"" + Num(node.cy) + "\" rx=\"" + Num(node.rx) + "\" ry=\"" + Num(node.ry) +
                 "\"/><text x=\"" + Num(node.cx) + "\" y=\"" + Num(node.cy) +
                 "\" text-anchor=\"middle\" dominant-baseline=\"central\">" +
                 HtmlEscape(node.label) + "</text></g>";
  }
  const std::string& caption = layout.caption;
  return "<figure class=\"precedence\" data-graph><svg viewBox=\"-8 -8 " + Num(metrics.width + 16) +
         " " + Num(metrics.height + 16) +
         "\" role=\"img\" aria-label=\"precedence graph: " + HtmlEscape(caption) + "\">" + plain +
         strong + nodes_svg + "</svg>" +
         (caption.empty() ? std::string()
                          : "<figcaption>" + HtmlEscape(caption) + "</figcaption>") +
         "</figure>";
}

}  // namespace interleave
