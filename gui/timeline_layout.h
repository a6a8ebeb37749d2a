// The timeline's geometry, computed from a Trace without ImGui: a column per
// client, time going down, one numbered row per step event (as in the text
// timeline), a box per step with its SQL and its result, a waiting span from
// where a blocked step was sent to where it completed, commit and abort
// marks, the anomaly marker, the steps not run yet, and the dependency
// arrows of the run's graph between the boxes that made each edge. In the
// compact layout (presentation mode) every row is one global step number
// (the n-th statement sent), so that two panes given the same row heights
// line up row by row, and the gaps between columns are lanes for the arrows'
// labels. Coordinates are in
// pixels relative to the top-left of the pane's scrolled content; the view
// context (gui/view_context.h) maps them to the screen.
// Thread-safety: pure functions; results are plain values owned by the caller.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "sim/explain/dependency_graph.h"
#include "sim/judge/verdict.h"
#include "sim/model/scenario.h"
#include "sim/model/trace.h"
#include "sim/plan/plan.h"

namespace interleave::gui {

// A step the pane has not run yet.
struct PendingStep {
  int client = 0;
  std::string step_name;
  std::string sql;  // as written (${vars} not substituted yet)
};

struct TimelineInput {
  const Scenario* scenario = nullptr;
  const Variant* variant = nullptr;  // null: the scenario as written
  const Plan* plan = nullptr;        // what ran; null: the scenario as written
  const Trace* trace = nullptr;
  const Verdict* verdict = nullptr;  // null until the run has finished
  // While the run goes on: the graph of the same interleaving run to its end
  // beforehand, and that run's trace (whose step i is this trace's step i,
  // see PaneSnapshot::lookahead); its edges between steps that completed
  // here are drawn. Null: no arrows until the end.
  const Explanation* lookahead = nullptr;
  const Trace* lookahead_trace = nullptr;
  std::vector<PendingStep> pending;  // in the order they are planned to run
  std::vector<int> waiting_clients;  // clients whose step still waits (live)
  bool finished = false;
  // Compact layout: the least number of text lines of each global row (the
  // other pane's, so that both panes' rows line up); missing rows: none.
  std::vector<int> row_lines;
};

// Sizes the layout works with; text is monospace (one advance per code point).
struct LayoutMetrics {
  float width = 800;          // the pane's content width
  float char_width = 9;       // monospace advance
  float line_height = 18;     // monospace line height
  float padding = 6;          // inside a box
  float row_gap = 8;          // between rows
  float gutter_chars = 4;     // the row number column ("#12")
  float column_gap = 14;      // between client columns
  float span_width = 12;      // the waiting span's bar
  int max_sql_lines = 6;      // longer SQL ends in "…" (the hover shows it all)
  int max_pending = 60;       // upcoming steps shown
  float min_step = 0;         // least distance between row tops (0: two lines)
  float badge_scale = 0.82f;  // a badge's text size relative to the box text
  // Compact: one row per global step number, the step's name on the SQL's
  // first line, results at the end of the last line when they fit, and
  // lanes between the columns `lane_chars` label characters wide.
  bool compact = false;
  float font_px = 0;          // the box text's size when drawn (0: the mono font's own)
  float lane_chars = 13;      // an arrow label's line, in label characters
  float label_scale = 0.75f;  // an arrow label's text size relative to the box text
  int max_label_lines = 3;
  // The anomaly marker's sentences shown (0: all); the presentation's card
  // keeps the first (the stale read) when the whole does not fit.
  int mark_sentences = 0;
};

// What a line of text in a box means; the palette turns it into colours and
// an icon, so none of these depends on colour alone.
enum class LineTone { kPlain, kStepName, kMuted, kNote, kWait, kBad, kGood, kSnapshot };

struct BoxLine {
  BoxLine() = default;
  BoxLine(std::string text_in, LineTone tone_in = LineTone::kPlain, bool continuation_in = false)
      : text(std::move(text_in)), tone(tone_in), continuation(continuation_in) {}

