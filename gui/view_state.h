// What the classroom is looking at, separate from how it is drawn and from
// the database: the scenario's two chosen variants, the schedule, the step
// cursor shared by both panes, Play, and the "who goes next?" picks that
// build a new interleaving. It turns into one PaneRequest per pane, which the
// live session's workers carry out. Pure logic: testable without a window
// or a server.
// Thread-safety: owned and used by the UI thread only.
// Ownership: borrows the Scenario, which must outlive it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sim/model/scenario.h"

namespace interleave::gui {

constexpr int kPaneCount = 2;

// What one pane should show: a variant, an interleaving, a step.
struct PaneRequest {
  std::string variant;             // a variant's name; "" = the scenario as written
  std::string schedule_name;       // for the trace ("picked in class" when built)
  std::vector<std::string> order;  // the scenario's step names, every step once
  int cursor = 0;                  // see gui/step_cursor.h
  uint64_t epoch = 0;              // a new epoch forces a fresh run (Reset)

  // Same variant, interleaving and epoch: the same run can go on.
  bool SameRun(const PaneRequest& other) const {
    return variant == other.variant && order == other.order && epoch == other.epoch;
  }
};

// What a pane's latest snapshot says about its progress.
struct PaneProgress {
  bool ready = false;     // the pane has a run for the current request
  bool busy = false;      // its worker is still working toward the request
  bool finished = false;  // its run is over (checks done, or failed)
  int cursor = 0;         // the cursor it has reached
  std::vector<int> waiting_clients;
};

// One "who goes next?" button.
struct ClientChoice {
  int client = 0;
  std::string label;      // "phone: p3", "laptop: waiting (baseline)", "phone: done"
  std::string next_step;  // the step it would run; empty when none is left
  bool may_go = false;
};

class ViewState {
 public:
  // Starts at cursor 0 with the first schedule and the first two variants
  // (the first is usually the baseline).
  explicit ViewState(const Scenario& scenario);
  ViewState(const ViewState&) = delete;
  ViewState& operator=(const ViewState&) = delete;

  const Scenario& scenario() const { return *scenario_; }
  const std::string& variant(int pane) const { return variants_[pane]; }
  const std::string& schedule() const { return schedule_; }
  int cursor() const { return cursor_; }
  bool interactive() const { return interactive_; }
  bool playing() const { return playing_; }
  const std::vector<int>& picks() const { return picks_; }
  // Entries in the schedule (every client step once).
  int EntryCount() const { return static_cast<int>(BaseOrder().size()); }

  // Names of the variants to choose from ("" stands for "as written" when
  // the scenario declares none).
  std::vector<std::string> VariantNames() const;
  void SelectVariant(int pane, const std::string& name);
  // Selects a schedule by name and goes back to its start.
  void SelectSchedule(const std::string& name);

  // Stepping. `progress` is each pane's latest snapshot.
  bool CanNext(const PaneProgress (&progress)[kPaneCount]) const;
  bool CanBack() const { return cursor_ > 0; }
  void Next(const PaneProgress (&progress)[kPaneCount]);
  void Back();
  void Reset();    // cursor 0 and fresh runs
  void GoToEnd();  // as far as the runs go (clamped once they finish)
  void GoTo(int cursor);
  // Once both panes finished, a cursor beyond both ends comes back to the end.
  void Clamp(const PaneProgress (&progress)[kPaneCount]);
  // The largest cursor reached when both panes finished, else -1.
  static int EndCursor(const PaneProgress (&progress)[kPaneCount]);

  // Play: one Next every `interval_s` while both panes are idle.
  void SetPlaying(bool on, double now_s);
  // Advances when it is time; returns true when it did.
  bool Tick(double now_s, double interval_s, const PaneProgress (&progress)[kPaneCount]);

  // "Who goes next?": the instructor picks clients to build an interleaving.
  void SetInteractive(bool on);
  std::vector<ClientChoice> Choices(const PaneProgress (&progress)[kPaneCount]) const;
  // Runs `client`'s next step on both panes. False when it may not go.
  bool Pick(int client, const PaneProgress (&progress)[kPaneCount]);

  // The interleaving both panes run: the schedule's order, or the picks
  // followed by the remaining steps in the schedule's order.
  std::vector<std::string> Order() const;
  std::string OrderName() const;
  PaneRequest RequestFor(int pane) const;

 private:
  std::vector<std::string> BaseOrder() const;

  const Scenario* scenario_;
  std::string variants_[kPaneCount];
  std::string schedule_;
  int cursor_ = 0;
  uint64_t epoch_ = 0;
  bool interactive_ = false;
  std::vector<int> picks_;  // clients, in the order picked
  bool playing_ = false;
  double last_tick_s_ = 0;
};

// The steps each client runs, in its order (the scenario's own steps).
std::vector<std::vector<std::string>> ClientSteps(const Scenario& scenario);
// The order `picks` (clients) make, then the steps not picked yet in `base`'s order.
std::vector<std::string> PickedOrder(const Scenario& scenario, const std::vector<int>& picks,
                                     const std::vector<std::string>& base);

}  // namespace interleave::gui
