// The step cursor maps onto each pane's plan so that both panes show the
// same scenario step, also when a fix adds steps.
#include "gui/step_cursor.h"

#include <gtest/gtest.h>

#include "tests/sample_traces.h"

namespace interleave::gui {
namespace {

Schedule Order(const std::vector<std::string>& names) {
  Schedule schedule;
  schedule.name = "test";
  for (const std::string& name : names) {
    ScheduleEntry entry;
    entry.step = name;
    schedule.entries.push_back(entry);
  }
  return schedule;
}

const Schedule kRace = Order({"a1", "b1", "a2", "b2", "a3", "a4", "b3", "b4"});

TEST(StepCursorTest, WithoutAddedStepsEachEntryIsOnePosition) {
  Scenario scenario = sample::LostUpdateScenario();
  Plan plan = MakePlan(scenario, nullptr, kRace);
  std::vector<size_t> boundaries = EntryBoundaries(plan, nullptr);
  ASSERT_EQ(boundaries.size(), 9u);
  for (size_t k = 0; k < boundaries.size(); ++k) EXPECT_EQ(boundaries[k], k);
}

TEST(StepCursorTest, AddedStepsRunWithTheEntryTheyFollowOrPrecede) {
  Scenario scenario = sample::LostUpdateScenario();
  Variant variant;
  variant.name = "extra";
  // After a2 (and a chain after it), and before robin's first step.
  variant.add_steps.push_back({"alex", "a2", sample::MakeStep("a2x", "SELECT 1")});
  variant.add_steps.push_back({"alex", "a2x", sample::MakeStep("a2y", "SELECT 2")});
  variant.add_steps.push_back({"robin", "", sample::MakeStep("b0", "SET lock_timeout = 100")});
  variant.add_steps.push_back({"robin", "b0", sample::MakeStep("b0x", "SELECT 3")});
  Plan plan = MakePlan(scenario, &variant, kRace);
  // a1 | b0 b0x b1 | a2 a2x a2y | b2 | a3 | a4 | b3 | b4
  std::vector<std::string> names;
  for (const PlannedStep& step : plan.order) names.push_back(step.step.name);
  ASSERT_EQ(names, (std::vector<std::string>{"a1", "b0", "b0x", "b1", "a2", "a2x", "a2y", "b2",
                                             "a3", "a4", "b3", "b4"}));
  std::vector<size_t> boundaries = EntryBoundaries(plan, &variant);
  EXPECT_EQ(boundaries, (std::vector<size_t>{0, 1, 4, 7, 8, 9, 10, 11, 12}));
}

TEST(StepCursorTest, TargetsAndReachedCursorsRoundTrip) {
  const std::vector<size_t> boundaries{0, 1, 4, 7, 8};
  EXPECT_EQ(TargetFor(boundaries, 0).position, 0u);
  EXPECT_EQ(TargetFor(boundaries, 2).position, 4u);
  EXPECT_EQ(TargetFor(boundaries, 2).tail_steps, 0);
  CursorTarget beyond = TargetFor(boundaries, 6);
  EXPECT_EQ(beyond.position, 8u);
  EXPECT_EQ(beyond.tail_steps, 2);
  EXPECT_EQ(CursorReached(boundaries, 0, 0), 0);
  EXPECT_EQ(CursorReached(boundaries, 3, 0), 1);  // in the middle of entry 2
  EXPECT_EQ(CursorReached(boundaries, 4, 0), 2);
  EXPECT_EQ(CursorReached(boundaries, 8, 0), 4);
  EXPECT_EQ(CursorReached(boundaries, 8, 3), 7);
  for (int cursor = 0; cursor <= 6; ++cursor) {
    CursorTarget target = TargetFor(boundaries, cursor);
    EXPECT_EQ(CursorReached(boundaries, target.position, target.tail_steps), cursor);
  }
}

}  // namespace
}  // namespace interleave::gui