  std::string text;
  LineTone tone = LineTone::kPlain;
  bool continuation = false;  // a wrapped line's second and later parts
  int lead = 0;               // the first `lead` bytes are the step's name (bold)
  std::string tail;           // a result after the text, on the same line
  LineTone tail_tone = LineTone::kPlain;
};

enum class BoxKind {
  kStep,        // a step as sent (and its result, unless it waited)
  kCompletion,  // a waiting step's result, where it really completed
  kSkipped,     // the application skipped the step
  kEvent,       // a retry or a notice
  kAnomaly,     // the anomaly marker, across all columns
  kPending,     // a step not run yet
};

struct StepBox {
  BoxKind kind = BoxKind::kStep;
  int step = -1;    // index into Trace::steps (-1 for events and marks)
  int client = -1;  // -1: across all columns
  int row = -1;     // index into TimelineLayout::rows
  float x = 0, y = 0, w = 0, h = 0;
  std::vector<BoxLine> lines;
  bool anomaly = false;    // the step where the anomaly becomes visible
  bool waiting = false;    // sent and found waiting
  bool next = false;       // the first pending step of its client
  bool committed = false;  // the step committed its transaction
  bool aborted = false;    // a concurrency error ended its transaction
  std::string badge;       // "COMMITTED", "ABORTED 40001", "⚠ ANOMALY", "NEXT"
  LineTone badge_tone = LineTone::kPlain;
  int badge_line = 0;  // the line it sits on, at the right (a line of its own
                       // at the end when the first has no room for it)
};

// A blocked step's wait, from the bottom of the box where it was sent to the
// top of the box where it completed (or to "now" while it still waits).
struct WaitSpan {
  int step = -1;
  int client = -1;
  float x = 0;  // the bar's left edge
  float y0 = 0, y1 = 0;
  bool open = false;  // still waiting at the current step
  std::string label;  // "waits for phone (p3)"
};

// Rows are staggered: each row's top is below the previous row's top (so the
// global order reads top to bottom, numbered), but a box may sit beside the
// previous one when that one is in another client's column, as in textbook
// figures. A box never overlaps another box of its own column, and boxes
// across all columns (the anomaly marker) start below everything above.
struct LayoutRow {
  float y = 0, h = 0;
  int global = -1;     // compact: the global step number's index (0-based); -1 otherwise
  float reach = 0;     // the lowest bottom of this row and every row above it
  std::string number;  // "#3"; empty for marks, events and pending rows
  int box = -1;        // the row's box
};

struct ColumnLayout {
  float x = 0, w = 0;
  std::string name;   // client name
  std::string level;  // "READ COMMITTED, the default"
};

// One edge of the run's dependency graph, drawn from the box of the step that
// made its `from` end to the box of its `to` end: a cubic curve from (x0, y0)
// to (x1, y1) with control points (cx0, cy0) and (cx1, cy1), and its label's
// lines centred on (label_x, label_y). Told apart by line style as well as
// colour: ww solid, wr dotted, rw dashed; edges of a cycle drawn strongest.
struct EdgeArrow {
  Dependency edge;
  int from_box = -1, to_box = -1;
  float x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  float cx0 = 0, cy0 = 0, cx1 = 0, cy1 = 0;
  float label_x = 0, label_y = 0, label_w = 0, label_h = 0;  // the label's box (top-left)
  std::string label;                                         // "rw users id=1: read 100, wrote 70"
  std::vector<std::string> label_lines;                      // wrapped to the lane
  bool in_cycle = false;
};

struct TimelineLayout {
  // Unique to each layout LayoutTimeline made (0: none), so that what is
  // derived from a layout can be cached on it (the arrows' strokes).
  uint64_t id = 0;
  float gutter = 0;  // width of the row-number column
  std::vector<ColumnLayout> columns;
  std::vector<LayoutRow> rows;  // top to bottom
  std::vector<StepBox> boxes;
  std::vector<WaitSpan> spans;
  float now_y = 0;  // below the last row run so far
  float height = 0;
  int anomaly_box = -1;  // the anomaly marker's box, or -1
  std::vector<EdgeArrow> arrows;
  // Compact: the text lines of each global row (max over its boxes), for the
  // other pane's row_lines, and the bottom of the last step row (run or to
  // come), what must fit for the whole interleaving to be seen.
  std::vector<int> row_lines;
  float steps_bottom = 0;
};

TimelineLayout LayoutTimeline(const TimelineInput& input, const LayoutMetrics& metrics);

// Word-wraps `text` to `max_chars` code points a line (at least 4); words
// longer than a line are cut. Continuation lines start with `indent` spaces.
std::vector<std::string> WrapText(const std::string& text, int max_chars, int indent = 0);
// An edge's label: "rw users id=1: read 100, wrote 70" (a single column's
// name is left out of the values).
std::string EdgeLabel(const Dependency& edge);
// Code points in UTF-8 `text`.
int CodepointCount(const std::string& text);

}  // namespace interleave::gui
