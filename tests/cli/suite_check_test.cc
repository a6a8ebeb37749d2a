// `interleave check SPECS --expected DIR` (suite mode) against the real
// private server: the shared PostgreSQL isolation suite passes as a whole;
// an expected file altered in a temporary copy gives FAILED with a diff and
// exit 1; alternative expected files (NAME_N.out) are accepted; each spec
// runs with pg_isolation_regress's application_name, TimeZone, DateStyle and
// IntervalStyle; bad input is one clear message and exit 2.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
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

// Runs `interleave ARGS` on the shared test server.
CliResult Cli(std::vector<std::string> args) { return testing::RunCliOnSharedServer(args); }

std::string SharedSuite() { return SourceDir() + "/../shared/pg-isolation"; }

// A spec that prints the settings a spec's sessions run with.
const char* kSettingsSpec = R"spec(
setup { CREATE TABLE t (id int PRIMARY KEY, v int); INSERT INTO t VALUES (1, 10); }
teardown { DROP TABLE t; }
session s1
step s1show { SELECT current_setting('application_name') AS app,
                     current_setting('TimeZone') AS tz,
                     current_setting('DateStyle') AS ds,
                     current_setting('IntervalStyle') AS ist; }
step s1up { UPDATE t SET v = v + 1 WHERE id = 1; }
session s2
step s2read { SELECT v FROM t WHERE id = 1; }
permutation s1show s1up s2read
)spec";

