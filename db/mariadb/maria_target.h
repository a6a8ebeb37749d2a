// MariaDB as a Target: the private server (MariaPrivateServer) or a server a
// mysql:// or mariadb:// URL names, and the scratch databases made on it.
// Scenario SQL only ever runs in a scratch database this class creates
// (interleave_scratch_<hosttag>_<pid>_<n>, utf8mb4 with binary collation); the
// database a URL names is only the connection's default while scratch
// databases are created and dropped. Dropping a scratch database first ends
// the connections still in it (KILL), as PostgreSQL's DROP ... WITH (FORCE).
// Thread-safety: MariaTarget is safe to share once made; a
// MariaScratchDatabase is owned by one run and not shared.
#pragma once

#include <memory>
#include <mutex>
#include <string>

#include "db/engine.h"
#include "db/mariadb/maria_conn_params.h"

namespace interleave {

class MariaPrivateServer;

class MariaScratchDatabase : public ScratchDatabase {
 public:
  MariaScratchDatabase(MariaConnParams admin, std::string name);
  ~MariaScratchDatabase() override;  // drops the database (ending its connections)
  MariaScratchDatabase(const MariaScratchDatabase&) = delete;
  MariaScratchDatabase& operator=(const MariaScratchDatabase&) = delete;

  const std::string& name() const override { return name_; }
  // A mariadb:// URL of this database.
  std::string conninfo() const override;
  std::unique_ptr<ClientConnection> ConnectClient(const ConnectionSettings& settings) override;
  std::unique_ptr<ControlConnection> ConnectControl(const ConnectionSettings& settings) override;
  EngineKind engine() const override { return EngineKind::kMariaDb; }
  void set_cleanup_id(int id) { cleanup_id_ = id; }

 private:
  MariaConnParams admin_;
  std::string name_;
  int cleanup_id_ = -1;
};

class MariaTarget : public Target {
 public:
  // An existing server named by a mysql:// or mariadb:// URL. Throws
  // DbFailure when the URL is bad or the server cannot be reached.
  static std::shared_ptr<MariaTarget> Connect(const std::string& url);
  // A private server (see MariaPrivateServer), stopped with the target.
  static std::shared_ptr<MariaTarget> StartPrivate(const std::string& cache_dir = "");

  ~MariaTarget() override;
  MariaTarget(const MariaTarget&) = delete;
  MariaTarget& operator=(const MariaTarget&) = delete;

  std::unique_ptr<ScratchDatabase> CreateScratch() override;
  bool is_private() const override { return server_ != nullptr; }
  std::string Describe() const override;
  const std::string& admin_url() const override { return admin_url_; }
  int server_pid() const override;
  EngineKind engine() const override { return EngineKind::kMariaDb; }
  std::string server_version() const override;
  MariaPrivateServer* server() const { return server_.get(); }
  const MariaConnParams& admin_params() const { return admin_; }

 private:
  MariaTarget() = default;
  std::unique_ptr<MariaPrivateServer> server_;
  MariaConnParams admin_;
  std::string admin_url_;
  std::once_flag leftovers_cleaned_;
  mutable std::mutex version_mutex_;
  std::string version_;  // read by the first CreateScratch
};

}  // namespace interleave
