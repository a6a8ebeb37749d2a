// The App's keys. GLFW's key callback queues each press (OnKey); at the start
// of the next frame HandleKeys maps each one to a command (gui/shortcuts.h)
// and carries it out, unless a text field has the keyboard. In "what happens
// next?" mode the number keys, Enter, Escape and Tab are its own
// (App::PredictKey, gui/app_predict.cc).
#include <imgui.h>

#include "backends/imgui_impl_glfw.h"
#include "gui/app_impl.h"

namespace interleave::gui {

void App::OnKey(GLFWwindow* window, int key, int scancode, int action, int mods) {
  ImGui_ImplGlfw_KeyCallback(window, key, scancode, action, mods);
  auto* app = static_cast<App*>(glfwGetWindowUserPointer(window));
  if (app && action != GLFW_RELEASE)
    app->keys_.push_back(KeyPress{key, mods, action == GLFW_REPEAT});
}

void App::HandleKeys() {
  std::vector<KeyPress> keys;
  keys.swap(keys_);
  if (ImGui::GetIO().WantTextInput || !view_) return;  // typing a schedule's name
  for (const KeyPress& press : keys) {
    const Shortcut shortcut = ShortcutFor(press);
    if (PredictKey(shortcut)) continue;
    const float px = pending_font_px_ > 0 ? pending_font_px_ : font_px_;
    switch (shortcut.command) {
      case Command::kNone:
        break;
      case Command::kQuit:
        glfwSetWindowShouldClose(window_, GLFW_TRUE);
        break;
      case Command::kLargerText:
        SetFontPx(px * 1.125f);
        break;
      case Command::kSmallerText:
        SetFontPx(px / 1.125f);
        break;
      case Command::kDefaultText:
        SetFontPx(presentation_ ? kPresentationFontPx : kNormalFontPx);
        break;
      case Command::kNext:
        view_->Next(progress_);
        break;
      case Command::kBack:
        view_->Back();
        break;
      case Command::kReset:
        view_->Reset();
        break;
      case Command::kToEnd:
        view_->GoToEnd();
        break;
      case Command::kPlayPause:
        view_->SetPlaying(!view_->playing(), NowSeconds());
        break;
      case Command::kToggleBrowser:
        show_browser_ = !show_browser_;
        break;
      case Command::kToggleLocks:
        show_locks_ = !show_locks_;
        break;
      case Command::kExportHtml:
        RequestExport(ExportWhat::kHtml);
        break;
      case Command::kTogglePredict:
        predict_.SetOn(!predict_.on());
        break;
      case Command::kRunPredicted:
      case Command::kCancelPick:
      case Command::kPredictPane:
        break;  // "what happens next?" only (PredictKey)
      case Command::kToggleInteractive:
        view_->SetInteractive(!view_->interactive());
        break;
      case Command::kTogglePresentation:
        TogglePresentation();
        break;
      case Command::kToggleTheme:
        ToggleTheme();
        break;
      case Command::kExportWindow:
        RequestExport(ExportWhat::kWindow);
        break;
      case Command::kExportPanes:
        RequestExport(ExportWhat::kPanes);
        break;
      case Command::kPick:
        // A second pick waits for the panes to answer this one.
        if (view_->interactive() && view_->Pick(shortcut.client, progress_))
          for (PaneProgress& progress : progress_) progress.busy = true;
        break;
    }
  }
}

}  // namespace interleave::gui
