// Ctrl-C, SIGTERM and kill -9 in the middle of a run of the real `interleave`
// binary: nothing is left running, no socket folder, no scratch database, and
// the next run starts cleanly.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "db/postgres/pg_private_server.h"
#include "db/process/process_util.h"

extern char** environ;

namespace interleave {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

const char* kHangingScenario = R"toml(
title = "waits for a long time"
anomaly = "none"
story = "a step that sleeps, so the run can be interrupted in the middle"
setup = "CREATE TABLE t (id int)"
[[clients]]
name = "a"
steps = [ { name = "a1", sql = "BEGIN" }, { name = "a2", sql = "SELECT pg_sleep(120)" } ]
[[clients]]
name = "b"
steps = [ { name = "b1", sql = "SELECT 1" } ]
[[schedules]]
name = "s"
steps = "a1 a2 b1"
)toml";

class InterruptTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = "/tmp/interleave-interrupt-test-" + std::to_string(getpid());
    fs::create_directories(dir_);
    cache_ = dir_ + "/cache";
    scenario_ = dir_ + "/hang.toml";
    std::ofstream(scenario_) << kHangingScenario;
  }
  void TearDown() override { RemoveTree(dir_); }

  pid_t Start(const std::string& scenario) {
    std::string cache_env = "INTERLEAVE_CACHE_DIR=" + cache_;
    std::vector<std::string> env_strings;
    for (char** e = environ; *e; ++e) {
      if (std::string(*e).rfind("INTERLEAVE_", 0) != 0 && std::string(*e).rfind("PG", 0) != 0) {
        env_strings.push_back(*e);
      }
    }
    env_strings.push_back(cache_env);
    std::vector<char*> env;
    for (auto& s : env_strings) env.push_back(s.data());
    env.push_back(nullptr);
    std::string binary = INTERLEAVE_BINARY;
    std::vector<std::string> arg_strings = {binary, "run", scenario, "--step-timeout", "600000"};
    std::vector<char*> args;
    for (auto& s : arg_strings) args.push_back(s.data());
    args.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    std::string log = dir_ + "/child.log";
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
    pid_t pid = -1;
    EXPECT_EQ(posix_spawn(&pid, binary.c_str(), &actions, &attributes, args.data(), env.data()), 0);
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attributes);
    return pid;
  }

  // Waits (bounded) until the child's private server shows the sleeping step
  // running; returns the child's socket folder and its server's pid.
  bool WaitUntilMidRun(pid_t child, std::string* socket_dir, pid_t* server_pid) {
    auto deadline = Clock::now() + std::chrono::seconds(60);
    std::string prefix = "interleave-" + std::to_string(child) + "-";
    while (Clock::now() < deadline) {
      for (auto& entry : fs::directory_iterator("/tmp")) {
        std::string name = entry.path().filename();
        if (name.rfind(prefix, 0) != 0) continue;
        std::string conninfo = "host=" + entry.path().string() + " user=interleave dbname=postgres";
        PGconn* conn = PQconnectdb(conninfo.c_str());
        bool running = false;
        if (PQstatus(conn) == CONNECTION_OK) {
          PGresult* result = PQexec(conn,
                                    "SELECT count(*) FROM pg_stat_activity WHERE state = 'active' "
                                    "AND query LIKE 'SELECT pg_sleep(120)%'");
          running = PQntuples(result) == 1 && std::string(PQgetvalue(result, 0, 0)) == "1";
          PQclear(result);
        }
        PQfinish(conn);
        if (running) {
          *socket_dir = entry.path();
          std::ifstream lock(*socket_dir + "/.s.PGSQL.5432.lock");
          lock >> *server_pid;
          return true;
        }
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));  // polling a condition
    }
    return false;
  }

  std::vector<std::string> ScratchDatabasesLeft() {
    auto server = PrivateServer::Start({cache_, "", ""});
    std::vector<std::string> names;
    PGconn* conn = PQconnectdb(server->ConnInfo("postgres").c_str());
    PGresult* result =
        PQexec(conn, "SELECT datname FROM pg_database WHERE datname LIKE 'interleave_scratch_%'");
    for (int i = 0; i < PQntuples(result); ++i) names.push_back(PQgetvalue(result, i, 0));
    PQclear(result);
    PQfinish(conn);
    return names;
  }

  std::string dir_, cache_, scenario_;
};

