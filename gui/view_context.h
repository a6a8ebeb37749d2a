// The per-frame view context of one timeline pane, in the manner of Tracy's
// timeline: where the scrolled content sits on the screen, what is visible,
// and where the mouse is. Lane drawers get it instead of asking ImGui, so the
// mapping from the timeline's time axis (rows, top to bottom) to pixels, the
// culling and the hit tests are plain maths, testable without a window.
// Thread-safety: plain values and pure functions.
#pragma once

#include <utility>

#include "gui/timeline_layout.h"

namespace interleave::gui {

struct ViewContext {
  float origin_x = 0, origin_y = 0;  // screen position of content (0, 0), scroll applied
  float clip_x0 = 0, clip_y0 = 0;    // the visible screen rectangle
  float clip_x1 = 0, clip_y1 = 0;
  float mouse_x = -1, mouse_y = -1;  // screen
  bool hovered = false;              // the mouse is over this pane's canvas
  float scale = 1;                   // the font scale (line thickness follows it)
  double time_s = 0;                 // for the open span's animation

  float ScreenX(float x) const { return origin_x + x; }
  float ScreenY(float y) const { return origin_y + y; }
  float ContentX(float screen_x) const { return screen_x - origin_x; }
  float ContentY(float screen_y) const { return screen_y - origin_y; }
  // The content's visible vertical range.
  float VisibleTop() const { return clip_y0 - origin_y; }
  float VisibleBottom() const { return clip_y1 - origin_y; }
  bool IsVisible(float y0, float y1) const { return y1 >= VisibleTop() && y0 <= VisibleBottom(); }
};

// Rows meeting the content range [top, bottom]: [first, last). Binary search,
// so a long trace costs only what is on the screen.
std::pair<int, int> VisibleRows(const TimelineLayout& layout, float top, float bottom);

// The box under content point (x, y), or -1.
int BoxAt(const TimelineLayout& layout, float x, float y);
// The waiting span (bars `width` wide) under content point (x, y), with
// `slop` pixels to spare on either side, or -1.
int SpanAt(const TimelineLayout& layout, float x, float y, float width, float slop);

// The scroll offset that shows content range [y0, y1] in a view `view_h`
// high currently scrolled to `scroll`: unchanged when it is visible, else the
// least movement that shows it (its top when it is taller than the view).
float ScrollToShow(float y0, float y1, float scroll, float view_h);

}  // namespace interleave::gui
