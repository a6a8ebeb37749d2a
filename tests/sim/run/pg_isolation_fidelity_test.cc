// Behaviours of PostgreSQL's isolationtester that the shared specs do not
// cover, checked against the reference program itself (Debian's
// postgresql-server-dev ships it; the tests skip with a message without it):
// small specs of our own, written here, run through both on the private test
// server, and the outputs must be the same, as pg_isolation_regress records
// them (stdout and stderr together). Covered: notifications a session
// receives (LISTEN/NOTIFY), a session whose backend is terminated in a step
// (libpq's own "server closed the connection unexpectedly" text), and the
// notices a long spec name causes (the control connection's hidden).
#include <fcntl.h>
#include <gtest/gtest.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <string>
#include <vector>

#include "report/isolation_printer.h"
#include "sim/parse/spec_parser.h"
#include "sim/plan/interleavings.h"
#include "sim/plan/plan.h"
#include "sim/run/run.h"
#include "sim/run/variant_runner.h"
#include "tests/cli/cli_test_support.h"
#include "tests/test_support.h"

extern char** environ;

namespace interleave {
namespace {

namespace fs = std::filesystem;

// The reference isolationtester of PostgreSQL 15 (the private server's
// version), or "".
std::string ReferenceTester() {
  std::error_code error;
  for (const auto& version : fs::directory_iterator("/usr/lib/postgresql", error)) {
    fs::path tester = version.path() / "lib/pgxs/src/test/isolation/isolationtester";
    if (version.path().filename() == "15" && fs::exists(tester, error)) return tester.string();
  }
  return "";
}

// What the reference prints for `spec_path` on `conninfo`, stdout and stderr
// in one file as pg_isolation_regress keeps them, with its environment.
std::string RunReference(const std::string& tester, const std::string& conninfo,
                         const std::string& name, const std::string& spec_path,
                         const std::string& out_path) {
  std::vector<std::string> env;
  for (char** entry = environ; *entry; ++entry) {
    std::string variable = *entry;
    if (variable.rfind("PG", 0) != 0) env.push_back(variable);
  }
  env.push_back("PGAPPNAME=isolation/" + name);
  env.push_back("PGTZ=PST8PDT");
  env.push_back("PGDATESTYLE=Postgres, MDY");
  env.push_back("PGOPTIONS=-c intervalstyle=postgres_verbose");
  std::vector<char*> envp;
  for (auto& variable : env) envp.push_back(variable.data());
  envp.push_back(nullptr);
  std::string arg0 = tester;
  std::string arg1 = conninfo;
  char* argv[] = {arg0.data(), arg1.data(), nullptr};
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, spec_path.c_str(), O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                   0600);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  pid_t pid = -1;
  int spawned = posix_spawn(&pid, tester.c_str(), &actions, nullptr, argv, envp.data());
  posix_spawn_file_actions_destroy(&actions);
  EXPECT_EQ(spawned, 0);
  int status = 0;
  if (spawned == 0) waitpid(pid, &status, 0);
  return testing::ReadFile(out_path);
}

// What we print for the spec (interleave run X.spec --format isolationtester).
std::string RunOurs(const std::string& spec_path) {
  Scenario spec = ParseSpecFile(spec_path);
  RunOptions options;
  options.isolation_spec_settings = true;
  options.spec_name = spec.title;
  options.capture_state = false;
  std::vector<Plan> plans;
  for (const Schedule& schedule : SpecSchedules(spec)) {
    plans.push_back(MakePlan(spec, nullptr, schedule));
  }
  std::vector<Trace> traces;
  for (VariantResult& result : RunPlans(testing::SharedTarget(), plans, options)) {
    traces.push_back(std::move(result.trace));
  }
  return FormatIsolationRun(spec, traces);
}

class IsolationFidelityTest : public ::testing::Test {
 protected:
  void SetUp() override {
    tester_ = ReferenceTester();
    if (tester_.empty()) {
      GTEST_SKIP() << "PostgreSQL 15's isolationtester is not installed "
                      "(/usr/lib/postgresql/15/lib/pgxs/src/test/isolation, package "
                      "postgresql-server-dev-15): nothing to compare with";
    }
  }

  // Runs spec `text` (named `name`) through the reference and through ours.
  void ExpectSameOutput(const std::string& name, const std::string& text) {
    const std::string path = dir_.Write(name + ".spec", text);
    auto scratch = testing::SharedTarget().CreateScratch();
    const std::string reference =
        RunReference(tester_, scratch->conninfo(), name, path, dir_ / (name + ".out"));
    scratch.reset();
    const std::string ours = RunOurs(path);
    EXPECT_EQ(ours, reference);
    reference_ = reference;
  }

  std::string tester_;
  std::string reference_;
  testing::TempDir dir_;
};

TEST_F(IsolationFidelityTest, NotificationsAreListedAfterTheStepThatReceivedThem) {
  ExpectSameOutput("notify", R"spec(
session listener
step listen { LISTEN c1; LISTEN c2; }
step self { NOTIFY c1, 'from me'; NOTIFY c2, 'again'; }
step poll { SELECT 1 AS one; }
session sender
step tell { NOTIFY c1, 'hello'; SELECT pg_notify('c2', NULL); }
permutation listen self tell poll
)spec");
  // The reference's own text, so that the comparison above means something.
  EXPECT_NE(reference_.find("listener: NOTIFY \"c1\" with payload \"hello\" from sender"),
            std::string::npos)
      << reference_;
}

TEST_F(IsolationFidelityTest, ATerminatedSessionShowsTheServersAndLibpqsMessages) {
  ExpectSameOutput("terminate", R"spec(
setup { CREATE TABLE t (id int PRIMARY KEY); INSERT INTO t VALUES (1); }
teardown { DROP TABLE t; }
session victim
step vbegin { BEGIN; }
step vupdate { UPDATE t SET id = 1; }
session killer
step kbegin { BEGIN; UPDATE t SET id = 1; }
step kill { SELECT pg_terminate_backend(pid) AS killed FROM pg_stat_activity WHERE application_name LIKE '%/victim'; }
step kcommit { COMMIT; }
session self
step suicide { SELECT pg_terminate_backend(pg_backend_pid()); }
permutation vbegin kbegin vupdate kill kcommit suicide
)spec");
  EXPECT_NE(reference_.find("server closed the connection unexpectedly"), std::string::npos)
      << reference_;
}

TEST_F(IsolationFidelityTest, ALongSpecNameGivesTheReferencesNoticesOnly) {
  // "isolation/" and 54 characters: clipped at login and again with the
  // session's name appended.
  const std::string name(54, 'n');
  ExpectSameOutput(name, R"spec(
setup { DO $$ BEGIN RAISE NOTICE 'setup notice (control connection: hidden)'; END $$; }
session s1
step one { SELECT 1 AS a; }
session s2
step two { SELECT 2 AS b; }
)spec");
  EXPECT_NE(reference_.find("s1: NOTICE:  identifier"), std::string::npos) << reference_;
  EXPECT_EQ(reference_.find("setup notice"), std::string::npos) << reference_;
}

TEST_F(IsolationFidelityTest, ASpecNameJustTooLongForTheSessionSuffix) {
  const std::string name(52, 'm');
  ExpectSameOutput(name, R"spec(
session s1
step one { SELECT 1 AS a; }
)spec");
}

}  // namespace
}  // namespace interleave
