#include "gui/shortcuts.h"

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>

namespace interleave::gui {

Shortcut ShortcutFor(const KeyPress& press) {
  const int key = press.key;
  if (press.mods & GLFW_MOD_CONTROL) {
    if (key == GLFW_KEY_Q) return {Command::kQuit};
    if (key == GLFW_KEY_EQUAL || key == GLFW_KEY_KP_ADD) return {Command::kLargerText};
    if (key == GLFW_KEY_MINUS || key == GLFW_KEY_KP_SUBTRACT) return {Command::kSmallerText};
    if (key == GLFW_KEY_0 || key == GLFW_KEY_KP_0) return {Command::kDefaultText};
    return {};
  }
  if (key == GLFW_KEY_RIGHT) return {Command::kNext};
  if (key == GLFW_KEY_LEFT) return {Command::kBack};
  if (press.repeat) return {};
  switch (key) {
    case GLFW_KEY_HOME:
      return {Command::kReset};
    case GLFW_KEY_END:
      return {Command::kToEnd};
    case GLFW_KEY_SPACE:
      return {Command::kPlayPause};
    case GLFW_KEY_F2:
      return {Command::kToggleBrowser};
    case GLFW_KEY_F3:
      return {Command::kTogglePredict};
    case GLFW_KEY_ENTER:
    case GLFW_KEY_KP_ENTER:
      return {Command::kRunPredicted};
    case GLFW_KEY_ESCAPE:
    case GLFW_KEY_BACKSPACE:
      return {Command::kCancelPick};
    case GLFW_KEY_TAB:
      return {Command::kPredictPane};
    case GLFW_KEY_F4:
      return {Command::kToggleInteractive};
    case GLFW_KEY_F5:
      return {Command::kTogglePresentation};
    case GLFW_KEY_F6:
      return {Command::kToggleTheme};
    case GLFW_KEY_F12:
      return {press.mods & GLFW_MOD_SHIFT ? Command::kExportPanes : Command::kExportWindow};
    case GLFW_KEY_F11:
      return {Command::kExportPanes};
    case GLFW_KEY_L:
    case GLFW_KEY_F7:
      return {Command::kToggleLocks};
    case GLFW_KEY_F9:
      return {Command::kExportHtml};
    default:
      break;
  }
  for (int c = 0; c < 9; ++c)
    if (key == GLFW_KEY_1 + c || key == GLFW_KEY_KP_1 + c) return {Command::kPick, c};
  return {};
}

}  // namespace interleave::gui
