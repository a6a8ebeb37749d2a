// The classroom window (see app.h).
//
// Index
//   [SECTION] The App class
//   [SECTION] Setup and teardown
//   [SECTION] Scenarios: opening one, the browser
//   [SECTION] Input: keys
//   [SECTION] The tool bar
//   [SECTION] The panes
//   [SECTION] Who goes next?
//   [SECTION] PNG export and screenshot mode
//   [SECTION] The state report
//   [SECTION] The main loop
#include "gui/app.h"

#define GLFW_INCLUDE_NONE
#include <GL/gl.h>
#include <GLFW/glfw3.h>
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <deque>
#include <filesystem>
#include <map>
#include <memory>

#include "backends/imgui_impl_glfw.h"
#include "backends/imgui_impl_opengl3.h"
#include "gui/fonts.h"
#include "gui/live_session.h"
#include "gui/pane_view.h"
#include "gui/scenario_library.h"
#include "gui/schedule_writer.h"
#include "gui/screenshot.h"
#include "gui/server_host.h"
#include "gui/state_report.h"
#include "gui/theme.h"
#include "gui/trace_words.h"
#include "gui/view_state.h"
#include "cli/cli.h"
#include "sim/model/source_pos.h"
#include "util/text_util.h"

namespace interleave::gui {

namespace {

//-----------------------------------------------------------------------------
// [SECTION] The App class
//-----------------------------------------------------------------------------

constexpr float kNormalFontPx = 18;
constexpr float kPresentationFontPx = 32;  // about 24 pt: readable from the back row
constexpr double kPlayIntervalS = 1.4;

// GLFW's monotonic clock (valid once glfwInit has run).
double NowSeconds() { return glfwGetTime(); }

// What to export at the end of the frame.
enum class ExportWhat { kWindow, kPanes };

class App {
 public:
  App(const AppOptions& options, std::ostream& out, std::ostream& err)
      : options_(options), out_(out), err_(err) {}
  ~App();
  App(const App&) = delete;
  App& operator=(const App&) = delete;

  int Run();

 private:
  bool Init();
  void Shutdown();
  bool OpenScenario(int index, const std::string& schedule, int cursor);
  void Frame();
  void HandleKeys();
  static void OnKey(GLFWwindow* window, int key, int scancode, int action, int mods);
  void DrawBrowser(float width, float height);
  void DrawToolbar();
  void DrawStepBar();
  std::string StepText() const;
  void DrawPanes(float width, float height);
  void DrawPicker();
  void DrawSavePopup();
  void DrawStatusLine();
  void SetFontPx(float px);
  void ToggleTheme();
  void TogglePresentation();
  void RequestExport(ExportWhat what);
  void CaptureExports();
  bool ScreenshotStep();
  void WriteReport();
  void Remember(const char* name);  // the last item's rectangle, for the report
  void Message(const std::string& text);
  bool MessageShown() const;
  bool Animating() const;

  AppOptions options_;
  std::ostream& out_;
  std::ostream& err_;

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

  std::shared_ptr<ServerHost> host_;
  ScenarioLibrary library_;
  int selected_ = -1;
  std::unique_ptr<ViewState> view_;
  std::unique_ptr<LiveSession> session_;
  PaneProgress progress_[kPaneCount];
  std::shared_ptr<const PaneSnapshot> snapshots_[kPaneCount];
  PaneUi pane_ui_[kPaneCount];

  // Save-as-schedule popup.
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
  int exit_status_ = kExitOk;

  // Frame timing (recent frames).
  std::deque<double> frame_ms_;
  std::deque<double> frame_interval_ms_;
  std::deque<double> build_ms_;  // ImGui frame building (CPU)
  std::deque<double> draw_ms_;   // OpenGL drawing until finished (llvmpipe: CPU too)
  double last_frame_start_s_ = -1;
  long frames_ = 0;

  // Key presses since the last frame (see OnKey).
  struct KeyPress {
    int key;
    int mods;
    bool repeat;
  };
  std::vector<KeyPress> keys_;

