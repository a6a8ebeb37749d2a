// One pane's database worker: a thread that owns the pane's Run, its scratch
// database and its committed-state reader, and carries out the newest
// PaneRequest: a new variant or interleaving starts a fresh run, a later
// cursor runs the next steps live (one Run::Next() at a time, publishing a
// snapshot after each), an earlier cursor replays the interleaving from the
// start (the database cannot go back in time). Requests that arrive while a
// step runs are coalesced. A step that blocks on a lock never blocks the UI:
// the UI only ever reads the latest snapshot. While idle with a step waiting
// for a lock, it watches that step (Run::PollWaiting) and publishes a new
// snapshot when the step completes or fails (a lock released, a deadlock the
// server resolved), without a new request. Before the first run of a variant
// and interleaving it runs the same to its end once (the look-ahead run), whose
// dependency graph the timeline draws between steps completed so far.
// Thread-safety: all public members are thread-safe.
// Ownership: owns its thread, Run, scratch database and reader; shares the
// Scenario and the ServerHost with the LiveSession.
#pragma once

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "gui/pane_snapshot.h"
#include "sim/plan/plan.h"
#include "sim/run/run.h"

namespace interleave {
class ScratchDatabase;
class Target;
}  // namespace interleave

namespace interleave::gui {

class CommittedStateReader;
class ServerHost;

class PaneWorker {
 public:
  // `notify` is called (on the worker thread) after each new snapshot.
  PaneWorker(std::shared_ptr<ServerHost> host, std::shared_ptr<const Scenario> scenario,
             RunOptions options, std::function<void()> notify);
  // Interrupts a step in progress, then joins; the run and the scratch
  // database are released on the worker thread.
  ~PaneWorker();
  PaneWorker(const PaneWorker&) = delete;
  PaneWorker& operator=(const PaneWorker&) = delete;

  // Asks for `request`; returns at once.
  void Request(const PaneRequest& request);
  PaneRequest LatestRequest() const;
  std::shared_ptr<const PaneSnapshot> Snapshot() const;

 private:
  void Main();
  // Works toward `want`; returns when there, or when a newer request needs a
  // different run.
  void Work(PaneRequest want);
  bool Prepare();  // target, scratch database and reader; false on failure
  bool StartRun(const PaneRequest& want);
  // Runs plan_ to its end once per variant and interleaving, before the live
  // run starts, for the dependency arrows while stepping (lookahead_*).
  void RunLookahead(const PaneRequest& want);
  void StopRun();
  void Publish(bool busy, const std::string& activity, bool read_state);
  // A newer request: true (and *want updated) when the same run can go on
  // toward it, false when it needs another run.
  bool Continue(PaneRequest* want);

  std::shared_ptr<ServerHost> host_;
  std::shared_ptr<const Scenario> scenario_;
  RunOptions options_;
  std::function<void()> notify_;

  // Worker thread only.
  std::shared_ptr<Target> target_;
  std::unique_ptr<ScratchDatabase> scratch_;
  std::unique_ptr<CommittedStateReader> reader_;
  Plan plan_;
  std::shared_ptr<const Plan> shared_plan_;  // plan_'s copy for the snapshots
  const Variant* variant_ = nullptr;
  std::vector<size_t> boundaries_;
  PaneRequest current_;  // the run's request (cursor: the target it works toward)
  // The look-ahead run of lookahead_variant_ on lookahead_order_ (see RunLookahead).
  std::string lookahead_variant_;
  std::vector<std::string> lookahead_order_;
  std::shared_ptr<const Trace> lookahead_trace_;
  std::shared_ptr<const Verdict> lookahead_verdict_;
  int tail_done_ = 0;
  std::string error_;
  std::string server_;

  mutable std::mutex mu_;
  std::condition_variable cv_;
  PaneRequest request_;
  uint64_t request_version_ = 0;
  uint64_t handled_version_ = 0;
  bool stop_ = false;
  std::unique_ptr<Run> run_;  // written by the worker under mu_; Interrupt() under mu_
  std::shared_ptr<const PaneSnapshot> snapshot_;
  uint64_t published_ = 0;

  std::thread thread_;
};

}  // namespace interleave::gui
