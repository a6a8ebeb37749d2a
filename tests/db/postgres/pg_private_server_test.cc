// The private embedded server: created once and reused, run as an
// unprivileged user when we are root, a private copy when the cached cluster
// is busy, and nothing left behind after a stop.
#include "db/postgres/pg_private_server.h"

#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "db/process/process_util.h"

namespace interleave {
namespace {

std::string TempCache() {
  static std::string dir = [] {
    std::string path = "/tmp/interleave-test-cache-" + std::to_string(getpid());
    RemoveTree(path);
    return path;
  }();
  return dir;
}

int ProcessUid(pid_t pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("Uid:", 0) == 0) return std::stoi(line.substr(4));
  }
  return -1;
}

std::string Query(const std::string& conninfo, const std::string& sql) {
  PGconn* conn = PQconnectdb(conninfo.c_str());
  EXPECT_EQ(PQstatus(conn), CONNECTION_OK) << PQerrorMessage(conn);
  PGresult* result = PQexec(conn, sql.c_str());
  std::string value = PQntuples(result) > 0 ? PQgetvalue(result, 0, 0) : "";
  PQclear(result);
  PQfinish(conn);
  return value;
}

TEST(PrivateServerTest, StartsOnAPrivateSocketWithDurabilityOff) {
  auto server = PrivateServer::Start({TempCache(), "", ""});
  EXPECT_EQ(Query(server->ConnInfo("postgres"), "SHOW fsync"), "off");
  EXPECT_EQ(Query(server->ConnInfo("postgres"), "SHOW listen_addresses"), "");
  EXPECT_EQ(Query(server->ConnInfo("postgres"), "SHOW deadlock_timeout"), "100ms");
  EXPECT_EQ(std::filesystem::status(server->socket_dir()).permissions() &
                std::filesystem::perms::others_all,
            std::filesystem::perms::none);
  if (geteuid() == 0) {
    EXPECT_NE(ProcessUid(server->pid()), 0) << "as root the server runs as an unprivileged user";
  }
}

TEST(PrivateServerTest, ClusterIsCreatedOnceAndReused) {
  { auto first = PrivateServer::Start({TempCache(), "", ""}); }
  auto again = PrivateServer::Start({TempCache(), "", ""});
  EXPECT_FALSE(again->created_cluster());
  EXPECT_TRUE(std::filesystem::exists(TempCache() + "/pg15.template/PG_VERSION") ||
              !again->version().empty());
}

TEST(PrivateServerTest, SecondServerAtOnceRunsOnAPrivateCopyRemovedAtStop) {
  auto first = PrivateServer::Start({TempCache(), "", ""});
  std::string copy_dir;
  std::string socket_dir;
  pid_t pid;
  {
    auto second = PrivateServer::Start({TempCache(), "", ""});
    EXPECT_NE(first->data_dir(), second->data_dir());
    EXPECT_EQ(Query(second->ConnInfo("postgres"), "SELECT 1"), "1");
    copy_dir = second->data_dir();
    socket_dir = second->socket_dir();
    pid = second->pid();
  }
  EXPECT_FALSE(std::filesystem::exists(copy_dir));
  EXPECT_FALSE(std::filesystem::exists(socket_dir));
  EXPECT_FALSE(ProcessAlive(pid));
  EXPECT_EQ(Query(first->ConnInfo("postgres"), "SELECT 1"), "1");
}

TEST(PrivateServerTest, TwoCopiesInOneProcessNeverShareAFolder) {
  // A test's shared server and a command's own may both run on copies.
  auto holder = PrivateServer::Start({TempCache(), "", ""});
  auto second = PrivateServer::Start({TempCache(), "", ""});
  auto third = PrivateServer::Start({TempCache(), "", ""});
  EXPECT_NE(second->data_dir(), third->data_dir());
  EXPECT_NE(second->data_dir(), holder->data_dir());
  third->Stop();
  EXPECT_EQ(Query(second->ConnInfo("postgres"), "SELECT 1"), "1");
  EXPECT_EQ(Query(holder->ConnInfo("postgres"), "SELECT 1"), "1");
}

TEST(PrivateServerTest, StopLeavesNoProcessAndNoSocket) {
  auto server = PrivateServer::Start({TempCache(), "", ""});
  pid_t pid = server->pid();
  std::string socket_dir = server->socket_dir();
  ASSERT_TRUE(ProcessAlive(pid));
  server->Stop();
  EXPECT_FALSE(ProcessAlive(pid));
  EXPECT_FALSE(std::filesystem::exists(socket_dir));
}

TEST(PrivateServerTest, MissingBinariesGiveOneClearError) {
  try {
    PrivateServer::Start({TempCache(), "/nonexistent/bin", ""});
    FAIL() << "expected an error";
  } catch (const std::exception& error) {
    EXPECT_NE(std::string(error.what()).find("/nonexistent/bin"), std::string::npos);
  }
}

}  // namespace
}  // namespace interleave
