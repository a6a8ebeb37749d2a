// The classroom window (see app.h). App (gui/app_impl.h) owns the window and
// the frame loop, here; each feature's drawing and handling is in its own file:
//
//   gui/app.cc          setup and teardown, the main loop, the frame's layout,
//                       text size, theme and presentation, the status line
//   gui/app_browser.cc  opening a scenario; the scenario browser
//   gui/app_keys.cc     the key queue and the shortcuts (table: gui/shortcuts.h)
//   gui/app_toolbar.cc  the title line with the view's buttons; the step bar
//   gui/app_panes.cc    the two panes side by side (one pane: gui/pane_view.h)
//   gui/app_picks.cc    "who goes next?" and saving the picks as a schedule
//   gui/app_predict.cc  "what happens next?": the panel, its keys and rounds
//   gui/app_export.cc   PNG export and the screenshot mode
//   gui/app_report.cc   the state report (--state-file)
#include <GL/gl.h>
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "backends/imgui_impl_glfw.h"
#include "backends/imgui_impl_opengl3.h"
#include "gui/app_impl.h"
#include "gui/theme.h"
#include "sim/model/source_pos.h"

namespace interleave::gui {

namespace {

void GlfwError(int code, const char* description) {
  std::fprintf(stderr, "interleave gui: GLFW error %d: %s\n", code, description);
}

}  // namespace

//-----------------------------------------------------------------------------
// Setup and teardown
//-----------------------------------------------------------------------------

App::~App() { Shutdown(); }

bool App::Init() {
  // The locks panel shows what the server said after each step.
  options_.run.capture_locks = true;
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
  if (options_.engines.empty()) {
    host_ = std::make_shared<ServerHost>(options_.db_url);
  } else {
    for (int p = 0; p < kPaneCount; ++p)
      pane_engines_[p] = options_.engines[std::min<size_t>(p, options_.engines.size() - 1)];
    host_ = HostFor(pane_engines_[0]);
    HostFor(pane_engines_[1]);  // both servers start while the window opens
  }
  started_s_ = NowSeconds();
  return true;
}

void App::Shutdown() {
  // Workers first (they release their runs and scratch databases), then the
  // server (stopped on the thread that started it).
  session_.reset();
  view_.reset();
  host_.reset();
  hosts_.clear();
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

// The scenario the command line named (or the first one that loads), with
// the variants, schedule and step it asked for. False when none opens.
bool App::OpenFirstScenario() {
  int index = library_.IndexOf(options_.path);
  if (index < 0) {
    for (size_t i = 0; i < library_.entries().size() && index < 0; ++i)
      if (library_.entries()[i].scenario) index = static_cast<int>(i);
  }
  if (index < 0 || !OpenScenario(index, options_.schedule, 0)) return false;
  for (int p = 0; p < kPaneCount && p < static_cast<int>(options_.variants.size()); ++p)
    view_->SelectVariant(p, options_.variants[p]);
  const bool two_engines = pane_engines_[0] != pane_engines_[1];
  if (options_.variants.size() == 1 && two_engines) {
    // One variant on two engines: the same variant in both panes.
    view_->SelectVariant(1, options_.variants[0]);
  } else if (options_.variants.size() == 1 && view_->variant(1) == options_.variants[0]) {
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
  return true;
}

//-----------------------------------------------------------------------------
// Text size, theme, presentation
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

//-----------------------------------------------------------------------------
// The status line
//-----------------------------------------------------------------------------

void App::Message(const std::string& text) { message_.Set(text, NowSeconds()); }

bool App::MessageShown() const { return message_.Shown(NowSeconds()); }

void App::DrawStatusLine() {
  const Palette& p = PaletteFor(theme_);
  std::string text =
      !MessageShown()
          ? "→ next   ← back   Space play   Home reset   End last step   "
            "Ctrl +/− size   F5 presentation   F6 theme   F3 predict   F4 who goes next   "
            "L locks   F2 scenarios   F12 PNG   F9 web page   Ctrl Q quit"
          : message_.text();
  ImGui::PushStyleColor(ImGuiCol_Text, ToVec4(p.text_muted));
  ImGui::TextUnformatted(text.c_str());
  ImGui::PopStyleColor();
}

void App::Remember(const char* name) {
  ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
  widgets_[name] = WidgetRect{a.x, a.y, b.x - a.x, b.y - a.y};
}

//-----------------------------------------------------------------------------
// The main loop
//-----------------------------------------------------------------------------

bool App::Animating() const {
  if (options_.continuous || !options_.screenshot.empty()) return true;
  if (view_ && view_->playing()) return true;
  for (const PaneProgress& p : progress_)
    if (p.busy || !p.waiting_clients.empty()) return true;
  return !export_requests_.empty() || pending_font_px_ > 0;
}

// The frame's layout: the tool bar on top, the browser on the left, the
// panes, the picker and the status line below.
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
    ImGui::TextWrapped("%s", message_.text().c_str());
    ImGui::End();
    return;
  }
  DrawToolbar();
  const float status_h =
      presentation_ && !MessageShown() ? 0 : ImGui::GetTextLineHeightWithSpacing();
  const float picker_h = view_->interactive() ? ImGui::GetFrameHeightWithSpacing() : 0;
  const float predict_h = predict_.on() ? PredictPanelHeight() : 0;
  ImVec2 avail = ImGui::GetContentRegionAvail();
  const float body_h = avail.y - status_h - picker_h - predict_h;
  if (show_browser_) {
    const float browser_w = std::min(avail.x * 0.22f, fonts_.fonts().body_px * 22);
    DrawBrowser(browser_w, body_h);
    ImGui::SameLine();
    avail.x -= browser_w + ImGui::GetStyle().ItemSpacing.x;
  }
  ImGui::BeginGroup();
  DrawPanes(avail.x, body_h);
  ImGui::EndGroup();
  if (predict_.on()) DrawPredictPanel(ImGui::GetContentRegionAvail().x, predict_h);
  if (view_->interactive()) DrawPicker();
  if (status_h > 0) DrawStatusLine();
  ImGui::End();
}

AppStatus App::Run() {
  if (!Init()) return AppStatus::kServerFailed;
  try {
    library_ = ScenarioLibrary::Scan(options_.path);
  } catch (const InputError& error) {
    err_ << error.what() << "\n";
    return AppStatus::kBadInput;
  }
  if (!OpenFirstScenario() && !options_.screenshot.empty()) {
    err_ << "interleave gui: no scenario could be opened"
         << (library_.entries().empty() ? "" : ": " + library_.entries().front().error) << "\n";
    return AppStatus::kBadInput;
  }

  while (!glfwWindowShouldClose(window_)) {
    if (Animating())
      glfwWaitEventsTimeout(options_.continuous || !options_.screenshot.empty() ? 0 : 1.0 / 30);
    else
      glfwWaitEventsTimeout(0.5);
    const double frame_start = NowSeconds();
    if (pending_font_px_ > 0) {
      font_px_ = pending_font_px_;
      pending_font_px_ = 0;
      std::string warning;
      fonts_.Build(font_px_, &warning);
      ApplyTheme(PaletteFor(theme_), font_px_ / kNormalFontPx);
    }
    if (session_) {
      for (int p = 0; p < kPaneCount; ++p) {
        std::shared_ptr<const PaneSnapshot> next = session_->Snapshot(p);
        if (next != snapshots_[p]) pane_ui_[p].graph_cache.Clear();
        snapshots_[p] = std::move(next);
      }
      session_->Progress(progress_);
    }
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    ImGui::NewFrame();
    if (view_) {
      view_->Clamp(progress_);
      view_->Tick(NowSeconds(), kPlayIntervalS, progress_);
      HandleKeys();
      UpdatePredict();
    }
    Frame();
    if (session_ && view_) {
      session_->Request(*view_);
      session_->Progress(progress_);  // what the report says is after this frame's requests
    }
    ImGui::Render();
    const double built = NowSeconds();
    last_triangles_ = ImGui::GetDrawData()->TotalIdxCount / 3;
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
    frame_stats_.Record(frame_start, built, drawn, NowSeconds());
    WriteReport();
    if (done) break;
  }
  return status_;
}

AppStatus RunApp(const AppOptions& options, std::ostream& out, std::ostream& err) {
  App app(options, out, err);
  return app.Run();
}

}  // namespace interleave::gui
