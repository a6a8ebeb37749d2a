// --engine and --no-explain: which engine a command's runs happen on (the
// flag, else the engine --db names), the error for an unknown engine, a
// PostgreSQL-only scenario refused by `run --engine mariadb` and skipped by
// `check --engine mariadb`, and --no-explain accepted by run, check, explore.
#include <gtest/gtest.h>

#include <sstream>

#include "cli/cli.h"
#include "cli/cli_args.h"
#include "sim/model/source_pos.h"
#include "tests/cli/cli_test_support.h"
#include "tests/test_support.h"
#if INTERLEAVE_WITH_MARIADB
#include "tests/db/mariadb/maria_test_server.h"
#endif

namespace interleave {
namespace {

using testing::SourceDir;

CliArgs Args(const std::vector<std::string>& args) {
  return CliArgs(args, {"--db", "--engine"}, {"--no-explain"});
}

using testing::CliResult;

CliResult Cli(const std::vector<std::string>& args) { return testing::RunCliCaptured(args); }

TEST(EngineOptionTest, EngineFlagNamesTheEngine) {
  EXPECT_EQ(ChosenEngine(Args({"--engine", "mariadb"})), EngineKind::kMariaDb);
  EXPECT_EQ(ChosenEngine(Args({"--engine=postgresql"})), EngineKind::kPostgreSql);
  EXPECT_EQ(ChosenEngine(Args({"--db", "mariadb://root@localhost/mysql"})), EngineKind::kMariaDb);
  EXPECT_EQ(ChosenEngine(Args({"--db", "postgresql://localhost/postgres"})),
            EngineKind::kPostgreSql);
}

TEST(EngineOptionTest, UnknownEngineIsBadInput) {
  EXPECT_THROW(ChosenEngine(Args({"--engine", "mysql"})), InputError);
  const std::string file = SourceDir() + "/scenarios/textbook/lost_update.toml";
  CliResult result = Cli({"run", file, "--engine", "oracle"});
  EXPECT_EQ(result.status, kExitBadInput);
  EXPECT_EQ(result.err,
            "interleave run: error: --engine expects postgresql or mariadb, got \"oracle\"\n");
}

TEST(EngineOptionTest, RunRefusesAPostgreSqlOnlyScenarioOnMariaDb) {
  const std::string file = SourceDir() + "/scenarios/textbook/read_only_anomaly.toml";
  CliResult result = Cli({"run", file, "--engine", "mariadb", "--no-explain"});
  EXPECT_EQ(result.status, kExitBadInput);
  EXPECT_NE(result.err.find(
                "read_only_anomaly.toml runs on PostgreSQL only (engines = [\"postgresql\"])"),
            std::string::npos)
      << result.err;
}

TEST(EngineOptionTest, CommandsAcceptEngineAndNoExplainInTheirHelp) {
  for (const char* command : {"run", "check", "explore"}) {
    CliResult result = Cli({command, "--help"});
    EXPECT_EQ(result.status, kExitOk) << command;
    EXPECT_NE(result.out.find("--engine ENGINE"), std::string::npos) << command;
    EXPECT_NE(result.out.find("--no-explain"), std::string::npos) << command;
  }
}

#if INTERLEAVE_WITH_MARIADB
TEST(EngineOptionTest, CheckOnMariaDbSkipsPostgreSqlOnlyScenarios) {
  SKIP_WITHOUT_MARIADB();
  CliResult result =
      Cli({"check", SourceDir() + "/scenarios/textbook/read_only_anomaly.toml",
           SourceDir() + "/scenarios/textbook/lost_update.toml", "--engine", "mariadb", "-v"});
  EXPECT_EQ(result.status, kExitOk) << result.out << result.err;
  EXPECT_NE(result.out.find("read_only_anomaly.toml [-] -: skipped on mariadb: PostgreSQL only"),
            std::string::npos)
      << result.out;
  EXPECT_NE(result.out.find("1 scenario file skipped on mariadb: PostgreSQL only"),
            std::string::npos)
      << result.out;
  EXPECT_NE(result.out.find("lost_update.toml [repeatable-read] anomaly: lost update (P4)"),
            std::string::npos)
      << result.out;
}
#endif

}  // namespace
}  // namespace interleave