  std::string message_;
  double message_s_ = 0;  // when it was set
  std::map<std::string, WidgetRect> widgets_;
  std::string last_report_;
};

//-----------------------------------------------------------------------------
// [SECTION] Setup and teardown
//-----------------------------------------------------------------------------

void GlfwError(int code, const char* description) {
  std::fprintf(stderr, "interleave gui: GLFW error %d: %s\n", code, description);
}

App::~App() { Shutdown(); }

bool App::Init() {
  glfwSetErrorCallback(GlfwError);
  if (!glfwInit()) {
    err_ << "interleave gui: cannot open a window (no display? try xvfb-run -a)\n";
    return false;
  }
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
  glfwWindowHint(GLFW_DOUBLEBUFFER, GLFW_TRUE);
  if (!options_.screenshot.empty()) glfwWindowHint(GLFW_VISIBLE, GLFW_FALSE);
  window_ = glfwCreateWindow(options_.width, options_.height, "interleave", nullptr, nullptr);
  if (!window_) {
    err_ << "interleave gui: cannot create an OpenGL 3 window\n";
    return false;
  }
  glfwMakeContextCurrent(window_);
  glfwSwapInterval(options_.continuous ? 0 : 1);

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;  // no imgui.ini in the user's folder
  ImGui_ImplGlfw_InitForOpenGL(window_, true);
  glfwSetWindowUserPointer(window_, this);
  glfwSetKeyCallback(window_, &App::OnKey);  // forwards to ImGui's
  ImGui_ImplOpenGL3_Init("#version 130");
  imgui_ready_ = true;

  theme_ = options_.theme;
  presentation_ = options_.presentation;
  show_browser_ = options_.show_browser && !presentation_;
  font_px_ = presentation_ ? presentation_font_px_ : normal_font_px_;
  std::string warning;
  if (!fonts_.Build(font_px_, &warning)) Message(warning);
  ApplyTheme(PaletteFor(theme_), font_px_ / kNormalFontPx);

  // The server starts on its own long-lived thread while the window opens.
  host_ = std::make_shared<ServerHost>(options_.db_url);
  started_s_ = NowSeconds();
  return true;
}

void App::Shutdown() {
  // Workers first (they release their runs and scratch databases), then the
  // server (stopped on the thread that started it).
  session_.reset();
  view_.reset();
  host_.reset();
  if (imgui_ready_) {
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplGlfw_Shutdown();
    ImGui::DestroyContext();
    imgui_ready_ = false;
  }
  if (window_) {
    glfwDestroyWindow(window_);
    window_ = nullptr;
    glfwTerminate();
  }
}

void App::Message(const std::string& text) {
  message_ = text;
  message_s_ = NowSeconds();
}

bool App::MessageShown() const {
  // Messages stay a few seconds (longer when they report a problem).
  const bool problem = message_.rfind("Wrote ", 0) != 0 && message_.rfind("Saved ", 0) != 0;
  return !message_.empty() && NowSeconds() - message_s_ < (problem ? 30 : 5);
}

void App::Remember(const char* name) {
  ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
  widgets_[name] = WidgetRect{a.x, a.y, b.x - a.x, b.y - a.y};
}

//-----------------------------------------------------------------------------
// [SECTION] Scenarios: opening one, the browser
//-----------------------------------------------------------------------------

bool App::OpenScenario(int index, const std::string& schedule, int cursor) {
  if (index < 0 || index >= static_cast<int>(library_.entries().size())) return false;
  const ScenarioEntry& entry = library_.entries()[index];
  if (!entry.scenario) {
    Message("Cannot open " + entry.path + ": " + entry.error);
    return false;
  }
  // The old session's workers stop before the new ones start.
  std::string variants[kPaneCount];
  if (view_)
    for (int p = 0; p < kPaneCount; ++p) variants[p] = view_->variant(p);
  session_.reset();
  view_ = std::make_unique<ViewState>(*entry.scenario);
  selected_ = index;
  std::vector<std::string> names = view_->VariantNames();
  for (int p = 0; p < kPaneCount; ++p)
    if (std::find(names.begin(), names.end(), variants[p]) != names.end())
      view_->SelectVariant(p, variants[p]);
  if (!schedule.empty()) view_->SelectSchedule(schedule);
  if (cursor > 0) view_->GoTo(cursor);
  for (PaneUi& ui : pane_ui_) ui = PaneUi{};
  RunOptions run = options_.run;
  if (entry.scenario->is_isolation_spec) {
    // As `interleave run` does for PostgreSQL isolation specs.
    run.isolation_spec_settings = true;
    run.spec_name = entry.scenario->title;
    run.capture_state = false;
  }
  // Workers wake the event loop when they publish (GLFW allows this from any thread).
  session_ =
      std::make_unique<LiveSession>(host_, entry.scenario, run, []() { glfwPostEmptyEvent(); });
  glfwSetWindowTitle(window_, ("interleave — " + entry.title).c_str());
  return true;
}

void App::DrawBrowser(float width, float height) {
  const FontSet& f = fonts_.fonts();
  const Palette& p = PaletteFor(theme_);
  ImGui::BeginChild("##browser", ImVec2(width, height), true);
  ImGui::PushFont(f.bold);
  ImGui::TextUnformatted("Scenarios");
  ImGui::PopFont();
  ImGui::PushStyleColor(ImGuiCol_Text, ToVec4(p.text_muted));
  ImGui::TextWrapped("%s", library_.root().c_str());
  ImGui::PopStyleColor();
  ImGui::Separator();
  const float list_h = height * 0.5f;
  ImGui::BeginChild("##list", ImVec2(0, list_h), false);
  for (size_t i = 0; i < library_.entries().size(); ++i) {
    const ScenarioEntry& entry = library_.entries()[i];
    ImGui::PushID(static_cast<int>(i));
    std::string label = entry.error.empty() ? entry.title : "⚠ " + entry.title;
    if (!entry.anomaly.empty()) label += "\n   " + entry.anomaly;
    if (ImGui::Selectable(label.c_str(), static_cast<int>(i) == selected_)) {
      if (static_cast<int>(i) != selected_) OpenScenario(static_cast<int>(i), "", 0);
    }
    if (ImGui::IsItemHovered()) {
      ImGui::BeginTooltip();
      ImGui::PushTextWrapPos(f.body_px * 30);
      ImGui::TextUnformatted(entry.path.c_str());
      if (!entry.error.empty()) ImGui::TextUnformatted(entry.error.c_str());
      ImGui::PopTextWrapPos();
      ImGui::EndTooltip();
    }
    ImGui::PopID();
  }
  ImGui::EndChild();
  ImGui::Separator();
  if (selected_ >= 0) {
    const ScenarioEntry& entry = library_.entries()[selected_];
    ImGui::BeginChild("##story", ImVec2(0, 0), false);
    ImGui::PushFont(f.bold);
    ImGui::TextWrapped("%s", entry.title.c_str());
    ImGui::PopFont();
    if (!entry.anomaly.empty()) ImGui::TextWrapped("Anomaly: %s", entry.anomaly.c_str());
    if (!entry.app.empty()) ImGui::TextWrapped("App: %s", entry.app.c_str());
    ImGui::Spacing();
    ImGui::TextWrapped("%s", CollapseWhitespace(entry.story).c_str());
    ImGui::EndChild();
  }
  ImGui::EndChild();
}

//-----------------------------------------------------------------------------
// [SECTION] Input: keys
//-----------------------------------------------------------------------------

void App::SetFontPx(float px) {
  px = std::clamp(std::round(px), 11.0f, 72.0f);
  if (px == font_px_) return;
  pending_font_px_ = px;
  if (presentation_)
    presentation_font_px_ = px;
  else
    normal_font_px_ = px;
}

void App::ToggleTheme() {
  theme_ = theme_ == ThemeKind::kLight ? ThemeKind::kDark : ThemeKind::kLight;
  ApplyTheme(PaletteFor(theme_), font_px_ / kNormalFontPx);
}

void App::TogglePresentation() {
  presentation_ = !presentation_;
  show_browser_ = !presentation_ && options_.show_browser;
  pending_font_px_ = presentation_ ? presentation_font_px_ : normal_font_px_;
}

// Dear ImGui 1.86 only sees whether a key is down when a frame starts, so a
// press and release that arrive between two frames (xdotool, a fast typist,
// a presenter's remote) would be lost; the window queues presses instead.
void App::OnKey(GLFWwindow* window, int key, int scancode, int action, int mods) {
  ImGui_ImplGlfw_KeyCallback(window, key, scancode, action, mods);
  auto* app = static_cast<App*>(glfwGetWindowUserPointer(window));
  if (app && action != GLFW_RELEASE)
    app->keys_.push_back(KeyPress{key, mods, action == GLFW_REPEAT});
}

void App::HandleKeys() {
  ImGuiIO& io = ImGui::GetIO();
  std::vector<KeyPress> keys;
  keys.swap(keys_);
  if (io.WantTextInput || !view_) return;  // typing a schedule's name
  auto is = [](const KeyPress& press, ImGuiKey key) {
    return press.key == ImGui::GetKeyIndex(key);
  };
  for (const KeyPress& press : keys) {
    const bool ctrl = press.mods & GLFW_MOD_CONTROL;
    const bool shift = press.mods & GLFW_MOD_SHIFT;
    if (ctrl) {
      if (press.key == GLFW_KEY_Q) glfwSetWindowShouldClose(window_, GLFW_TRUE);
      if (press.key == GLFW_KEY_EQUAL || press.key == GLFW_KEY_KP_ADD)
        SetFontPx((pending_font_px_ > 0 ? pending_font_px_ : font_px_) * 1.125f);
      if (press.key == GLFW_KEY_MINUS || press.key == GLFW_KEY_KP_SUBTRACT)
        SetFontPx((pending_font_px_ > 0 ? pending_font_px_ : font_px_) / 1.125f);
      if (press.key == GLFW_KEY_0 || press.key == GLFW_KEY_KP_0)
        SetFontPx(presentation_ ? kPresentationFontPx : kNormalFontPx);
      continue;
    }
    if (is(press, ImGuiKey_RightArrow)) view_->Next(progress_);
    if (is(press, ImGuiKey_LeftArrow)) view_->Back();
    if (press.repeat) continue;  // the rest act once per press
    if (is(press, ImGuiKey_Home)) view_->Reset();
    if (is(press, ImGuiKey_End)) view_->GoToEnd();
    if (is(press, ImGuiKey_Space)) view_->SetPlaying(!view_->playing(), NowSeconds());
    if (press.key == GLFW_KEY_F2) show_browser_ = !show_browser_;
    if (press.key == GLFW_KEY_F4) view_->SetInteractive(!view_->interactive());
    if (press.key == GLFW_KEY_F5) TogglePresentation();
    if (press.key == GLFW_KEY_F6) ToggleTheme();
    if (press.key == GLFW_KEY_F12) RequestExport(shift ? ExportWhat::kPanes : ExportWhat::kWindow);
    if (press.key == GLFW_KEY_F11) RequestExport(ExportWhat::kPanes);
    if (view_->interactive()) {
      for (int c = 0; c < 9; ++c)
        if (press.key == GLFW_KEY_1 + c || press.key == GLFW_KEY_KP_1 + c) {
          // A second pick waits for the panes to answer this one.
          if (view_->Pick(c, progress_))
            for (PaneProgress& progress : progress_) progress.busy = true;
        }
    }
  }
}

//-----------------------------------------------------------------------------
// [SECTION] The tool bar
//-----------------------------------------------------------------------------

namespace {

// The width of a row of buttons with these labels.
float ButtonsWidth(std::initializer_list<const char*> labels) {
  const ImGuiStyle& style = ImGui::GetStyle();
  float w = 0;
  for (const char* label : labels)
    w += ImGui::CalcTextSize(label, nullptr, true).x + style.FramePadding.x * 2 +
         style.ItemSpacing.x;
  return w - style.ItemSpacing.x;
}

}  // namespace

std::string App::StepText() const {
  const int end = ViewState::EndCursor(progress_);
  const int entries = view_->EntryCount();
  int cursor = view_->cursor();
  if (cursor > (1 << 19)) return "Step → end";
  if (end >= 0) cursor = std::min(cursor, end);
  if (end >= 0 && cursor == end) return "Step " + std::to_string(cursor) + " (the end)";
  if (cursor <= entries) return "Step " + std::to_string(cursor) + " of " + std::to_string(entries);
  return "Step " + std::to_string(cursor) + ": after the schedule";
}

void App::DrawToolbar() {
  const FontSet& f = fonts_.fonts();
  const Palette& p = PaletteFor(theme_);
  const Scenario& scenario = view_->scenario();
  const float right = ImGui::GetWindowContentRegionMax().x;

  // Line 1: what we are looking at; the view's buttons on the right.
  ImGui::PushFont(f.title);
  ImGui::TextUnformatted(scenario.title.empty() ? scenario.path.c_str() : scenario.title.c_str());
  ImGui::PopFont();
  if (!scenario.story.empty() && ImGui::IsItemHovered()) {
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(f.body_px * 34);
    ImGui::TextUnformatted(CollapseWhitespace(scenario.story).c_str());
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
  }
  if (!scenario.anomaly.empty()) {
    ImGui::SameLine();
    ImGui::AlignTextToFramePadding();
    ImGui::Text("— %s", scenario.anomaly.c_str());
  }
  const char* theme_label = theme_ == ThemeKind::kLight ? "Dark" : "Light";
  const char* present_label = presentation_ ? "Normal" : "Present";
  if (presentation_) {
    // On a projector the view's buttons fold into one menu.
    ImGui::SameLine(std::max(ImGui::GetCursorPosX(), right - ButtonsWidth({"☰ View"})));
    if (ImGui::Button("☰ View")) ImGui::OpenPopup("##view");
    Remember("view_menu");
    if (ImGui::BeginPopup("##view")) {
      if (ImGui::Selectable("Larger text (Ctrl +)", false, ImGuiSelectableFlags_DontClosePopups))
        SetFontPx(font_px_ * 1.125f);
      if (ImGui::Selectable("Smaller text (Ctrl −)", false, ImGuiSelectableFlags_DontClosePopups))
        SetFontPx(font_px_ / 1.125f);
      if (ImGui::Selectable(theme_ == ThemeKind::kLight ? "Dark theme (F6)" : "Light theme (F6)"))
        ToggleTheme();
      if (ImGui::Selectable("Leave presentation (F5)")) TogglePresentation();
      if (ImGui::Selectable("PNG of the window (F12)")) RequestExport(ExportWhat::kWindow);
      if (ImGui::Selectable("PNG of the two panes (Shift F12)")) RequestExport(ExportWhat::kPanes);
      if (ImGui::Selectable("Scenario browser (F2)")) show_browser_ = !show_browser_;
      ImGui::EndPopup();
    }
    DrawStepBar();
    return;
  }
  const float view_w = ButtonsWidth({"A−", "A+", theme_label, present_label, "PNG", "Scenarios"});
  ImGui::SameLine(std::max(ImGui::GetCursorPosX(), right - view_w));
  if (ImGui::Button("A−")) SetFontPx(font_px_ / 1.125f);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Smaller text (Ctrl −)");
  ImGui::SameLine();
  if (ImGui::Button("A+")) SetFontPx(font_px_ * 1.125f);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Larger text (Ctrl +)");
  ImGui::SameLine();
  if (ImGui::Button(theme_label)) ToggleTheme();
  Remember("theme");
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Light or dark theme (F6)");
  ImGui::SameLine();
  if (ImGui::Button(present_label)) TogglePresentation();
  Remember("presentation");
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Presentation preset: large type (F5)");
  ImGui::SameLine();
  if (ImGui::Button("PNG")) ImGui::OpenPopup("##export");
  Remember("png");
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("Export a picture: the window (F12) or the two panes (Shift F12)");
  if (ImGui::BeginPopup("##export")) {
    if (ImGui::Selectable("The window (F12)")) RequestExport(ExportWhat::kWindow);
    if (ImGui::Selectable("The two panes (Shift F12)")) RequestExport(ExportWhat::kPanes);
    ImGui::EndPopup();
  }
  ImGui::SameLine();
  if (ImGui::Button("Scenarios")) show_browser_ = !show_browser_;
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Show or hide the scenario browser (F2)");
  DrawStepBar();
}

// Line 2: stepping and the interleaving; the server on the right.
void App::DrawStepBar() {
  const FontSet& f = fonts_.fonts();
  const Palette& p = PaletteFor(theme_);
  const float right = ImGui::GetWindowContentRegionMax().x;
  const bool can_back = view_->CanBack();
  const bool can_next = view_->CanNext(progress_);
  if (ImGui::Button("⇤ Reset")) view_->Reset();
  Remember("reset");
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Back to the start, fresh runs (Home)");
  ImGui::SameLine();
  if (!can_back) ImGui::BeginDisabled();
  if (ImGui::Button("◀ Back")) view_->Back();
  Remember("back");
  if (!can_back) ImGui::EndDisabled();
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
    ImGui::SetTooltip("Replay from the start up to the previous step (Left)");
  ImGui::SameLine();
  if (!can_next) ImGui::BeginDisabled();
  if (ImGui::Button("Next ▶")) view_->Next(progress_);
  Remember("next");
  if (!can_next) ImGui::EndDisabled();
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
    ImGui::SetTooltip("Run the next step live on both panes (Right)");
  ImGui::SameLine();
  if (ImGui::Button(view_->playing() ? "■ Pause" : "▶ Play"))
    view_->SetPlaying(!view_->playing(), NowSeconds());
  Remember("play");
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Step on by itself (Space)");
  ImGui::SameLine();
  {
    std::string where = StepText();
    if (progress_[0].busy || progress_[1].busy) where += " …";
    ImGui::AlignTextToFramePadding();
    ImGui::PushFont(f.bold);
    ImGui::TextUnformatted(where.c_str());
    ImGui::PopFont();
    Remember("step");
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip(
          "Steps 1-%d send the schedule's entries, on both panes; then the waiting steps "
          "finish, retries run, and the last step runs the checks.",
          view_->EntryCount());
  }
  ImGui::SameLine(0, f.body_px * 1.2f);
  bool interactive = view_->interactive();
  if (ImGui::Checkbox("Who goes next?", &interactive)) view_->SetInteractive(interactive);
  Remember("interactive");
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("Pick which client runs its next step, on both panes (F4)");
  const auto& schedules = view_->scenario().schedules;
  if (!interactive && schedules.size() > 1) {
    ImGui::SameLine();
    float longest = 0;
    for (const Schedule& schedule : schedules)
      longest = std::max(longest, ImGui::CalcTextSize(schedule.name.c_str()).x);
    ImGui::SetNextItemWidth(std::min(longest + ImGui::GetFrameHeight() * 2, f.body_px * 16));
    if (ImGui::BeginCombo("##schedule", view_->schedule().c_str())) {
      for (const Schedule& schedule : schedules) {
        if (ImGui::Selectable(schedule.name.c_str(), schedule.name == view_->schedule()))
          view_->SelectSchedule(schedule.name);
        if (!schedule.description.empty() && ImGui::IsItemHovered())
          ImGui::SetTooltip("%s", schedule.description.c_str());
      }
      ImGui::EndCombo();
    }
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("The interleaving (schedule) both panes run");
  } else if (!interactive) {
    ImGui::SameLine();
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(("schedule: " + view_->schedule()).c_str());
  }
  std::string server = host_ ? host_->Describe() : "";
  float server_w = ImGui::CalcTextSize(server.c_str()).x;
  ImGui::SameLine();
  if (ImGui::GetCursorPosX() + server_w + f.body_px < right) {
    ImGui::SameLine(right - server_w);
    ImGui::AlignTextToFramePadding();
    ImGui::PushStyleColor(ImGuiCol_Text, ToVec4(p.text_muted));
    ImGui::TextUnformatted(server.c_str());
    ImGui::PopStyleColor();
  } else {
    ImGui::NewLine();
  }
}

//-----------------------------------------------------------------------------
// [SECTION] The panes
//-----------------------------------------------------------------------------

void App::DrawPanes(float width, float height) {
  const float gap = ImGui::GetStyle().ItemSpacing.x * 1.5f;
  const float pane_w = std::floor((width - gap) / 2);
  DrawStyle style;
  style.palette = &PaletteFor(theme_);
  style.fonts = &fonts_.fonts();
  LayoutMetrics metrics = MetricsFor(fonts_.fonts(), pane_w, presentation_);
  style.metrics = &metrics;

  PaneContext contexts[kPaneCount];
  PaneHeights heights;
  for (int p = 0; p < kPaneCount; ++p) {
    contexts[p].scenario = &view_->scenario();
    contexts[p].variant_names = view_->VariantNames();
    contexts[p].variant = view_->variant(p);
    contexts[p].cursor = view_->cursor();
    contexts[p].compact = presentation_;
    contexts[p].time_s = NowSeconds();
    contexts[p].notes =
        HonestyNotes(view_->scenario(), *snapshots_[p], *snapshots_[kPaneCount - 1 - p]);
    heights =
        MaxHeights(heights, MeasurePane(*snapshots_[p], contexts[p], pane_w, style, pane_ui_[p]));
  }
  // The committed-state panels get at most a quarter of the height.
  heights.state = std::min(heights.state, height * 0.25f);
  for (int p = 0; p < kPaneCount; ++p) {
    if (p > 0) ImGui::SameLine(0, gap);
    DrawPane(p, *snapshots_[p], contexts[p], heights, ImVec2(pane_w, height), style, &pane_ui_[p]);
    if (!pane_ui_[p].picked_variant.empty()) view_->SelectVariant(p, pane_ui_[p].picked_variant);
  }
}

//-----------------------------------------------------------------------------
// [SECTION] Who goes next?
//-----------------------------------------------------------------------------

void App::DrawPicker() {
  const FontSet& f = fonts_.fonts();
  ImGui::AlignTextToFramePadding();
  ImGui::PushFont(f.bold);
  ImGui::TextUnformatted("Who goes next?");
  ImGui::PopFont();
  std::vector<ClientChoice> choices = view_->Choices(progress_);
  for (const ClientChoice& choice : choices) {
    ImGui::SameLine();
    std::string label = std::to_string(choice.client + 1) + "  " + choice.label +
                        (choice.may_go ? "  ▶" : "") + "##pick" + std::to_string(choice.client);
    // A client that may not go keeps a readable label (not greyed out): a
    // waiting client's button says so on a "waiting" tint and does nothing.
    const bool waiting = !choice.may_go && choice.label.find("waiting") != std::string::npos;
    const Palette& palette = PaletteFor(theme_);
    if (!choice.may_go) {
      const Rgb& fill = waiting ? palette.wait_fill : palette.neutral_fill;
      ImGui::PushStyleColor(ImGuiCol_Button, ToVec4(fill));
      ImGui::PushStyleColor(ImGuiCol_ButtonHovered, ToVec4(fill));
      ImGui::PushStyleColor(ImGuiCol_ButtonActive, ToVec4(fill));
    }
    if (ImGui::Button(label.c_str()) && choice.may_go) view_->Pick(choice.client, progress_);
    if (!choice.may_go) ImGui::PopStyleColor(3);
    Remember(("pick" + std::to_string(choice.client)).c_str());
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) {
      if (choice.may_go)
        ImGui::SetTooltip("Run %s's next step (%s) on both panes (key %d)",
                          view_->scenario().clients[choice.client].name.c_str(),
                          choice.next_step.c_str(), choice.client + 1);
      else if (!choice.next_step.empty())
        ImGui::SetTooltip("A client that waits for a lock cannot send its next step");
    }
  }
  ImGui::SameLine(0, f.body_px * 1.5f);
  if (ImGui::Button("Save as schedule…")) {
    std::string name = UniqueScheduleName(view_->scenario(), "picked in class");
    std::snprintf(schedule_name_, sizeof schedule_name_, "%s", name.c_str());
    schedule_description_[0] = '\0';
    open_save_popup_ = true;
  }
  Remember("save_schedule");
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip(
        "Append this interleaving to the scenario file as a new [[schedules]] "
        "entry (steps not picked yet follow in the order shown)");
  DrawSavePopup();
}

void App::DrawSavePopup() {
  if (open_save_popup_) {
    ImGui::OpenPopup("Save the interleaving");
    open_save_popup_ = false;
    save_popup_frames_ = 0;
  }
  const ImGuiViewport* viewport = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(
      ImVec2(viewport->Pos.x + viewport->Size.x * 0.5f, viewport->Pos.y + viewport->Size.y * 0.5f),
      ImGuiCond_Always, ImVec2(0.5f, 0.5f));
  if (!ImGui::BeginPopupModal("Save the interleaving", nullptr, ImGuiWindowFlags_AlwaysAutoResize))
    return;
  ++save_popup_frames_;
  const FontSet& f = fonts_.fonts();
  std::vector<std::string> order = view_->Order();
  std::string steps;
  for (const std::string& step : order) steps += (steps.empty() ? "" : " ") + step;
  ImGui::PushTextWrapPos(f.body_px * 30);
  ImGui::TextUnformatted(("Into " + view_->scenario().path).c_str());
  ImGui::PushFont(f.mono);
  ImGui::TextUnformatted(("steps = \"" + steps + "\"").c_str());
  ImGui::PopFont();
  ImGui::PopTextWrapPos();
  ImGui::SetNextItemWidth(f.body_px * 22);
  ImGui::InputText("name", schedule_name_, sizeof schedule_name_);
  ImGui::SetNextItemWidth(f.body_px * 22);
  ImGui::InputText("description", schedule_description_, sizeof schedule_description_);
  if (ImGui::Button("Save")) {
    std::string name = schedule_name_;
    std::string error = SaveSchedule(view_->scenario().path, name, order, schedule_description_);
    if (error.empty()) {
      saved_schedule_ = name;
      Message("Saved schedule \"" + name + "\" into " + view_->scenario().path);
      int cursor = view_->cursor();
      library_.Reload(selected_);
      OpenScenario(selected_, name, cursor);
    } else {
      Message("Not saved: " + error);
    }
    ImGui::CloseCurrentPopup();
  }
  // An auto-sized popup finds its place over its first frames.
  if (save_popup_frames_ > 3) Remember("save_confirm");
  ImGui::SameLine();
  if (ImGui::Button("Cancel")) ImGui::CloseCurrentPopup();
  ImGui::EndPopup();
}

void App::DrawStatusLine() {
  const Palette& p = PaletteFor(theme_);
  std::string text = !MessageShown()
                         ? "→ next   ← back   Space play   Home reset   End last step   "
                           "Ctrl +/− size   F5 presentation   F6 theme   F4 who goes next   "
                           "F2 scenarios   F12 PNG   Ctrl Q quit"
                         : message_;
  ImGui::PushStyleColor(ImGuiCol_Text, ToVec4(p.text_muted));
  ImGui::TextUnformatted(text.c_str());
  ImGui::PopStyleColor();
}

//-----------------------------------------------------------------------------
// [SECTION] PNG export and screenshot mode
//-----------------------------------------------------------------------------

void App::RequestExport(ExportWhat what) { export_requests_.push_back(what); }

void App::CaptureExports() {
  if (export_requests_.empty()) return;
  int fb_w = 0, fb_h = 0, win_w = 0, win_h = 0;
  glfwGetFramebufferSize(window_, &fb_w, &fb_h);
  glfwGetWindowSize(window_, &win_w, &win_h);
  const float sx = win_w > 0 ? static_cast<float>(fb_w) / win_w : 1;
  const float sy = win_h > 0 ? static_cast<float>(fb_h) / win_h : 1;
  namespace fs = std::filesystem;
  std::string dir = options_.export_dir.empty() ? "." : options_.export_dir;
  std::string stem = view_ ? fs::path(view_->scenario().path).stem().string() : "interleave";
  for (ExportWhat what : export_requests_) {
    PixelRect rect{0, 0, fb_w, fb_h};
    std::string kind = "window";
    if (what == ExportWhat::kPanes) {
      kind = "panes";
      ImVec2 a = pane_ui_[0].min, b = pane_ui_[kPaneCount - 1].max;
      rect = PixelRect{static_cast<int>(a.x * sx), static_cast<int>(a.y * sy),
                       static_cast<int>((b.x - a.x) * sx), static_cast<int>((b.y - a.y) * sy)};
    }
    char name[64];
    std::snprintf(name, sizeof name, "-step%d-%s-%d.png", view_ ? view_->cursor() : 0, kind.c_str(),
                  ++export_count_);
    std::string path = (fs::path(dir) / (stem + name)).string();
    std::string error = WritePng(path, ReadPixels(rect, fb_w, fb_h));
    if (error.empty()) {
      exports_.push_back(path);
      Message("Wrote " + path);
    } else {
      Message("PNG export failed: " + error);
    }
  }
  export_requests_.clear();
}

// In screenshot mode: true when the picture has been taken (or given up).
bool App::ScreenshotStep() {
  if (options_.screenshot.empty() || screenshot_done_) return screenshot_done_;
  bool settled = session_ && !progress_[0].busy && !progress_[1].busy;
  if (settled && view_) {
    int end = ViewState::EndCursor(progress_);
    if (end >= 0 && view_->cursor() > end) settled = false;  // clamps next frame
  }
  settled_frames_ = settled ? settled_frames_ + 1 : 0;
  // A few frames after settling: layouts, scroll positions and fonts are final.
  if (settled_frames_ >= 4) {
    int fb_w = 0, fb_h = 0;
    glfwGetFramebufferSize(window_, &fb_w, &fb_h);
    std::string error = WritePng(options_.screenshot, ReadPixels({0, 0, fb_w, fb_h}, fb_w, fb_h));
    if (error.empty()) {
      out_ << "wrote " << options_.screenshot << " (" << fb_w << "x" << fb_h << ", step "
           << (view_ ? view_->cursor() : 0) << ")\n";
      for (int p = 0; p < kPaneCount; ++p)
        if (snapshots_[p] && !snapshots_[p]->error.empty())
          err_ << "interleave gui: pane " << p + 1 << ": " << snapshots_[p]->error << "\n";
    } else {
      err_ << "interleave gui: " << error << "\n";
      exit_status_ = kExitBadInput;
    }
    screenshot_done_ = true;
  } else if (NowSeconds() - started_s_ > options_.timeout_s) {
    err_ << "interleave gui: the runs did not settle within " << options_.timeout_s
         << " s; no screenshot\n";
    exit_status_ = kExitServer;
    screenshot_done_ = true;
  }
  return screenshot_done_;
}

//-----------------------------------------------------------------------------
// [SECTION] The state report
//-----------------------------------------------------------------------------

void App::WriteReport() {
  if (options_.state_file.empty() || !view_) return;
  AppReport report;
  report.scenario_path = view_->scenario().path;
  report.scenario_title = view_->scenario().title;
  report.schedule = view_->OrderName();
  report.cursor = view_->cursor();
  report.settled = !progress_[0].busy && !progress_[1].busy;
  report.interactive = view_->interactive();
  report.playing = view_->playing();
  for (int client : view_->picks())
    report.picks.push_back(client >= 0 &&
                                   client < static_cast<int>(view_->scenario().clients.size())
                               ? view_->scenario().clients[client].name
                               : "?");
  for (const std::string& step : view_->Order())
    report.order += (report.order.empty() ? "" : " ") + step;
  report.theme = theme_ == ThemeKind::kDark ? "dark" : "light";
  report.presentation = presentation_;
  report.font_px = font_px_;
  report.server = host_ ? host_->Describe() : "";
  report.server_pid = host_ ? host_->ServerPid() : -1;
  report.widgets = widgets_;
  for (int p = 0; p < kPaneCount; ++p) {
    const PaneSnapshot& snapshot = *snapshots_[p];
    PaneReport& pane = report.panes[p];
    pane.variant = view_->variant(p);
    pane.cursor = snapshot.cursor;
    pane.busy = progress_[p].busy;
    pane.finished = snapshot.finished;
    if (snapshot.finished && snapshot.verdict) {
      pane.verdict = snapshot.verdict->Name();
      pane.headline =
          DescribeVerdict(view_->scenario(), snapshot.trace, *snapshot.verdict).headline;
    }
    pane.steps = static_cast<int>(snapshot.trace.steps.size());
    pane.order = snapshot.trace.OrderText();
    for (int client : snapshot.waiting_clients)
      pane.waiting.push_back(ClientName(snapshot.trace, client));
    for (const TableState& table : snapshot.committed)
      pane.committed +=
          (pane.committed.empty() ? "" : "; ") + table.table + " " + RowsInline(table.contents);
    pane.error = snapshot.error;
    const PaneUi& ui = pane_ui_[p];
    const TimelineLayout& layout = ui.layout;
    if (ui.hovered_box >= 0 && ui.hovered_box < static_cast<int>(layout.boxes.size())) {
      int step = layout.boxes[ui.hovered_box].step;
      if (step >= 0 && step < static_cast<int>(snapshot.trace.steps.size()))
        pane.hovered = snapshot.trace.steps[step].step_name;
    }
    // Where the newest step's box is on the screen, when visible (tests hover it).
    for (int b = static_cast<int>(layout.boxes.size()) - 1; b >= 0; --b) {
      const StepBox& box = layout.boxes[b];
      if (box.step < 0 || box.kind == BoxKind::kPending) continue;
      WidgetRect rect{ui.content_origin.x + box.x, ui.content_origin.y + box.y, box.w, box.h};
      if (rect.y >= ui.canvas_min.y && rect.y + rect.h <= ui.canvas_max.y)
        report.widgets["pane" + std::to_string(p) + "_last_box"] = rect;
      break;
    }
  }
  report.exports = exports_;
  report.saved_schedule = saved_schedule_;
  report.message = message_;
  report.frames = frames_;
  if (!frame_ms_.empty()) {
    double sum = 0, max = 0;
    for (double ms : frame_ms_) {
      sum += ms;
      max = std::max(max, ms);
    }
    report.frame_ms_avg = sum / frame_ms_.size();
    report.frame_ms_max = max;
  }
  auto average = [](const std::deque<double>& values) {
    double sum = 0;
    for (double v : values) sum += v;
    return values.empty() ? 0.0 : sum / values.size();
  };
  report.build_ms_avg = average(build_ms_);
  report.draw_ms_avg = average(draw_ms_);
  if (!frame_interval_ms_.empty()) {
    double sum = 0;
    for (double ms : frame_interval_ms_) sum += ms;
    report.frame_interval_ms_avg = sum / frame_interval_ms_.size();
  }
  std::string json = ReportJson(report);
  // Frame times change every frame; write those at most every half second.
  AppReport without_times = report;
  without_times.frames = 0;
  without_times.frame_ms_avg = without_times.frame_ms_max = without_times.frame_interval_ms_avg = 0;
  without_times.build_ms_avg = without_times.draw_ms_avg = 0;
  std::string key = ReportJson(without_times);
  const bool timing_due = frames_ % 30 == 0;
  if (key == last_report_ && !timing_due) return;
  last_report_ = key;
  WriteFileAtomically(options_.state_file, json);
}

//-----------------------------------------------------------------------------
// [SECTION] The main loop
//-----------------------------------------------------------------------------

bool App::Animating() const {
  if (options_.continuous || !options_.screenshot.empty()) return true;
  if (view_ && view_->playing()) return true;
  for (const PaneProgress& p : progress_)
    if (p.busy || !p.waiting_clients.empty()) return true;
  return !export_requests_.empty() || pending_font_px_ > 0;
}

void App::Frame() {
  widgets_.clear();
  const ImGuiViewport* viewport = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(viewport->Pos);
  ImGui::SetNextWindowSize(viewport->Size);
  ImGui::Begin("##main", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                   ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoSavedSettings |
                   ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse |
                   // glClear paints the background: one full-screen fill less for
                   // software rasterisers (llvmpipe).
                   ImGuiWindowFlags_NoBackground);
  if (!view_) {
    ImGui::PushFont(fonts_.fonts().title);
    ImGui::TextUnformatted("No scenario to show.");
    ImGui::PopFont();
    ImGui::TextWrapped("%s", message_.c_str());
    ImGui::End();
    return;
  }
  DrawToolbar();
  const float status_h =
      presentation_ && !MessageShown() ? 0 : ImGui::GetTextLineHeightWithSpacing();
  const float picker_h = view_->interactive() ? ImGui::GetFrameHeightWithSpacing() : 0;
  ImVec2 avail = ImGui::GetContentRegionAvail();
  const float body_h = avail.y - status_h - picker_h;
  if (show_browser_) {
    const float browser_w = std::min(avail.x * 0.22f, fonts_.fonts().body_px * 22);
    DrawBrowser(browser_w, body_h);
    ImGui::SameLine();
    avail.x -= browser_w + ImGui::GetStyle().ItemSpacing.x;
  }
  ImGui::BeginGroup();
  DrawPanes(avail.x, body_h);
  ImGui::EndGroup();
  if (view_->interactive()) DrawPicker();
  if (status_h > 0) DrawStatusLine();
  ImGui::End();
}

int App::Run() {
  if (!Init()) return kExitServer;
  try {
    library_ = ScenarioLibrary::Scan(options_.path);
  } catch (const InputError& error) {
    err_ << error.what() << "\n";
    return kExitBadInput;
  }
  int index = library_.IndexOf(options_.path);
  if (index < 0) {
    for (size_t i = 0; i < library_.entries().size() && index < 0; ++i)
      if (library_.entries()[i].scenario) index = static_cast<int>(i);
  }
  if (index >= 0 && OpenScenario(index, options_.schedule, 0)) {
    for (int p = 0; p < kPaneCount && p < static_cast<int>(options_.variants.size()); ++p)
      view_->SelectVariant(p, options_.variants[p]);
    if (options_.variants.size() == 1 && view_->variant(1) == options_.variants[0]) {
      // One variant named: it goes left, and the right pane shows another.
      for (const std::string& name : view_->VariantNames())
        if (name != options_.variants[0]) {
          view_->SelectVariant(1, name);
          break;
        }
    }
    if (options_.step >= 0)
      view_->GoTo(options_.step);
    else if (!options_.screenshot.empty())
      view_->GoToEnd();
  } else if (!options_.screenshot.empty()) {
    err_ << "interleave gui: no scenario could be opened"
         << (library_.entries().empty() ? "" : ": " + library_.entries().front().error) << "\n";
    return kExitBadInput;
  }

  while (!glfwWindowShouldClose(window_)) {
    if (Animating())
      glfwWaitEventsTimeout(options_.continuous || !options_.screenshot.empty() ? 0 : 1.0 / 30);
    else
      glfwWaitEventsTimeout(0.5);
    const double frame_start = NowSeconds();
    if (last_frame_start_s_ >= 0) {
      frame_interval_ms_.push_back((frame_start - last_frame_start_s_) * 1000);
      if (frame_interval_ms_.size() > 120) frame_interval_ms_.pop_front();
    }
    last_frame_start_s_ = frame_start;
    if (pending_font_px_ > 0) {
      font_px_ = pending_font_px_;
      pending_font_px_ = 0;
      std::string warning;
      fonts_.Build(font_px_, &warning);
      ApplyTheme(PaletteFor(theme_), font_px_ / kNormalFontPx);
    }
    if (session_) {
      for (int p = 0; p < kPaneCount; ++p) snapshots_[p] = session_->Snapshot(p);
      session_->Progress(progress_);
    }
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    ImGui::NewFrame();
    if (view_) {
      view_->Clamp(progress_);
      view_->Tick(NowSeconds(), kPlayIntervalS, progress_);
      HandleKeys();
    }
    Frame();
    if (session_ && view_) {
      session_->Request(*view_);
      session_->Progress(progress_);  // what the report says is after this frame's requests
    }
    ImGui::Render();
    const double built = NowSeconds();
    int fb_w = 0, fb_h = 0;
    glfwGetFramebufferSize(window_, &fb_w, &fb_h);
    glViewport(0, 0, fb_w, fb_h);
    const Rgb& bg = PaletteFor(theme_).background;
    glClearColor(bg.r, bg.g, bg.b, 1);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    CaptureExports();
    bool done = ScreenshotStep();
    if (options_.continuous) glFinish();  // count the rasteriser's work in the frame time
    const double drawn = NowSeconds();
    glfwSwapBuffers(window_);
    frame_ms_.push_back((NowSeconds() - frame_start) * 1000);
    build_ms_.push_back((built - frame_start) * 1000);
    draw_ms_.push_back((drawn - built) * 1000);
    if (build_ms_.size() > 120) build_ms_.pop_front();
    if (draw_ms_.size() > 120) draw_ms_.pop_front();
    if (frame_ms_.size() > 120) frame_ms_.pop_front();
    ++frames_;
    WriteReport();
    if (done) break;
  }
  return exit_status_;
}

}  // namespace

int RunApp(const AppOptions& options, std::ostream& out, std::ostream& err) {
  App app(options, out, err);
  return app.Run();
}

}  // namespace interleave::gui
