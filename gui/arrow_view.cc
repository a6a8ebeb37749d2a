// Draws the timeline's dependency arrows (see DrawArrows in timeline_view.h):
// each a sampled cubic curve stroked by its kind's pattern, an arrow head at
// the box its edge points to, and its label on a pill in the lane. Edges of
// no cycle first, thin; the cycle's last, thick, so that they read on top.
//
// The strokes (the curve cut into dash runs, the head) are computed once per
// layout and scale, in content coordinates, and kept in the ArrowCache; a
// frame only moves them to the screen. Each dash is one polyline (through
// the curve's corners) of an integer width, which ImGui strokes with its
// baked anti-aliased line texture: two triangles a segment instead of six.
#include <algorithm>
#include <cfloat>
#include <cmath>

#include "gui/theme.h"
#include "gui/timeline_arrows.h"
#include "gui/timeline_view.h"

namespace interleave::gui {

namespace {

constexpr int kSegments = 20;  // the curve's samples, less one

}  // namespace

void DashRuns(const std::vector<ImVec2>& points, float dash, float gap, std::vector<ImVec2>* out,
              std::vector<int>* starts) {
  const int count = static_cast<int>(points.size());
  if (count < 2) return;
  if (dash <= 0) {
    starts->push_back(static_cast<int>(out->size()));
    out->insert(out->end(), points.begin(), points.end());
    return;
  }
  std::vector<float> along(count, 0);  // distance from the start to each point
  for (int i = 1; i < count; ++i)
    along[i] =
        along[i - 1] + std::hypot(points[i].x - points[i - 1].x, points[i].y - points[i - 1].y);
  const float total = along[count - 1];
  // The point at distance d on segment `seg` (along[seg] <= d <= along[seg + 1]).
  auto at = [&](float d, int seg) {
    const float length = along[seg + 1] - along[seg];
    const float t = length > 0 ? (d - along[seg]) / length : 0;
    return ImVec2(points[seg].x + (points[seg + 1].x - points[seg].x) * t,
                  points[seg].y + (points[seg + 1].y - points[seg].y) * t);
  };
  const float period = dash + std::max(gap, 0.5f);
  int seg = 0;
  for (float start = 0; start < total; start += period) {
    const float end = std::min(start + dash, total);
    while (seg + 2 < count && along[seg + 1] <= start) ++seg;
    starts->push_back(static_cast<int>(out->size()));
    out->push_back(at(start, seg));
    int last = seg;
    while (last + 2 < count && along[last + 1] < end) out->push_back(points[++last]);
    out->push_back(at(end, last));
  }
}

void StrokeDashed(ImDrawList* draw, const std::vector<ImVec2>& points, ImU32 color, float width,
                  float dash, float gap) {
  std::vector<ImVec2> runs;
  std::vector<int> starts;
  DashRuns(points, dash, gap, &runs, &starts);
  const int count = static_cast<int>(starts.size());
  for (int r = 0; r < count; ++r) {
    const int end = r + 1 < count ? starts[r + 1] : static_cast<int>(runs.size());
    draw->AddPolyline(runs.data() + starts[r], end - starts[r], color, 0, width);
  }
}

namespace {

// One arrow's strokes, in content coordinates.
ArrowStroke StrokeOf(const EdgeArrow& arrow, float scale) {
  ArrowStroke out;
  const EdgeStroke stroke = StrokeFor(arrow);
  out.width = StrokeWidth(stroke.width * scale);
  std::vector<ImVec2> points(kSegments + 1);
  for (int i = 0; i <= kSegments; ++i)
    ArrowPoint(arrow, static_cast<float>(i) / kSegments, &points[i].x, &points[i].y);
  // The head: a triangle along the curve's last stretch, the line stopping at its base.
  const float head = (arrow.in_cycle ? 7.0f : 5.0f) * scale + out.width;
  const ImVec2 tip = points[kSegments];
  const ImVec2 back = points[kSegments - 2];
  float dx = tip.x - back.x, dy = tip.y - back.y;
  const float len = std::max(std::hypot(dx, dy), 0.001f);
  dx /= len;
  dy /= len;
  const ImVec2 base(tip.x - dx * head * 1.6f, tip.y - dy * head * 1.6f);
  points[kSegments] = base;
  DashRuns(points, stroke.dash * scale, stroke.gap * scale, &out.points, &out.starts);
  out.head[0] = tip;
  out.head[1] = ImVec2(base.x - dy * head, base.y + dx * head);
  out.head[2] = ImVec2(base.x + dy * head, base.y - dx * head);
  return out;
}

void DrawArrow(ImDrawList* draw, const EdgeArrow& arrow, const ArrowStroke& stroke,
               const ViewContext& view, const DrawStyle& style, float scale,
               std::vector<ImVec2>* scratch) {
  const Palette& p = *style.palette;
  const FontSet& f = *style.fonts;
  const LayoutMetrics& m = *style.metrics;
  const ImU32 color = ToU32(p.edges[static_cast<int>(arrow.edge.kind) % 3]);
  const ImVec2 shift(view.ScreenX(0), view.ScreenY(0));
  auto screen = [&](ImVec2 v) { return ImVec2(v.x + shift.x, v.y + shift.y); };
  const int runs = static_cast<int>(stroke.starts.size());
  for (int r = 0; r < runs; ++r) {
    const int begin = stroke.starts[r];
    const int end = r + 1 < runs ? stroke.starts[r + 1] : static_cast<int>(stroke.points.size());
    scratch->clear();
    for (int i = begin; i < end; ++i) scratch->push_back(screen(stroke.points[i]));
    draw->AddPolyline(scratch->data(), end - begin, color, 0, stroke.width);
  }
  draw->AddTriangleFilled(screen(stroke.head[0]), screen(stroke.head[1]), screen(stroke.head[2]),
                          color);
  // The label: on the panel's colour, framed in the edge's, the kind first.
  const float px = (m.font_px > 0 ? m.font_px : f.mono_px) * m.label_scale;
  const ImVec2 a(view.ScreenX(arrow.label_x), view.ScreenY(arrow.label_y));
  const ImVec2 b(a.x + arrow.label_w, a.y + arrow.label_h);
  draw->AddRectFilled(a, b, ToU32(p.panel), 3 * scale);
  draw->AddRect(a, b, color, 3 * scale, 0, StrokeWidth((arrow.in_cycle ? 2.5f : 1.25f) * scale));
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

const std::vector<ArrowStroke>& ArrowCache::StrokesFor(const TimelineLayout& layout, float scale) {
  if (layout_id_ != layout.id || scale_ != scale || strokes_.size() != layout.arrows.size()) {
    strokes_.clear();
    for (const EdgeArrow& arrow : layout.arrows) strokes_.push_back(StrokeOf(arrow, scale));
    layout_id_ = layout.id;
    scale_ = scale;
  }
  return strokes_;
}

int DrawArrows(ImDrawList* draw, const TimelineLayout& layout, const ViewContext& view,
               const DrawStyle& style) {
  const float scale = view.scale;
  ArrowCache uncached;
  ArrowCache& cache = style.arrows ? *style.arrows : uncached;
  const std::vector<ArrowStroke>& strokes = cache.StrokesFor(layout, scale);
  std::vector<ImVec2> scratch;
  scratch.reserve(kSegments + 3);
  int drawn = 0;
  // Placed cycle first; drawn in reverse, so that the cycle ends on top.
  for (int i = static_cast<int>(layout.arrows.size()) - 1; i >= 0; --i) {
    const EdgeArrow& arrow = layout.arrows[i];
    const float top = std::min({arrow.y0, arrow.y1, arrow.label_y});
    const float bottom = std::max({arrow.y0, arrow.y1, arrow.label_y + arrow.label_h});
    if (!view.IsVisible(top, bottom)) continue;
    DrawArrow(draw, arrow, strokes[i], view, style, scale, &scratch);
    ++drawn;
  }
  return drawn;
}

}  // namespace interleave::gui
