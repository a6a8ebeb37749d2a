#include "gui/lock_panel.h"

#include "sim/judge/lock_words.h"

namespace interleave::gui {

LockPanelText LockPanelFor(const Trace& trace) {
  LockPanelText panel;
  int newest = -1;
  for (int i = static_cast<int>(trace.steps.size()) - 1; i >= 0 && newest < 0; --i)
    if (trace.steps[i].locks.captured) newest = i;
  if (newest < 0) {
    panel.heading = "Locks";
    panel.lines.push_back(
        {trace.steps.empty() ? "No step has run yet." : "Not asked for this run.", false});
    return panel;
  }
  const StepTrace& step = trace.steps[newest];
  const LockSnapshot& snapshot = step.locks;
  const std::vector<std::string>& names = trace.client_names;
  panel.heading = "Locks after " +
                  (step.client_name.empty() ? std::string() : step.client_name + "'s ") +
                  step.step_name;
  for (int c = 0; c < static_cast<int>(names.size()); ++c) {
    // Granted first, each phrase once (a row lock and its table's lock may say the same).
    const std::vector<std::string> phrases = ClientLockPhrases(snapshot, c, names);
    if (phrases.empty()) panel.lines.push_back({names[c] + " holds no lock on the tables", false});
    for (const std::string& phrase : phrases)
      panel.lines.push_back({names[c] + " " + phrase, phrase.rfind("waits", 0) == 0});
  }
  if (!snapshot.unavailable.empty())
    panel.lines.push_back({"The server could not tell: " + snapshot.unavailable, false});
  return panel;
}

}  // namespace interleave::gui
