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
#include "gui/precedence_graph.h"
#include "gui/timeline_layout.h"
#include "gui/timeline_view.h"

namespace interleave::gui {

// What a pane showed in the last frame besides its timeline, in screen
// pixels, for the SVG export (gui/svg_export.h).
struct PanePicture {
  std::string variant;
  std::string description;
  ImVec2 header_min{0, 0};
  int tone = 0;  // VerdictTone
  std::string icon, headline, body, numbers;
  ImVec2 banner_min{0, 0}, banner_max{0, 0};
  float banner_wrap = 0;  // the banner text's width
  bool has_graph = false;
  PrecedenceLayout graph;
  ImVec2 graph_origin{0, 0};
  ImVec2 columns_min{0, 0};  // the column headers' origin
  ImVec2 state_min{0, 0}, state_max{0, 0};
  std::vector<TableState> committed;
  std::string committed_note;
};

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
  // What the last frame showed (the state report): step boxes wholly in view
  // and dependency arrows drawn.
  int visible_steps = 0;
  int edges_drawn = 0;
  // Presentation, at the end: the anomaly's card drawn under the timeline
  // (not in it, so that it never scrolls away), where, and the pixels of it
  // that did not fit in the room it may take.
  bool card_apart = false;
  ImVec2 card_origin{0, 0};
  float card_overflow_px = 0;
  // The arrows' strokes, kept while the layout stays.
  ArrowCache arrow_cache;
  // The banner graph's layout, kept while the snapshot stays.
  PrecedenceCache graph_cache;
  // The locks panel's lines shown in the last frame (none when it is hidden).
  std::vector<std::string> lock_lines;
  // The compact layout's fit, shared by both panes (kept in the first pane's
  // PaneUi): the text scale, what it was found for, and the inputs laid out.
  float fit_scale = 1;
  std::string fit_key;
  std::string fit_inputs;
  PanePicture picture;
};

// Heights of the pane's parts that both panes share, so that their
// timelines start at the same height and line up.
struct PaneHeights {
  float header = 0;
  float banner = 0;
  float columns = 0;  // the column headers (one line or two)
  float locks = 0;    // the locks panel (0 when hidden)
  float state = 0;
};

struct PaneContext {
  const Scenario* scenario = nullptr;
  std::vector<std::string> variant_names;
  std::string variant;      // the pane's variant (as requested)
  int cursor = 0;           // the classroom's step cursor
  bool compact = false;     // presentation: fewer lines per box
  bool show_locks = false;  // the locks panel under the timeline
  double time_s = 0;
  // What PostgreSQL did that a reader might not expect (teaching.md, point 9),
  // shown under the verdict: READ UNCOMMITTED, the deadlock victim, a 40001
  // with no anomaly behind it.
  std::vector<std::string> notes;
  // The pane's banner graph layout (null: laid out every time).
  PrecedenceCache* graph_cache = nullptr;
};

// The verdict banner's headline, in the words of the run's dependency graph
// when it was explained ("ANOMALY: lost update (G-single)"); else as
// DescribeVerdict says it.
std::string GraphHeadline(const Scenario& scenario, const Trace& trace, const Verdict& verdict);

// Why PostgreSQL failed a step with 40001 at `level`, in the words of the
// text output: SERIALIZABLE's check of dangerous patterns, or, at REPEATABLE
// READ, first-updater-wins ("could not serialize access due to concurrent
// update").
std::string SerializationFailureWhy(Isolation level);

// The notes for pane `snapshot`, given the other pane's snapshot.
std::vector<std::string> HonestyNotes(const Scenario& scenario, const PaneSnapshot& snapshot,
                                      const PaneSnapshot& other);

// The pane's heights; the column headers' from its layout of the last frame.
PaneHeights MeasurePane(const PaneSnapshot& snapshot, const PaneContext& context, float width,
                        const DrawStyle& style, const PaneUi& ui);
// Combines the heights of several panes (the larger of each).
PaneHeights MaxHeights(const PaneHeights& a, const PaneHeights& b);

// The height left for the timeline canvas in a pane `pane_h` high.
float CanvasHeight(const PaneHeights& heights, float pane_h, const DrawStyle& style);
// The content width of the timeline canvas in a pane `pane_w` wide.
float CanvasContentWidth(float pane_w, const DrawStyle& style);

// Lays out the timelines of `count` panes. Compact (presentation): each row is
// one global step number, both panes' rows get the same heights so that they
// line up, and the box text takes the largest scale (1 down to 0.55, never
// growing again while the same scenario and size are shown, so that the text
// does not jump between steps) at which every step row fits `canvas_h`;
// longer traces scroll. Otherwise each pane is laid out on its own.
void LayoutPanes(const PaneSnapshot* const snapshots[], const PaneContext contexts[], int count,
                 float content_w, float canvas_h, const DrawStyle& style, PaneUi ui[]);

// Draws pane `index` in a child window of `size` at the cursor position.
void DrawPane(int index, const PaneSnapshot& snapshot, const PaneContext& context,
              const PaneHeights& heights, ImVec2 size, const DrawStyle& style, PaneUi* ui);

}  // namespace interleave::gui
