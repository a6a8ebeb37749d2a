#include "gui/view_context.h"

#include <algorithm>

namespace interleave::gui {

std::pair<int, int> VisibleRows(const TimelineLayout& layout, float top, float bottom) {
  const auto& rows = layout.rows;
  // First row that reaches `top` (rows overlap, so use the running lowest bottom).
  auto first = std::lower_bound(rows.begin(), rows.end(), top,
                                [](const LayoutRow& row, float y) { return row.reach < y; });
  // First row whose top is below `bottom`.
  auto last = std::upper_bound(first, rows.end(), bottom,
                               [](float y, const LayoutRow& row) { return y < row.y; });
  return {static_cast<int>(first - rows.begin()), static_cast<int>(last - rows.begin())};
}

int BoxAt(const TimelineLayout& layout, float x, float y) {
  auto [first, last] = VisibleRows(layout, y, y);
  // The last (topmost drawn) box containing the point.
  for (int r = last - 1; r >= first; --r) {
    int index = layout.rows[r].box;
    if (index < 0) continue;
    const StepBox& box = layout.boxes[index];
    if (x >= box.x && x <= box.x + box.w && y >= box.y && y <= box.y + box.h) return index;
  }
  return -1;
}

int SpanAt(const TimelineLayout& layout, float x, float y, float width, float slop) {
  for (size_t i = 0; i < layout.spans.size(); ++i) {
    const WaitSpan& span = layout.spans[i];
    if (x >= span.x - slop && x <= span.x + width + slop && y >= span.y0 && y <= span.y1)
      return static_cast<int>(i);
  }
  return -1;
}

float ScrollToShow(float y0, float y1, float scroll, float view_h) {
  if (view_h <= 0) return scroll;
  if (y0 >= scroll && y1 <= scroll + view_h) return scroll;
  if (y1 - y0 > view_h || y0 < scroll) return std::max(0.0f, y0);
  return std::max(0.0f, y1 - view_h);
}

}  // namespace interleave::gui
