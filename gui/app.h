// The classroom window: GLFW + OpenGL 3 + Dear ImGui. It owns the window,
// the fonts and the theme, turns keys and clicks into ViewState changes,
// hands the resulting requests to the LiveSession (whose workers do all the
// database work), and draws the scenario browser, the tool bar, the two
// panes and the "who goes next?" bar from the latest snapshots. It also
// exports PNGs, writes the state report for tests, and, in screenshot mode,
// renders one picture and exits without input.
// Thread-safety: everything runs on the main (UI) thread; the workers only
// call the wake-up hook (glfwPostEmptyEvent, which GLFW allows from any
// thread).
// Ownership: App owns the window, the ServerHost (the server stops when the
// window closes), the scenario library, the current ViewState and
// LiveSession.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "gui/palette.h"
#include "sim/run/run.h"

namespace interleave::gui {

struct AppOptions {
  std::string path;                   // a scenario file or a folder of them
  std::string db_url;                 // empty: INTERLEAVE_DB, PG*, or the private server
  std::string screenshot;             // render this PNG and exit
  std::vector<std::string> variants;  // the panes' variants (up to two)
  // The panes' engines: none: the one db_url names (else PostgreSQL); one:
  // both panes; two: left and right. The window then offers an engine
  // picker above each pane.
  std::vector<EngineKind> engines;
  std::string schedule;  // the schedule to start with
  int step = -1;         // the step to show (-1: 0, or the end for screenshots)
  int width = 1600, height = 900;
  bool presentation = false;
  ThemeKind theme = ThemeKind::kLight;
  std::string state_file;   // the state report (tests)
  std::string export_dir;   // where F12 / the PNG button write (default: current folder)
  bool continuous = false;  // render every frame, even when idle (frame timing)
  bool show_browser = true;
  double timeout_s = 120;  // screenshot mode gives up after this long
  RunOptions run;
};

// How the window ended.
enum class AppStatus {
  kOk,            // closed, or the screenshot was written
  kBadInput,      // no scenario could be opened, or the screenshot could not be written
  kServerFailed,  // no window could open, or the runs did not settle in time for the screenshot
};

// Opens the window and runs until it is closed (or, with a screenshot, until
// the picture is written). Messages go to `err` (and the screenshot's
// "wrote ..." line to `out`).
AppStatus RunApp(const AppOptions& options, std::ostream& out, std::ostream& err);

}  // namespace interleave::gui
