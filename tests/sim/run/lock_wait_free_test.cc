// Which steps the scheduler does not ask about lock waits
// (sim/run/lock_wait_free.h): the texts it trusts and the ones it does not,
// and on the real private server, that a plain SELECT behind LOCK TABLE is
// still seen waiting (the plan says LOCK, so every step is asked about).
#include "sim/run/lock_wait_free.h"

#include <gtest/gtest.h>

#include "sim/parse/scenario_loader.h"
#include "sim/plan/plan.h"
#include "sim/run/run.h"
#include "sim/run/variant_runner.h"
#include "tests/test_support.h"

namespace interleave {
namespace {

using testing::ScenarioFromToml;

TEST(LockWaitFreeTest, BeginsEndsAndPlainReadsCannotWait) {
  EXPECT_TRUE(StepCannotWait("BEGIN"));
  EXPECT_TRUE(StepCannotWait("START TRANSACTION ISOLATION LEVEL SERIALIZABLE"));
  EXPECT_TRUE(StepCannotWait("COMMIT"));
  EXPECT_TRUE(StepCannotWait("rollback"));
  EXPECT_TRUE(StepCannotWait("SELECT balance FROM accounts WHERE id = 1"));
  EXPECT_TRUE(StepCannotWait("BEGIN; SELECT n FROM counter"));
}

TEST(LockWaitFreeTest, WritesLockingReadsCallsAndDeferrableMayWait) {
  EXPECT_FALSE(StepCannotWait(""));
  EXPECT_FALSE(StepCannotWait("UPDATE accounts SET balance = 1 WHERE id = 1"));
  EXPECT_FALSE(StepCannotWait("INSERT INTO t VALUES (1)"));
  EXPECT_FALSE(StepCannotWait("SELECT n FROM counter WHERE id = 1 FOR UPDATE"));
  EXPECT_FALSE(StepCannotWait("select n from counter for share"));
  EXPECT_FALSE(StepCannotWait("SELECT pg_advisory_lock(1)"));
  EXPECT_FALSE(StepCannotWait("SELECT count(*) FROM t"));
  EXPECT_FALSE(StepCannotWait("BEGIN ISOLATION LEVEL SERIALIZABLE READ ONLY DEFERRABLE"));
  EXPECT_FALSE(StepCannotWait("COMMIT PREPARED 'x'"));
  EXPECT_FALSE(StepCannotWait("LOCK TABLE t"));
  EXPECT_FALSE(StepCannotWait("BEGIN; UPDATE t SET n = 1"));
}

const char* kTableLock = R"toml(
title = "a read behind a table lock"
anomaly = "none"
story = "a locks the table; b's plain read waits for it"
setup = "CREATE TABLE t (id int PRIMARY KEY, n int); INSERT INTO t VALUES (1, 10);"

[[clients]]
name = "a"
  [[clients.steps]]
  name = "a1"
  sql = "BEGIN"
  [[clients.steps]]
  name = "a2"
  sql = "LOCK TABLE t IN ACCESS EXCLUSIVE MODE"
  [[clients.steps]]
  name = "a3"
  sql = "COMMIT"

[[clients]]
name = "b"
  [[clients.steps]]
  name = "b1"
  sql = "SELECT n FROM t WHERE id = 1"

[[schedules]]
name = "locked first"
steps = "a1 a2 b1 a3"
)toml";

TEST(LockWaitFreeTest, APlanWithATableLockTrustsNoStep) {
  Scenario scenario = ScenarioFromToml(kTableLock);
  Plan plan = MakePlan(scenario, nullptr, FindSchedule(scenario, ""));
  EXPECT_FALSE(PlanWaitsOnlyOnRows(plan));
  RunOptions options;
  options.capture_state = false;
  Trace trace = RunPlans(testing::SharedTarget(), {plan}, options).at(0).trace;
  ASSERT_TRUE(trace.run_error.empty()) << trace.run_error;
  const StepTrace* b1 = nullptr;
  for (const StepTrace& step : trace.steps) {
    if (step.step_name == "b1") b1 = &step;
  }
  ASSERT_NE(b1, nullptr);
  EXPECT_TRUE(b1->blocked);
  EXPECT_EQ(trace.steps[b1->released_by].step_name, "a3");
  EXPECT_EQ(b1->results.at(0).rows.at(0).at(0), "10");
}

TEST(LockWaitFreeTest, TheLostUpdateWaitsOnlyOnRows) {
  Scenario scenario =
      LoadScenario(testing::SourceDir() + "/scenarios/peakpeeps/peepcoin_lost_update.toml");
  for (const Variant* variant : VariantsToRun(scenario)) {
    Plan plan = MakePlan(scenario, variant, FindSchedule(scenario, ""));
    EXPECT_TRUE(PlanWaitsOnlyOnRows(plan)) << plan.variant;
  }
}

}  // namespace
}  // namespace interleave
