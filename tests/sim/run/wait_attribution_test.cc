// Against the real private server: a waiting step is told it waits for the
// step that took the lock (not the holder's latest step), and a deadlock is
// told as PostgreSQL resolved it: the victim aborted, its abort releasing the
// other waiter.
#include "sim/run/wait_attribution.h"

#include <gtest/gtest.h>

#include "report/narration.h"
#include "sim/judge/trace_phrases.h"
#include "sim/plan/plan.h"
#include "sim/run/run.h"
#include "sim/run/variant_runner.h"
#include "tests/test_support.h"

namespace interleave {
namespace {

using testing::ScenarioFromToml;
using testing::SharedTarget;

Trace RunFirst(const std::string& toml, bool capture_locks) {
  Scenario scenario = ScenarioFromToml(toml);
  Plan plan = MakePlan(scenario, FindVariant(scenario, ""), FindSchedule(scenario, ""));
  RunOptions options;
  options.capture_step_locks = capture_locks;
  return RunPlans(SharedTarget(), {plan}, options).at(0).trace;
}

const StepTrace& Named(const Trace& trace, const std::string& name, int attempt = 1) {
  for (const StepTrace& step : trace.steps)
    if (step.step_name == name && step.attempt == attempt) return step;
  ADD_FAILURE() << "no step " << name;
  return trace.steps.front();
}

std::string BlockerStep(const Trace& trace, const StepTrace& step) {
  if (step.blocked_by_steps.size() != 1) return "?";
  return trace.steps.at(step.blocked_by_steps[0]).step_name;
}

// t1 locks row 1 at a2, then row 2 at a3; t2 waits for row 1.
const char* kTwoRows = R"toml(
title = "two rows"
anomaly = "none"
story = "t1 updates two rows; t2 updates the first"
setup = "CREATE TABLE t (id int PRIMARY KEY, v int); INSERT INTO t VALUES (1, 10), (2, 20);"
[[clients]]
name = "t1"
steps = [ { name = "a1", sql = "BEGIN" }, { name = "a2", sql = "UPDATE t SET v = 11 WHERE id = 1" },
          { name = "a3", sql = "UPDATE t SET v = 21 WHERE id = 2" }, { name = "a4", sql = "COMMIT" } ]
[[clients]]
name = "t2"
steps = [ { name = "b1", sql = "BEGIN" }, { name = "b2", sql = "UPDATE t SET v = 12 WHERE id = 1" },
          { name = "b3", sql = "COMMIT" } ]
[[schedules]]
name = "s"
steps = "a1 b1 a2 a3 b2 a4 b3"
)toml";

TEST(WaitAttributionTest, RowWaitNamesTheStepThatLockedTheRow) {
  for (bool capture_locks : {true, false}) {
    Trace trace = RunFirst(kTwoRows, capture_locks);
    ASSERT_TRUE(trace.run_error.empty()) << trace.run_error;
    const StepTrace& b2 = Named(trace, "b2");
    ASSERT_TRUE(b2.blocked);
    // a3 was t1's latest step, but a2 took the lock on id=1.
    EXPECT_EQ(BlockerStep(trace, b2), "a2") << "locks captured: " << capture_locks;
    EXPECT_EQ(BlockersText(trace, b2), "t1 (a2)");
  }
}

TEST(WaitAttributionTest, TableLockWaitNamesTheLockTableStep) {
  Trace trace = RunFirst(R"toml(
title = "share lock"
anomaly = "none"
story = "a report locks the table, then counts; an insert waits"
setup = "CREATE TABLE b (id serial PRIMARY KEY, room int); INSERT INTO b (room) VALUES (1);"
[[clients]]
name = "report"
steps = [ { name = "r1", sql = "BEGIN" }, { name = "r2", sql = "LOCK TABLE b IN SHARE MODE" },
          { name = "r3", sql = "SELECT count(*) AS n FROM b" }, { name = "r4", sql = "COMMIT" } ]
[[clients]]
name = "carol"
steps = [ { name = "i1", sql = "INSERT INTO b (room) VALUES (2)" } ]
[[schedules]]
name = "s"
steps = "r1 r2 r3 i1 r4"
)toml",
                         true);
  ASSERT_TRUE(trace.run_error.empty()) << trace.run_error;
  const StepTrace& i1 = Named(trace, "i1");
  ASSERT_TRUE(i1.blocked);
  // r3 (ACCESS SHARE) was the latest step; r2's SHARE lock is what conflicts.
  EXPECT_EQ(BlockerStep(trace, i1), "r2");
}

