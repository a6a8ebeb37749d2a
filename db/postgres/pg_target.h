// PostgreSQL as a Target: the private embedded server or a server named by a
// URL, and the scratch databases made on it. Scenario SQL only ever runs in a
// scratch database this class creates; the database a URL names is used only
// to create and drop scratch databases (as `DROP DATABASE ... WITH (FORCE)`).
// Thread-safety: PgTarget is safe to share once made; a PgScratchDatabase is
// owned by one run and not shared.
#pragma once

#include <memory>
#include <mutex>
#include <string>

#include "db/engine.h"

namespace interleave {

class PrivateServer;

class PgScratchDatabase : public ScratchDatabase {
 public:
  // `scenario_role` (may be empty: connect as base_conninfo says) is the
  // unprivileged role that owns the database and that unprivileged
  // connections log in as.
  PgScratchDatabase(std::string admin_conninfo, std::string base_conninfo, std::string name,
                    std::string scenario_role = "");
  ~PgScratchDatabase() override;  // drops the database (terminating its connections)
  PgScratchDatabase(const PgScratchDatabase&) = delete;
  PgScratchDatabase& operator=(const PgScratchDatabase&) = delete;

  const std::string& name() const override { return name_; }
  std::string conninfo() const override;
  std::unique_ptr<ClientConnection> ConnectClient(const ConnectionSettings& settings) override;
  std::unique_ptr<ControlConnection> ConnectControl(const ConnectionSettings& settings) override;
  EngineKind engine() const override { return EngineKind::kPostgreSql; }
  void set_cleanup_id(int id) { cleanup_id_ = id; }

 private:
  std::string RoleOption(const ConnectionSettings& settings) const;

  std::string admin_conninfo_;
  std::string base_conninfo_;
  std::string name_;
  std::string scenario_role_;
  int cleanup_id_ = -1;
};

// The role scenario SQL runs as on the private server.
inline constexpr const char* kScenarioRole = "interleave_scenario";

class PgTarget : public Target {
 public:
  // An existing server; `conninfo` empty means libpq's PG* variables.
  // Throws DbFailure when it cannot be reached.
  static std::shared_ptr<PgTarget> Connect(const std::string& conninfo);
  // The private server (started, or reused while this process runs).
  static std::shared_ptr<PgTarget> StartPrivate();
  // The same with its cluster kept in `cache_dir` (e.g. on tmpfs).
  static std::shared_ptr<PgTarget> StartPrivateIn(const std::string& cache_dir);

  ~PgTarget() override;
  PgTarget(const PgTarget&) = delete;
  PgTarget& operator=(const PgTarget&) = delete;

  std::unique_ptr<ScratchDatabase> CreateScratch() override;
  bool is_private() const override { return server_ != nullptr; }
  std::string Describe() const override;
  const std::string& admin_url() const override { return admin_conninfo_; }
  int server_pid() const override;
  EngineKind engine() const override { return EngineKind::kPostgreSql; }
  std::string server_version() const override;
  PrivateServer* server() const { return server_.get(); }

 private:
  PgTarget() = default;
  std::unique_ptr<PrivateServer> server_;
  std::string admin_conninfo_;  // the database used only for CREATE/DROP DATABASE
  // On the private server: the login role (no superuser, no CREATEDB, no
  // CREATEROLE) that owns each scratch database and runs scenario SQL.
  std::string scenario_role_;
  std::once_flag leftovers_cleaned_;
  mutable std::mutex version_mutex_;
  std::string version_;  // read by the first CreateScratch
};

// libpq connection-string text for `settings` (" application_name=... options=...").
std::string PgConnInfoOptions(const ConnectionSettings& settings);

}  // namespace interleave
