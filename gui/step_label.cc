#include "gui/step_label.h"

#include <algorithm>

namespace interleave::gui {

std::string StepLabel(int cursor, int end, int entries) {
  if (cursor > (1 << 19)) return "Step → end";  // ViewState::GoToEnd before the end is known
  if (end >= 0) cursor = std::min(cursor, end);
  if (end >= 0 && cursor == end) return "Step " + std::to_string(cursor) + " (the end)";
  if (cursor <= entries) return "Step " + std::to_string(cursor) + " of " + std::to_string(entries);
  return "Step " + std::to_string(cursor) + ": after the schedule";
}

}  // namespace interleave::gui
