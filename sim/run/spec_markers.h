// The markers of PostgreSQL isolation spec permutations, as isolationtester
// reads them: `step(other_step)` reports the step as waiting until
// other_step has completed, `step(other_step notices N)` until that session
// has had N more notices, and `step(*)` reports it as waiting at once. The
// run arms each sent step's markers and asks whether they still hold it.
// Thread-safety: none; owned by one run.
#pragma once

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "sim/model/scenario.h"

namespace interleave {

class SpecMarkers {
 public:
  // How many notices client number `client`'s session has had so far.
  using NoticeCount = std::function<int(int client)>;
  // Whether client number `client` is running its step named `step`.
  using StepInProgress = std::function<bool(int client, const std::string& step)>;

  // Remembers the markers of the step with trace index `index`.
  void Arm(int index, const ScheduleEntry& entry, const Scenario* scenario,
           const NoticeCount& notices);
  // Whether the step was marked to be reported as waiting at once.
  bool ReportWaitingAtOnce(int index) const { return entries_[index].report_waiting_at_once; }
  // Whether the step has markers that name other steps or notices.
  bool HasBlockers(int index) const;
  // Whether a marker still holds the step back: a step it waits for is in
  // progress, or a session has not had its notices yet.
  bool Holds(int index, const Scenario* scenario, const StepInProgress& in_progress,
             const NoticeCount& notices) const;

 private:
  std::vector<ScheduleEntry> entries_;  // by trace index
  // Per trace index: (client, notices it must have had).
  std::vector<std::vector<std::pair<int, int>>> notice_targets_;
};

}  // namespace interleave
