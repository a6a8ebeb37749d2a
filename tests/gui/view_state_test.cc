// The view state: stepping both panes together, Back and Reset, Play, and
// "who goes next?" (which client may go next, and the interleaving built).
#include "gui/view_state.h"

#include <gtest/gtest.h>

#include "gui/pane_snapshot.h"
#include "tests/sample_traces.h"

namespace interleave::gui {
namespace {

Scenario WithSchedules() {
  Scenario scenario = sample::LostUpdateScenario();
  Schedule race;
  race.name = "race";
  for (const char* step : {"a1", "b1", "a2", "b2", "a3", "a4", "b3", "b4"}) {
    ScheduleEntry entry;
    entry.step = step;
    race.entries.push_back(entry);
  }
  Schedule serial = race;
  serial.name = "serial";
  serial.entries.clear();
  for (const char* step : {"a1", "a2", "a3", "a4", "b1", "b2", "b3", "b4"}) {
    ScheduleEntry entry;
    entry.step = step;
    serial.entries.push_back(entry);
  }
  scenario.schedules = {race, serial};
  return scenario;
}

// Both panes idle at `cursor` (finished when `end` >= 0 and cursor >= end).
void Idle(PaneProgress (&progress)[kPaneCount], int cursor, int end = -1,
          std::vector<int> waiting0 = {}, std::vector<int> waiting1 = {}) {
  for (int p = 0; p < kPaneCount; ++p) {
    progress[p] = PaneProgress{};
    progress[p].ready = true;
    progress[p].cursor = end >= 0 ? std::min(cursor, end) : cursor;
    progress[p].finished = end >= 0 && cursor >= end;
  }
  progress[0].waiting_clients = std::move(waiting0);
  progress[1].waiting_clients = std::move(waiting1);
}

TEST(ViewStateTest, StartsWithTheFirstTwoVariantsAndTheFirstSchedule) {
  Scenario scenario = WithSchedules();
  ViewState view(scenario);
  EXPECT_EQ(view.variant(0), "for-update");
  EXPECT_EQ(view.variant(1), "repeatable-read");
  EXPECT_EQ(view.schedule(), "race");
  EXPECT_EQ(view.cursor(), 0);
  EXPECT_EQ(view.EntryCount(), 8);
  PaneRequest left = view.RequestFor(0);
  PaneRequest right = view.RequestFor(1);
  EXPECT_EQ(left.order, right.order);
  EXPECT_EQ(left.order.front(), "a1");
  EXPECT_EQ(left.variant, "for-update");
  EXPECT_TRUE(left.SameRun(view.RequestFor(0)));
  EXPECT_FALSE(left.SameRun(right));
}

TEST(ViewStateTest, NextAndBackMoveBothPanesTogether) {
  Scenario scenario = WithSchedules();
  ViewState view(scenario);
  PaneProgress progress[kPaneCount];
  Idle(progress, 0);
  EXPECT_FALSE(view.CanBack());
  view.Next(progress);
  view.Next(progress);
  EXPECT_EQ(view.cursor(), 2);
  EXPECT_EQ(view.RequestFor(0).cursor, 2);
  EXPECT_EQ(view.RequestFor(1).cursor, 2);
  view.Back();
  EXPECT_EQ(view.cursor(), 1);
  // Back asks for the same run at an earlier cursor: the worker replays it.
  EXPECT_TRUE(view.RequestFor(0).SameRun(view.RequestFor(0)));
  uint64_t epoch = view.RequestFor(0).epoch;
  view.Reset();
  EXPECT_EQ(view.cursor(), 0);
  EXPECT_NE(view.RequestFor(0).epoch, epoch);  // fresh runs
}

TEST(ViewStateTest, StopsAtTheEndOnceBothPanesFinished) {
  Scenario scenario = WithSchedules();
  ViewState view(scenario);
  PaneProgress progress[kPaneCount];
  view.GoToEnd();
  EXPECT_GT(view.cursor(), 1000);
  Idle(progress, 9, 9);
  progress[1].cursor = 11;  // a retry made the other pane longer
  view.Clamp(progress);
  EXPECT_EQ(view.cursor(), 11);
  EXPECT_EQ(ViewState::EndCursor(progress), 11);
  EXPECT_FALSE(view.CanNext(progress));
  view.Back();
  EXPECT_EQ(view.cursor(), 10);
  EXPECT_TRUE(view.CanNext(progress));
  progress[0].busy = true;  // not known until both have settled
  EXPECT_EQ(ViewState::EndCursor(progress), -1);
}

TEST(ViewStateTest, PlayStepsWhenBothPanesAreIdleAndTheIntervalPassed) {
  Scenario scenario = WithSchedules();
  ViewState view(scenario);
  PaneProgress progress[kPaneCount];
  Idle(progress, 0);
  view.SetPlaying(true, 10.0);
  EXPECT_FALSE(view.Tick(10.5, 1.0, progress));
  EXPECT_TRUE(view.Tick(11.1, 1.0, progress));
  EXPECT_EQ(view.cursor(), 1);
  // A busy pane holds Play; the interval counts from when it is idle again.
  progress[0].busy = true;
  EXPECT_FALSE(view.Tick(13.0, 1.0, progress));
  Idle(progress, 1);
  EXPECT_FALSE(view.Tick(13.5, 1.0, progress));
  EXPECT_TRUE(view.Tick(14.1, 1.0, progress));
  // At the end, Play stops by itself.
  Idle(progress, 2, 2);
  EXPECT_FALSE(view.Tick(20.0, 1.0, progress));
  EXPECT_FALSE(view.playing());
}

TEST(ViewStateTest, SelectingAScheduleStartsOver) {
  Scenario scenario = WithSchedules();
  ViewState view(scenario);
  PaneProgress progress[kPaneCount];
  Idle(progress, 0);
  view.Next(progress);
  view.SelectSchedule("serial");
  EXPECT_EQ(view.cursor(), 0);
  EXPECT_EQ(view.RequestFor(0).order[1], "a2");
  EXPECT_EQ(view.RequestFor(0).schedule_name, "serial");
}

TEST(WhoGoesNextTest, PicksBuildAnInterleavingOnBothPanes) {
  Scenario scenario = WithSchedules();
  ViewState view(scenario);
  PaneProgress progress[kPaneCount];
  Idle(progress, 0);
  view.SetInteractive(true);
  ASSERT_TRUE(view.interactive());
  std::vector<ClientChoice> choices = view.Choices(progress);
  ASSERT_EQ(choices.size(), 2u);
  EXPECT_TRUE(choices[0].may_go);
  EXPECT_EQ(choices[0].label, "alex: a1");
  EXPECT_EQ(choices[1].label, "robin: b1");
  ASSERT_TRUE(view.Pick(1, progress));  // robin first
  Idle(progress, 1);
  ASSERT_TRUE(view.Pick(1, progress));
  Idle(progress, 2);
  ASSERT_TRUE(view.Pick(0, progress));
  EXPECT_EQ(view.cursor(), 3);
  std::vector<std::string> order = view.Order();
  EXPECT_EQ(order, (std::vector<std::string>{"b1", "b2", "a1", "a2", "a3", "a4", "b3", "b4"}));
  EXPECT_EQ(view.RequestFor(0).order, order);
  EXPECT_EQ(view.RequestFor(1).order, order);
  EXPECT_EQ(view.OrderName(), "picked in class");
  // Back undoes the last pick.
  view.Back();
  EXPECT_EQ(view.picks(), (std::vector<int>{1, 1}));
  // Next without a pick follows the order shown.
  Idle(progress, 2);
  view.Next(progress);
  EXPECT_EQ(view.picks(), (std::vector<int>{1, 1, 0}));
}

TEST(WhoGoesNextTest, AWaitingClientMayNotGoAndItsButtonSaysSo) {
  Scenario scenario = WithSchedules();
  ViewState view(scenario);
  PaneProgress progress[kPaneCount];
  Idle(progress, 0);
  view.SetInteractive(true);
  for (int client : {0, 0, 1, 1}) {
    ASSERT_TRUE(view.Pick(client, progress));
    Idle(progress, view.cursor());
  }
  // robin's b2 waits for alex in the for-update pane only.
  Idle(progress, 4, -1, {1}, {});
  std::vector<ClientChoice> choices = view.Choices(progress);
  EXPECT_TRUE(choices[0].may_go);
  EXPECT_FALSE(choices[1].may_go);
  EXPECT_EQ(choices[1].label, "robin: waiting (for-update)");
  EXPECT_FALSE(view.Pick(1, progress));
  EXPECT_EQ(view.cursor(), 4);
  // While a pane is busy nobody may go; a client with no steps left is done.
  progress[0].busy = true;
  EXPECT_FALSE(view.Choices(progress)[0].may_go);
  Idle(progress, 4);
  for (int i = 0; i < 2; ++i) {
    ASSERT_TRUE(view.Pick(0, progress));
    Idle(progress, view.cursor());
  }
  choices = view.Choices(progress);
  EXPECT_EQ(choices[0].label, "alex: done");
  EXPECT_FALSE(choices[0].may_go);
}

TEST(WhoGoesNextTest, EnteringKeepsTheStepsTakenAndLeavingStartsOver) {
  Scenario scenario = WithSchedules();
  ViewState view(scenario);
  PaneProgress progress[kPaneCount];
  Idle(progress, 0);
  view.Next(progress);
  view.Next(progress);
  view.Next(progress);
  view.SetInteractive(true);
  EXPECT_EQ(view.picks(), (std::vector<int>{0, 1, 0}));
  EXPECT_EQ(view.cursor(), 3);
  view.SetInteractive(false);
  EXPECT_EQ(view.cursor(), 0);
  EXPECT_TRUE(view.picks().empty());
}

TEST(PickedOrderTest, PicksThenTheRestInTheBaseOrder) {
  Scenario scenario = sample::LostUpdateScenario();
  std::vector<std::string> base{"a1", "a2", "a3", "a4", "b1", "b2", "b3", "b4"};
  EXPECT_EQ(PickedOrder(scenario, {}, base), base);
  EXPECT_EQ(PickedOrder(scenario, {1, 0, 1}, base),
            (std::vector<std::string>{"b1", "a1", "b2", "a2", "a3", "a4", "b3", "b4"}));
  // Picks beyond a client's steps, or of no client, are ignored.
  EXPECT_EQ(PickedOrder(scenario, {1, 1, 1, 1, 1, 7}, base),
            (std::vector<std::string>{"b1", "b2", "b3", "b4", "a1", "a2", "a3", "a4"}));
}

TEST(ProgressTest, APaneIsBusyUntilItsSnapshotAnswersTheLatestRequest) {
  PaneSnapshot snapshot;
  snapshot.request.variant = "baseline";
  snapshot.request.order = {"a1", "b1"};
  snapshot.ready = true;
  snapshot.cursor = 1;
  PaneRequest latest = snapshot.request;
  latest.cursor = 1;
  EXPECT_FALSE(ProgressOf(snapshot, latest).busy);
  latest.cursor = 2;
  EXPECT_TRUE(ProgressOf(snapshot, latest).busy);  // not there yet
  snapshot.finished = true;
  EXPECT_FALSE(ProgressOf(snapshot, latest).busy);  // it ended before 2: done
  latest.cursor = 0;
  EXPECT_TRUE(ProgressOf(snapshot, latest).busy);  // Back: a replay is due
  latest.cursor = 1;
  latest.variant = "fix";
  EXPECT_TRUE(ProgressOf(snapshot, latest).busy);  // another run is due
  EXPECT_FALSE(ProgressOf(snapshot, latest).ready);
  // A pane that cannot run is not busy: waiting changes nothing.
  PaneSnapshot broken;
  broken.request = latest;
  broken.error = "no server";
  EXPECT_FALSE(ProgressOf(broken, latest).busy);
}

}  // namespace
}  // namespace interleave::gui
