// The App's tool bar. Line 1: the scenario's title and anomaly, and the
// view's buttons on the right (text size, theme, presentation, Export: PNG,
// SVG, the web page; the browser; one menu in presentation mode). Line 2, the
// step bar: Reset, Back, Next, Play, where the cursor is, "who goes next?",
// predict, the locks panel, the schedule, and the server on the right.
#include <imgui.h>

#include <algorithm>
#include <initializer_list>

#include "gui/app_impl.h"
#include "gui/step_label.h"
#include "gui/theme.h"
#include "util/text_util.h"

namespace interleave::gui {

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

void App::DrawToolbar() {
  const FontSet& f = fonts_.fonts();
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
      if (ImGui::Selectable("SVG of the two panes")) RequestExport(ExportWhat::kPanesSvg);
      if (ImGui::Selectable("Web page of the two runs (F9)")) RequestExport(ExportWhat::kHtml);
      if (ImGui::Selectable(show_locks_ ? "Hide the locks (L)" : "Show the locks (L)"))
        show_locks_ = !show_locks_;
      if (ImGui::Selectable("Scenario browser (F2)")) show_browser_ = !show_browser_;
      ImGui::EndPopup();
    }
    DrawStepBar();
    return;
  }
  const float view_w =
      ButtonsWidth({"A−", "A+", theme_label, present_label, "Export", "Scenarios"});
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
  if (ImGui::Button("Export")) ImGui::OpenPopup("##export");
  Remember("export");
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip(
        "Export a picture of the window (F12) or of the two panes (Shift F12, SVG), or the two "
        "runs as a web page (F9)");
  if (ImGui::BeginPopup("##export")) {
    if (ImGui::Selectable("PNG of the window (F12)")) RequestExport(ExportWhat::kWindow);
    if (ImGui::Selectable("PNG of the two panes (Shift F12)")) RequestExport(ExportWhat::kPanes);
    if (ImGui::Selectable("SVG of the two panes (vector)")) RequestExport(ExportWhat::kPanesSvg);
    if (ImGui::Selectable("Web page of the two runs (F9)")) RequestExport(ExportWhat::kHtml);
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
    std::string where =
        StepLabel(view_->cursor(), ViewState::EndCursor(progress_), view_->EntryCount());
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
  ImGui::SameLine();
  bool predict = predict_.on();
  if (ImGui::Checkbox("Predict", &predict)) predict_.SetOn(predict);
  Remember("predict");
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip(
        "What happens next? Before each step the class predicts what it does: keys 1-9 "
        "pick, Enter runs it (F3)");
  ImGui::SameLine();
  ImGui::Checkbox("Locks", &show_locks_);
  Remember("locks");
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip(
        "Which locks each client holds and waits for after the newest step, under each "
        "timeline (L)");
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

}  // namespace interleave::gui
