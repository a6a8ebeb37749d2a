// The window's key table: which command each key press stands for, which
// keys act on auto-repeat, and what the modifiers change.
#include "gui/shortcuts.h"

#include <gtest/gtest.h>

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>

namespace interleave::gui {
namespace {

Command CommandOf(int key, int mods = 0, bool repeat = false) {
  return ShortcutFor(KeyPress{key, mods, repeat}).command;
}

TEST(ShortcutsTest, SteppingKeys) {
  EXPECT_EQ(CommandOf(GLFW_KEY_RIGHT), Command::kNext);
  EXPECT_EQ(CommandOf(GLFW_KEY_LEFT), Command::kBack);
  EXPECT_EQ(CommandOf(GLFW_KEY_HOME), Command::kReset);
  EXPECT_EQ(CommandOf(GLFW_KEY_END), Command::kToEnd);
  EXPECT_EQ(CommandOf(GLFW_KEY_SPACE), Command::kPlayPause);
  // Shift does not change the arrows.
  EXPECT_EQ(CommandOf(GLFW_KEY_RIGHT, GLFW_MOD_SHIFT), Command::kNext);
}

TEST(ShortcutsTest, OnlyTheArrowsRepeat) {
  EXPECT_EQ(CommandOf(GLFW_KEY_RIGHT, 0, true), Command::kNext);
  EXPECT_EQ(CommandOf(GLFW_KEY_LEFT, 0, true), Command::kBack);
  for (int key : {GLFW_KEY_HOME, GLFW_KEY_END, GLFW_KEY_SPACE, GLFW_KEY_F2, GLFW_KEY_F4,
                  GLFW_KEY_F5, GLFW_KEY_F6, GLFW_KEY_F11, GLFW_KEY_F12, GLFW_KEY_1})
    EXPECT_EQ(CommandOf(key, 0, true), Command::kNone) << key;
  // Holding Ctrl + keeps growing the text.
  EXPECT_EQ(CommandOf(GLFW_KEY_EQUAL, GLFW_MOD_CONTROL, true), Command::kLargerText);
}

TEST(ShortcutsTest, ViewKeys) {
  EXPECT_EQ(CommandOf(GLFW_KEY_F2), Command::kToggleBrowser);
  EXPECT_EQ(CommandOf(GLFW_KEY_F4), Command::kToggleInteractive);
  EXPECT_EQ(CommandOf(GLFW_KEY_F5), Command::kTogglePresentation);
  EXPECT_EQ(CommandOf(GLFW_KEY_F6), Command::kToggleTheme);
  EXPECT_EQ(CommandOf(GLFW_KEY_F12), Command::kExportWindow);
  EXPECT_EQ(CommandOf(GLFW_KEY_F12, GLFW_MOD_SHIFT), Command::kExportPanes);
  EXPECT_EQ(CommandOf(GLFW_KEY_F11), Command::kExportPanes);
}

TEST(ShortcutsTest, PredictKeys) {
  EXPECT_EQ(CommandOf(GLFW_KEY_F3), Command::kTogglePredict);
  EXPECT_EQ(CommandOf(GLFW_KEY_L), Command::kToggleLocks);
  EXPECT_EQ(CommandOf(GLFW_KEY_F7), Command::kToggleLocks);
  EXPECT_EQ(CommandOf(GLFW_KEY_F9), Command::kExportHtml);
  EXPECT_EQ(CommandOf(GLFW_KEY_ENTER), Command::kRunPredicted);
  EXPECT_EQ(CommandOf(GLFW_KEY_KP_ENTER), Command::kRunPredicted);
  EXPECT_EQ(CommandOf(GLFW_KEY_ESCAPE), Command::kCancelPick);
  EXPECT_EQ(CommandOf(GLFW_KEY_BACKSPACE), Command::kCancelPick);
  EXPECT_EQ(CommandOf(GLFW_KEY_TAB), Command::kPredictPane);
  // Holding Enter runs one step, not one per auto-repeat.
  EXPECT_EQ(CommandOf(GLFW_KEY_ENTER, 0, true), Command::kNone);
  // The number keys pick an outcome as they pick a client: 1 is the first.
  Shortcut three = ShortcutFor(KeyPress{GLFW_KEY_3, 0, false});
  EXPECT_EQ(three.command, Command::kPick);
  EXPECT_EQ(three.client, 2);
}

TEST(ShortcutsTest, ControlCombinations) {
  EXPECT_EQ(CommandOf(GLFW_KEY_Q, GLFW_MOD_CONTROL), Command::kQuit);
  EXPECT_EQ(CommandOf(GLFW_KEY_EQUAL, GLFW_MOD_CONTROL), Command::kLargerText);
  EXPECT_EQ(CommandOf(GLFW_KEY_KP_ADD, GLFW_MOD_CONTROL), Command::kLargerText);
  EXPECT_EQ(CommandOf(GLFW_KEY_MINUS, GLFW_MOD_CONTROL), Command::kSmallerText);
  EXPECT_EQ(CommandOf(GLFW_KEY_KP_SUBTRACT, GLFW_MOD_CONTROL), Command::kSmallerText);
  EXPECT_EQ(CommandOf(GLFW_KEY_0, GLFW_MOD_CONTROL), Command::kDefaultText);
  EXPECT_EQ(CommandOf(GLFW_KEY_KP_0, GLFW_MOD_CONTROL), Command::kDefaultText);
  // Without Ctrl, Q and + do nothing; with it, the plain keys do nothing.
  EXPECT_EQ(CommandOf(GLFW_KEY_Q), Command::kNone);
  EXPECT_EQ(CommandOf(GLFW_KEY_EQUAL), Command::kNone);
  EXPECT_EQ(CommandOf(GLFW_KEY_RIGHT, GLFW_MOD_CONTROL), Command::kNone);
  EXPECT_EQ(CommandOf(GLFW_KEY_1, GLFW_MOD_CONTROL), Command::kNone);
}

TEST(ShortcutsTest, DigitsPickAClient) {
  Shortcut first = ShortcutFor(KeyPress{GLFW_KEY_1, 0, false});
  EXPECT_EQ(first.command, Command::kPick);
  EXPECT_EQ(first.client, 0);
  Shortcut ninth = ShortcutFor(KeyPress{GLFW_KEY_9, 0, false});
  EXPECT_EQ(ninth.command, Command::kPick);
  EXPECT_EQ(ninth.client, 8);
  Shortcut keypad = ShortcutFor(KeyPress{GLFW_KEY_KP_3, 0, false});
  EXPECT_EQ(keypad.command, Command::kPick);
  EXPECT_EQ(keypad.client, 2);
  // 0 picks nobody.
  EXPECT_EQ(CommandOf(GLFW_KEY_0), Command::kNone);
}

}  // namespace
}  // namespace interleave::gui
