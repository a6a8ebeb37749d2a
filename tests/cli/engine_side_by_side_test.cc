// `interleave run --engine postgresql,mariadb`: one variant on both engines,
// each on its private server, one after the other. The column headers name
// each engine and the version its server reported, the closing table says
// what each did (the lost update at REPEATABLE READ: 40001 on PostgreSQL, the
// overwrite on MariaDB), JSON carries the engine per run, and the bad
// combinations are one clear message.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <regex>

#include "cli/cli.h"
#include "tests/cli/cli_test_support.h"
#include "tests/test_support.h"
#if INTERLEAVE_WITH_MARIADB
#include "tests/db/mariadb/maria_test_server.h"
#endif

namespace interleave {
namespace {

using testing::CliResult;
using testing::RunCliCaptured;
using testing::SourceDir;

std::string LostUpdate() { return SourceDir() + "/scenarios/textbook/lost_update.toml"; }

TEST(EngineSideBySideTest, SeveralEnginesWithOneServerOrPageIsBadInput) {
  CliResult with_db = RunCliCaptured(
      {"run", LostUpdate(), "--engine", "both", "--db", "postgresql://localhost/postgres"});
  EXPECT_EQ(with_db.status, kExitBadInput);
  EXPECT_NE(with_db.err.find("--db names one server, but --engine names 2 engines"),
            std::string::npos)
      << with_db.err;
  CliResult twice = RunCliCaptured({"run", LostUpdate(), "--engine", "mariadb,mariadb"});
  EXPECT_EQ(twice.status, kExitBadInput);
  EXPECT_NE(twice.err.find("--engine names mariadb twice"), std::string::npos) << twice.err;
  CliResult html =
      RunCliCaptured({"run", LostUpdate(), "--engine", "postgresql,mariadb", "--html", "x.html"});
  EXPECT_EQ(html.status, kExitBadInput);
  EXPECT_NE(html.err.find("--html writes one engine's run"), std::string::npos) << html.err;
  CliResult only_pg = RunCliCaptured(
      {"run", SourceDir() + "/scenarios/textbook/read_only_anomaly.toml", "--engine", "both"});
  EXPECT_EQ(only_pg.status, kExitBadInput);
  EXPECT_NE(only_pg.err.find("runs on PostgreSQL only"), std::string::npos) << only_pg.err;
}

#if INTERLEAVE_WITH_MARIADB
TEST(EngineSideBySideTest, LostUpdateAtRepeatableReadOnBothEngines) {
  SKIP_WITHOUT_MARIADB();
  CliResult result =
      RunCliCaptured({"run", LostUpdate(), "--engine", "postgresql,mariadb", "--variant",
                      "repeatable-read", "--no-color", "--width", "200"});
  ASSERT_EQ(result.status, kExitOk) << result.out << result.err;
  const std::string& out = result.out;
  // Each engine's run names its server and version once, and its clients'
  // columns their level.
  std::smatch pg, maria;
  ASSERT_TRUE(std::regex_search(out, pg, std::regex("Server: PostgreSQL (1[0-9]\\.[0-9]+)\n")))
      << out;
  ASSERT_TRUE(
      std::regex_search(out, maria, std::regex("Server: MariaDB (1[0-9]\\.[0-9]+\\.[0-9]+)\n")))
      << out;
  EXPECT_LT(out.find("Server: PostgreSQL"), out.find("Server: MariaDB"));
  const size_t pg_header = out.find("alice (REPEATABLE READ)");
  ASSERT_NE(pg_header, std::string::npos) << out;
  EXPECT_NE(out.find("alice (REPEATABLE READ)", pg_header + 1), std::string::npos) << out;
  EXPECT_LT(out.find("Engine: private server (PostgreSQL"),
            out.find("Engine: private server (MariaDB"));
  // The closing table: one row, each engine's column headed by its version.
  const size_t table = out.find("Engines side by side");
  ASSERT_NE(table, std::string::npos) << out;
  const std::string tail = out.substr(table);
  EXPECT_NE(tail.find("PostgreSQL " + pg[1].str()), std::string::npos) << tail;
  EXPECT_NE(tail.find("MariaDB " + maria[1].str()), std::string::npos) << tail;
  EXPECT_NE(tail.find("aborted-without-retry"), std::string::npos) << tail;
  EXPECT_NE(tail.find("bob aborted at b3 (40001)"), std::string::npos) << tail;
  EXPECT_NE(tail.find("anomaly"), std::string::npos) << tail;
  EXPECT_NE(tail.find("The engines differ on repeatable-read (PostgreSQL aborted-without-retry, "
                      "MariaDB anomaly)"),
            std::string::npos)
      << tail;
}

TEST(EngineSideBySideTest, JsonCarriesTheEngineAndVersionOfEachRun) {
  SKIP_WITHOUT_MARIADB();
  CliResult result = RunCliCaptured({"run", LostUpdate(), "--engine", "both", "--variant",
                                     "repeatable-read", "--json", "--no-explain"});
  ASSERT_EQ(result.status, kExitOk) << result.out << result.err;
  nlohmann::json doc = nlohmann::json::parse(result.out);
  ASSERT_EQ(doc["variants"].size(), 2u) << result.out;
  const auto& pg = doc["variants"][0];
  const auto& maria = doc["variants"][1];
  EXPECT_EQ(pg["engine"], "postgresql");
  EXPECT_EQ(maria["engine"], "mariadb");
  EXPECT_TRUE(
      std::regex_match(pg["server_version"].get<std::string>(), std::regex("1[0-9]\\.[0-9]+")))
      << pg["server_version"];
  EXPECT_TRUE(std::regex_match(maria["server_version"].get<std::string>(),
                               std::regex("1[0-9]\\.[0-9]+\\.[0-9]+")))
      << maria["server_version"];
  EXPECT_EQ(pg["verdict"], "aborted-without-retry");
  EXPECT_EQ(maria["verdict"], "anomaly");
  EXPECT_EQ(pg["matches_expect"], true);
  EXPECT_EQ(maria["matches_expect"], true);
}
#endif

}  // namespace
}  // namespace interleave
