// What the MariaDB tests share: one private MariaDB server for the test
// binary (or the server INTERLEAVE_TEST_MARIADB names), started on first use
// and stopped at exit, and a bounded wait for a connection's answer. Tests
// skip when no MariaDB server is installed.
// Thread-safety: SharedMariaTarget() is safe to call from any test.
#pragma once

#include <poll.h>

#include <chrono>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <string>

#include "db/engine.h"
#include "db/mariadb/maria_private_server.h"
#include "db/mariadb/maria_target.h"

namespace interleave::testing {

inline bool MariaAvailable() {
  const char* url = std::getenv("INTERLEAVE_TEST_MARIADB");
  return (url && *url) || MariaPrivateServer::Installed({});
}

#define SKIP_WITHOUT_MARIADB()                                                      \
  if (!::interleave::testing::MariaAvailable())                                     \
  GTEST_SKIP() << "mariadbd is not installed (apt-get install mariadb-server) and " \
                  "INTERLEAVE_TEST_MARIADB names no server"

inline MariaTarget& SharedMariaTarget() {
  static std::once_flag once;
  static std::shared_ptr<MariaTarget> target;
  std::call_once(once, [] {
    const char* url = std::getenv("INTERLEAVE_TEST_MARIADB");
    target = url && *url ? MariaTarget::Connect(url) : MariaTarget::StartPrivate();
  });
  return *target;
}

// Waits (at most `timeout_ms`) until `connection` has its whole answer, on
// its socket's readability; true when it has.
inline bool WaitForAnswer(ClientConnection& connection, int timeout_ms = 20000) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (!connection.Poll()) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                    deadline - std::chrono::steady_clock::now())
                    .count();
    if (left <= 0) return false;
    pollfd entry{connection.socket(), POLLIN, 0};
    poll(&entry, 1, static_cast<int>(left));
  }
  return true;
}

}  // namespace interleave::testing
