// TOML scenarios on a real private MariaDB through RunScenario: every outcome
// kind a step can have there (completes; blocks then completes; a deadlock,
// 1213 with SQLSTATE 40001; a duplicate key, 1062 with SQLSTATE 23000), each
// engine's own SQL and expectation chosen by ForEngine, and the dependency
// graph left to PostgreSQL. Skipped when mariadbd is not installed.
#if INTERLEAVE_WITH_MARIADB
#include <gtest/gtest.h>

#include "db/engine.h"
#include "sim/run/run.h"
#include "tests/db/mariadb/maria_test_server.h"
#include "tests/test_support.h"

namespace interleave {
namespace {

using testing::ScenarioFromToml;
using testing::SharedMariaTarget;

const char* kCounter = R"toml(
title = "counter"
anomaly = "lost update (P4)"
story = "two clients add to a counter"
setup = "CREATE TABLE counter (id int PRIMARY KEY, n int); INSERT INTO counter VALUES (1, 10);"

[[clients]]
name = "a"
steps = [ { name = "a1", sql = "BEGIN" }, { name = "a2", sql = "SELECT n FROM counter WHERE id = 1" },
          { name = "a3", sql = "UPDATE counter SET n = ${n} + 1 WHERE id = 1" },
          { name = "a4", sql = "COMMIT" } ]
[[clients]]
name = "b"
steps = [ { name = "b1", sql = "BEGIN" }, { name = "b2", sql = "SELECT n FROM counter WHERE id = 1" },
          { name = "b3", sql = "UPDATE counter SET n = ${n} + 1 WHERE id = 1" },
          { name = "b4", sql = "COMMIT" } ]

[[schedules]]
name = "interleaved"
steps = "a1 b1 a2 b2 a3 b3 a4 b4"

[[variants]]
name = "repeatable-read"
isolation = "repeatable read"
expect.postgresql = "aborted-without-retry"
expect.mariadb = "anomaly"

[[variants]]
name = "for-update"
expect = "prevented-by-wait"
  [variants.replace]
  a2 = "SELECT n FROM counter WHERE id = 1 FOR UPDATE"
  b2.sql.postgresql = "SELECT n FROM counter WHERE id = 1 FOR UPDATE"
  b2.sql.mariadb = "SELECT n FROM counter WHERE id = 1 FOR UPDATE /* mariadb */"

[[checks]]
name = "both increments kept"
sql = "SELECT n FROM counter WHERE id = 1"
expect_any = ["12"]
explain = "each client added 1 to 10"
)toml";

VariantResult RunOnMaria(const Scenario& scenario, const std::string& variant) {
  Scenario maria = ForEngine(scenario, "mariadb");
  std::vector<VariantResult> results =
      RunScenario(maria, SharedMariaTarget(), RunOptions{}, variant);
  EXPECT_EQ(results.size(), 1u);
  return results.at(0);
}

const StepTrace& StepNamed(const Trace& trace, const std::string& name) {
  for (const auto& step : trace.steps) {
    if (step.step_name == name) return step;
  }
  ADD_FAILURE() << "no step " << name;
  return trace.steps.front();
}

TEST(MariaSchedulerTest, RepeatableReadLosesTheUpdateWithoutAnError) {
  SKIP_WITHOUT_MARIADB();
  VariantResult result = RunOnMaria(ScenarioFromToml(kCounter), "repeatable-read");
  const Trace& trace = result.trace;
  ASSERT_TRUE(trace.run_error.empty()) << trace.run_error;
  ASSERT_FALSE(trace.setup_error) << trace.setup_error->message;
  for (const auto& step : trace.steps) {
    EXPECT_EQ(step.status, StepStatus::kCompleted) << step.step_name;
    EXPECT_FALSE(step.error) << step.step_name << ": " << step.error->message;
  }
  EXPECT_EQ(StepNamed(trace, "b3").sql, "UPDATE counter SET n = 10 + 1 WHERE id = 1");
  ASSERT_EQ(trace.checks.size(), 1u);
  EXPECT_EQ(trace.checks[0].value, "11");
  EXPECT_EQ(result.verdict.kind, Verdict::Kind::kAnomaly);
  // MariaDB's expectation replaced PostgreSQL's.
  ASSERT_TRUE(result.variant_def && result.variant_def->expect);
  EXPECT_EQ(*result.variant_def->expect, Expectation::kAnomaly);
  // The dependency graph is recorded on PostgreSQL only.
  EXPECT_FALSE(trace.explained);
  EXPECT_EQ(trace.explain_note, "the dependency graph is recorded on PostgreSQL only");
}

TEST(MariaSchedulerTest, LockingReadBlocksThenCompletes) {
  SKIP_WITHOUT_MARIADB();
  VariantResult result = RunOnMaria(ScenarioFromToml(kCounter), "for-update");
  const Trace& trace = result.trace;
  ASSERT_TRUE(trace.run_error.empty()) << trace.run_error;
  const StepTrace& b2 = StepNamed(trace, "b2");
  EXPECT_EQ(b2.sql, "SELECT n FROM counter WHERE id = 1 FOR UPDATE /* mariadb */");
  EXPECT_TRUE(b2.blocked);
  ASSERT_EQ(b2.blocked_by_clients.size(), 1u);
  EXPECT_EQ(b2.blocked_by_clients[0], 0);
  EXPECT_EQ(trace.steps[b2.released_by].step_name, "a4");
  EXPECT_EQ(b2.results.at(0).rows.at(0).at(0), "11");
  EXPECT_TRUE(trace.checks.at(0).passed) << trace.checks[0].value;
  EXPECT_TRUE(result.verdict.Matches(Expectation::kPreventedByWait)) << result.verdict.summary;
}

TEST(MariaSchedulerTest, DeadlockIsAnOutcomeWith1213) {
  SKIP_WITHOUT_MARIADB();
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
  const Trace trace = RunOnMaria(scenario, "").trace;
  ASSERT_TRUE(trace.run_error.empty()) << trace.run_error;
  const StepTrace& a3 = StepNamed(trace, "a3");
  const StepTrace& b3 = StepNamed(trace, "b3");
  EXPECT_TRUE(a3.blocked);
  // InnoDB finds the cycle when b3 closes it; exactly one is the victim.
  auto victim = [](const StepTrace& step) {
    return step.error && step.error->sqlstate == "40001" && step.error->detail == "1213";
  };
  EXPECT_EQ(victim(a3) + victim(b3), 1);
}

TEST(MariaSchedulerTest, DuplicateKeyWaitsThenFailsWith1062) {
  SKIP_WITHOUT_MARIADB();
  Scenario scenario = ScenarioFromToml(R"toml(
title = "dup"
anomaly = "duplicate insert"
story = "two clients insert the same key"
setup.postgresql = "CREATE TABLE media (title text PRIMARY KEY)"
setup.mariadb = "CREATE TABLE media (title varchar(40) PRIMARY KEY)"
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
  VariantResult result = RunOnMaria(scenario, "");
  const Trace& trace = result.trace;
  ASSERT_TRUE(trace.run_error.empty()) << trace.run_error;
  ASSERT_FALSE(trace.setup_error) << trace.setup_error->message;
  const StepTrace& b2 = StepNamed(trace, "b2");
  EXPECT_TRUE(b2.blocked);  // waits to see whether a's insert commits
  ASSERT_TRUE(b2.error.has_value());
  EXPECT_EQ(b2.error->sqlstate, "23000");
  EXPECT_EQ(b2.error->detail, "1062");
  EXPECT_EQ(trace.steps[b2.released_by].step_name, "a3");
  // A duplicate key is a concurrency outcome, not a broken scenario.
  EXPECT_NE(result.verdict.kind, Verdict::Kind::kError) << result.verdict.summary;
}

}  // namespace
}  // namespace interleave
#endif  // INTERLEAVE_WITH_MARIADB
