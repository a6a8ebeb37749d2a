// One pane of the classroom window: the variant (a combo to pick any), what
// the fix does, the verdict banner (red with the check's explanation where
// the anomaly happened, green with how it was prevented, grey while the run
// is still going), the timeline with its column headers, and the committed
// contents of the tables after the current step.
// Thread-safety: UI thread only, inside an ImGui frame.
// Ownership: PaneUi is the pane's view state, owned by the App.
#pragma once

#include <imgui.h>

#include <string>
#include <vector>

#include "gui/pane_snapshot.h"
#include "gui/timeline_layout.h"
#include "gui/timeline_view.h"

namespace interleave::gui {

// A pane's view state between frames (cached layout, scroll, hover).
struct PaneUi {
  // The layout and what it was computed from.
  TimelineLayout layout;
  LayoutMetrics metrics;
  uint64_t layout_version = 0;
  float layout_width = -1;
  float layout_font = 0;
  bool layout_compact = false;
  // Scrolling follows the "now" line when the cursor moves.
  int followed_cursor = -1;
  uint64_t followed_version = 0;
  float scroll_y = 0;
  int hovered_box = -1;
  int hovered_span = -1;
  // Where the pane was drawn this frame (PNG export of the panes), and where
  // the timeline's content origin and visible part were.
  ImVec2 min{0, 0}, max{0, 0};
  ImVec2 content_origin{0, 0};
  ImVec2 canvas_min{0, 0}, canvas_max{0, 0};
  // The variant picked in the combo this frame, if any.
  std::string picked_variant;
};

// Heights of the pane's parts that both panes share, so that their
// timelines start at the same height and line up.
struct PaneHeights {
  float header = 0;
  float banner = 0;
  float columns = 0;  // the column headers (one line or two)
  float state = 0;
};

struct PaneContext {
  const Scenario* scenario = nullptr;
  std::vector<std::string> variant_names;
  std::string variant;   // the pane's variant (as requested)
  int cursor = 0;        // the classroom's step cursor
  bool compact = false;  // presentation: fewer lines per box
  double time_s = 0;
  // What PostgreSQL did that a reader might not expect (teaching.md, point 9),
  // shown under the verdict: READ UNCOMMITTED, the deadlock victim, a 40001
  // with no anomaly behind it.
  std::vector<std::string> notes;
};

// The notes for pane `snapshot`, given the other pane's snapshot.
std::vector<std::string> HonestyNotes(const Scenario& scenario, const PaneSnapshot& snapshot,
                                      const PaneSnapshot& other);

// The pane's heights; the column headers' from its layout of the last frame.
PaneHeights MeasurePane(const PaneSnapshot& snapshot, const PaneContext& context, float width,
                        const DrawStyle& style, const PaneUi& ui);
// Combines the heights of several panes (the larger of each).
PaneHeights MaxHeights(const PaneHeights& a, const PaneHeights& b);

// Draws pane `index` in a child window of `size` at the cursor position.
void DrawPane(int index, const PaneSnapshot& snapshot, const PaneContext& context,
              const PaneHeights& heights, ImVec2 size, const DrawStyle& style, PaneUi* ui);

}  // namespace interleave::gui
