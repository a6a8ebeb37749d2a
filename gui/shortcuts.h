// The window's keyboard shortcuts: which command a key press stands for.
// Dear ImGui 1.86 only sees whether a key is down when a frame starts, so the
// window queues GLFW's presses (KeyPress) and maps each one here, which keeps
// a press and release between two frames (xdotool, a presenter's remote)
// from being lost and the key table testable without a window.
// Thread-safety: plain values and a pure function.
#pragma once

namespace interleave::gui {

// One press (or auto-repeat) as GLFW reports it: a GLFW_KEY_* code and
// GLFW_MOD_* bits.
struct KeyPress {
  int key = 0;
  int mods = 0;
  bool repeat = false;
};

enum class Command {
  kNone,
  kQuit,                // Ctrl Q
  kLargerText,          // Ctrl + (also on the keypad)
  kSmallerText,         // Ctrl -
  kDefaultText,         // Ctrl 0
  kNext,                // Right (repeats)
  kBack,                // Left (repeats)
  kReset,               // Home
  kToEnd,               // End
  kPlayPause,           // Space
  kToggleBrowser,       // F2
  kToggleInteractive,   // F4
  kTogglePresentation,  // F5
  kToggleTheme,         // F6
  kExportWindow,        // F12
  kExportPanes,         // Shift F12, F11
  kPick,                // 1-9: a client ("who goes next?"), or a predicted outcome
  kTogglePredict,       // F3: "what happens next?"
  kRunPredicted,        // Enter: run the step the class predicted
  kCancelPick,          // Escape, Backspace: forget the predicted outcome, then the client
  kPredictPane,         // Tab: predict the other pane's run
  kToggleLocks,         // L, F7: the locks panel
  kExportHtml,          // F9: the web page of the two panes' runs
};

struct Shortcut {
  Command command = Command::kNone;
  int client = -1;  // kPick: the client (or the outcome), from 0
};

// What `press` asks for. Only Right and Left act on auto-repeat (and the
// Ctrl combinations); every other key acts once per press.
Shortcut ShortcutFor(const KeyPress& press);

}  // namespace interleave::gui
