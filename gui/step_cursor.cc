#include "gui/step_cursor.h"

#include <map>
#include <set>
#include <string>

namespace interleave::gui {

std::vector<size_t> EntryBoundaries(const Plan& plan, const Variant* variant) {
  // Added step -> the step it follows ("" = before its client's first step).
  std::map<std::string, std::string> after;
  if (variant)
    for (const Variant::AddedStep& add : variant->add_steps) after[add.step.name] = add.after;
  // Where each schedule entry starts: at its own step, or at the added steps
  // that run just before it (those with no `after`, and chains hanging off
  // them). Added steps that follow a step belong to that step's entry.
  std::vector<size_t> starts;
  std::set<std::string> next_group;
  size_t pending_start = plan.order.size();
  for (size_t i = 0; i < plan.order.size(); ++i) {
    const std::string& name = plan.order[i].step.name;
    auto added = after.find(name);
    if (added == after.end()) {
      starts.push_back(pending_start < i ? pending_start : i);
      pending_start = plan.order.size();
      next_group.clear();
      continue;
    }
    if (added->second.empty() || next_group.count(added->second)) {
      next_group.insert(name);
      if (pending_start > i) pending_start = i;
    }
  }
  std::vector<size_t> boundaries{0};
  for (size_t k = 1; k < starts.size(); ++k) boundaries.push_back(starts[k]);
  if (!starts.empty()) boundaries.push_back(plan.order.size());
  return boundaries;
}

CursorTarget TargetFor(const std::vector<size_t>& boundaries, int cursor) {
  CursorTarget target;
  const int n = static_cast<int>(boundaries.size()) - 1;
  if (cursor <= 0 || n < 0) return target;
  if (cursor <= n) {
    target.position = boundaries[cursor];
    return target;
  }
  target.position = boundaries[n];
  target.tail_steps = cursor - n;
  return target;
}

int CursorReached(const std::vector<size_t>& boundaries, size_t position, int tail_done) {
  const int n = static_cast<int>(boundaries.size()) - 1;
  if (n < 0) return tail_done;
  if (position >= boundaries[n]) return n + tail_done;
  int k = 0;
  while (k + 1 <= n && boundaries[k + 1] <= position) ++k;
  return k;
}

}  // namespace interleave::gui
