// `--db URL` by the kind of role the URL names, on the private test server:
// a superuser URL runs scenario SQL as a temporary unprivileged role that is
// dropped afterwards (and a killed run's role is dropped by the next run),
// unless --allow-superuser; a role with only CREATEDB runs scenarios without
// setting deadlock_timeout and says so once, with the verdicts the scenarios
// expect; a role without CREATEDB is refused with one message.
#include <gtest/gtest.h>
#include <unistd.h>

#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "db/postgres/pg_target.h"
#include "tests/cli/cli_test_support.h"
#include "tests/test_support.h"

namespace interleave {
namespace {

using testing::CliResult;
using testing::RunCliCaptured;
using testing::SharedTarget;
using testing::TempDir;

std::string AdminQuery(const std::string& sql) {
  pqxx::connection conn(SharedTarget().admin_url());
  pqxx::nontransaction tx(conn);
  pqxx::result result = tx.exec(sql);
  return result.empty() || result.columns() == 0 || result[0][0].is_null() ? ""
                                                                           : result[0][0].c_str();
}

size_t Count(const std::string& text, const std::string& part) {
  size_t count = 0;
  for (size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++count;
  return count;
}

// Roles made for this test process's runs.
std::string TemporaryRolesOfThisProcess() {
  return AdminQuery("SELECT count(*) FROM pg_roles WHERE rolname LIKE '" +
                    std::string(kTemporaryRolePrefix) + "%\\_" + std::to_string(getpid()) +
                    "\\_%'");
}

// One client asks who it is and tries what only a superuser may do.
constexpr const char* kWhoAmI = R"toml(
title = "who runs scenario SQL"
anomaly = "none"
story = "a client asks who it is and tries what only a superuser may do"
setup = "CREATE TABLE t (id int)"
[[clients]]
name = "a"
steps = [ { name = "a1", sql = "SELECT 'user:' || current_user AS who" },
          { name = "a2", sql = "CREATE ROLE interleave_test_planted" },
          { name = "a3", sql = "COPY (SELECT 1) TO PROGRAM 'true'" } ]
[[clients]]
name = "b"
steps = [ { name = "b1", sql = "SELECT 1" } ]
[[schedules]]
name = "s"
steps = "a1 a2 a3 b1"
)toml";

// Alice waits for Bob's row, then Bob's wait for Alice's closes the cycle.
constexpr const char* kDeadlock = R"toml(
title = "two transfers in opposite order"
anomaly = "deadlock"
story = "Alice updates row 1 then 2, Bob row 2 then 1"
setup = "CREATE TABLE t (id int PRIMARY KEY, v int); INSERT INTO t VALUES (1, 0), (2, 0)"
[[clients]]
name = "alice"
steps = [ { name = "a1", sql = "BEGIN" },
          { name = "a2", sql = "UPDATE t SET v = 1 WHERE id = 1" },
          { name = "a3", sql = "UPDATE t SET v = 1 WHERE id = 2" },
          { name = "a4", sql = "COMMIT" } ]
[[clients]]
name = "bob"
steps = [ { name = "b1", sql = "BEGIN" },
          { name = "b2", sql = "UPDATE t SET v = 2 WHERE id = 2" },
          { name = "b3", sql = "UPDATE t SET v = 2 WHERE id = 1" },
          { name = "b4", sql = "COMMIT" } ]
[[schedules]]
name = "opposite order"
steps = "a1 b1 a2 b2 a3 b3 a4 b4"
[[variants]]
name = "read-committed"
isolation = "read committed"
expect = "aborted-without-retry"
)toml";

class DbRolesTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    const std::string pid = std::to_string(getpid());
    createdb_role_ = "interleave_test_createdb_" + pid;
    superuser_role_ = "interleave_test_super_" + pid;
    nocreatedb_role_ = "interleave_test_plain_" + pid;
    AdminQuery("CREATE ROLE " + createdb_role_ + " LOGIN CREATEDB");
    // PostgreSQL's default, as a server of one's own would have it (the
    // private test server's is shorter).
    AdminQuery("ALTER ROLE " + createdb_role_ + " SET deadlock_timeout = '1s'");
    AdminQuery("CREATE ROLE " + superuser_role_ + " LOGIN SUPERUSER");
    AdminQuery("CREATE ROLE " + nocreatedb_role_ + " LOGIN");
  }
  static void TearDownTestSuite() {
    for (const std::string& role : {createdb_role_, superuser_role_, nocreatedb_role_}) {
      AdminQuery("DROP ROLE IF EXISTS " + role);
    }
    AdminQuery("DROP ROLE IF EXISTS interleave_test_planted");
  }

  // The test server's URL, logging in as `role`.
  static std::string UrlAs(const std::string& role) {
    return SharedTarget().admin_url() + " user=" + role;
  }

  static std::string createdb_role_;
  static std::string superuser_role_;
  static std::string nocreatedb_role_;
  TempDir dir_;
};

std::string DbRolesTest::createdb_role_;
std::string DbRolesTest::superuser_role_;
std::string DbRolesTest::nocreatedb_role_;

