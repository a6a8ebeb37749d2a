// `interleave check` and `interleave list` against the real private server:
// exit 0 when every verdict matches, 1 with a line naming the scenario file,
// variant, expected and actual when one does not, 2 on bad input; a
// well-formed JUnit report; the list of variants and their expectations; and
// the whole shipped library, which must match in CI.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli/cli.h"
#include "tests/cli/cli_test_support.h"
#include "tests/report/xml_wellformed.h"
#include "tests/test_support.h"

namespace interleave {
namespace {

namespace fs = std::filesystem;
using testing::SharedTarget;
using testing::SourceDir;

using testing::CliResult;
using testing::ReadFile;
using testing::TempDir;

// Runs `interleave ARGS` on the shared test server (or without --db).
CliResult Cli(std::vector<std::string> args, bool with_db = true) {
  return with_db ? testing::RunCliOnSharedServer(args) : testing::RunCliCaptured(args);
}

// A small lost-update scenario whose expectations are what PostgreSQL does.
const char* kCounter = R"toml(
title = "Counter"
anomaly = "lost update (P4)"
story = "Two clients add to a counter, computing the sum in the application."
setup = "CREATE TABLE counter (id int PRIMARY KEY, n int NOT NULL); INSERT INTO counter VALUES (1, 10);"

[[clients]]
name = "a"
  [[clients.steps]]
  name = "a1"
  sql = "BEGIN"
  [[clients.steps]]
  name = "a2"
  sql = "SELECT n FROM counter WHERE id = 1"
  [[clients.steps]]
  name = "a3"
  sql = "UPDATE counter SET n = ${n} + 1 WHERE id = 1"
  [[clients.steps]]
  name = "a4"
  sql = "COMMIT"

[[clients]]
name = "b"
  [[clients.steps]]
  name = "b1"
  sql = "BEGIN"
  [[clients.steps]]
  name = "b2"
  sql = "SELECT n FROM counter WHERE id = 1"
  [[clients.steps]]
  name = "b3"
  sql = "UPDATE counter SET n = ${n} + 2 WHERE id = 1"
  [[clients.steps]]
  name = "b4"
  sql = "COMMIT"

[[schedules]]
name = "interleaved"
steps = "a1 b1 a2 b2 a3 a4 b3 b4"

[[variants]]
name = "baseline"
expect = "anomaly"

[[variants]]
name = "for-update"
expect = "prevented-by-wait"
  [variants.replace]
  a2 = "SELECT n FROM counter WHERE id = 1 FOR UPDATE"
  b2 = "SELECT n FROM counter WHERE id = 1 FOR UPDATE"

[[variants]]
name = "unchecked"
isolation = "repeatable read"

[[checks]]
name = "both kept"
sql = "SELECT n FROM counter WHERE id = 1"
expect_any = ["13"]
explain = "a added 1 and b added 2 to 10"
)toml";

TEST(CliCheckTest, AllExpectationsMatchExitsZero) {
  TempDir dir;
  std::string file = dir.Write("counter.toml", kCounter);
  CliResult result = Cli({"check", file});
  EXPECT_EQ(result.status, kExitOk) << result.out << result.err;
  EXPECT_NE(result.out.find("baseline"), std::string::npos);
  EXPECT_NE(result.out.find("for-update"), std::string::npos);
  EXPECT_NE(result.out.find("no expect"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("3 variants in 1 scenario file: 2 ok, 0 MISMATCH, 1 without expect"),
            std::string::npos)
      << result.out;
  EXPECT_EQ(result.out.find("MISMATCH " + file), std::string::npos);
}

TEST(CliCheckTest, AWrongExpectExitsOneAndNamesScenarioVariantExpectedActual) {
  TempDir dir;
  // A shipped scenario with one expectation edited to a wrong outcome.
  std::string text = ReadFile(SourceDir() + "/scenarios/textbook/lost_update.toml");
  const std::string right =
      "name = \"read-committed\"\ndescription = \"READ COMMITTED: read, add in the application, "
      "write back.\"\nisolation = \"read committed\"\nexpect = \"anomaly\"";
  size_t at = text.find(right);
  ASSERT_NE(at, std::string::npos) << "lost_update.toml changed; update this test";
  std::string wrong = right;
  wrong.replace(wrong.find("\"anomaly\""), 9, "\"prevented-by-wait\"");
  text.replace(at, right.size(), wrong);
  std::string file = dir.Write("lost_update.toml", text);

  CliResult result = Cli({"check", dir.path()});
  EXPECT_EQ(result.status, kExitMismatch) << result.out << result.err;
  EXPECT_NE(
      result.out.find("MISMATCH " + file +
                      ": variant \"read-committed\": expected prevented-by-wait, got anomaly"),
      std::string::npos)
      << result.out;
  // Only that one variant mismatches.
  EXPECT_NE(result.out.find("1 MISMATCH"), std::string::npos) << result.out;
}

TEST(CliCheckTest, BadInputExitsTwo) {
  TempDir dir;
  std::string broken = dir.Write("broken.toml", "title = \"no closing quote\n");
  CliResult bad_toml = Cli({"check", broken});
  EXPECT_EQ(bad_toml.status, kExitBadInput) << bad_toml.out << bad_toml.err;
  EXPECT_NE(bad_toml.err.find("broken.toml"), std::string::npos) << bad_toml.err;

  // A good file next to a bad one: still bad input, and nothing runs.
  dir.Write("counter.toml", kCounter);
  CliResult mixed = Cli({"check", dir.path()});
  EXPECT_EQ(mixed.status, kExitBadInput);
  EXPECT_EQ(mixed.out, "");

  EXPECT_EQ(Cli({"check", dir.path() + "/missing.toml"}).status, kExitBadInput);
  EXPECT_EQ(Cli({"check", dir.Write("notes.txt", "hello")}).status, kExitBadInput);
  EXPECT_EQ(Cli({"check"}).status, kExitBadInput);
  EXPECT_EQ(Cli({"check", dir.path(), "--jobs", "zero"}).status, kExitBadInput);
  TempDir empty;
  EXPECT_EQ(Cli({"check", empty.path()}).status, kExitBadInput);
}

TEST(CliCheckTest, JUnitReportIsWellFormed) {
  TempDir dir;
  dir.Write("counter.toml", kCounter);
  std::string report = dir.path() + "/report.xml";
  CliResult result = Cli({"check", dir.path(), "--junit", report});
  ASSERT_EQ(result.status, kExitOk) << result.out << result.err;
  std::string xml = ReadFile(report);
  EXPECT_EQ(testing::XmlWellFormedError(xml), "") << xml;
  EXPECT_NE(xml.find("tests=\"3\" failures=\"0\""), std::string::npos) << xml;
  EXPECT_NE(xml.find("name=\"for-update\""), std::string::npos);
  EXPECT_NE(xml.find("<skipped message=\"no expect; the verdict was"), std::string::npos);

  // A mismatch becomes a <failure>.
  std::string text = kCounter;
  text.replace(text.find("expect = \"anomaly\""), 18, "expect = \"prevented\"");
  dir.Write("counter.toml", text);
  EXPECT_EQ(Cli({"check", dir.path(), "--junit", report}).status, kExitMismatch);
  xml = ReadFile(report);
  EXPECT_EQ(testing::XmlWellFormedError(xml), "") << xml;
  EXPECT_NE(xml.find("<failure type=\"mismatch\" message=\"expected prevented, got anomaly\">"),
            std::string::npos)
      << xml;
}

TEST(CliListTest, ListsTitleAnomalyVariantsAndExpectations) {
  TempDir dir;
  std::string file = dir.Write("counter.toml", kCounter);
  CliResult result = Cli({"list", file}, /*with_db=*/false);
  EXPECT_EQ(result.status, kExitOk) << result.err;
  EXPECT_NE(result.out.find(file), std::string::npos);
  EXPECT_NE(result.out.find("Counter"), std::string::npos);
  EXPECT_NE(result.out.find("anomaly: lost update (P4)"), std::string::npos);
  EXPECT_NE(result.out.find("for-update  prevented-by-wait"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("unchecked   (no expect)"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("REPEATABLE READ"), std::string::npos);
  EXPECT_NE(result.out.find("1 scenario file, 3 variants"), std::string::npos);

  CliResult library = Cli({"list", SourceDir() + "/scenarios"}, /*with_db=*/false);
  EXPECT_EQ(library.status, kExitOk) << library.err;
  EXPECT_NE(library.out.find("dune_duplicate_insert.toml"), std::string::npos);
  EXPECT_NE(library.out.find("for-update-as-written"), std::string::npos);

  EXPECT_EQ(Cli({"list", dir.path() + "/missing"}, false).status, kExitBadInput);
}

// What keeps the library honest: every variant of every shipped scenario
// gives the verdict its file expects, on a real PostgreSQL.
TEST(ScenarioLibraryTest, EveryShippedVariantMatchesItsExpectation) {
  TempDir dir;
  std::string report = dir.path() + "/library.xml";
  CliResult result =
      Cli({"check", SourceDir() + "/scenarios", "-j", "2", "--junit", report, "--verbose"});
  EXPECT_EQ(result.status, kExitOk) << result.out << result.err;
  EXPECT_NE(result.out.find(" 0 MISMATCH, 0 without expect"), std::string::npos) << result.out;
  EXPECT_EQ(testing::XmlWellFormedError(ReadFile(report)), "");
}

}  // namespace
}  // namespace interleave
