// MariaDB targets: mysql:// and mariadb:// URLs, scratch databases created per
// run and dropped after it (with the connections still in them), and
// leftovers of dead runs dropped only for dead processes.
#if INTERLEAVE_WITH_MARIADB
#include "db/mariadb/maria_target.h"

#include <gtest/gtest.h>

#include "db/db_failure.h"
#include "db/mariadb/maria_conn_params.h"
#include "db/mariadb/maria_control_connection.h"
#include "tests/db/mariadb/maria_test_server.h"

namespace interleave {
namespace {

using testing::SharedMariaTarget;

std::string AdminValue(const std::string& sql) {
  MariaControlConnection admin(SharedMariaTarget().admin_params());
  StepOutcome outcome = admin.Execute(sql);
  EXPECT_FALSE(outcome.error) << sql << ": " << outcome.error->message;
  if (outcome.error || outcome.results.empty() || outcome.results[0].rows.empty()) return "";
  return outcome.results[0].rows[0][0].value_or("NULL");
}

std::string DatabaseCount(const std::string& name) {
  return AdminValue("SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = '" +
                    name + "'");
}

TEST(MariaUrlTest, ReadsUserPasswordHostPortDatabaseAndSocket) {
  MariaConnParams tcp = ParseMariaUrl("mysql://app:s%40cret@db.example:3307/shop");
  EXPECT_EQ(tcp.user, "app");
  EXPECT_EQ(tcp.password, "s@cret");
  EXPECT_EQ(tcp.host, "db.example");
  EXPECT_EQ(tcp.port, 3307u);
  EXPECT_EQ(tcp.database, "shop");
  EXPECT_EQ(tcp.Describe(), "mariadb://app@db.example:3307/shop");
  EXPECT_EQ(ParseMariaUrl(tcp.Url()).password, "s@cret");

  MariaConnParams local = ParseMariaUrl("mariadb://root@localhost/mysql?socket=/run/m/d.sock");
  EXPECT_EQ(local.socket, "/run/m/d.sock");
  EXPECT_EQ(local.port, 0u);
  EXPECT_EQ(ParseMariaUrl(local.Url()).socket, "/run/m/d.sock");
}

TEST(MariaUrlTest, BadUrlsGiveOneClearLine) {
  EXPECT_THROW(ParseMariaUrl("mysql://app@host:port/db"), DbFailure);
  EXPECT_THROW(ParseMariaUrl("mysql://app@host"), DbFailure);
  EXPECT_THROW(ParseMariaUrl("mysql://host/db?sslmode=on"), DbFailure);
  try {
    ParseMariaUrl("mariadb://app@host:99999/db");
    FAIL() << "expected an error";
  } catch (const DbFailure& error) {
    EXPECT_STREQ(error.what(), "bad --db URL: port \"99999\" is not a number from 1 to 65535");
  }
}

TEST(MariaTargetTest, OpenPicksMariaDbForItsUrls) {
  SKIP_WITHOUT_MARIADB();
  auto target = Target::Open(SharedMariaTarget().admin_url());
  EXPECT_EQ(target->Describe().rfind("mariadb://", 0), 0u) << target->Describe();
  EXPECT_FALSE(target->is_private());
  EXPECT_THROW(Target::Open("mariadb://root@localhost/mysql?socket=/nonexistent/d.sock"),
               DbFailure);
}

TEST(MariaTargetTest, ScratchDatabaseIsCreatedAndDroppedEvenWithAConnectionInIt) {
  SKIP_WITHOUT_MARIADB();
  std::string name;
  {
    auto scratch = SharedMariaTarget().CreateScratch();
    name = scratch->name();
    EXPECT_EQ(name.rfind("interleave_scratch_", 0), 0u);
    EXPECT_EQ(DatabaseCount(name), "1");
    auto client = scratch->ConnectClient({"interleave/test", {}});
    StepOutcome outcome = client->Execute(
        "CREATE TABLE t (id INT PRIMARY KEY) ENGINE=InnoDB; BEGIN; INSERT INTO t VALUES (1)");
    ASSERT_FALSE(outcome.error) << outcome.error->message;
    EXPECT_EQ(AdminValue("SELECT DEFAULT_COLLATION_NAME FROM information_schema.SCHEMATA WHERE "
                         "SCHEMA_NAME = '" +
                         name + "'"),
              "utf8mb4_bin");
    // The client still holds its transaction open when the database is dropped.
    scratch.reset();
    bool failed = false;
    try {
      failed = client->Execute("SELECT 1").error.has_value();
    } catch (const DbFailure&) {
      failed = true;
    }
    EXPECT_TRUE(failed) << "the connection in the dropped database was not ended";
  }
  EXPECT_EQ(DatabaseCount(name), "0");
}

TEST(MariaTargetTest, LeftoversOfDeadRunsAreDroppedOnlyForDeadProcesses) {
  SKIP_WITHOUT_MARIADB();
  std::string mine;
  { mine = SharedMariaTarget().CreateScratch()->name(); }
  std::string prefix =
      mine.substr(0, mine.find('_', std::string("interleave_scratch_").size()) + 1);
  std::string dead = prefix + "2147480000_0";
  std::string alive = prefix + std::to_string(getpid()) + "_999";
  AdminValue("CREATE DATABASE " + dead);
  AdminValue("CREATE DATABASE " + alive);
  AdminValue("CREATE DATABASE unrelated_user_db");
  auto fresh = Target::Open(SharedMariaTarget().admin_url());
  auto scratch = fresh->CreateScratch();
  EXPECT_EQ(DatabaseCount(dead), "0");
  EXPECT_EQ(DatabaseCount(alive), "1");
  EXPECT_EQ(DatabaseCount("unrelated_user_db"), "1");
  AdminValue("DROP DATABASE " + alive);
  AdminValue("DROP DATABASE unrelated_user_db");
}

}  // namespace
}  // namespace interleave
#endif  // INTERLEAVE_WITH_MARIADB
