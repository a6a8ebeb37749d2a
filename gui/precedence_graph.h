// The small precedence graph beside a pane's verdict, drawn with ImGui from
// the shared layout (report/precedence_layout.h): a pill per committed
// transaction ("phone", "laptop#2"), an arrow per dependency between two of
// them labelled with its kind (ww / wr / rw, also told by line style), the
// edges of a cycle drawn thick and the cycle named under it; with no cycle,
// the transactions left to right in the serial order, and that order under
// them. A graph of many transactions shows only its cycle (or the start of
// its serial order), and the caption says how many are left out.
// Thread-safety: BannerGraphMetrics is a pure function; DrawPrecedence is UI
// thread only, inside an ImGui frame.
#pragma once

#include <imgui.h>

#include "gui/timeline_view.h"
#include "report/precedence_layout.h"

namespace interleave::gui {

// The layout's sizes for a graph `width` x `height` whose labels are a
// monospace font `char_width` wide a character and `line_height` high.
PrecedenceMetrics BannerGraphMetrics(float width, float height, float char_width,
                                     float line_height);

// The banner graph's layout, kept while its pane shows the same snapshot at
// the same size: LayoutPrecedence runs once per snapshot, not every frame.
// Thread-safety: UI thread only. Ownership: the pane's PaneUi owns it; the
// App clears it when the pane's snapshot changes.
class PrecedenceCache {
 public:
  const PrecedenceLayout& Get(const History& history, const Explanation& explanation,
                              const PrecedenceMetrics& metrics);
  void Clear() { valid_ = false; }

 private:
  bool valid_ = false;
  float width_ = 0, height_ = 0, char_width_ = 0, node_height_ = 0;
  PrecedenceLayout layout_;
};

// The graph's caption wrapped to the graph's width: its height in pixels.
float PrecedenceCaptionHeight(const PrecedenceLayout& graph, const DrawStyle& style);

// The graph at `origin` (screen), with its caption under it.
void DrawPrecedence(ImDrawList* draw, const PrecedenceLayout& graph, ImVec2 origin,
                    const DrawStyle& style);

}  // namespace interleave::gui
