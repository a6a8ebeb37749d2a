// The private MariaDB server: real grant tables, a private socket and no TCP,
// run as an unprivileged user when we are root, the data folder created once
// and reused, a private copy when it is busy, nothing left after a stop or at
// exit, and a killed run's leftovers removed by the next start.
#if INTERLEAVE_WITH_MARIADB
#include "db/mariadb/maria_private_server.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "db/mariadb/maria_control_connection.h"
#include "db/process/cleanup_registry.h"
#include "db/process/process_util.h"
#include "tests/db/mariadb/maria_test_server.h"

extern char** environ;

namespace interleave {
namespace {

namespace fs = std::filesystem;

// A cache folder of this test process, removed when the tests end.
struct TempCacheDir {
  std::string path = "/tmp/interleave-maria-test-cache-" + std::to_string(getpid());
  TempCacheDir() { RemoveTree(path); }
  ~TempCacheDir() { RemoveTree(path); }
};

const std::string& TempCache() {
  static TempCacheDir dir;
  return dir.path;
}

int ProcessUid(pid_t pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("Uid:", 0) == 0) return std::stoi(line.substr(4));
  }
  return -1;
}

std::string Value(MariaPrivateServer& server, const std::string& sql) {
  MariaControlConnection control(server.Params("mysql"));
  StepOutcome outcome = control.Execute(sql);
  EXPECT_FALSE(outcome.error) << outcome.error->message;
  if (outcome.error || outcome.results.empty() || outcome.results[0].rows.empty()) return "";
  return outcome.results[0].rows[0][0].value_or("NULL");
}

// Waits (bounded) for a process that was told to end.
bool EndsWithin(pid_t pid, int timeout_ms) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (ProcessAlive(pid)) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    usleep(2000);  // polling a condition
  }
  return true;
}

// Starts a server in a child process (this test binary running
// DISABLED_StartsAServerThenEnds) on `cache`, which reports its server's pid,
// socket and data folders in a file, then ends: through the exit path
// (CleanupRegistry::RunAll, as main() does) or by SIGKILL.
struct ChildRun {
  pid_t server = -1;
  std::string socket_dir;
  std::string data_dir;
};

ChildRun StartInChild(const std::string& cache, bool killed) {
  std::string report = cache + "/child-report.txt";
  RemoveTree(report);
  std::vector<std::string> env_strings;
  for (char** e = environ; *e; ++e) env_strings.push_back(*e);
  env_strings.push_back("INTERLEAVE_MARIA_CHILD_CACHE=" + cache);
  env_strings.push_back("INTERLEAVE_MARIA_CHILD_REPORT=" + report);
  env_strings.push_back(std::string("INTERLEAVE_MARIA_CHILD_END=") + (killed ? "kill" : "exit"));
  std::vector<char*> env;
  for (auto& text : env_strings) env.push_back(text.data());
  env.push_back(nullptr);
  std::string binary = fs::read_symlink("/proc/self/exe");
  std::vector<std::string> arg_strings = {
      binary, "--gtest_also_run_disabled_tests",
      "--gtest_filter=MariaPrivateServerChild.DISABLED_StartsAServerThenEnds"};
  std::vector<char*> args;
  for (auto& text : arg_strings) args.push_back(text.data());
  args.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  std::string log = cache + "/child.log";
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log.c_str(),
                                   O_WRONLY | O_CREAT | O_APPEND, 0644);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, log.c_str(),
                                   O_WRONLY | O_CREAT | O_APPEND, 0644);
  // The test binary blocks these signals for its own watcher; the child must not inherit that.
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  sigset_t none;
  sigemptyset(&none);
  posix_spawnattr_setsigmask(&attributes, &none);
  posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGMASK);
  pid_t child = -1;
  EXPECT_EQ(posix_spawn(&child, binary.c_str(), &actions, &attributes, args.data(), env.data()), 0);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attributes);
  int status = 0;
  waitpid(child, &status, 0);
  ChildRun run;
  std::ifstream in(report);
  in >> run.server >> run.socket_dir >> run.data_dir;
  return run;
}

// Runs only in the child process StartInChild starts.
TEST(MariaPrivateServerChild, DISABLED_StartsAServerThenEnds) {
  const char* cache = getenv("INTERLEAVE_MARIA_CHILD_CACHE");
  const char* report = getenv("INTERLEAVE_MARIA_CHILD_REPORT");
  const char* end = getenv("INTERLEAVE_MARIA_CHILD_END");
  if (!cache || !report || !end) GTEST_SKIP() << "runs only as another test's child process";
  auto* server = MariaPrivateServer::Start({cache, "", cache}).release();  // left to the exit path
  {
    std::ofstream out(report);
    out << server->pid() << " " << server->socket_dir() << " " << server->data_dir() << "\n";
  }
  if (std::string(end) == "kill") raise(SIGKILL);
  CleanupRegistry::RunAll();  // what main() does at exit
  _exit(0);
}

