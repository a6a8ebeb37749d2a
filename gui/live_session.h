// The live side of the classroom window for one scenario: a worker per pane
// (gui/pane_worker.h), each with its own run and scratch database on the
// shared server, so the baseline and the fix step side by side and neither
// the database nor a blocked step ever runs on the UI thread. For "what
// happens next?" it also keeps a preview worker per pane (started on first
// use), which runs the same variant and interleaving to its end on a scratch
// database of its own: the choices are built from it, the picks are judged
// on the live run. Each pane may have a server of its own and the scenario as
// that server's engine runs it (PostgreSQL left, MariaDB right: the same
// variants and interleaving, each engine's own SQL and expectations).
// Thread-safety: the public members are thread-safe; the UI thread calls them.
// Ownership: owns the pane workers; shares the ServerHost (which outlives
// every session of the window) and the Scenario.
#pragma once

#include <functional>
#include <memory>

#include "gui/pane_snapshot.h"
#include "gui/view_state.h"
#include "sim/run/run.h"

namespace interleave::gui {

class PaneWorker;
class ServerHost;

class LiveSession {
 public:
  // `notify` runs on a worker thread after each new snapshot (the app wakes
  // its event loop with it).
  LiveSession(std::shared_ptr<ServerHost> host, std::shared_ptr<const Scenario> scenario,
              const RunOptions& options, std::function<void()> notify);
  // Pane p runs `scenarios[p]` on `hosts[p]`; the scenarios differ only in
  // their engine's SQL and expectations (ForEngine of one scenario).
  LiveSession(const std::shared_ptr<ServerHost> (&hosts)[kPaneCount],
              const std::shared_ptr<const Scenario> (&scenarios)[kPaneCount],
              const RunOptions& options, std::function<void()> notify);
  ~LiveSession();  // interrupts steps in progress and joins the workers
  LiveSession(const LiveSession&) = delete;
  LiveSession& operator=(const LiveSession&) = delete;

  // The left pane's scenario (the panes' share every name and step).
  const Scenario& scenario() const { return *scenarios_[0]; }
  std::shared_ptr<const Scenario> shared_scenario() const { return scenarios_[0]; }
  const Scenario& scenario(int pane) const { return *scenarios_[pane]; }

  // Sends each pane its request (cheap when nothing changed).
  void Request(const ViewState& view);
  void Request(int pane, const PaneRequest& request);
  std::shared_ptr<const PaneSnapshot> Snapshot(int pane) const;
  PaneProgress Progress(int pane) const;
  void Progress(PaneProgress (&progress)[kPaneCount]) const;
  // True when both panes answer their latest requests and are idle.
  bool Settled() const;

  // The preview of `pane`: a run of `request` (its cursor: far beyond the
  // end) on the pane's preview worker.
  void RequestPreview(int pane, const PaneRequest& request);
  // Its latest snapshot; null before the first RequestPreview.
  std::shared_ptr<const PaneSnapshot> Preview(int pane) const;

 private:
  std::shared_ptr<ServerHost> hosts_[kPaneCount];
  std::shared_ptr<const Scenario> scenarios_[kPaneCount];
  RunOptions options_;
  std::function<void()> notify_;
  std::unique_ptr<PaneWorker> workers_[kPaneCount];
  std::unique_ptr<PaneWorker> previews_[kPaneCount];  // UI thread only
};

}  // namespace interleave::gui
