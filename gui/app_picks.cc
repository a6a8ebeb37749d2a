// The App's "who goes next?" bar: one button per client (a waiting client's
// says so and does nothing), keys 1-9 (gui/app_keys.cc), and the popup that
// appends the picked interleaving to the scenario file as a new schedule.
#include <imgui.h>

#include <cstdio>

#include "gui/app_impl.h"
#include "gui/schedule_writer.h"
#include "gui/theme.h"

namespace interleave::gui {

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
    // Predicting, a click chooses the client; Enter runs its step.
    const bool chosen = predict_.on() && predict_.client() == choice.client;
    if (chosen) ImGui::PushStyleColor(ImGuiCol_Button, ToVec4(palette.accent_fill));
    if (ImGui::Button(label.c_str()) && choice.may_go) {
      if (predict_.on())
        predict_.ChooseClient(choice.client);
      else
        view_->Pick(choice.client, progress_);
    }
    if (chosen) ImGui::PopStyleColor();
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

}  // namespace interleave::gui
