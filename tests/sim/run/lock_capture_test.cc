// Which locks each client holds and waits for after each step
// (RunOptions::capture_locks), on a real private PostgreSQL: a FOR UPDATE row
// lock named by key, an UPDATE's row lock, a wait naming its holder, table
// locks, nothing left after COMMIT, not the recorder's own table lock, the
// cheaper per-step capture (RunOptions::capture_step_locks), and nothing
// read when not asked for.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "sim/judge/lock_words.h"
#include "sim/run/run.h"
#include "sim/run/state_capture.h"
#include "tests/test_support.h"

namespace interleave {
namespace {

using testing::ScenarioFromToml;
using testing::SharedTarget;

const char* kCoupons = R"toml(
title = "coupons"
anomaly = "lost update (P4)"
story = "two devices buy with one balance"
setup = """
CREATE TABLE users (id int PRIMARY KEY, name text NOT NULL, peepcoins int NOT NULL);
INSERT INTO users VALUES (1, 'Josh', 100), (2, 'Kim', 50);
CREATE TABLE tags (tag text PRIMARY KEY, n int);
INSERT INTO tags VALUES ('red', 1);
"""

[[clients]]
name = "phone"
steps = [ { name = "p1", sql = "BEGIN" },
          { name = "p2", sql = "SELECT peepcoins FROM users WHERE id = 1 FOR UPDATE" },
          { name = "p3", sql = "UPDATE users SET peepcoins = ${peepcoins} - 30 WHERE id = 1" },
          { name = "p4", sql = "COMMIT" } ]

[[clients]]
name = "laptop"
steps = [ { name = "l1", sql = "BEGIN" },
          { name = "l2", sql = "SELECT peepcoins FROM users WHERE id = 1 FOR UPDATE" },
          { name = "l3", sql = "UPDATE users SET peepcoins = ${peepcoins} - 40 WHERE id = 1" },
          { name = "l4", sql = "COMMIT" } ]

[[schedules]]
name = "both lock, then both write"
steps = "p1 l1 p2 l2 p3 p4 l3 l4"

[[variants]]
name = "baseline"

[[variants]]
name = "table-lock"
  [variants.replace]
  p2 = "LOCK TABLE users IN ACCESS EXCLUSIVE MODE"
  p3 = "SELECT 1"
  l2 = "SELECT peepcoins FROM users WHERE id = 1"
  l3 = "SELECT 1"

[[variants]]
name = "text-key"
  [variants.replace]
  p2 = "SELECT n AS peepcoins FROM tags WHERE tag = 'red' FOR SHARE"
  l2 = "UPDATE tags SET n = 2 WHERE tag = 'red'"
  l3 = "SELECT 1"
)toml";

Trace RunWithLocks(const std::string& variant, bool capture = true, bool step_locks = false) {
  RunOptions options;
  options.capture_locks = capture;
  options.capture_step_locks = step_locks;
  std::vector<VariantResult> results =
      RunScenario(ScenarioFromToml(kCoupons), SharedTarget(), options, variant);
  EXPECT_EQ(results.size(), 1u);
  const Trace& trace = results.at(0).trace;
  EXPECT_TRUE(trace.run_error.empty()) << trace.run_error;
  EXPECT_FALSE(trace.setup_error);
  return trace;
}

const StepTrace& Step(const Trace& trace, const std::string& name) {
  for (const StepTrace& step : trace.steps) {
    if (step.step_name == name) return step;
  }
  ADD_FAILURE() << "no step " << name;
  return trace.steps.front();
}

// The phrases of client `client`'s locks after step `name`.
std::vector<std::string> Words(const Trace& trace, const std::string& name, int client) {
  const StepTrace& step = Step(trace, name);
  EXPECT_TRUE(step.locks.captured) << name;
  return ClientLockPhrases(step.locks, client, trace.client_names);
}

bool Has(const std::vector<std::string>& phrases, const std::string& phrase) {
  for (const auto& each : phrases) {
    if (each == phrase) return true;
  }
  return false;
}

bool HasPrefix(const std::vector<std::string>& phrases, const std::string& prefix) {
  for (const auto& each : phrases) {
    if (each.rfind(prefix, 0) == 0) return true;
  }
  return false;
}

std::string Joined(const std::vector<std::string>& phrases) {
  std::string text;
  for (const auto& phrase : phrases) text += "[" + phrase + "] ";
  return text;
}

TEST(LockCaptureTest, ForUpdateRowLockIsNamedByKey) {
  Trace trace = RunWithLocks("baseline");
  const StepTrace& p2 = Step(trace, "p2");
  EXPECT_EQ(p2.locks.unavailable, "");
  bool found = false;
  for (const ClientLock& lock : p2.locks.Of(0)) {
    if (lock.scope != ServerLock::Scope::kRow) continue;
    found = true;
    EXPECT_EQ(lock.mode, "FOR UPDATE");
    EXPECT_EQ(lock.table, "users");
    EXPECT_EQ(lock.row, "id=1");
    EXPECT_TRUE(lock.granted);
    EXPECT_FALSE(lock.by_write);
  }
  EXPECT_TRUE(found);
  auto phone = Words(trace, "p2", 0);
  EXPECT_TRUE(Has(phone, "holds FOR UPDATE on users id=1")) << Joined(phone);
  EXPECT_TRUE(Has(phone, "holds ROW SHARE on users")) << Joined(phone);
  // The other row is not locked, and laptop (only BEGIN so far) holds nothing.
  for (const auto& phrase : phone) EXPECT_EQ(phrase.find("id=2"), std::string::npos) << phrase;
  EXPECT_TRUE(Words(trace, "p2", 1).empty()) << Joined(Words(trace, "p2", 1));
}

TEST(LockCaptureTest, WaitNamesTheHolderAndTheRow) {
  Trace trace = RunWithLocks("baseline");
  const StepTrace& l2 = Step(trace, "l2");
  ASSERT_TRUE(l2.blocked);
  auto laptop = Words(trace, "l2", 1);
  EXPECT_TRUE(Has(laptop, "waits for phone's lock on users id=1")) << Joined(laptop);
  bool waiting = false;
  for (const ClientLock& lock : l2.locks.Of(1)) {
    if (lock.granted) continue;
    waiting = true;
    EXPECT_EQ(lock.scope, ServerLock::Scope::kRow);
    EXPECT_EQ(lock.mode, "FOR UPDATE");  // what it asked for
    EXPECT_EQ(lock.waits_for, std::vector<int>{0});
  }
  EXPECT_TRUE(waiting);
  // The holder still holds its lock while the other waits.
  EXPECT_TRUE(Has(Words(trace, "l2", 0), "holds FOR UPDATE on users id=1"));
}

TEST(LockCaptureTest, UpdateHoldsItsRowLockAndRowExclusive) {
  Trace trace = RunWithLocks("baseline");
  auto phone = Words(trace, "p3", 0);
  EXPECT_TRUE(Has(phone, "holds ROW EXCLUSIVE on users")) << Joined(phone);
  // FOR UPDATE, which phone took first, is the stronger: the row keeps it.
  EXPECT_TRUE(HasPrefix(phone, "holds FOR UPDATE on users id=1")) << Joined(phone);
  // After phone's COMMIT, laptop got the row; phone holds nothing.
  EXPECT_TRUE(Words(trace, "p4", 0).empty()) << Joined(Words(trace, "p4", 0));
  EXPECT_TRUE(Has(Words(trace, "p4", 1), "holds FOR UPDATE on users id=1"));
  auto laptop = Words(trace, "l3", 1);
  EXPECT_TRUE(Has(laptop, "holds ROW EXCLUSIVE on users")) << Joined(laptop);
  EXPECT_TRUE(Words(trace, "l4", 1).empty());
}

TEST(LockCaptureTest, PlainUpdateTakesNoKeyUpdateByItsWrite) {
  Trace trace = RunWithLocks("text-key");
  auto phone = Words(trace, "p2", 0);
  EXPECT_TRUE(Has(phone, "holds FOR SHARE on tags tag='red'")) << Joined(phone);
  // laptop's UPDATE waits for phone's FOR SHARE.
  const StepTrace& l2 = Step(trace, "l2");
  ASSERT_TRUE(l2.blocked);
  auto laptop = Words(trace, "l2", 1);
  EXPECT_TRUE(Has(laptop, "waits for phone's lock on tags tag='red'")) << Joined(laptop);
  // After phone's COMMIT laptop's UPDATE went through: an UPDATE's own lock.
  auto after = Words(trace, "p4", 1);
  EXPECT_TRUE(Has(after, "holds FOR NO KEY UPDATE on tags tag='red' (its UPDATE of the row)"))
      << Joined(after);
}

TEST(LockCaptureTest, TableLockWaitNamesTheHolder) {
  Trace trace = RunWithLocks("table-lock");
  auto phone = Words(trace, "p2", 0);
  EXPECT_TRUE(Has(phone, "holds ACCESS EXCLUSIVE on users")) << Joined(phone);
  const StepTrace& l2 = Step(trace, "l2");
  ASSERT_TRUE(l2.blocked);
  auto laptop = Words(trace, "l2", 1);
  EXPECT_TRUE(Has(laptop, "waits for phone's lock on users")) << Joined(laptop);
  bool wants_access_share = false;
  for (const ClientLock& lock : l2.locks.Of(1)) {
    if (!lock.granted && lock.scope == ServerLock::Scope::kTable)
      wants_access_share = lock.mode == "ACCESS SHARE";
  }
  EXPECT_TRUE(wants_access_share);
  // Reading row locks would queue behind ACCESS EXCLUSIVE: said, not done.
  EXPECT_NE(l2.locks.unavailable.find("row locks on users are not read"), std::string::npos)
      << l2.locks.unavailable;
}

TEST(LockCaptureTest, TheRecordersTriggerLockIsNotReported) {
  // The recorder's write trigger reads the written table in the writing
  // client's session: ACCESS SHARE beside the UPDATE's ROW EXCLUSIVE.
  Trace trace = RunWithLocks("baseline");
  ASSERT_TRUE(trace.explained);
  for (const auto& [step, client] : {std::pair<const char*, int>{"p3", 0}, {"l3", 1}}) {
    auto words = Words(trace, step, client);
    EXPECT_TRUE(Has(words, "holds ROW EXCLUSIVE on users")) << step << ": " << Joined(words);
    EXPECT_FALSE(Has(words, "holds ACCESS SHARE on users")) << step << ": " << Joined(words);
  }
  // A plain read's own ACCESS SHARE is still told: laptop's SELECT, once
  // phone's ACCESS EXCLUSIVE is gone.
  Trace read = RunWithLocks("table-lock");
  EXPECT_TRUE(Has(Words(read, "p4", 1), "holds ACCESS SHARE on users"))
      << Joined(Words(read, "p4", 1));
}

TEST(LockCaptureTest, StepLocksAreTheStepsClientsAfterStepsThatMayLock) {
  Trace trace = RunWithLocks("baseline", /*capture=*/false, /*step_locks=*/true);
  // BEGIN and COMMIT take no lock: not asked.
  for (const char* name : {"p1", "l1", "p4", "l4"})
    EXPECT_FALSE(Step(trace, name).locks.captured) << name;
  auto phone = Words(trace, "p2", 0);
  EXPECT_TRUE(Has(phone, "holds FOR UPDATE on users id=1")) << Joined(phone);
  // Only the step's client is read: at p3 laptop waits, but is not asked about.
  EXPECT_TRUE(Step(trace, "p3").locks.Of(1).empty());
  auto laptop = Words(trace, "l2", 1);
  EXPECT_TRUE(Has(laptop, "waits for phone's lock on users id=1")) << Joined(laptop);
  // Once its wait ended, what laptop's l2 took.
  const StepTrace& l2 = Step(trace, "l2");
  ASSERT_TRUE(l2.locks_when_done.captured);
  auto done = ClientLockPhrases(l2.locks_when_done, 1, trace.client_names);
  EXPECT_TRUE(Has(done, "holds FOR UPDATE on users id=1")) << Joined(done);
}

TEST(LockCaptureTest, APlainReadBelowSerializableIsNotAsked) {
  EXPECT_FALSE(StepMayLock("SELECT peepcoins FROM users WHERE id = 1", false));
  EXPECT_TRUE(StepMayLock("SELECT peepcoins FROM users WHERE id = 1", true));  // SIREAD
  EXPECT_TRUE(StepMayLock("SELECT peepcoins FROM users WHERE id = 1 FOR UPDATE", false));
  EXPECT_TRUE(StepMayLock("select 1 from users for share", false));
  EXPECT_TRUE(StepMayLock("UPDATE users SET peepcoins = 1", false));
  EXPECT_TRUE(StepMayLock("WITH d AS (DELETE FROM users RETURNING id) SELECT * FROM d", false));
  EXPECT_TRUE(StepMayLock("LOCK TABLE users", false));
  EXPECT_FALSE(StepMayLock("BEGIN ISOLATION LEVEL SERIALIZABLE", true));
  EXPECT_FALSE(StepMayLock("COMMIT", true));
  EXPECT_TRUE(StepMayLock("BEGIN; UPDATE users SET peepcoins = 1; COMMIT", false));
}

TEST(LockCaptureTest, NothingIsReadWhenNotAskedFor) {
  Trace trace = RunWithLocks("baseline", /*capture=*/false);
  for (const StepTrace& step : trace.steps) {
    EXPECT_FALSE(step.locks.captured) << step.step_name;
    EXPECT_TRUE(step.locks.locks.empty()) << step.step_name;
  }
}

}  // namespace
}  // namespace interleave
