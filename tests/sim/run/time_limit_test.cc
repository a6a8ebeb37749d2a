// Time limits against the real private server: a statement that never ends
// in setup, a client's setup, an `if` condition or a check is cancelled at
// the run's setup limit with one message naming the file and the part; a
// transaction a variant leaves prepared does not make the next reset wait;
// and a step waiting for a lock whose holder has no steps left is cancelled
// at once, not at the step limit. Nothing is left running afterwards.
#include "sim/run/time_limit.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <pqxx/pqxx>
#include <string>
#include <thread>

#include "sim/run/run.h"
#include "tests/test_support.h"

namespace interleave {
namespace {

using testing::SharedTarget;
using Clock = std::chrono::steady_clock;

double SecondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// Statements still running anywhere on the server that contain `text`.
int StillRunning(const std::string& text) {
  pqxx::connection conn(SharedTarget().admin_url());
  pqxx::nontransaction tx(conn);
  return tx
      .exec("SELECT count(*) FROM pg_stat_activity WHERE state = 'active' AND query LIKE " +
            tx.quote("%" + text + "%") + " AND pid <> pg_backend_pid()")[0][0]
      .as<int>();
}

// A two-client scenario; `extra` is added at the top level, `a_setup` to
// client a, `b1` is b's one step.
std::string Scenario(const std::string& setup, const std::string& extra = "",
                     const std::string& a_setup = "", const std::string& b1 = "SELECT 1") {
  return "title = \"limits\"\nanomaly = \"none\"\nstory = \"a statement that never ends\"\n"
         "setup = \"" +
         setup + "\"\n" + extra + "\n[[clients]]\nname = \"a\"\n" + a_setup +
         "\nsteps = [ { name = \"a1\", sql = \"SELECT id FROM t\" } ]\n"
         "[[clients]]\nname = \"b\"\nsteps = [ { name = \"b1\", sql = \"" +
         b1 +
         "\" } ]\n"
         "[[schedules]]\nname = \"s\"\nsteps = \"a1 b1\"\n";
}

VariantResult RunWithin(const std::string& toml, int setup_ms, int step_ms = 10000) {
  interleave::Scenario scenario = testing::ScenarioFromToml(toml, "limits.toml");
  RunOptions options;
  options.setup_timeout = std::chrono::milliseconds(setup_ms);
  options.step_timeout = std::chrono::milliseconds(step_ms);
  std::vector<VariantResult> results = RunScenario(scenario, SharedTarget(), options);
  EXPECT_EQ(results.size(), 1u);
  return results.empty() ? VariantResult{} : results[0];
}

TEST(TimeLimitTest, ASetupThatNeverEndsIsCancelledAtTheLimitAndNamesFileAndPart) {
  auto start = Clock::now();
  VariantResult result =
      RunWithin(Scenario("CREATE TABLE t (id int); SELECT pg_sleep(1000.5)"), 1000);
  EXPECT_LT(SecondsSince(start), 8.0);
  ASSERT_TRUE(result.trace.setup_error.has_value());
  EXPECT_EQ(result.trace.setup_error->message,
            "limits.toml: setup did not finish within 1 s, so it was cancelled");
  EXPECT_EQ(result.verdict.kind, Verdict::Kind::kError);
  EXPECT_EQ(StillRunning("pg_sleep(1000.5)"), 0);
}

TEST(TimeLimitTest, AClientSetupThatNeverEndsIsCancelled) {
  VariantResult result = RunWithin(
      Scenario("CREATE TABLE t (id int)", "", "setup = \"SELECT pg_sleep(1000.25)\""), 1000);
  ASSERT_TRUE(result.trace.setup_error.has_value());
  EXPECT_EQ(result.trace.setup_error->message,
            "limits.toml: the setup of a did not finish within 1 s, so it was cancelled");
  EXPECT_EQ(StillRunning("pg_sleep(1000.25)"), 0);
}

TEST(TimeLimitTest, ACheckThatNeverEndsIsCancelled) {
  VariantResult result =
      RunWithin(Scenario("CREATE TABLE t (id int)",
                         "[[checks]]\nname = \"slow\"\nsql = \"SELECT pg_sleep(1000.75) IS NULL\"\n"
                         "explain = \"never ends\"\n"),
                1000);
  ASSERT_EQ(result.trace.checks.size(), 1u);
  ASSERT_TRUE(result.trace.checks[0].error.has_value());
  EXPECT_EQ(result.trace.checks[0].error->message,
            "the check \"slow\" did not finish within 1 s, so it was cancelled");
  EXPECT_EQ(StillRunning("pg_sleep(1000.75)"), 0);
}

TEST(TimeLimitTest, AConditionThatNeverEndsFailsItsStep) {
  VariantResult result = RunWithin(
      Scenario("CREATE TABLE t (id int)", "", "", "SELECT 2\", if = \"pg_sleep(1000.125) IS NULL"),
      1000);
  const StepTrace* b1 = nullptr;
  for (const StepTrace& step : result.trace.steps)
    if (step.step_name == "b1") b1 = &step;
  ASSERT_NE(b1, nullptr);
  ASSERT_TRUE(b1->error.has_value());
  EXPECT_EQ(b1->error->message, "condition of b1: did not finish within 1 s, so it was cancelled");
  EXPECT_EQ(StillRunning("pg_sleep(1000.125)"), 0);
}

TEST(TimeLimitTest, APreparedTransactionDoesNotMakeTheNextResetWait) {
  const std::string toml =
      "title = \"prepared\"\nanomaly = \"none\"\nstory = \"a transaction left prepared\"\n"
      "setup = \"CREATE TABLE t (id int); INSERT INTO t VALUES (1)\"\n"
      "[[clients]]\nname = \"a\"\nsteps = [ { name = \"a1\", sql = \"BEGIN\" },\n"
      "  { name = \"a2\", sql = \"UPDATE t SET id = 2\" },\n"
      "  { name = \"a3\", sql = \"PREPARE TRANSACTION 'left_behind'\" } ]\n"
      "[[clients]]\nname = \"b\"\nsteps = [ { name = \"b1\", sql = \"SELECT id FROM t\" } ]\n"
      "[[schedules]]\nname = \"s\"\nsteps = \"a1 a2 a3 b1\"\n"
      "[[variants]]\nname = \"baseline\"\n[[variants]]\nname = \"again\"\n"
      "isolation = \"repeatable read\"\n";
  interleave::Scenario scenario = testing::ScenarioFromToml(toml, "prepared.toml");
  RunOptions options;
  options.setup_timeout = std::chrono::milliseconds(3000);
  std::vector<VariantResult> results = RunScenario(scenario, SharedTarget(), options);
  ASSERT_EQ(results.size(), 2u);
  for (const VariantResult& result : results) {
    EXPECT_FALSE(result.trace.setup_error.has_value())
        << result.variant << ": " << result.trace.setup_error->message;
  }
  pqxx::connection conn(SharedTarget().admin_url());
  pqxx::nontransaction tx(conn);
  EXPECT_EQ(tx.exec("SELECT count(*) FROM pg_prepared_xacts")[0][0].as<int>(), 0);
}

TEST(TimeLimitTest, AWaitForAHolderWithNoStepsLeftIsCancelledAtOnce) {
  // An advisory lock no one releases: a takes it and has nothing left to do.
  const std::string toml =
      "title = \"adv\"\nanomaly = \"none\"\nstory = \"a lock no one releases\"\n"
      "setup = \"CREATE TABLE t (id int)\"\n"
      "[[clients]]\nname = \"a\"\n"
      "steps = [ { name = \"a1\", sql = \"SELECT pg_advisory_lock(7)\" } ]\n"
      "[[clients]]\nname = \"b\"\n"
      "steps = [ { name = \"b1\", sql = \"SELECT pg_advisory_lock(7)\" },\n"
      "          { name = \"b2\", sql = \"SELECT 1\" } ]\n"
      "[[schedules]]\nname = \"s\"\nsteps = \"a1 b1 b2\"\n";
  auto start = Clock::now();
  VariantResult result = RunWithin(toml, 60000, /*step_ms=*/30000);
  EXPECT_LT(SecondsSince(start), 15.0);  // the step limit is 30 s
  EXPECT_EQ(result.trace.run_error,
            "b1 of b waits for a lock held by a, which has no steps left to release it, so b1 "
            "was cancelled");
  EXPECT_EQ(result.verdict.kind, Verdict::Kind::kError);
}

TEST(TimeLimitTest, TheWatchdogFiresOnlyWhenNotDisarmedInTime) {
  Watchdog& watchdog = Watchdog::Get();
  std::atomic<int> fired{0};
  long early = watchdog.Arm(std::chrono::milliseconds(60000), [&] { fired++; });
  EXPECT_FALSE(watchdog.Disarm(early));
  long late = watchdog.Arm(std::chrono::milliseconds(0), [&] { fired++; });
  while (fired.load() == 0) std::this_thread::yield();
  EXPECT_TRUE(watchdog.Disarm(late));
  EXPECT_EQ(fired.load(), 1);
}

}  // namespace
}  // namespace interleave
