// The scheduler against the real private server: every outcome kind a step
// can have (completes; blocks then completes; 40001; 40P01; 23505; a hang
// cancelled), the order it records, and values flowing from reads to writes.
#include "sim/run/scheduler.h"

#include <gtest/gtest.h>

#include "db/engine.h"
#include "sim/plan/plan.h"
#include "sim/run/run.h"
#include "sim/run/variant_runner.h"
#include "tests/test_support.h"

namespace interleave {
namespace {

using testing::ScenarioFromToml;
using testing::SharedTarget;

const char* kCounter = R"toml(
title = "counter"
anomaly = "lost update (P4)"
story = "two clients add to a counter"
setup = "CREATE TABLE counter (id int PRIMARY KEY, n int); INSERT INTO counter VALUES (1, 10);"

[[clients]]
name = "a"
  [[clients.steps]]
  name = "a1"
  sql = "BEGIN"
  [[clients.steps]]
  name = "a2"
  sql = "SELECT n FROM counter WHERE id = 1"
  [[clients.steps]]
  name = "a3"
  sql = "UPDATE counter SET n = ${n} + 1 WHERE id = 1"
  [[clients.steps]]
  name = "a4"
  sql = "COMMIT"

[[clients]]
name = "b"
  [[clients.steps]]
  name = "b1"
  sql = "BEGIN"
  [[clients.steps]]
  name = "b2"
  sql = "SELECT n FROM counter WHERE id = 1"
  [[clients.steps]]
  name = "b3"
  sql = "UPDATE counter SET n = ${n} + 1 WHERE id = 1"
  [[clients.steps]]
  name = "b4"
  sql = "COMMIT"

[[schedules]]
name = "interleaved"
steps = "a1 b1 a2 b2 a3 b3 a4 b4"

[[variants]]
name = "baseline"
expect = "anomaly"

[[variants]]
name = "repeatable-read"
isolation = "repeatable read"
expect = "prevented-by-abort"

[[variants]]
name = "for-update"
expect = "prevented-by-wait"
  [variants.replace]
  a2 = "SELECT n FROM counter WHERE id = 1 FOR UPDATE"
  b2 = "SELECT n FROM counter WHERE id = 1 FOR UPDATE"

[[checks]]
name = "both increments kept"
sql = "SELECT n FROM counter WHERE id = 1"
expect_any = ["12"]
explain = "each client added 1 to 10"
)toml";

Trace RunVariant(const Scenario& scenario, const std::string& variant,
                 const std::string& schedule = "", RunOptions options = {}) {
  Plan plan = MakePlan(scenario, FindVariant(scenario, variant), FindSchedule(scenario, schedule));
  return RunPlans(SharedTarget(), {plan}, options).at(0).trace;
}

const StepTrace& StepNamed(const Trace& trace, const std::string& name) {
  for (const auto& step : trace.steps) {
    if (step.step_name == name) return step;
  }
  ADD_FAILURE() << "no step " << name;
  return trace.steps.front();
}

TEST(SchedulerTest, StepsCompleteAndValuesFlowIntoLaterSql) {
  Scenario scenario = ScenarioFromToml(kCounter);
  Trace trace = RunVariant(scenario, "baseline");
  ASSERT_TRUE(trace.run_error.empty()) << trace.run_error;
  ASSERT_EQ(trace.steps.size(), 8u);
  for (const auto& step : trace.steps) {
    EXPECT_EQ(step.status, StepStatus::kCompleted) << step.step_name;
  }
  // Both read 10 and both wrote 11: the lost update, observed.
  EXPECT_EQ(StepNamed(trace, "a3").sql, "UPDATE counter SET n = 10 + 1 WHERE id = 1");
  EXPECT_EQ(StepNamed(trace, "b3").sql, "UPDATE counter SET n = 10 + 1 WHERE id = 1");
  EXPECT_EQ(StepNamed(trace, "a2").results.at(0).rows.at(0).at(0), "10");
  ASSERT_EQ(trace.checks.size(), 1u);
  EXPECT_FALSE(trace.checks[0].passed);
  EXPECT_EQ(trace.checks[0].value, "11");
  EXPECT_EQ(trace.OrderText(), "a1 b1 a2 b2 a3 b3 a4 b4");
}

TEST(SchedulerTest, BlockedStepCompletesWhenTheLockIsReleased) {
  Scenario scenario = ScenarioFromToml(kCounter);
  Trace trace = RunVariant(scenario, "baseline", "", RunOptions{});
  trace = RunVariant(scenario, "for-update");
  ASSERT_TRUE(trace.run_error.empty()) << trace.run_error;
  const StepTrace& b2 = StepNamed(trace, "b2");
  EXPECT_TRUE(b2.blocked);
  ASSERT_EQ(b2.blocked_by_clients.size(), 1u);
  EXPECT_EQ(b2.blocked_by_clients[0], 0);
  EXPECT_EQ(trace.steps[b2.blocked_by_steps[0]].step_name, "a2");
  // b2 was released by a's COMMIT, and only then read a's 11.
  EXPECT_EQ(trace.steps[b2.released_by].step_name, "a4");
  EXPECT_EQ(b2.results.at(0).rows.at(0).at(0), "11");
  EXPECT_GT(b2.completion_order, StepNamed(trace, "a4").completion_order);
  // The scheduler could not send b3 while b2 waited, so a's steps went first.
  EXPECT_TRUE(trace.reordered);
  EXPECT_TRUE(trace.checks.at(0).passed) << trace.checks[0].value;
}

TEST(SchedulerTest, RepeatableReadAbortsTheSecondWriterWith40001) {
  Scenario scenario = ScenarioFromToml(kCounter);
  Trace trace = RunVariant(scenario, "repeatable-read");
  ASSERT_TRUE(trace.run_error.empty()) << trace.run_error;
  const StepTrace& b3 = StepNamed(trace, "b3");
  EXPECT_TRUE(b3.blocked);
  ASSERT_TRUE(b3.error.has_value());
  EXPECT_EQ(b3.error->sqlstate, "40001");
  EXPECT_EQ(b3.status, StepStatus::kFailed);
  // The commit of an aborted transaction rolls back.
  EXPECT_EQ(StepNamed(trace, "b4").results.at(0).command_tag, "ROLLBACK");
  EXPECT_EQ(trace.checks.at(0).value, "11");
}

TEST(SchedulerTest, DeadlockIsAnOutcomeWith40P01) {
  Scenario scenario = ScenarioFromToml(R"toml(
title = "deadlock"
anomaly = "deadlock"
story = "two clients lock two rows in opposite order"
setup = "CREATE TABLE t (id int PRIMARY KEY, v int); INSERT INTO t VALUES (1, 0), (2, 0);"
[[clients]]
name = "a"
steps = [ { name = "a1", sql = "BEGIN" }, { name = "a2", sql = "UPDATE t SET v = 1 WHERE id = 1" },
          { name = "a3", sql = "UPDATE t SET v = 1 WHERE id = 2" }, { name = "a4", sql = "COMMIT" } ]
[[clients]]
name = "b"
steps = [ { name = "b1", sql = "BEGIN" }, { name = "b2", sql = "UPDATE t SET v = 2 WHERE id = 2" },
          { name = "b3", sql = "UPDATE t SET v = 2 WHERE id = 1" }, { name = "b4", sql = "COMMIT" } ]
[[schedules]]
name = "opposite"
steps = "a1 b1 a2 b2 a3 b3 a4 b4"
)toml");
  Trace trace = RunVariant(scenario, "");
  ASSERT_TRUE(trace.run_error.empty()) << trace.run_error;
  const StepTrace& a3 = StepNamed(trace, "a3");
  const StepTrace& b3 = StepNamed(trace, "b3");
  EXPECT_TRUE(a3.blocked);
  // Exactly one of them is the deadlock victim; the other completes.
  int victims =
      (a3.error && a3.error->sqlstate == "40P01") + (b3.error && b3.error->sqlstate == "40P01");
  EXPECT_EQ(victims, 1);
}

TEST(SchedulerTest, DuplicateInsertIsAnOutcomeWith23505) {
  Scenario scenario = ScenarioFromToml(R"toml(
title = "dup"
anomaly = "duplicate insert"
story = "two clients insert the same key"
setup = "CREATE TABLE media (title text PRIMARY KEY)"
[[clients]]
name = "a"
steps = [ { name = "a1", sql = "BEGIN" }, { name = "a2", sql = "INSERT INTO media VALUES ('Dune')" },
          { name = "a3", sql = "COMMIT" } ]
[[clients]]
name = "b"
steps = [ { name = "b1", sql = "BEGIN" }, { name = "b2", sql = "INSERT INTO media VALUES ('Dune')" },
          { name = "b3", sql = "COMMIT" } ]
[[schedules]]
name = "both"
steps = "a1 b1 a2 b2 a3 b3"
)toml");
  Trace trace = RunVariant(scenario, "");
  ASSERT_TRUE(trace.run_error.empty()) << trace.run_error;
  const StepTrace& b2 = StepNamed(trace, "b2");
  EXPECT_TRUE(b2.blocked);  // waits to see whether a's insert commits
  ASSERT_TRUE(b2.error.has_value());
  EXPECT_EQ(b2.error->sqlstate, "23505");
  EXPECT_EQ(trace.steps[b2.released_by].step_name, "a3");
}

TEST(SchedulerTest, HangingStepIsCancelledAndReported) {
  Scenario scenario = ScenarioFromToml(R"toml(
title = "hang"
anomaly = "none"
story = "a step that never finishes"
setup = "SELECT 1"
[[clients]]
name = "a"
steps = [ { name = "a1", sql = "SELECT pg_sleep(60)" } ]
[[clients]]
name = "b"
steps = [ { name = "b1", sql = "SELECT 1" } ]
[[schedules]]
name = "s"
steps = "a1 b1"
)toml");
  RunOptions options;
  options.step_timeout = std::chrono::milliseconds(300);
  Trace trace = RunVariant(scenario, "", "", options);
  const StepTrace& a1 = StepNamed(trace, "a1");
  EXPECT_EQ(a1.status, StepStatus::kCancelled);
  EXPECT_FALSE(a1.blocked);
  ASSERT_TRUE(a1.error.has_value());
  EXPECT_EQ(a1.error->sqlstate, "57014");
  EXPECT_EQ(StepNamed(trace, "b1").status, StepStatus::kCompleted);
}

TEST(SchedulerTest, CheckThenInsertSkipsTheInsertWhenTheRowExists) {
  Scenario scenario = ScenarioFromToml(R"toml(
title = "check then insert"
anomaly = "duplicate insert"
story = "post a title only if it is not there"
setup = "CREATE TABLE media (id serial PRIMARY KEY, title text); INSERT INTO media (title) VALUES ('Alien')"
[[clients]]
name = "a"
steps = [ { name = "a1", sql = "SELECT id FROM media WHERE title = 'Alien'" },
          { name = "a2", sql = "INSERT INTO media (title) VALUES ('Alien')", if_empty = "a1" },
          { name = "a3", sql = "SELECT id FROM media WHERE title = 'Dune'" },
          { name = "a4", sql = "INSERT INTO media (title) VALUES ('Dune')", if_empty = "a3" } ]
[[clients]]
name = "b"
steps = [ { name = "b1", sql = "SELECT count(*) AS c FROM media" },
          { name = "b2", sql = "SELECT ${c} * 2 AS doubled", if = "${c} > 1" } ]
[[schedules]]
name = "s"
steps = "a1 a2 a3 a4 b1 b2"
)toml");
  Trace trace = RunVariant(scenario, "");
  ASSERT_TRUE(trace.run_error.empty()) << trace.run_error;
  EXPECT_EQ(StepNamed(trace, "a2").status, StepStatus::kSkipped);
  EXPECT_EQ(StepNamed(trace, "a4").status, StepStatus::kCompleted);
  EXPECT_EQ(StepNamed(trace, "b2").status, StepStatus::kCompleted);
  EXPECT_EQ(StepNamed(trace, "b2").sql, "SELECT 2 * 2 AS doubled");
}

TEST(SchedulerTest, RetryRunsTheAbortedTransactionAgainAfterTheSchedule) {
  Scenario scenario = ScenarioFromToml(std::string(kCounter) + R"toml(
[[variants]]
name = "repeatable-read-retry"
isolation = "repeatable read"
retry = { b = { on = ["40001"], max_attempts = 3 } }
)toml");
  Trace trace = RunVariant(scenario, "repeatable-read-retry");
  ASSERT_TRUE(trace.run_error.empty()) << trace.run_error;
  int second_attempts = 0;
  for (const auto& step : trace.steps) {
    if (step.attempt == 2) {
      ++second_attempts;
      EXPECT_EQ(step.status, StepStatus::kCompleted) << step.step_name;
    }
  }
  EXPECT_EQ(second_attempts, 4);
  EXPECT_TRUE(trace.checks.at(0).passed) << trace.checks[0].value;
}

TEST(SchedulerTest, SameScheduleGivesTheSameTrace) {
  Scenario scenario = ScenarioFromToml(kCounter);
  Trace first = RunVariant(scenario, "for-update");
  for (int i = 0; i < 5; ++i) {
    Trace again = RunVariant(scenario, "for-update");
    ASSERT_EQ(again.steps.size(), first.steps.size());
    for (size_t s = 0; s < first.steps.size(); ++s) {
      EXPECT_EQ(again.steps[s].step_name, first.steps[s].step_name);
      EXPECT_EQ(again.steps[s].sql, first.steps[s].sql);
      EXPECT_EQ(again.steps[s].blocked, first.steps[s].blocked);
      EXPECT_EQ(again.steps[s].completion_order, first.steps[s].completion_order);
    }
  }
}

}  // namespace
}  // namespace interleave
