// Which InnoDB locks each client holds and waits for after each step, on a
// real private MariaDB: a record lock named by key, a gap lock named as a
// gap lock before the next key, and an insert waiting on it naming the
// holder. Skipped when mariadbd is not installed.
#if INTERLEAVE_WITH_MARIADB
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "sim/judge/lock_words.h"
#include "sim/run/run.h"
#include "tests/db/mariadb/maria_test_server.h"
#include "tests/test_support.h"

namespace interleave {
namespace {

using testing::ScenarioFromToml;
using testing::SharedMariaTarget;

const char* kGap = R"toml(
title = "gap"
anomaly = "phantom"
story = "one client locks a missing row, the other inserts it"
setup = "CREATE TABLE t (id int PRIMARY KEY, v int); INSERT INTO t VALUES (1, 0), (10, 0);"

[[clients]]
name = "a"
steps = [ { name = "a1", sql = "BEGIN" },
          { name = "a2", sql = "SELECT v FROM t WHERE id = 1 FOR UPDATE" },
          { name = "a3", sql = "SELECT v FROM t WHERE id = 5 FOR UPDATE" },
          { name = "a4", sql = "COMMIT" } ]
[[clients]]
name = "b"
steps = [ { name = "b1", sql = "BEGIN" },
          { name = "b2", sql = "INSERT INTO t VALUES (5, 1)" },
          { name = "b3", sql = "COMMIT" } ]

[[schedules]]
name = "lock the gap, then insert into it"
steps = "a1 b1 a2 a3 b2 a4 b3"

[[variants]]
name = "repeatable-read"
isolation = "repeatable read"
)toml";

const StepTrace& Step(const Trace& trace, const std::string& name) {
  for (const StepTrace& step : trace.steps) {
    if (step.step_name == name) return step;
  }
  ADD_FAILURE() << "no step " << name;
  return trace.steps.front();
}

std::string Joined(const std::vector<std::string>& phrases) {
  std::string text;
  for (const auto& phrase : phrases) text += "[" + phrase + "] ";
  return text;
}

bool Has(const std::vector<std::string>& phrases, const std::string& phrase) {
  for (const auto& each : phrases) {
    if (each == phrase) return true;
  }
  return false;
}

TEST(MariaLockCaptureTest, RecordAndGapLocksAreNamedAndTheInsertWaitsForTheGap) {
  SKIP_WITHOUT_MARIADB();
  RunOptions options;
  options.capture_locks = true;
  Scenario scenario = ForEngine(ScenarioFromToml(kGap), "mariadb");
  std::vector<VariantResult> results = RunScenario(scenario, SharedMariaTarget(), options);
  ASSERT_EQ(results.size(), 1u);
  const Trace& trace = results[0].trace;
  ASSERT_TRUE(trace.run_error.empty()) << trace.run_error;

  const StepTrace& a2 = Step(trace, "a2");
  ASSERT_TRUE(a2.locks.captured);
  EXPECT_EQ(a2.locks.unavailable, "");
  auto a_after_a2 = ClientLockPhrases(a2.locks, 0, trace.client_names);
  EXPECT_TRUE(Has(a_after_a2, "holds X on t id=1")) << Joined(a_after_a2);
  EXPECT_TRUE(Has(a_after_a2, "holds IX on t")) << Joined(a_after_a2);

  const StepTrace& a3 = Step(trace, "a3");
  auto a_after_a3 = ClientLockPhrases(a3.locks, 0, trace.client_names);
  EXPECT_TRUE(Has(a_after_a3, "holds a gap lock (X) on t before id=10")) << Joined(a_after_a3);
  bool gap = false;
  for (const ClientLock& lock : a3.locks.Of(0)) {
    if (lock.scope == ServerLock::Scope::kGap) {
      gap = true;
      EXPECT_EQ(lock.row, "id=10");
      EXPECT_TRUE(lock.granted);
    }
  }
  EXPECT_TRUE(gap);

  const StepTrace& b2 = Step(trace, "b2");
  ASSERT_TRUE(b2.blocked);
  auto b_waits = ClientLockPhrases(b2.locks, 1, trace.client_names);
  EXPECT_TRUE(Has(b_waits, "waits for a's lock on t before id=10 (to insert)")) << Joined(b_waits);
  // After a's COMMIT, a holds nothing.
  EXPECT_TRUE(ClientLockPhrases(Step(trace, "a4").locks, 0, trace.client_names).empty());
}

}  // namespace
}  // namespace interleave
#endif  // INTERLEAVE_WITH_MARIADB