TEST_F(DbRolesTest, SuperuserUrlRunsScenarioSqlAsATemporaryRoleDroppedAtTheEnd) {
  const std::string file = dir_.Write("who.toml", kWhoAmI);
  CliResult run = RunCliCaptured({"run", file, "--json", "--db", UrlAs(superuser_role_)});
  EXPECT_EQ(run.status, 0) << run.err;
  EXPECT_NE(run.out.find("user:" + std::string(kTemporaryRolePrefix)), std::string::npos)
      << run.out;
  EXPECT_EQ(run.out.find("user:" + superuser_role_), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("permission denied to create role"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("pg_execute_server_program role to COPY to or from an external program"),
            std::string::npos)
      << run.out;
  EXPECT_EQ(AdminQuery("SELECT count(*) FROM pg_roles WHERE rolname = 'interleave_test_planted'"),
            "0");
  EXPECT_EQ(TemporaryRolesOfThisProcess(), "0");
}

TEST_F(DbRolesTest, AllowSuperuserRunsScenarioSqlAsTheUrlsRole) {
  const std::string file = dir_.Write("who.toml", kWhoAmI);
  CliResult run =
      RunCliCaptured({"run", file, "--json", "--allow-superuser", "--db", UrlAs(superuser_role_)});
  EXPECT_EQ(run.status, 0) << run.err;
  EXPECT_NE(run.out.find("user:" + superuser_role_), std::string::npos) << run.out;
  EXPECT_EQ(Count(run.err, "a superuser (--allow-superuser)"), 1u) << run.err;
  AdminQuery("DROP ROLE IF EXISTS interleave_test_planted");
}

TEST_F(DbRolesTest, ARoleOfAKilledRunIsDroppedWithItsDatabasesByTheNextRun) {
  // A role and database named as a run of a process that no longer exists.
  const std::string prefix = PgTemporaryRolePrefix();
  const std::string dead_role = prefix + "2147480000_0";
  const std::string mine = prefix + std::to_string(getpid()) + "_999";
  AdminQuery("CREATE ROLE " + dead_role + " LOGIN");
  AdminQuery("CREATE ROLE " + mine + " LOGIN");
  AdminQuery("CREATE DATABASE interleave_test_dead_db OWNER " + dead_role);
  const std::string file = dir_.Write("who.toml", kWhoAmI);
  CliResult run = RunCliCaptured({"run", file, "--db", UrlAs(superuser_role_)});
  EXPECT_EQ(run.status, 0) << run.err;
  EXPECT_EQ(AdminQuery("SELECT count(*) FROM pg_roles WHERE rolname = '" + dead_role + "'"), "0");
  EXPECT_EQ(
      AdminQuery("SELECT count(*) FROM pg_database WHERE datname = 'interleave_test_dead_db'"),
      "0");
  // A live process's role stays.
  EXPECT_EQ(AdminQuery("SELECT count(*) FROM pg_roles WHERE rolname = '" + mine + "'"), "1");
  AdminQuery("DROP ROLE " + mine);
}

TEST_F(DbRolesTest, CreatedbRoleGivesTheLostUpdateVerdictsAndSaysOnceWhatItCannotSet) {
  CliResult check =
      RunCliCaptured({"check", testing::SourceDir() + "/scenarios/textbook/lost_update.toml",
                      "--db", UrlAs(createdb_role_)});
  EXPECT_EQ(check.status, 0) << check.out << check.err;
  EXPECT_EQ(Count(check.err, "may not set deadlock_timeout"), 1u) << check.err;
  EXPECT_NE(check.err.find("the role " + createdb_role_), std::string::npos) << check.err;
  EXPECT_NE(check.err.find("keeps the server's 1s"), std::string::npos) << check.err;
  EXPECT_EQ(check.out.find("permission denied"), std::string::npos) << check.out;
}

TEST_F(DbRolesTest, CreatedbRoleStillGivesADeadlockVerdictWithTheFirstWaiterAsVictim) {
  const std::string file = dir_.Write("deadlock.toml", kDeadlock);
  CliResult check = RunCliCaptured({"check", file, "--db", UrlAs(createdb_role_)});
  EXPECT_EQ(check.status, 0) << check.out << check.err;
  CliResult run =
      RunCliCaptured({"run", file, "--no-color", "--width", "200", "--db", UrlAs(createdb_role_)});
  EXPECT_EQ(run.status, 0) << run.err;
  EXPECT_NE(run.out.find("40P01"), std::string::npos) << run.out;
  // Alice waits first, so her (equal) deadlock_timeout runs out first.
  EXPECT_NE(run.out.find("chose alice as the deadlock victim"), std::string::npos) << run.out;
}

TEST_F(DbRolesTest, RoleWithoutCreatedbIsRefusedWithOneMessage) {
  const std::string file = dir_.Write("who.toml", kWhoAmI);
  CliResult run = RunCliCaptured({"run", file, "--db", UrlAs(nocreatedb_role_)});
  EXPECT_EQ(run.status, 3) << run.err;
  EXPECT_EQ(Count(run.err, "may not create databases"), 1u) << run.err;
  EXPECT_NE(run.err.find("CREATEDB"), std::string::npos) << run.err;
}

}  // namespace
}  // namespace interleave
