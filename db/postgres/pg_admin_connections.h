// The connections PgTarget and its scratch databases use to create and drop
// scratch databases, on the database the URL names (or the private server's
// "postgres"): one idle connection is kept for the next CREATE or DROP
// DATABASE, since starting a backend costs more than either statement's
// round trip. Two at once each get a connection; only one is kept. On a
// server a URL names nothing is kept: an idle session would keep the user
// from dropping their own database while interleave runs.
// Thread-safety: Take and Give may be called from any thread.
// Ownership: owns the idle connection; shared by the target and its scratch
// databases (which may outlive it).
#pragma once

#include <memory>
#include <mutex>
#include <pqxx/pqxx>
#include <string>

namespace interleave {

class PgAdminConnections {
 public:
  // `keep_idle` false: every connection is closed after its statement.
  PgAdminConnections(std::string conninfo, bool keep_idle)
      : conninfo_(std::move(conninfo)), keep_idle_(keep_idle) {}

  // The idle connection, or a new one (throws what pqxx throws).
  std::unique_ptr<pqxx::connection> Take();
  // Keeps `connection` for the next Take if it is usable and none is kept.
  void Give(std::unique_ptr<pqxx::connection> connection);
  // Closes the idle connection (before the server stops).
  void Clear();
  const std::string& conninfo() const { return conninfo_; }

 private:
  const std::string conninfo_;
  const bool keep_idle_;
  std::mutex mutex_;
  std::unique_ptr<pqxx::connection> idle_;
};

}  // namespace interleave