TEST(MariaPrivateServerTest, RunsWithRealUsersOnAPrivateSocketOnly) {
  SKIP_WITHOUT_MARIADB();
  auto start = std::chrono::steady_clock::now();
  auto server = MariaPrivateServer::Start({TempCache(), "", ""});
  double total_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  std::cout << "[ measure  ] private MariaDB " << server->version() << " start: " << total_ms
            << " ms (install-db " << server->install_ms() << " ms, server " << server->start_ms()
            << " ms)\n";
  EXPECT_EQ(Value(*server, "SELECT @@skip_networking"), "1");
  EXPECT_EQ(Value(*server, "SELECT @@innodb_flush_log_at_trx_commit"), "0");
  EXPECT_EQ(Value(*server, "SELECT @@log_bin"), "0");
  EXPECT_EQ(Value(*server, "SELECT CURRENT_USER()"), "root@localhost");
  EXPECT_NE(Value(*server, "SELECT COUNT(*) FROM mysql.global_priv"), "0");
  EXPECT_EQ(fs::status(server->socket_dir()).permissions() & fs::perms::others_all,
            fs::perms::none);
  EXPECT_EQ(server->socket_dir().rfind("/tmp/interleave-" + std::to_string(getpid()) + "-", 0), 0u);
  if (geteuid() == 0) {
    EXPECT_NE(ProcessUid(server->pid()), 0) << "as root the server runs as an unprivileged user";
  }
}

TEST(MariaPrivateServerTest, DataFolderIsCreatedOnceAndReused) {
  SKIP_WITHOUT_MARIADB();
  { auto first = MariaPrivateServer::Start({TempCache(), "", ""}); }
  auto start = std::chrono::steady_clock::now();
  auto again = MariaPrivateServer::Start({TempCache(), "", ""});
  double total_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  std::cout << "[ measure  ] private MariaDB later start: " << total_ms << " ms (server "
            << again->start_ms() << " ms)\n";
  EXPECT_FALSE(again->created_data_dir());
  EXPECT_EQ(again->data_dir(),
            TempCache() + "/mariadb-" + again->version().substr(0, again->version().rfind('.')));
}

TEST(MariaPrivateServerTest, SecondServerAtOnceRunsOnAPrivateCopyRemovedAtStop) {
  SKIP_WITHOUT_MARIADB();
  auto first = MariaPrivateServer::Start({TempCache(), "", ""});
  std::string copy_dir, socket_dir;
  pid_t pid;
  {
    auto second = MariaPrivateServer::Start({TempCache(), "", ""});
    EXPECT_NE(first->data_dir(), second->data_dir());
    EXPECT_EQ(Value(*second, "SELECT 1"), "1");
    copy_dir = second->data_dir();
    socket_dir = second->socket_dir();
    pid = second->pid();
  }
  EXPECT_FALSE(fs::exists(copy_dir));
  EXPECT_FALSE(fs::exists(socket_dir));
  EXPECT_FALSE(ProcessAlive(pid));
  EXPECT_EQ(Value(*first, "SELECT 1"), "1");
}

TEST(MariaPrivateServerTest, StopLeavesNoProcessAndNoSocket) {
  SKIP_WITHOUT_MARIADB();
  auto server = MariaPrivateServer::Start({TempCache(), "", ""});
  pid_t pid = server->pid();
  std::string socket_dir = server->socket_dir();
  ASSERT_TRUE(ProcessAlive(pid));
  server->Stop();
  EXPECT_FALSE(ProcessAlive(pid));
  EXPECT_FALSE(fs::exists(socket_dir));
}

TEST(MariaPrivateServerTest, ServerStartedByAProcessStopsWhenItExits) {
  SKIP_WITHOUT_MARIADB();
  ChildRun run = StartInChild(TempCache(), false);
  ASSERT_GT(run.server, 0) << "the child could not start a server";
  EXPECT_TRUE(EndsWithin(run.server, 30000));
  EXPECT_FALSE(fs::exists(run.socket_dir));
  auto next = MariaPrivateServer::Start({TempCache(), "", ""});
  EXPECT_EQ(Value(*next, "SELECT 1"), "1");
}

TEST(MariaPrivateServerTest, KilledRunsLeftoversAreRemovedByTheNextStart) {
  SKIP_WITHOUT_MARIADB();
  // Socket folders are made in the test's own folder: a concurrent start
  // elsewhere would rightly remove a dead run's folder from /tmp.
  // Held meanwhile, so that the killed run works on a copy of its own.
  auto holder = MariaPrivateServer::Start({TempCache(), "", TempCache()});
  ChildRun run = StartInChild(TempCache(), true);
  ASSERT_GT(run.server, 0) << "the child could not start a server";
  ASSERT_NE(run.data_dir, holder->data_dir());
  // The parent-death signal ends the killed run's server.
  EXPECT_TRUE(EndsWithin(run.server, 30000)) << "the server outlived the killed run";
  EXPECT_TRUE(fs::exists(run.socket_dir));
  EXPECT_TRUE(fs::exists(run.data_dir));
  auto next = MariaPrivateServer::Start({TempCache(), "", TempCache()});
  EXPECT_FALSE(fs::exists(run.socket_dir)) << "the killed run's socket folder is left";
  EXPECT_FALSE(fs::exists(run.data_dir)) << "the killed run's copy is left";
  EXPECT_TRUE(fs::exists(holder->socket_dir())) << "a live run's socket folder was removed";
}

TEST(MariaPrivateServerTest, MissingServerGivesOneClearError) {
  try {
    MariaPrivateServer::Start({TempCache(), "/nonexistent/mariadbd", ""});
    FAIL() << "expected an error";
  } catch (const std::exception& error) {
    EXPECT_NE(std::string(error.what()).find("no MariaDB server found"), std::string::npos);
  }
}

}  // namespace
}  // namespace interleave
#endif  // INTERLEAVE_WITH_MARIADB
