// Draws a TimelineLayout with ImGui's draw list, Tracy style: the pane's
// per-frame ViewContext goes to each lane drawer (columns, rows, boxes,
// waiting spans, the "now" line), which cull by the visible rows and map
// content coordinates to the screen through it. Also draws the column
// headers and the hover card with a step's full SQL and result.
// Thread-safety: UI thread only, inside an ImGui frame.
#pragma once

#include <imgui.h>

#include <cmath>
#include <cstdint>
#include <vector>

#include "gui/fonts.h"
#include "gui/palette.h"
#include "gui/timeline_layout.h"
#include "gui/view_context.h"
#include "sim/model/trace.h"

namespace interleave::gui {

// A line width in whole pixels (at least 1): ImGui strokes those with its
// baked anti-aliased line texture, two triangles a segment; any other width
// costs six (what a software rasteriser such as llvmpipe feels).
inline float StrokeWidth(float width) { return width < 1.5f ? 1.0f : std::round(width); }

// Cuts the polyline `points` into dashes of `dash` with gaps of `gap` (the
// pattern running on across its corners): appends each dash's points to
// `out` and where each starts to `starts`. Solid (one run) when dash is 0.
void DashRuns(const std::vector<ImVec2>& points, float dash, float gap, std::vector<ImVec2>* out,
              std::vector<int>* starts);
// Strokes `points` so: one polyline a dash.
void StrokeDashed(ImDrawList* draw, const std::vector<ImVec2>& points, ImU32 color, float width,
                  float dash, float gap);

// One arrow's strokes in content coordinates: its dash runs (points[starts[i]]
// up to the next start), its width and its head.
struct ArrowStroke {
  std::vector<ImVec2> points;
  std::vector<int> starts;
  float width = 1;
  ImVec2 head[3];
};

// The strokes of a layout's arrows, made once per layout and scale (they do
// not change while a pane scrolls or the mouse moves).
// Thread-safety: UI thread only. Ownership: a pane's view state owns it.
class ArrowCache {
 public:
  const std::vector<ArrowStroke>& StrokesFor(const TimelineLayout& layout, float scale);

 private:
  uint64_t layout_id_ = 0;
  float scale_ = 0;
  std::vector<ArrowStroke> strokes_;
};

// What the lane drawers need besides the layout.
struct DrawStyle {
  const Palette* palette = nullptr;
  const FontSet* fonts = nullptr;
  const LayoutMetrics* metrics = nullptr;
  bool finished = false;         // no "now" line once the run is over
  ArrowCache* arrows = nullptr;  // the pane's (null: the strokes are made for this frame)
  bool card_apart = false;       // the anomaly's marker is drawn apart (DrawCard), not here
};

// The layout's metrics for the current fonts and a pane `width` wide.
LayoutMetrics MetricsFor(const FontSet& fonts, float width, bool compact);
// The compact layout's metrics: the box text `text_scale` times the mono
// font's size (so that a whole interleaving fits), lanes for the labels.
LayoutMetrics CompactMetricsFor(const FontSet& fonts, float width, float text_scale);

// Column headers: each client's name and isolation level, on one line when
// every column has room for both, else on two.
float ColumnHeaderHeight(const TimelineLayout& layout, const FontSet& fonts);
void DrawColumnHeaders(ImDrawList* draw, const TimelineLayout& layout, ImVec2 origin,
                       const DrawStyle& style);

// What a frame of the timeline showed: step boxes wholly in view (steps sent,
// skipped or to come; not results drawn apart or marks) and arrows drawn.
struct TimelineCounts {
  int visible_steps = 0;
  int edges_drawn = 0;
};

// The timeline's content (call inside the scrolled canvas).
TimelineCounts DrawTimeline(ImDrawList* draw, const TimelineLayout& layout, const ViewContext& view,
                            const DrawStyle& style, int hovered_box, int hovered_span);
// The anomaly's marker `box` drawn on its own, its top-left at `top_left`
// (screen): the card under a presentation timeline (DrawStyle::card_apart).
void DrawCard(ImDrawList* draw, const StepBox& box, ImVec2 top_left, const DrawStyle& style);
bool IsStepBox(const StepBox& box);

// The dependency arrows and their labels (ww solid, wr dotted, rw dashed;
// the cycle's thick, on top); returns how many were drawn.
int DrawArrows(ImDrawList* draw, const TimelineLayout& layout, const ViewContext& view,
               const DrawStyle& style);

// The hover card for box `box` (a tooltip window).
void DrawBoxTooltip(const TimelineLayout& layout, int box, const Trace& trace,
                    const DrawStyle& style);
void DrawSpanTooltip(const TimelineLayout& layout, int span, const Trace& trace,
                     const DrawStyle& style);

}  // namespace interleave::gui
