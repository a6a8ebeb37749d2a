// The Dune case's FOR UPDATE fix (scenarios/nextflix/dune_duplicate_insert.toml)
// on MariaDB, as `interleave run --locks --json` reports it: at REPEATABLE
// READ the lookups take gap (next-key) locks and Kim's waits for Sam or the
// two deadlock, so one 'Dune' is left; at READ COMMITTED no gap lock is taken,
// nothing waits and both insert. Both against the private MariaDB.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "cli/cli.h"
#include "tests/cli/cli_test_support.h"
#include "tests/test_support.h"
#if INTERLEAVE_WITH_MARIADB
#include "tests/db/mariadb/maria_test_server.h"
#endif

namespace interleave {
namespace {

#if INTERLEAVE_WITH_MARIADB
using testing::CliResult;
using testing::RunCliCaptured;
using testing::SourceDir;

// The one variant's JSON, run on MariaDB with its locks read after each step.
nlohmann::json RunDuneOnMariaDb(const std::string& variant) {
  CliResult result = RunCliCaptured(
      {"run", SourceDir() + "/scenarios/nextflix/dune_duplicate_insert.toml", "--engine", "mariadb",
       "--variant", variant, "--locks", "--json", "--no-explain"});
  EXPECT_EQ(result.status, kExitOk) << result.err;
  nlohmann::json doc = nlohmann::json::parse(result.out);
  EXPECT_EQ(doc["variants"].size(), 1u);
  return doc["variants"][0];
}

// How many locks of `scope` ("gap", "next-key") any step's client took.
int LocksOfScope(const nlohmann::json& variant, const std::string& scope) {
  int count = 0;
  for (const auto& step : variant["trace"]["steps"])
    if (step.contains("locks"))
      for (const auto& lock : step["locks"]) count += lock["scope"] == scope ? 1 : 0;
  return count;
}

TEST(DuneEnginesTest, ForUpdateAtRepeatableReadWaitsOrDeadlocksOnMariaDb) {
  SKIP_WITHOUT_MARIADB();
  nlohmann::json variant = RunDuneOnMariaDb("for-update-repeatable-read");
  EXPECT_EQ(variant["engine"], "mariadb");
  EXPECT_FALSE(variant["waited_steps"].empty() && variant["aborted_steps"].empty())
      << variant["verdict_summary"];
  EXPECT_NE(variant["verdict"], "anomaly") << variant["verdict_summary"];
  EXPECT_GT(LocksOfScope(variant, "next-key") + LocksOfScope(variant, "gap"), 0);
  EXPECT_EQ(variant["trace"]["checks"][0]["value"], "1");
}

TEST(DuneEnginesTest, ForUpdateAtReadCommittedTakesNoGapLockOnMariaDb) {
  SKIP_WITHOUT_MARIADB();
  nlohmann::json variant = RunDuneOnMariaDb("for-update-as-written");
  EXPECT_TRUE(variant["waited_steps"].empty()) << variant["verdict_summary"];
  EXPECT_TRUE(variant["aborted_steps"].empty()) << variant["verdict_summary"];
  EXPECT_EQ(LocksOfScope(variant, "next-key") + LocksOfScope(variant, "gap"), 0);
  EXPECT_EQ(variant["verdict"], "anomaly");
  EXPECT_EQ(variant["trace"]["checks"][0]["value"], "2");
}
#endif

}  // namespace
}  // namespace interleave
