// The precedence graph beside the verdict (see precedence_graph.h).
#include "gui/precedence_graph.h"

#include <algorithm>
#include <cfloat>
#include <cmath>

#include "gui/theme.h"

namespace interleave::gui {

PrecedenceMetrics BannerGraphMetrics(float width, float height, float char_width,
                                     float line_height) {
  PrecedenceMetrics m;
  m.width = width;
  m.height = height;
  m.char_width = char_width;
  m.node_height = line_height * 1.5f;
  m.label_padding_chars = 1.5f;
  m.margin = 0;
  m.bend = line_height * 0.9f;
  m.bend_step = 0.94f;
  // A banner's graph is a few lines high: past six transactions it is
  // unreadable, so it shows the cycle (or the start of the order) only.
  m.max_nodes = 6;
  return m;
}

const PrecedenceLayout& PrecedenceCache::Get(const History& history, const Explanation& explanation,
                                             const PrecedenceMetrics& metrics) {
  if (!valid_ || width_ != metrics.width || height_ != metrics.height ||
      char_width_ != metrics.char_width || node_height_ != metrics.node_height) {
    layout_ = LayoutPrecedence(history, explanation, metrics);
    width_ = metrics.width;
    height_ = metrics.height;
    char_width_ = metrics.char_width;
    node_height_ = metrics.node_height;
    valid_ = true;
  }
  return layout_;
}

namespace {

float CaptionPx(const DrawStyle& style) { return style.fonts->body_px * 0.85f; }

}  // namespace

float PrecedenceCaptionHeight(const PrecedenceLayout& graph, const DrawStyle& style) {
  if (graph.caption.empty()) return 0;
  return style.fonts->body
      ->CalcTextSizeA(CaptionPx(style), FLT_MAX, graph.width, graph.caption.c_str())
      .y;
}

void DrawPrecedence(ImDrawList* draw, const PrecedenceLayout& graph, ImVec2 origin,
                    const DrawStyle& style) {
  const Palette& p = *style.palette;
  const FontSet& f = *style.fonts;
  const float scale = std::max(1.0f, f.body_px / 18.0f);
  const float px = f.mono_px * 0.8f;
  auto at = [&](float x, float y) { return ImVec2(origin.x + x, origin.y + y); };
  for (const PrecedenceEdge& e : graph.edges) {
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
  for (const PrecedenceNode& node : graph.nodes) {
    const ImVec2 a = at(node.cx - node.rx, node.cy - node.ry),
                 b = at(node.cx + node.rx, node.cy + node.ry);
    const float r = node.ry;
    draw->AddRectFilled(a, b, ToU32(p.panel), r);
    draw->AddRect(a, b, ToU32(node.in_cycle ? p.bad_line : p.clients[node.client % 4]), r, 0,
                  StrokeWidth((node.in_cycle ? 3.5f : 2.0f) * scale));
    const ImVec2 size = f.mono_bold->CalcTextSizeA(px, FLT_MAX, 0, node.label.c_str());
    draw->AddText(f.mono_bold, px, ImVec2((a.x + b.x - size.x) / 2, (a.y + b.y - size.y) / 2),
                  ToU32(p.text), node.label.c_str());
  }
  if (!graph.caption.empty())
    draw->AddText(f.body, CaptionPx(style), at(0, graph.height + 2), ToU32(p.text),
                  graph.caption.c_str(), nullptr, graph.width);
}

}  // namespace interleave::gui
