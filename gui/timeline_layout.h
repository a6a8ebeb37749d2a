// The timeline's geometry, computed from a Trace without ImGui: a column per
// client, time going down, one numbered row per step event (as in the text
// timeline), a box per step with its SQL and its result, a waiting span from
// where a blocked step was sent to where it completed, commit and abort
// marks, the anomaly marker, and the steps not run yet. Coordinates are in
// pixels relative to the top-left of the pane's scrolled content; the view
// context (gui/view_context.h) maps them to the screen.
// Thread-safety: pure functions; results are plain values owned by the caller.
#pragma once

#include <string>
#include <vector>

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
  std::vector<PendingStep> pending;  // in the order they are planned to run
  std::vector<int> waiting_clients;  // clients whose step still waits (live)
  bool finished = false;
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
};

// What a line of text in a box means; the palette turns it into colours and
// an icon, so none of these depends on colour alone.
enum class LineTone { kPlain, kStepName, kMuted, kNote, kWait, kBad, kGood, kSnapshot };

struct BoxLine {
  std::string text;
  LineTone tone = LineTone::kPlain;
  bool continuation = false;  // a wrapped line's second and later parts
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
  float reach = 0;     // the lowest bottom of this row and every row above it
  std::string number;  // "#3"; empty for marks, events and pending rows
  int box = -1;        // the row's box
};

struct ColumnLayout {
  float x = 0, w = 0;
  std::string name;   // client name
  std::string level;  // "READ COMMITTED, the default"
};

struct TimelineLayout {
  float gutter = 0;  // width of the row-number column
  std::vector<ColumnLayout> columns;
  std::vector<LayoutRow> rows;  // top to bottom
  std::vector<StepBox> boxes;
  std::vector<WaitSpan> spans;
  float now_y = 0;  // below the last row run so far
  float height = 0;
  int anomaly_box = -1;  // the anomaly marker's box, or -1
};

TimelineLayout LayoutTimeline(const TimelineInput& input, const LayoutMetrics& metrics);

// Word-wraps `text` to `max_chars` code points a line (at least 4); words
// longer than a line are cut. Continuation lines start with `indent` spaces.
std::vector<std::string> WrapText(const std::string& text, int max_chars, int indent = 0);
// Code points in UTF-8 `text`.
int CodepointCount(const std::string& text);

}  // namespace interleave::gui
