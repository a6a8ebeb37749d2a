// The App class behind RunApp (gui/app.h), shared by the files that hold its
// features (the index at the top of gui/app.cc says which file holds which).
// Private to gui/: only gui/app.cc and the gui/app_*.cc files include it.
#pragma once

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>

#include <map>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "gui/app.h"
#include "gui/fonts.h"
#include "gui/frame_stats.h"
#include "gui/live_session.h"
#include "gui/pane_view.h"
#include "gui/predict_mode.h"
#include "gui/scenario_library.h"
#include "gui/server_host.h"
#include "gui/shortcuts.h"
#include "gui/state_report.h"
#include "gui/status_message.h"
#include "gui/view_state.h"

namespace interleave::gui {

constexpr float kNormalFontPx = 18;
constexpr float kPresentationFontPx = 32;  // about 24 pt: readable from the back row
constexpr double kPlayIntervalS = 1.4;

// GLFW's monotonic clock (valid once glfwInit has run).
inline double NowSeconds() { return glfwGetTime(); }

// What to export at the end of the frame.
enum class ExportWhat { kWindow, kPanes, kPanesSvg, kHtml };

// The classroom window (see gui/app.h): the window, ImGui, the fonts and the
// theme, the scenario library, the current ViewState and LiveSession, and
// each feature's state between frames.
// Thread-safety: UI thread only; the workers only call glfwPostEmptyEvent.
// Ownership: owns the window, the ServerHost (shared with the session's
// workers, which are stopped first: the server stops when the window
// closes), the library, the ViewState and the LiveSession.
class App {
 public:
  App(const AppOptions& options, std::ostream& out, std::ostream& err)
      : options_(options), out_(out), err_(err) {}
  ~App();
  App(const App&) = delete;
  App& operator=(const App&) = delete;

  AppStatus Run();

 private:
  // gui/app.cc: the window and the frame loop.
  bool Init();
  void Shutdown();
  bool OpenFirstScenario();
  void Frame();
  bool Animating() const;
  void SetFontPx(float px);
  void ToggleTheme();
  void TogglePresentation();
  void Message(const std::string& text);
  bool MessageShown() const;
  void DrawStatusLine();
  void Remember(const char* name);  // the last item's rectangle, for the report

  // gui/app_browser.cc: opening a scenario, the scenario browser.
  bool OpenScenario(int index, const std::string& schedule, int cursor);
  void DrawBrowser(float width, float height);

  // gui/app_keys.cc: the key queue and the shortcuts.
  static void OnKey(GLFWwindow* window, int key, int scancode, int action, int mods);
  void HandleKeys();

  // gui/app_toolbar.cc: the title line and the step bar.
  void DrawToolbar();
  void DrawStepBar();

  // gui/app_panes.cc: the two panes side by side, each pane's engine and
  // the server each engine runs on (started on first use).
  void DrawPanes(float width, float height);
  bool DrawEnginePickers(float pane_w, float gap);  // true when a pane's engine changed
  bool EnginePickersShown() const;
  std::shared_ptr<ServerHost> HostFor(EngineKind engine);

  // gui/app_picks.cc: "who goes next?" and saving the picks as a schedule.
  void DrawPicker();
  void DrawSavePopup();

  // gui/app_predict.cc: "what happens next?": its panel, keys and rounds.
  void UpdatePredict();
  float PredictPanelHeight() const;
  std::string PredictResultText() const;
  void DrawPredictPanel(float width, float height);
  bool PredictKey(const Shortcut& shortcut);
  void RunPredicted();
  void ReportPredict(AppReport* report) const;

  // gui/app_export.cc: PNG, SVG and web page export and the screenshot mode.
  void RequestExport(ExportWhat what);
  void CaptureExports();
  void ExportHtml();
  bool ScreenshotStep();

  // gui/app_report.cc: the state report.
  void WriteReport();

  AppOptions options_;
  std::ostream& out_;
  std::ostream& err_;

  // The window, its type and its colours.
  GLFWwindow* window_ = nullptr;
  bool imgui_ready_ = false;
  FontLibrary fonts_;
  float font_px_ = kNormalFontPx;
  float pending_font_px_ = 0;  // rebuild before the next frame
  float normal_font_px_ = kNormalFontPx;
  float presentation_font_px_ = kPresentationFontPx;
  bool presentation_ = false;
  ThemeKind theme_ = ThemeKind::kLight;
  bool show_browser_ = true;
  bool show_locks_ = false;  // the panes' locks panels

  // The scenario shown and its live runs. host_ is the left pane's server;
  // each engine's server is started once (hosts_) and kept while the window
  // is open.
  std::shared_ptr<ServerHost> host_;
  std::map<EngineKind, std::shared_ptr<ServerHost>> hosts_;
  EngineKind pane_engines_[kPaneCount] = {EngineKind::kPostgreSql, EngineKind::kPostgreSql};
  EngineKind shown_engines_[kPaneCount] = {EngineKind::kPostgreSql, EngineKind::kPostgreSql};
  ScenarioLibrary library_;
  int selected_ = -1;
  std::unique_ptr<ViewState> view_;
  std::unique_ptr<LiveSession> session_;
  PaneProgress progress_[kPaneCount];
  std::shared_ptr<const PaneSnapshot> snapshots_[kPaneCount];
  PaneUi pane_ui_[kPaneCount];

  // "What happens next?" and the session its rounds belong to.
  PredictMode predict_;
  const LiveSession* predict_session_ = nullptr;

  // Key presses since the last frame (see OnKey).
  std::vector<KeyPress> keys_;

  // The save-as-schedule popup.
  char schedule_name_[128] = "";
  char schedule_description_[256] = "";
  bool open_save_popup_ = false;
  int save_popup_frames_ = 0;
  std::string saved_schedule_;

  // Exports and the screenshot mode.
  std::vector<ExportWhat> export_requests_;
  std::vector<std::string> exports_;
  int export_count_ = 0;
  int settled_frames_ = 0;
  double started_s_ = 0;
  bool screenshot_done_ = false;
  AppStatus status_ = AppStatus::kOk;

  // The status line, the report's widget rectangles and frame times.
  StatusMessage message_;
  std::map<std::string, WidgetRect> widgets_;
  std::string last_report_;
  FrameStats frame_stats_;
  int last_triangles_ = 0;
};

}  // namespace interleave::gui
