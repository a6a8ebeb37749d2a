// A machine-readable report of what the window shows, written to a file after
// every change (`--state-file PATH` or INTERLEAVE_GUI_STATE_FILE): the step
// cursor, each pane's variant, progress and verdict, the picks, the
// "what happens next?" question and each round's pick and result, the PNGs
// exported, frame times, and the screen rectangles of the main buttons. The
// end-to-end test reads it to wait for conditions instead of sleeping, and to
// know where to click. The file is replaced atomically, so a reader never
// sees half of it.
// Thread-safety: plain values and pure functions (plus one file write).
#pragma once

#include <map>
#include <string>
#include <vector>

namespace interleave::gui {

struct PaneReport {
  std::string variant;
  std::string engine;          // "postgresql", "mariadb": the pane's engine
  std::string server_version;  // as its server reported it, once a run started
  int cursor = 0;
  bool busy = false;
  bool finished = false;
  std::string verdict;  // Verdict::Name() once finished, else ""
  std::string headline;
  int steps = 0;                     // steps in the trace so far
  std::string order;                 // Trace::OrderText()
  std::vector<std::string> waiting;  // client names
  std::string committed;             // the committed rows, as text
  std::string error;
  std::string hovered;    // the step under the mouse ("l3"), if any
  int visible_steps = 0;  // step boxes wholly on screen (sent, skipped or to come)
  int edges_drawn = 0;    // dependency arrows drawn
  // Presentation, at the end: the anomaly's card under the timeline, and the
  // pixels of it that did not fit (0: it is shown whole, without scrolling).
  bool card_shown = false;
  float card_overflow_px = 0;
  // The locks panel as shown: its heading, then a line a lock (none when hidden).
  std::vector<std::string> locks;
};

// One "what happens next?" round: what was asked, picked, and happened.
struct PredictRoundReport {
  int cursor = 0;  // the step cursor before the step ran
  std::string variant;
  std::string client;
  std::string step;
  std::vector<std::string> choices;  // their labels, in the order shown
  std::string picked;                // the label picked
  bool judged = false;               // the step ran (or started waiting)
  bool final = false;                // and is no longer waiting
  bool right = false;
  std::string actual;  // what it did first, in a choice's words
  std::string reason;  // why, from the trace
};

// The "what happens next?" mode.
struct PredictReport {
  bool on = false;
  int pane = 0;                      // the pane predicted
  std::string variant;               // its variant
  std::string client;                // "who goes next?": the client chosen, if any
  std::string step;                  // the step asked about ("" while preparing)
  std::vector<std::string> choices;  // the question's choice labels
  int picked = -1;                   // 0-based; -1: none yet
  std::vector<PredictRoundReport> rounds;
  int right = 0;  // rounds judged right
};

struct WidgetRect {
  float x = 0, y = 0, w = 0, h = 0;  // window pixels, origin top-left
};

struct AppReport {
  std::string scenario_path;
  std::string scenario_title;
  std::string schedule;
  int cursor = 0;
  bool settled = false;  // both panes idle at the cursor
  bool interactive = false;
  bool playing = false;
  std::vector<std::string> picks;  // client names
  std::string order;               // the interleaving, step names
  std::string theme;               // "light" / "dark"
  bool presentation = false;
  float font_px = 0;
  std::string server;
  int server_pid = -1;  // the private server's process (-1: none)
  PaneReport panes[2];
  std::vector<std::string> exports;  // PNG files written, oldest first
  std::string saved_schedule;        // the last schedule saved
  std::string message;               // the last status line
  long frames = 0;
  double frame_ms_avg = 0;  // CPU+GPU time of a frame (recent frames)
  double frame_ms_max = 0;
  double frame_interval_ms_avg = 0;  // time between frames (when rendering continuously)
  double build_ms_avg = 0;           // of which building the ImGui frame
  double draw_ms_avg = 0;            // of which OpenGL drawing (until glFinish)
  int triangles = 0;                 // the last frame's triangles (ImGui's draw data)
  bool locks_panel = false;          // the locks panel is shown
  std::map<std::string, WidgetRect> widgets;
  PredictReport predict;
};

std::string ReportJson(const AppReport& report);

// Writes `text` to `path` through a temporary file and a rename.
bool WriteFileAtomically(const std::string& path, const std::string& text);

}  // namespace interleave::gui
