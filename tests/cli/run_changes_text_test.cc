// The text timeline says what changes as it happens: at each COMMIT the rows
// the transaction changed (from the recorded history), and (by default, or
// after every step with `--locks`; not with `--no-locks`) the locks a step's
// client newly holds or waits for, named by row key, as the server reported
// them.
#include <gtest/gtest.h>

#include <sstream>
#include <string>

#include "cli/cli.h"
#include "tests/cli/cli_test_support.h"
#include "tests/test_support.h"

namespace interleave {
namespace {

// Everything `interleave ARGS` printed, and its exit status.
std::string RunText(const std::vector<std::string>& args, int* status) {
  testing::CliResult run = testing::RunCliCaptured(args);
  *status = run.status;
  return run.out + run.err;
}

TEST(RunChangesTextTest, EachStepSaysWhichLocksItsClientNowHoldsOrWaitsFor) {
  const std::string file = testing::SourceDir() + "/scenarios/peakpeeps/peepcoin_lost_update.toml";
  int status = -1;
  std::string text =
      RunText({"run", file, "--variant", "select-for-update", "--locks", "--no-color"}, &status);
  EXPECT_EQ(status, 0) << text;
  // p2's FOR UPDATE, then l2's wait for it; each told once, where it began.
  size_t holds = text.find("locks: holds FOR UPDATE on users id=1");
  size_t waits = text.find("locks: waits for phone's lock on users id=1");
  ASSERT_NE(holds, std::string::npos) << text;
  ASSERT_NE(waits, std::string::npos) << text;
  EXPECT_LT(holds, waits);
  EXPECT_EQ(text.find("locks: waits for phone's lock on users id=1", waits + 1), std::string::npos)
      << text;
}

TEST(RunChangesTextTest, EachCommitSaysWhatItMadeVisible) {
  const std::string file = testing::SourceDir() + "/scenarios/peakpeeps/peepcoin_lost_update.toml";
  int status = -1;
  std::string text = RunText({"run", file, "--variant", "baseline", "--no-color"}, &status);
  EXPECT_EQ(status, 0) << text;
  // The phone's 70 is committed first, then the laptop's stale 60 over it.
  size_t phone = text.find("committed: users id=1 peepcoins=70");
  size_t laptop = text.find("committed: users id=1 peepcoins=60");
  ASSERT_NE(phone, std::string::npos) << text;
  ASSERT_NE(laptop, std::string::npos) << text;
  EXPECT_LT(phone, laptop);
  // Without the recorded history there is nothing to say it from.
  std::string plain =
      RunText({"run", file, "--variant", "baseline", "--no-color", "--no-explain"}, &status);
  EXPECT_EQ(plain.find("committed: "), std::string::npos) << plain;
}

TEST(RunChangesTextTest, LockLinesAreOnByDefaultAndNoLocksTurnsThemOff) {
  const std::string file = testing::SourceDir() + "/scenarios/peakpeeps/peepcoin_lost_update.toml";
  int status = -1;
  std::string text =
      RunText({"run", file, "--variant", "select-for-update", "--no-color"}, &status);
  EXPECT_EQ(status, 0) << text;
  size_t holds = text.find("locks: holds FOR UPDATE on users id=1");
  size_t waits = text.find("locks: waits for phone's lock on users id=1");
  ASSERT_NE(holds, std::string::npos) << text;
  ASSERT_NE(waits, std::string::npos) << text;
  EXPECT_LT(holds, waits);
  // Once the wait ends, the laptop's row lock is told on the step that took it.
  EXPECT_NE(text.find("locks: holds FOR UPDATE on users id=1", waits), std::string::npos) << text;
  // p3's UPDATE keeps the FOR UPDATE lock p2 took: not told again as new.
  EXPECT_EQ(text.find("locks: holds FOR UPDATE on users id=1 (its"), std::string::npos) << text;
  // The lock modes printed are glossed.
  EXPECT_NE(text.find("locks the rows a SELECT returns"), std::string::npos) << text;
  std::string off =
      RunText({"run", file, "--variant", "select-for-update", "--no-color", "--no-locks"}, &status);
  EXPECT_EQ(status, 0) << off;
  EXPECT_EQ(off.find("locks: "), std::string::npos) << off;
}

TEST(RunChangesTextTest, ASerializableConcurrentUpdateFailureIsNotBlamedOnAPivot) {
  // G0 at SERIALIZABLE: the second writer of a row fails with "could not
  // serialize access due to concurrent update", the REPEATABLE READ rule, not
  // SSI's dangerous-structure check.
  const std::string file = testing::SourceDir() + "/scenarios/hermitage/g0_write_cycles.toml";
  int status = -1;
  const std::string text = RunText({"run", file, "--no-color", "--width", "400"}, &status);
  EXPECT_EQ(status, 0) << text;
  EXPECT_NE(text.find("concurrent update"), std::string::npos) << text;
  EXPECT_NE(text.find("so serializable's serialization failure had no real anomaly behind it: at "
                      "SERIALIZABLE PostgreSQL aborts a transaction that would update or lock a "
                      "row another transaction changed since its snapshot"),
            std::string::npos)
      << text;
  EXPECT_EQ(text.find("pivot) before it knows"), std::string::npos) << text;
}

}  // namespace
}  // namespace interleave