TEST(WaitAttributionTest, DeadlockVictimIsAbortedAndItsAbortReleasesTheOther) {
  Trace trace = RunFirst(R"toml(
title = "deadlock"
anomaly = "deadlock"
story = "two clients lock two rows in opposite order"
setup = "CREATE TABLE t (id int PRIMARY KEY, v int); INSERT INTO t VALUES (1, 0), (2, 0);"
[[clients]]
name = "alice"
steps = [ { name = "a1", sql = "BEGIN" }, { name = "a2", sql = "UPDATE t SET v = 1 WHERE id = 1" },
          { name = "a3", sql = "UPDATE t SET v = 1 WHERE id = 2" }, { name = "a4", sql = "COMMIT" } ]
[[clients]]
name = "bob"
setup = "DO $$ BEGIN SET deadlock_timeout = '3s'; EXCEPTION WHEN insufficient_privilege THEN NULL; END $$"
steps = [ { name = "b1", sql = "BEGIN" }, { name = "b2", sql = "UPDATE t SET v = 2 WHERE id = 2" },
          { name = "b3", sql = "UPDATE t SET v = 2 WHERE id = 1" }, { name = "b4", sql = "COMMIT" } ]
[[schedules]]
name = "opposite"
steps = "a1 b1 a2 b2 b3 a3 a4 b4"
)toml",
                         true);
  ASSERT_TRUE(trace.run_error.empty()) << trace.run_error;
  const StepTrace& a3 = Named(trace, "a3");
  const StepTrace& b3 = Named(trace, "b3");
  // Alice's check runs first (Bob's deadlock_timeout is 3 s): she is the victim.
  ASSERT_TRUE(a3.error.has_value());
  ASSERT_EQ(a3.error->sqlstate, "40P01");
  EXPECT_TRUE(IsDeadlockVictim(a3));
  EXPECT_EQ(b3.status, StepStatus::kCompleted);
  // Each waits for the step that took the row, not the other's latest step.
  EXPECT_EQ(BlockerStep(trace, a3), "b2");
  EXPECT_EQ(BlockerStep(trace, b3), "a2");
  // Nobody released the victim; its abort released b3, and came first.
  EXPECT_EQ(a3.released_by, -1);
  EXPECT_EQ(b3.released_by, a3.index);
  EXPECT_LT(a3.completion_order, b3.completion_order);
  int a3_event = -1, b3_event = -1;
  for (size_t e = 0; e < trace.events.size(); ++e) {
    if (trace.events[e].kind != TraceEvent::Kind::kCompletedLater) continue;
    if (trace.events[e].step == a3.index) a3_event = static_cast<int>(e);
    if (trace.events[e].step == b3.index) b3_event = static_cast<int>(e);
  }
  EXPECT_LT(a3_event, b3_event);
  // The words: the second waiter closes the cycle; no circular "released by".
  EXPECT_EQ(DeadlockText(trace, a3), ", while bob's b3 waits for alice: a deadlock");
  EXPECT_EQ(DeadlockText(trace, b3), "");
  EXPECT_EQ(ReleasedText(trace, b3), " (released by a3's abort)");
  EXPECT_EQ(ReleasedText(trace, a3).find("released"), std::string::npos) << ReleasedText(trace, a3);
  EXPECT_EQ(ReleasesText(trace, a3), "releases bob's b3");
  EXPECT_EQ(ReleasesText(trace, b3), "");
}

TEST(WaitAttributionTest, TableModesConflictAsTheManualSays) {
  EXPECT_TRUE(TableModesConflict("ROW EXCLUSIVE", "SHARE"));
  EXPECT_TRUE(TableModesConflict("SHARE", "ROW EXCLUSIVE"));
  EXPECT_FALSE(TableModesConflict("ROW EXCLUSIVE", "ROW EXCLUSIVE"));
  EXPECT_FALSE(TableModesConflict("ROW EXCLUSIVE", "ACCESS SHARE"));
  EXPECT_FALSE(TableModesConflict("SHARE", "SHARE"));
  EXPECT_TRUE(TableModesConflict("SHARE UPDATE EXCLUSIVE", "SHARE UPDATE EXCLUSIVE"));
  EXPECT_TRUE(TableModesConflict("ACCESS SHARE", "ACCESS EXCLUSIVE"));
  EXPECT_FALSE(TableModesConflict("ROW SHARE", "SHARE"));
  EXPECT_TRUE(TableModesConflict("X", "ACCESS SHARE"));  // not a PostgreSQL mode
}

}  // namespace
}  // namespace interleave
