// Exit codes of `interleave run` and `check` against the real private server:
// 0 a run that went to its end, 1 a variant whose run failed (a setup that
// passed its time limit, a setup error), 2 bad input, 3 a server that cannot
// be reached or whose connection is lost during a run. (130 on Ctrl-C is in
// interrupt_test.cc.)
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli/cli.h"
#include "tests/cli/cli_test_support.h"
#include "tests/test_support.h"

namespace interleave {
namespace {

namespace fs = std::filesystem;

using testing::CliResult;

CliResult Cli(std::vector<std::string> args) { return testing::RunCliOnSharedServer(args); }

std::string Write(const std::string& name, const std::string& setup, const std::string& b1) {
  fs::path dir = fs::temp_directory_path() / ("interleave_exit_test_" + std::to_string(getpid()));
  fs::create_directories(dir);
  std::string path = (dir / name).string();
  std::ofstream(path) << "title = \"exit\"\nanomaly = \"none\"\nstory = \"exit codes\"\n"
                      << "setup = \"" << setup << "\"\n"
                      << "[[clients]]\nname = \"a\"\n"
                      << "steps = [ { name = \"a1\", sql = \"SELECT 1\" },\n"
                      << "          { name = \"a2\", sql = \"SELECT 3\" } ]\n"
                      << "[[clients]]\nname = \"b\"\n"
                      << "steps = [ { name = \"b1\", sql = \"" << b1 << "\" } ]\n"
                      << "[[schedules]]\nname = \"s\"\nsteps = \"a1 b1 a2\"\n";
  return path;
}

TEST(ExitStatusTest, ARunThatGoesToItsEndExitsZero) {
  CliResult result = Cli({"run", Write("ok.toml", "CREATE TABLE t (id int)", "SELECT 2")});
  EXPECT_EQ(result.status, kExitOk) << result.err;
}

TEST(ExitStatusTest, ASetupThatFailsOrPassesItsLimitExitsOne) {
  CliResult failed =
      Cli({"run", Write("bad_setup.toml", "CREATE TABLE t (id nosuchtype)", "SELECT 2")});
  EXPECT_EQ(failed.status, kExitMismatch) << failed.err;
  EXPECT_NE(failed.err.find("setup failed"), std::string::npos) << failed.err;
  // check: the limit is given on the command line.
  CliResult slow = Cli({"check", Write("slow.toml", "SELECT pg_sleep(1000)", "SELECT 2"),
                        "--setup-timeout", "500", "-v"});
  EXPECT_NE(slow.out.find("slow.toml: setup did not finish within 500 ms, so it was cancelled"),
            std::string::npos)
      << slow.out;
}

TEST(ExitStatusTest, ALostConnectionExitsThree) {
  // b ends a's session: a's connection is gone in the middle of the run.
  CliResult result = Cli({"run", Write("lost.toml", "CREATE TABLE t (id int)",
                                       "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                                       "WHERE application_name = 'interleave/a'")});
  EXPECT_EQ(result.status, kExitServer) << result.out << result.err;
}

TEST(ExitStatusTest, AServerThatCannotBeReachedExitsThreeAndBadInputTwo) {
  std::ostringstream out;
  std::ostringstream err;
  std::string file = Write("ok2.toml", "CREATE TABLE t (id int)", "SELECT 2");
  EXPECT_EQ(RunCli({"run", file, "--db", "host=/nonexistent/socket dbname=x"}, out, err),
            kExitServer)
      << err.str();
  EXPECT_EQ(RunCli({"run", file, "--step-timeout", "0"}, out, err), kExitBadInput);
  EXPECT_EQ(RunCli({"check", file, "--setup-timeout", "zero"}, out, err), kExitBadInput);
}

}  // namespace
}  // namespace interleave
