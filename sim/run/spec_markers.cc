#include "sim/run/spec_markers.h"

namespace interleave {

void SpecMarkers::Arm(int index, const ScheduleEntry& entry, const Scenario* scenario,
                      const NoticeCount& notices) {
  entries_.resize(index + 1);
  entries_[index] = entry;
  notice_targets_.resize(index + 1);
  notice_targets_[index].clear();
  for (const auto& blocker : entry.notice_blockers) {
    int client = scenario->FindStep(blocker.step).first;
    int base_notices = client >= 0 ? notices(client) : 0;
    notice_targets_[index].push_back({client, base_notices + blocker.notices});
  }
}

bool SpecMarkers::HasBlockers(int index) const {
  const ScheduleEntry& markers = entries_[index];
  return !markers.wait_for_steps.empty() || !markers.notice_blockers.empty();
}

bool SpecMarkers::Holds(int index, const Scenario* scenario, const StepInProgress& in_progress,
                        const NoticeCount& notices) const {
  for (const auto& name : entries_[index].wait_for_steps) {
    int client = scenario->FindStep(name).first;
    if (client < 0) continue;
    if (in_progress(client, name)) return true;
  }
  for (const auto& [client, target] : notice_targets_[index]) {
    if (client >= 0 && notices(client) < target) return true;
  }
  return false;
}

}  // namespace interleave
