// Draws the timeline's dependency arrows (see DrawArrows in timeline_view.h):
// each a sampled cubic curve stroked by its kind's pattern, an arrow head at
// the box its edge points to, and its label on a pill in the lane. Edges of
// no cycle first, thin; the cycle's last, thick, so that they read on top.
#include <algorithm>
#include <cfloat>
#include <cmath>

#include "gui/theme.h"
#include "gui/timeline_arrows.h"
#include "gui/timeline_view.h"

namespace interleave::gui {

namespace {

// A polyline stroked with dashes of `dash` and gaps of `gap` (solid when dash
// is 0), the pattern running on across the polyline's corners.
void StrokePolyline(ImDrawList* draw, const ImVec2* points, int count, ImU32 color, float width,
                    float dash, float gap) {
  if (dash <= 0) {
    draw->AddPolyline(points, count, color, 0, width);
    return;
  }
  // Dash k covers [k * period, k * period + dash) of the distance along it.
  const float period = dash + std::max(gap, 0.5f);
  float along = 0;  // distance at the current segment's start
  for (int i = 0; i + 1 < count; ++i) {
    const ImVec2 a = points[i], b = points[i + 1];
    const float length = std::hypot(b.x - a.x, b.y - a.y);
    if (length <= 0) continue;
    const ImVec2 dir((b.x - a.x) / length, (b.y - a.y) / length);
    for (float start = std::floor(along / period) * period; start < along + length;
         start += period) {
      const float d0 = std::max(start, along) - along;
      const float d1 = std::min(start + dash, along + length) - along;
      if (d1 > d0)
        draw->AddLine(ImVec2(a.x + dir.x * d0, a.y + dir.y * d0),
                      ImVec2(a.x + dir.x * d1, a.y + dir.y * d1), color, width);
    }
    along += length;
  }
}

void DrawArrow(ImDrawList* draw, const EdgeArrow& arrow, const ViewContext& view,
               const DrawStyle& style, float scale) {
  const Palette& p = *style.palette;
  const FontSet& f = *style.fonts;
  const LayoutMetrics& m = *style.metrics;
  const EdgeStroke stroke = StrokeFor(arrow);
  const ImU32 color = ToU32(p.edges[static_cast<int>(arrow.edge.kind) % 3]);
  const float width = stroke.width * scale;
  constexpr int kSegments = 20;
  ImVec2 points[kSegments + 1];
  for (int i = 0; i <= kSegments; ++i) {
    float x = 0, y = 0;
    ArrowPoint(arrow, static_cast<float>(i) / kSegments, &x, &y);
    points[i] = ImVec2(view.ScreenX(x), view.ScreenY(y));
  }
  // The head: a triangle along the curve's last stretch, the line stopping at its base.
  const float head = (arrow.in_cycle ? 7.0f : 5.0f) * scale + width;
  const ImVec2 tip = points[kSegments];
  ImVec2 back = points[kSegments - 2];
  float dx = tip.x - back.x, dy = tip.y - back.y;
  const float len = std::max(std::hypot(dx, dy), 0.001f);
  dx /= len;
  dy /= len;
  const ImVec2 base(tip.x - dx * head * 1.6f, tip.y - dy * head * 1.6f);
  points[kSegments] = base;
  StrokePolyline(draw, points, kSegments + 1, color, width, stroke.dash * scale,
                 stroke.gap * scale);
  draw->AddTriangleFilled(tip, ImVec2(base.x - dy * head, base.y + dx * head),
                          ImVec2(base.x + dy * head, base.y - dx * head), color);
  // The label: on the panel's colour, framed in the edge's, the kind first.
  const float px = (m.font_px > 0 ? m.font_px : f.mono_px) * m.label_scale;
  const ImVec2 a(view.ScreenX(arrow.label_x), view.ScreenY(arrow.label_y));
  const ImVec2 b(a.x + arrow.label_w, a.y + arrow.label_h);
  draw->AddRectFilled(a, b, ToU32(p.panel), 3 * scale);
  draw->AddRect(a, b, color, 3 * scale, 0, (arrow.in_cycle ? 2.5f : 1.25f) * scale);
  const float pad = m.padding * 0.5f;
  const float line = m.line_height * m.label_scale;
  for (size_t i = 0; i < arrow.label_lines.size(); ++i) {
    const std::string& text = arrow.label_lines[i];
    const ImVec2 at(a.x + pad, a.y + pad + i * line + (line - px) * 0.5f);
    if (i == 0 && text.size() >= 2) {
      // "rw" in bold: the kind, said in words as well as by colour and dashes.
      draw->AddText(f.mono_bold, px, at, ToU32(p.text), text.c_str(), text.c_str() + 2);
      const float w = f.mono_bold->CalcTextSizeA(px, FLT_MAX, 0, "rw").x;
      draw->AddText(f.mono, px, ImVec2(at.x + w, at.y), ToU32(p.text), text.c_str() + 2);
    } else {
      draw->AddText(f.mono, px, at, ToU32(p.text), text.c_str());
    }
  }
}

}  // namespace

int DrawArrows(ImDrawList* draw, const TimelineLayout& layout, const ViewContext& view,
               const DrawStyle& style) {
  const float scale = view.scale;
  int drawn = 0;
  // Placed cycle first; drawn in reverse, so that the cycle ends on top.
  for (int i = static_cast<int>(layout.arrows.size()) - 1; i >= 0; --i) {
    const EdgeArrow& arrow = layout.arrows[i];
    const float top = std::min({arrow.y0, arrow.y1, arrow.label_y});
    const float bottom = std::max({arrow.y0, arrow.y1, arrow.label_y + arrow.label_h});
    if (!view.IsVisible(top, bottom)) continue;
    DrawArrow(draw, arrow, view, style, scale);
    ++drawn;
  }
  return drawn;
}

}  // namespace interleave::gui
