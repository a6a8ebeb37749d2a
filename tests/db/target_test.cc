// Scratch databases: created per run and dropped after it, leftovers of dead
// runs dropped, and the database a URL names never written.
#include <gtest/gtest.h>
#include <unistd.h>

#include <pqxx/pqxx>

#include "db/db_failure.h"
#include "db/engine.h"
#include "db/postgres/pg_private_server.h"
#include "sim/plan/plan.h"
#include "sim/run/run.h"
#include "tests/test_support.h"

namespace interleave {
namespace {

using testing::SharedTarget;

std::string AdminQuery(const std::string& sql) {
  pqxx::connection conn(SharedTarget().admin_url());
  pqxx::nontransaction tx(conn);
  pqxx::result result = tx.exec(sql);
  return result.empty() ? "" : result[0][0].c_str();
}

TEST(TargetTest, ScratchDatabaseIsDroppedWhenDone) {
  std::string name;
  {
    auto scratch = SharedTarget().CreateScratch();
    name = scratch->name();
    EXPECT_EQ(AdminQuery("SELECT count(*) FROM pg_database WHERE datname = '" + name + "'"), "1");
    pqxx::connection conn(scratch->conninfo());
    EXPECT_EQ(conn.dbname(), name);
  }
  EXPECT_EQ(AdminQuery("SELECT count(*) FROM pg_database WHERE datname = '" + name + "'"), "0");
}

TEST(TargetTest, LeftoversOfDeadRunsAreDroppedOnlyForDeadProcesses) {
  std::string mine;
  {
    auto scratch = SharedTarget().CreateScratch();
    mine = scratch->name();
  }
  // A name from the same machine but a process that no longer exists.
  std::string prefix =
      mine.substr(0, mine.find('_', std::string("interleave_scratch_").size()) + 1);
  std::string dead = prefix + "2147480000_0";
  AdminQuery("CREATE DATABASE " + dead);
  AdminQuery("CREATE DATABASE unrelated_user_db");
  auto fresh = Target::Open(SharedTarget().admin_url());
  auto scratch = fresh->CreateScratch();
  EXPECT_EQ(AdminQuery("SELECT count(*) FROM pg_database WHERE datname = '" + dead + "'"), "0");
  EXPECT_EQ(AdminQuery("SELECT count(*) FROM pg_database WHERE datname = 'unrelated_user_db'"),
            "1");
  AdminQuery("DROP DATABASE unrelated_user_db");
}

TEST(TargetTest, TheDatabaseAUrlNamesIsNeverWritten) {
  AdminQuery("DROP DATABASE IF EXISTS users_own_db");
  AdminQuery("CREATE DATABASE users_own_db");
  std::string url = SharedTarget().admin_url();
  url = url.substr(0, url.find("dbname=")) + "dbname=users_own_db";
  {
    pqxx::connection conn(url);
    pqxx::nontransaction tx(conn);
    tx.exec("CREATE TABLE precious (id int); INSERT INTO precious VALUES (42)");
  }
  auto target = Target::Open(url);
  Scenario scenario = testing::ScenarioFromToml(R"toml(
title = "writes"
anomaly = "none"
story = "creates and drops tables"
setup = "CREATE TABLE precious (id int); DROP TABLE precious; CREATE TABLE t (id int)"
[[clients]]
name = "a"
steps = [ { name = "a1", sql = "INSERT INTO t VALUES (1)" } ]
[[clients]]
name = "b"
steps = [ { name = "b1", sql = "INSERT INTO t VALUES (2)" } ]
[[schedules]]
name = "s"
steps = "a1 b1"
)toml");
  auto results = RunScenario(scenario, *target, RunOptions{});
  ASSERT_EQ(results.size(), 1u);
  EXPECT_TRUE(results[0].trace.run_error.empty()) << results[0].trace.run_error;
  pqxx::connection conn(url);
  pqxx::nontransaction tx(conn);
  EXPECT_EQ(tx.exec("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")[0][0].as<int>(),
            1);
  EXPECT_EQ(tx.exec("SELECT id FROM precious")[0][0].as<int>(), 42);
  conn.disconnect();
  AdminQuery("DROP DATABASE users_own_db");
}

TEST(TargetTest, ANamedScratchDatabaseNeverTakesADatabaseItDidNotCreate) {
  const std::string name = "interleave_named_scratch_test";
  const std::string count = "SELECT count(*) FROM pg_database WHERE datname = '" + name + "'";
  AdminQuery("DROP DATABASE IF EXISTS " + name);
  {
    auto scratch = SharedTarget().CreateScratchNamed(name);
    EXPECT_EQ(scratch->name(), name);
    pqxx::connection conn(scratch->conninfo());
    EXPECT_EQ(conn.dbname(), name);
    // Another run cannot take it while this one has it.
    EXPECT_THROW(SharedTarget().CreateScratchNamed(name), DbFailure);
    EXPECT_EQ(AdminQuery(count), "1");
  }
  EXPECT_EQ(AdminQuery(count), "0");

  // The user's own database of that name is refused and left as it was.
  AdminQuery("CREATE DATABASE " + name);
  EXPECT_THROW(SharedTarget().CreateScratchNamed(name), DbFailure);
  EXPECT_EQ(AdminQuery(count), "1");

  // One that a killed run left (its mark names a process that is gone) is
  // dropped and made afresh.
  AdminQuery("COMMENT ON DATABASE " + name +
             " IS 'interleave scratch database of process 2147480000'");
  {
    auto scratch = SharedTarget().CreateScratchNamed(name);
    EXPECT_EQ(AdminQuery("SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE "
                         "datname = '" +
                         name + "'"),
              "interleave scratch database of process " + std::to_string(getpid()));
  }
  EXPECT_EQ(AdminQuery(count), "0");
}

}  // namespace
}  // namespace interleave
