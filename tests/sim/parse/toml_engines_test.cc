// Per-engine values in TOML scenarios (sim/parse/toml_parser.h, "Per
// engine"): `engines`, engine tables for sql, setup, setup_file, expect and
// why, ForEngine choosing one engine's, and the file:line:column errors for
// mistakes in them. No database.
#include <gtest/gtest.h>

#include <string>

#include "sim/model/scenario.h"
#include "sim/model/source_pos.h"
#include "sim/parse/toml_parser.h"

namespace interleave {
namespace {

// Line numbers matter: the comments give them.
const char kTwoEngines[] = R"toml(title = "Lost update"
anomaly = "lost update (P4)"
story = "Two deposits."
setup.postgresql = "CREATE TABLE t (id int PRIMARY KEY, name text)"
setup.mariadb = "CREATE TABLE t (id int PRIMARY KEY, name varchar(20))"

[[clients]]  # line 7
name = "a"
  [[clients.steps]]
  name = "a1"
  sql = { postgresql = "UPDATE t SET id = 2 RETURNING id", mariadb = "UPDATE t SET id = 2" }
  [[clients.steps]]
  name = "a2"
  sql = "COMMIT"

[[clients]]  # line 16
name = "b"
steps = [ { name = "b1", sql = "SELECT 1" } ]

[[schedules]]
name = "s"
steps = "a1 b1 a2"

[[variants]]  # line 24
name = "rr"
isolation = "repeatable read"
expect.postgresql = "aborted-without-retry"
expect.mariadb = "anomaly"
why.mariadb = "InnoDB writes the newest row."
why.postgresql = "40001."
setup = { postgresql = "SELECT 1", mariadb = "SELECT 2" }
  [variants.replace]
  b1.sql.postgresql = "SELECT 'pg'"
  b1.sql.mariadb = "SELECT 'maria'"
  a2 = "ROLLBACK"

[[variants]]  # line 37
name = "plain"
expect = "anomaly"
)toml";

std::string ErrorOf(const std::string& text) {
  try {
    ParseScenarioText(text, "test.toml");
  } catch (const InputError& error) {
    return error.what();
  }
  return "(no error)";
}

TEST(TomlEnginesTest, EachEngineGetsItsOwnSqlSetupAndExpectation) {
  const Scenario scenario = ParseScenarioText(kTwoEngines, "test.toml");
  EXPECT_TRUE(scenario.engines.empty());
  EXPECT_TRUE(RunsOn(scenario, "postgresql"));
  EXPECT_TRUE(RunsOn(scenario, "mariadb"));

  const Scenario pg = ForEngine(scenario, "postgresql");
  EXPECT_EQ(pg.setup_sql.at(0), "CREATE TABLE t (id int PRIMARY KEY, name text)");
  EXPECT_EQ(pg.clients[0].steps[0].sql, "UPDATE t SET id = 2 RETURNING id");
  EXPECT_EQ(pg.variants[0].expect, Expectation::kAbortedWithoutRetry);
  EXPECT_EQ(pg.variants[0].expect_why, "40001.");
  EXPECT_EQ(pg.variants[0].extra_setup.at(0), "SELECT 1");
  EXPECT_EQ(pg.variants[0].replace_steps.at("b1").sql, "SELECT 'pg'");

  const Scenario maria = ForEngine(scenario, "mariadb");
  EXPECT_EQ(maria.setup_sql.at(0), "CREATE TABLE t (id int PRIMARY KEY, name varchar(20))");
  EXPECT_EQ(maria.clients[0].steps[0].sql, "UPDATE t SET id = 2");
  EXPECT_EQ(maria.clients[0].steps[1].sql, "COMMIT");  // a plain value is for every engine
  EXPECT_EQ(maria.variants[0].expect, Expectation::kAnomaly);
  EXPECT_EQ(maria.variants[0].expect_why, "InnoDB writes the newest row.");
  EXPECT_EQ(maria.variants[0].extra_setup.at(0), "SELECT 2");
  EXPECT_EQ(maria.variants[0].replace_steps.at("b1").sql, "SELECT 'maria'");
  // A plain replacement replaces every engine's SQL of that step.
  EXPECT_EQ(maria.variants[0].replace_steps.at("a2").sql, "ROLLBACK");
  EXPECT_EQ(maria.variants[1].expect, Expectation::kAnomaly);
  EXPECT_TRUE(maria.clients[0].steps[0].engine_sql.empty());
}

TEST(TomlEnginesTest, EnginesKeyMarksAScenarioPostgreSqlOnly) {
  std::string text = kTwoEngines;
  text.insert(text.find("story"), "engines = [\"postgresql\"]\n");
  const Scenario scenario = ParseScenarioText(text, "test.toml");
  EXPECT_TRUE(RunsOn(scenario, "postgresql"));
  EXPECT_FALSE(RunsOn(scenario, "mariadb"));
}

TEST(TomlEnginesTest, AnUnknownEngineInAnSqlTableIsAnErrorAtItsPlace) {
  std::string text = kTwoEngines;
  const std::string from = "mariadb = \"UPDATE t SET id = 2\"";
  text.replace(text.find(from), from.size(), "mysql = \"UPDATE t SET id = 2\"");
  // Line 11, column 60: the key "mysql".
  EXPECT_EQ(ErrorOf(text),
            "test.toml:11:60: error: unknown engine \"mysql\" in \"sql\" of step \"a1\"; expected "
            "one value per engine, e.g. { postgresql = \"...\", mariadb = \"...\" } (engines: "
            "postgresql, mariadb)");
}

TEST(TomlEnginesTest, AnEngineTableWithoutPostgreSqlIsAnError) {
  std::string text = kTwoEngines;
  const std::string from = "expect.postgresql = \"aborted-without-retry\"\n";
  text.erase(text.find(from), from.size());
  const std::string error = ErrorOf(text);
  // The table starts at its first dotted key, now on line 27.
  EXPECT_EQ(error.rfind("test.toml:27:1: error: ", 0), 0u) << error;
  EXPECT_NE(error.find("\"expect\" of variant \"rr\" gives no value for postgresql"),
            std::string::npos)
      << error;
}

TEST(TomlEnginesTest, AnUnknownEngineNameInEnginesIsAnError) {
  std::string text = kTwoEngines;
  text.insert(text.find("story"), "engines = [\"postgresql\", \"mariadbb\"]\n");
  EXPECT_EQ(ErrorOf(text),
            "test.toml:3:26: error: unknown engine \"mariadbb\" in \"engines\" (did you mean "
            "\"mariadb\"?); expected some of postgresql, mariadb");
}

TEST(TomlEnginesTest, AnUnknownExpectationForOneEngineIsAnErrorAtItsValue) {
  std::string text = kTwoEngines;
  const std::string from = "expect.mariadb = \"anomaly\"";
  text.replace(text.find(from), from.size(), "expect.mariadb = \"lost\"");
  const std::string error = ErrorOf(text);
  EXPECT_EQ(error.rfind("test.toml:28:18: error: unknown expectation \"lost\"", 0), 0u) << error;
}

}  // namespace
}  // namespace interleave
