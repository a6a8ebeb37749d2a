// Time-to-pixel mapping, culling and hit tests of the per-frame view context.
#include "gui/view_context.h"

#include <gtest/gtest.h>

namespace interleave::gui {
namespace {

// Staggered rows: 0 [0,100) col 0; 1 [40,60) col 1; 2 [70,90) col 1;
// 3 [100,300) col 0; 4 [310,330) across.
TimelineLayout Rows() {
  TimelineLayout layout;
  const float spec[][4] = {
      {0, 100, 0, 0}, {40, 20, 1, 1}, {70, 20, 1, 2}, {100, 200, 0, 3}, {310, 20, -1, 4}};
  float reach = 0;
  for (const auto& s : spec) {
    StepBox box;
    box.y = s[0];
    box.h = s[1];
    box.client = static_cast<int>(s[2]);
    box.x = box.client < 0 ? 0 : box.client * 100;
    box.w = box.client < 0 ? 200 : 90;
    box.step = static_cast<int>(s[3]);
    box.row = static_cast<int>(layout.rows.size());
    LayoutRow row;
    row.y = box.y;
    row.h = box.h;
    reach = std::max(reach, box.y + box.h);
    row.reach = reach;
    row.box = static_cast<int>(layout.boxes.size());
    layout.rows.push_back(row);
    layout.boxes.push_back(box);
  }
  WaitSpan span;
  span.x = 92;
  span.y0 = 40;
  span.y1 = 300;
  layout.spans.push_back(span);
  layout.height = 336;
  return layout;
}

TEST(ViewContextTest, MapsContentToScreenAndBack) {
  ViewContext view;
  view.origin_x = 50;
  view.origin_y = 200 - 120;  // the canvas starts at y 200, scrolled down by 120
  view.clip_x0 = 50;
  view.clip_y0 = 200;
  view.clip_x1 = 450;
  view.clip_y1 = 500;
  EXPECT_FLOAT_EQ(view.ScreenY(120), 200);
  EXPECT_FLOAT_EQ(view.ContentY(view.ScreenY(333)), 333);
  EXPECT_FLOAT_EQ(view.ScreenX(10), 60);
  EXPECT_FLOAT_EQ(view.VisibleTop(), 120);
  EXPECT_FLOAT_EQ(view.VisibleBottom(), 420);
  EXPECT_TRUE(view.IsVisible(100, 130));
  EXPECT_FALSE(view.IsVisible(0, 119));
  EXPECT_FALSE(view.IsVisible(421, 500));
}

TEST(ViewContextTest, VisibleRowsCountOverlappingRows) {
  TimelineLayout layout = Rows();
  // Row 0 reaches down to 100, so it is still visible at 95 though rows 1
  // and 2 above that point end earlier.
  EXPECT_EQ(VisibleRows(layout, 95, 96), (std::pair<int, int>{0, 3}));
  EXPECT_EQ(VisibleRows(layout, 0, 10), (std::pair<int, int>{0, 1}));
  EXPECT_EQ(VisibleRows(layout, 150, 200), (std::pair<int, int>{3, 4}));
  EXPECT_EQ(VisibleRows(layout, 305, 400), (std::pair<int, int>{4, 5}));
  EXPECT_EQ(VisibleRows(layout, 400, 500), (std::pair<int, int>{5, 5}));
}

TEST(ViewContextTest, HitTestsFindBoxesAndSpans) {
  TimelineLayout layout = Rows();
  EXPECT_EQ(BoxAt(layout, 10, 50), 0);
  EXPECT_EQ(BoxAt(layout, 110, 50), 1);
  EXPECT_EQ(BoxAt(layout, 110, 65), -1);  // between rows 1 and 2 in column 1
  EXPECT_EQ(BoxAt(layout, 150, 320), 4);
  EXPECT_EQ(BoxAt(layout, 95, 50), -1);  // the span's room, not a box
  EXPECT_EQ(SpanAt(layout, 95, 50, 6, 2), 0);
  EXPECT_EQ(SpanAt(layout, 95, 310, 6, 2), -1);
  EXPECT_EQ(SpanAt(layout, 120, 50, 6, 2), -1);
}

TEST(ViewContextTest, ScrollToShowMovesAsLittleAsPossible) {
  EXPECT_FLOAT_EQ(ScrollToShow(100, 150, 50, 200), 50);   // visible: unchanged
  EXPECT_FLOAT_EQ(ScrollToShow(300, 350, 50, 200), 150);  // below: bottom aligned
  EXPECT_FLOAT_EQ(ScrollToShow(20, 60, 50, 200), 20);     // above: top aligned
  EXPECT_FLOAT_EQ(ScrollToShow(100, 500, 0, 200), 100);   // taller than the view: its top
  EXPECT_FLOAT_EQ(ScrollToShow(0, 10, 0, 0), 0);
}

}  // namespace
}  // namespace interleave::gui