TEST(SuiteCheck, SharedSuitePassesAsAWhole) {
  if (!fs::is_directory(SharedSuite() + "/specs")) {
    GTEST_SKIP() << SharedSuite() << "/specs not found: the shared isolation suite is skipped";
  }
  TempDir results;
  CliResult run = Cli({"check", SharedSuite() + "/specs", "--expected", SharedSuite() + "/expected",
                       "--results", results / "results"});
  EXPECT_EQ(run.status, kExitOk) << run.out << run.err;
  int specs = 0;
  for (const auto& entry : fs::directory_iterator(SharedSuite() + "/specs")) {
    if (entry.path().extension() != ".spec") continue;
    ++specs;
    const std::string name = entry.path().stem().string();
    EXPECT_NE(run.out.find("test " + name + " "), std::string::npos) << name;
    EXPECT_TRUE(fs::exists(results / ("results/" + name + ".out"))) << name;
  }
  EXPECT_EQ(run.out.find("FAILED"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find(" All " + std::to_string(specs) + " tests passed. "), std::string::npos)
      << run.out;
  EXPECT_FALSE(fs::exists(results / "results/regression.diffs"));
}

TEST(SuiteCheck, AlteredExpectedFileFailsWithADiff) {
  if (!fs::is_directory(SharedSuite() + "/specs")) {
    GTEST_SKIP() << SharedSuite() << "/specs not found: the shared isolation suite is skipped";
  }
  TempDir dir;
  const std::string expected = dir / "expected";
  fs::copy(SharedSuite() + "/expected", expected);
  // One result row of simple-write-skew's expected output changed.
  std::string text = ReadFile(expected + "/simple-write-skew.out");
  const size_t step = text.find("step c1");
  ASSERT_NE(step, std::string::npos);
  text.insert(step, "step rx0: SELECT 'not in the real output';\n");
  dir.Write("expected/simple-write-skew.out", text);

  CliResult run = Cli({"check", SharedSuite() + "/specs/simple-write-skew.spec",
                       SharedSuite() + "/specs/nowait.spec", "--expected", expected, "--results",
                       dir / "results", "--junit", dir / "junit.xml", "-j", "2"});
  EXPECT_EQ(run.status, kExitMismatch) << run.out << run.err;
  EXPECT_NE(run.out.find("test nowait                       ... ok"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("test simple-write-skew            ... FAILED"), std::string::npos)
      << run.out;
  EXPECT_NE(run.out.find("diff -U3 -w " + expected + "/simple-write-skew.out " +
                         dir / "results/simple-write-skew.out"),
            std::string::npos)
      << run.out;
  EXPECT_NE(run.out.find("\n-step rx0: SELECT 'not in the real output';\n"), std::string::npos)
      << run.out;
  EXPECT_NE(run.out.find(" 1 of 2 tests failed. "), std::string::npos) << run.out;
  const std::string diffs = ReadFile(dir / "results/regression.diffs");
  EXPECT_NE(diffs.find("-step rx0"), std::string::npos) << diffs;
  // The output written is the real one, which the reference expects.
  EXPECT_EQ(ReadFile(dir / "results/nowait.out"), ReadFile(SharedSuite() + "/expected/nowait.out"));
  const std::string junit = ReadFile(dir / "junit.xml");
  EXPECT_EQ(testing::XmlWellFormedError(junit), "") << junit;
  EXPECT_NE(junit.find("failures=\"1\""), std::string::npos) << junit;
  EXPECT_NE(junit.find("<failure message=\"output differs from " + expected +
                       "/simple-write-skew.out\">"),
            std::string::npos)
      << junit;
}

TEST(SuiteCheck, SpecsRunWithTheReferenceRunnersSettings) {
  TempDir dir;
  const std::string spec = dir.Write("specs/show-settings.spec", kSettingsSpec);
  fs::create_directories(dir / "expected");
  CliResult run = Cli({"check", spec, "--expected", dir / "expected", "--results", dir / "out"});
  // No expected file yet: a failure that says so, with the whole output as
  // the diff.
  EXPECT_EQ(run.status, kExitMismatch) << run.out << run.err;
  EXPECT_NE(
      run.out.find("no expected output: " + dir / "expected/show-settings.out" + " does not exist"),
      std::string::npos)
      << run.out;
  const std::string output = ReadFile(dir / "out/show-settings.out");
  EXPECT_NE(output.find("isolation/show-settings/s1"), std::string::npos) << output;
  EXPECT_NE(output.find("PST8PDT"), std::string::npos) << output;
  EXPECT_NE(output.find("Postgres, MDY"), std::string::npos) << output;
  EXPECT_NE(output.find("postgres_verbose"), std::string::npos) << output;
  EXPECT_NE(output.find("step s2read: SELECT v FROM t WHERE id = 1;\n v\n--\n11\n"),
            std::string::npos)
      << output;
}

// Settings the user gave in libpq's own variables win over the reference
// runner's (PGTZ, PGDATESTYLE), as they do for any libpq client. The real
// binary runs with its own environment, so this test's stays as it is.
TEST(SuiteCheck, TheUsersTimeZoneAndDateStyleWin) {
  TempDir dir;
  const std::string spec = dir.Write("specs/show-settings.spec", kSettingsSpec);
  fs::create_directories(dir / "expected");
  const std::string command =
      "env PGTZ=UTC 'PGDATESTYLE=ISO, DMY' '" + std::string(INTERLEAVE_BINARY) + "' check '" +
      spec + "' --expected '" + (dir / "expected") + "' --results '" + (dir / "out") + "' --db '" +
      SharedTarget().admin_url() + "' >/dev/null 2>&1";
  const int status = std::system(command.c_str());
  ASSERT_TRUE(WIFEXITED(status)) << command;
  EXPECT_EQ(WEXITSTATUS(status), kExitMismatch) << command;  // no expected file
  const std::string output = ReadFile(dir / "out/show-settings.out");
  EXPECT_NE(output.find("UTC"), std::string::npos) << output;
  EXPECT_NE(output.find("ISO, DMY"), std::string::npos) << output;
  EXPECT_EQ(output.find("PST8PDT"), std::string::npos) << output;
  EXPECT_NE(output.find("isolation/show-settings/s1"), std::string::npos) << output;
}

TEST(SuiteCheck, AnAlternativeExpectedFileMatches) {
  TempDir dir;
  const std::string spec = dir.Write("specs/show-settings.spec", kSettingsSpec);
  fs::create_directories(dir / "expected");
  Cli({"check", spec, "--expected", dir / "expected", "--results", dir / "out"});
  const std::string output = ReadFile(dir / "out/show-settings.out");
  ASSERT_FALSE(output.empty());
  // NAME.out is wrong, NAME_1.out differs from the output in white space only.
  dir.Write("expected/show-settings.out", "starting permutation: something else\n");
  std::string spaced;
  for (char c : output) spaced += c == '|' ? std::string("  |  ") : std::string(1, c);
  dir.Write("expected/show-settings_1.out", spaced);
  CliResult run = Cli({"check", dir / "specs", "--expected", dir / "expected"});
  EXPECT_EQ(run.status, kExitOk) << run.out << run.err;
  EXPECT_NE(run.out.find("test show-settings                ... ok"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find(" All 1 tests passed. "), std::string::npos) << run.out;
}

TEST(SuiteCheck, BadInputIsOneClearMessage) {
  TempDir dir;
  const std::string spec = dir.Write("specs/show-settings.spec", kSettingsSpec);
  const std::string toml = dir.Write("x.toml", "title = \"x\"\n");

  CliResult missing = Cli({"check", spec, "--expected", dir / "nowhere"});
  EXPECT_EQ(missing.status, kExitBadInput);
  EXPECT_EQ(missing.err, "interleave check: error: --expected " + dir / "nowhere" +
                             ": not a folder of expected outputs\n");

  CliResult scenario = Cli({"check", toml, "--expected", dir / "specs"});
  EXPECT_EQ(scenario.status, kExitBadInput);
  EXPECT_NE(scenario.err.find(toml + ": --expected compares PostgreSQL isolation specs"),
            std::string::npos)
      << scenario.err;

  CliResult results_alone = Cli({"check", spec, "--results", dir / "out"});
  EXPECT_EQ(results_alone.status, kExitBadInput);
  EXPECT_EQ(results_alone.err, "interleave check: error: --results goes with --expected DIR\n");

  const std::string broken = dir.Write("bad/broken.spec",
                                       "session s1\nstep a { SELECT 1; }\n"
                                       "permutation a b\n");
  CliResult parse = Cli({"check", broken, "--expected", dir / "specs"});
  EXPECT_EQ(parse.status, kExitBadInput);
  EXPECT_NE(parse.err.find(broken), std::string::npos) << parse.err;
  EXPECT_EQ(parse.out, "");

  CliResult none = Cli({"check", dir / "expected-none", "--expected", dir / "specs"});
  EXPECT_EQ(none.status, kExitBadInput);
  EXPECT_NE(none.err.find("no such file or folder"), std::string::npos) << none.err;
}

}  // namespace
}  // namespace interleave
