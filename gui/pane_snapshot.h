// What one pane shows at a moment: the run's trace so far, its verdict once
// finished, the steps still to come, the clients still waiting, and the
// committed contents of the scenario's tables after the current step. The
// pane's worker publishes a new snapshot after every step; the UI thread
// reads the latest one each frame and never waits for the database.
// Thread-safety: a published snapshot is immutable (shared as
// shared_ptr<const PaneSnapshot>).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "gui/timeline_layout.h"
#include "gui/view_state.h"
#include "sim/judge/verdict.h"
#include "sim/model/trace.h"
#include "sim/plan/plan.h"

namespace interleave::gui {

struct PaneSnapshot {
  PaneRequest request;           // the request this snapshot answers (its cursor: the target)
  bool ready = false;            // a run exists for request (variant, order, epoch)
  bool busy = false;             // the worker is still working toward request
  bool finished = false;         // the run is over: checks evaluated (or it failed)
  int cursor = 0;                // the cursor reached
  int entries = 0;               // schedule entries (the cursor's first part)
  std::string activity;          // "starting PostgreSQL", "running step 4", "replaying to step 3"
  std::string error;             // the pane cannot show a run: no server, bad variant ...
  bool connection_lost = false;  // a client's connection broke (error says whose)
  std::string server;            // Target::Describe()

  std::shared_ptr<const Plan> plan;  // what the run runs (null before a run exists)
  Trace trace;
  std::optional<Verdict> verdict;  // once finished
  // While the run goes on: the same variant and interleaving run to its end
  // before this run started, its trace and verdict, when every step of this
  // trace so far did as that run's did (else null: its graph would not be
  // this run's). The timeline draws its edges between completed steps.
  std::shared_ptr<const Trace> lookahead_trace;
  std::shared_ptr<const Verdict> lookahead_verdict;
  std::vector<PendingStep> pending;   // steps not sent yet, in planned order
  std::vector<int> waiting_clients;   // clients whose step still waits
  std::vector<TableState> committed;  // committed contents after the current step
  std::string committed_note;         // where they come from, or why they are missing
  uint64_t version = 0;               // grows with every publication
};

// The pane's progress toward `latest` (the UI's newest request), as the view
// state needs it: busy until the snapshot answers exactly that request.
PaneProgress ProgressOf(const PaneSnapshot& snapshot, const PaneRequest& latest);

}  // namespace interleave::gui
