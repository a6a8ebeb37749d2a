// Tests of the conflicts one run shows (sim/run/run_conflicts.h) on the real
// server, with the textbook lost update: BEGINs and plain reads commute, a
// read and another's write of the row do not, COMMIT conflicts with all but
// BEGIN, locking reads conflict with each other, and a run that was not
// recorded makes every pair conflict.
#include "sim/run/run_conflicts.h"

#include <gtest/gtest.h>

#include <string>

#include "sim/parse/scenario_loader.h"
#include "sim/run/variant_runner.h"
#include "tests/test_support.h"

namespace interleave {
namespace {

constexpr size_t kAlice = 0;
constexpr size_t kBob = 1;

Scenario LostUpdate() {
  return LoadScenario(testing::SourceDir() + "/scenarios/textbook/lost_update.toml");
}

Schedule Serial(const Scenario& scenario) {
  Schedule schedule;
  schedule.name = "a1 a2 a3 a4 b1 b2 b3 b4";
  for (const Client& client : scenario.clients) {
    for (const Step& step : client.steps) {
      ScheduleEntry entry;
      entry.step = step.name;
      schedule.entries.push_back(entry);
    }
  }
  return schedule;
}

StepConflicts ConflictsOf(const Scenario& scenario, const std::string& variant, bool explain) {
  const Plan plan = MakePlan(scenario, FindVariant(scenario, variant), Serial(scenario));
  RunOptions options;
  options.capture_state = false;
  options.explain = explain;
  VariantRunner runner(testing::SharedTarget(), scenario, options);
  VariantResult result = runner.RunPlan(plan);
  EXPECT_TRUE(result.trace.run_error.empty()) << result.trace.run_error;
  return ConflictsOfRun(plan, result.trace, UnitsOf(scenario, plan));
}

TEST(RunConflictsTest, ReadsCommuteAndAReadConflictsWithAnotherClientsWriteOfItsRow) {
  Scenario scenario = LostUpdate();
  const StepConflicts conflicts = ConflictsOf(scenario, "read-committed", true);
  ASSERT_EQ(conflicts.steps_per_client(), (std::vector<size_t>{4, 4}));
  // BEGIN (step 0) commutes with everything, COMMIT (3) included.
  for (size_t s = 0; s < 4; ++s) {
    EXPECT_FALSE(conflicts.Conflict(kAlice, 0, kBob, s)) << s;
    EXPECT_FALSE(conflicts.Conflict(kBob, 0, kAlice, s)) << s;
  }
  EXPECT_FALSE(conflicts.Conflict(kAlice, 1, kBob, 1));  // two plain reads of one row
  EXPECT_TRUE(conflicts.Conflict(kAlice, 1, kBob, 2));   // a read, the other's write
  EXPECT_TRUE(conflicts.Conflict(kAlice, 2, kBob, 1));
  EXPECT_TRUE(conflicts.Conflict(kAlice, 2, kBob, 2));  // two writes
  EXPECT_TRUE(conflicts.Conflict(kAlice, 3, kBob, 1));  // COMMIT and a later snapshot
  EXPECT_TRUE(conflicts.Conflict(kAlice, 3, kBob, 3));
}

TEST(RunConflictsTest, LockingReadsOfOneRowConflict) {
  Scenario scenario = LostUpdate();
  const StepConflicts conflicts = ConflictsOf(scenario, "select-for-update", true);
  EXPECT_TRUE(conflicts.Conflict(kAlice, 1, kBob, 1));
  EXPECT_FALSE(conflicts.Conflict(kAlice, 0, kBob, 1));
}

TEST(RunConflictsTest, AnUnrecordedRunMakesEveryPairConflict) {
  Scenario scenario = LostUpdate();
  const StepConflicts conflicts = ConflictsOf(scenario, "read-committed", false);
  EXPECT_EQ(conflicts.ConflictCount(), 16u);
}

TEST(RunConflictsTest, AStepAVariantAddsBelongsToTheStepItFollows) {
  Scenario scenario = LostUpdate();
  const Plan plan = MakePlan(scenario, FindVariant(scenario, "version-check"), Serial(scenario));
  const StepUnits units = UnitsOf(scenario, plan);
  ASSERT_TRUE(units.unit_of.count("b3r"));
  EXPECT_EQ(units.unit_of.at("b3r"), (std::pair<size_t, size_t>{kBob, 2}));
  EXPECT_EQ(units.unit_of.at("b3s"), (std::pair<size_t, size_t>{kBob, 2}));
  EXPECT_EQ(units.unit_of.at("a4"), (std::pair<size_t, size_t>{kAlice, 3}));
}

}  // namespace
}  // namespace interleave
