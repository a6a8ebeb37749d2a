// The App's scenarios: opening one (a fresh ViewState and LiveSession, the
// panes' variants kept where the new scenario has them) and the scenario
// browser on the left (the list, and the chosen scenario's story).
#include <imgui.h>

#include <algorithm>

#include "gui/app_impl.h"
#include "gui/theme.h"
#include "util/text_util.h"

namespace interleave::gui {

namespace {

// `text` with line breaks where the current font wraps it at `width` pixels,
// each line after the first starting with `indent` (the first too).
std::string WrapLines(const std::string& text, float width, const std::string& indent) {
  ImFont* font = ImGui::GetFont();
  const float size = ImGui::GetFontSize();
  const float indent_w = ImGui::CalcTextSize(indent.c_str()).x;
  std::string out;
  const char* at = text.c_str();
  const char* end = at + text.size();
  while (at < end) {
    const char* cut = font->CalcWordWrapPositionA(1.0f * size / font->FontSize, at, end,
                                                  std::max(width - indent_w, size * 4));
    if (cut <= at) cut = at + 1;
    if (!out.empty()) out += "\n";
    out += indent + std::string(at, cut);
    at = cut;
    while (at < end && *at == ' ') ++at;
  }
  return out;
}

}  // namespace

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
  auto wake = []() { glfwPostEmptyEvent(); };
  if (options_.engines.empty()) {
    session_ = std::make_unique<LiveSession>(host_, entry.scenario, run, wake);
  } else {
    // Each pane on its engine's server, with the scenario as that engine runs
    // it; a scenario written for PostgreSQL only shows PostgreSQL.
    std::shared_ptr<ServerHost> hosts[kPaneCount];
    std::shared_ptr<const Scenario> scenarios[kPaneCount];
    for (int p = 0; p < kPaneCount; ++p) {
      shown_engines_[p] = pane_engines_[p];
      if (!RunsOn(*entry.scenario, EngineName(shown_engines_[p]))) {
        Message(entry.title + " runs on PostgreSQL only: the " + (p == 0 ? "left" : "right") +
                " pane shows PostgreSQL");
        shown_engines_[p] = EngineKind::kPostgreSql;
      }
      hosts[p] = HostFor(shown_engines_[p]);
      scenarios[p] = std::make_shared<const Scenario>(
          ForEngine(*entry.scenario, EngineName(shown_engines_[p])));
    }
    session_ = std::make_unique<LiveSession>(hosts, scenarios, run, wake);
  }
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
    // Titles wrap to the list's width (a Selectable does not wrap by itself).
    const float wrap = ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x;
    std::string label = WrapLines(entry.error.empty() ? entry.title : "⚠ " + entry.title, wrap, "");
    if (!entry.anomaly.empty()) label += "\n" + WrapLines(entry.anomaly, wrap, "   ");
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

}  // namespace interleave::gui