TEST_F(InterruptTest, CtrlCLeavesNoServerNoSocketAndNoScratchDatabase) {
  for (int signal_number : {SIGINT, SIGTERM}) {
    pid_t child = Start(scenario_);
    std::string socket_dir;
    pid_t server_pid = 0;
    ASSERT_TRUE(WaitUntilMidRun(child, &socket_dir, &server_pid));
    ASSERT_TRUE(ProcessAlive(server_pid));
    kill(child, signal_number);
    int status = 0;
    ASSERT_EQ(waitpid(child, &status, 0), child);
    ASSERT_TRUE(WIFEXITED(status));
    EXPECT_EQ(WEXITSTATUS(status), 128 + signal_number);
    EXPECT_FALSE(ProcessAlive(server_pid)) << "the private server outlived the run";
    EXPECT_FALSE(fs::exists(socket_dir)) << socket_dir;
    EXPECT_TRUE(ScratchDatabasesLeft().empty());
  }
}

TEST_F(InterruptTest, AfterKillNineTheServerStopsAndTheNextRunStartsCleanly) {
  pid_t child = Start(scenario_);
  std::string socket_dir;
  pid_t server_pid = 0;
  ASSERT_TRUE(WaitUntilMidRun(child, &socket_dir, &server_pid));
  kill(child, SIGKILL);
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  // The server gets a parent-death signal; wait (bounded) for it to go.
  auto deadline = Clock::now() + std::chrono::seconds(30);
  while (ProcessAlive(server_pid) && Clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));  // polling a condition
  }
  EXPECT_FALSE(ProcessAlive(server_pid));

  // The next run cleans what the killed one left: its socket folder and its
  // scratch database.
  std::string quick = dir_ + "/quick.toml";
  std::string text = kHangingScenario;
  text.replace(text.find("pg_sleep(120)"), 13, "pg_sleep(0)");
  std::ofstream(quick) << text;
  pid_t next = Start(quick);
  ASSERT_EQ(waitpid(next, &status, 0), next);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
  EXPECT_FALSE(fs::exists(socket_dir));
  EXPECT_TRUE(ScratchDatabasesLeft().empty());
}

// Bytes and entries under `dir` (the cache folder of the private server).
std::pair<uintmax_t, size_t> FolderSize(const std::string& dir) {
  uintmax_t bytes = 0;
  size_t entries = 0;
  std::error_code error;
  for (auto it = fs::recursive_directory_iterator(dir, error);
       it != fs::recursive_directory_iterator(); it.increment(error)) {
    if (error) break;
    ++entries;
    if (it->is_regular_file(error)) bytes += it->file_size(error);
  }
  return {bytes, entries};
}

TEST_F(InterruptTest, RepeatedKillNineLeavesTheCachedClusterTheSameSize) {
  std::string quick = dir_ + "/quick.toml";
  std::string text = kHangingScenario;
  text.replace(text.find("pg_sleep(120)"), 13, "pg_sleep(0)");
  std::ofstream(quick) << text;
  int status = 0;
  pid_t first = Start(quick);
  ASSERT_EQ(waitpid(first, &status, 0), first);
  const auto [bytes_before, entries_before] = FolderSize(cache_);
  ASSERT_GT(bytes_before, 0u);
  for (int kill_number = 0; kill_number < 5; ++kill_number) {
    pid_t child = Start(scenario_);
    std::string socket_dir;
    pid_t server_pid = 0;
    ASSERT_TRUE(WaitUntilMidRun(child, &socket_dir, &server_pid));
    kill(child, SIGKILL);
    ASSERT_EQ(waitpid(child, &status, 0), child);
    auto deadline = Clock::now() + std::chrono::seconds(30);
    while (ProcessAlive(server_pid) && Clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));  // polling a condition
    }
  }
  pid_t last = Start(quick);
  ASSERT_EQ(waitpid(last, &status, 0), last);
  EXPECT_EQ(WEXITSTATUS(status), 0);
  const auto [bytes_after, entries_after] = FolderSize(cache_);
  // The cache is a template no run writes to: five killed runs add nothing
  // (a few files of the server's own, such as its log, may change size).
  EXPECT_LE(bytes_after, bytes_before + 2 * 1024 * 1024)
      << bytes_before << " bytes before, " << bytes_after << " after";
  EXPECT_LE(entries_after, entries_before + 5) << entries_before << " entries before";
  EXPECT_TRUE(ScratchDatabasesLeft().empty());
}

}  // namespace
}  // namespace interleave
