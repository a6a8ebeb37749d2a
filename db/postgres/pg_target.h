// PostgreSQL as a Target: the private embedded server or a server named by a
// URL, and the scratch databases made on it. Scenario SQL only ever runs in a
// scratch database this class creates; the database a URL names is used only
// to create and drop scratch databases (as `DROP DATABASE ... WITH (FORCE)`).
// Scenario SQL logs in as a role that owns only its scratch database: on the
// private server `interleave_scenario`; with a superuser URL a temporary role
// made for this process (dropped at the end, or by a later run when this one
// was killed) unless OpenOptions::allow_superuser; otherwise the URL's role.
// Thread-safety: PgTarget is safe to share once made; a PgScratchDatabase is
// owned by one run and not shared.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "db/engine.h"

namespace interleave {

class PgAdminConnections;
class PrivateServer;

// Who unprivileged connections log in as, and what that role may do.
struct PgLogin {
  std::string role;      // empty: as the connection string says
  std::string password;  // empty: none, or as the connection string says
  bool may_set_deadlock_timeout = true;
};

class PgScratchDatabase : public ScratchDatabase {
 public:
  // `scenario` is the login of unprivileged connections (its role owns the
  // database); `admin_may_set_deadlock_timeout` is what the connection
  // string's own role may do (privileged connections log in as it).
  // `admin` (optional) lends the connection that drops it.
  PgScratchDatabase(std::string admin_conninfo, std::string base_conninfo, std::string name,
                    PgLogin scenario = {}, bool admin_may_set_deadlock_timeout = true,
                    std::shared_ptr<PgAdminConnections> admin = nullptr);
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
  bool MaySetDeadlockTimeout(const ConnectionSettings& settings) const;

  std::string admin_conninfo_;
  std::string base_conninfo_;
  std::string name_;
  PgLogin scenario_;
  bool admin_may_set_deadlock_timeout_ = true;
  std::shared_ptr<PgAdminConnections> admin_;
  int cleanup_id_ = -1;
};

// The role scenario SQL runs as on the private server.
inline constexpr const char* kScenarioRole = "interleave_scenario";
// The name of the temporary roles made on a server a superuser URL names
// (followed by a host tag, the process id and a number).
inline constexpr const char* kTemporaryRolePrefix = "interleave_run_";

class PgTarget : public Target {
 public:
  // An existing server; `conninfo` empty means libpq's PG* variables.
  // Throws DbFailure when it cannot be reached, or when its role is a
  // superuser whose temporary role the server refuses to let log in.
  static std::shared_ptr<PgTarget> Connect(const std::string& conninfo,
                                           const OpenOptions& options = {});
  // The private server (started, or reused while this process runs).
  static std::shared_ptr<PgTarget> StartPrivate(const OpenOptions& options = {});
  // The same with its cluster kept in `cache_dir` (e.g. on tmpfs).
  static std::shared_ptr<PgTarget> StartPrivateIn(const std::string& cache_dir,
                                                  const OpenOptions& options = {});

  ~PgTarget() override;
  PgTarget(const PgTarget&) = delete;
  PgTarget& operator=(const PgTarget&) = delete;

  std::unique_ptr<ScratchDatabase> CreateScratch() override;
  std::unique_ptr<ScratchDatabase> CreateScratchNamed(const std::string& name) override;
  bool is_private() const override { return server_ != nullptr; }
  std::string Describe() const override;
  const std::string& admin_url() const override { return admin_conninfo_; }
  int server_pid() const override;
  EngineKind engine() const override { return EngineKind::kPostgreSql; }
  std::string server_version() const override;
  PrivateServer* server() const { return server_.get(); }
  std::vector<std::string> notes() const override { return notes_; }
  // The role scenario SQL logs in as ("" when the connection string's own).
  const std::string& scenario_role() const { return scenario_.role; }

 private:
  PgTarget() = default;
  // CreateScratch and CreateScratchNamed: a scratch database called
  // `fixed_name`, or a fresh name when it is empty.
  std::unique_ptr<ScratchDatabase> MakeScratch(const std::string& fixed_name);
  // Makes the temporary role for a superuser URL and checks that it may log in.
  void MakeTemporaryRole();
  void DropTemporaryRole();
  std::unique_ptr<PrivateServer> server_;
  std::string admin_conninfo_;                 // the database used only for CREATE/DROP DATABASE
  std::shared_ptr<PgAdminConnections> admin_;  // on admin_conninfo_
  bool add_row_lock_reader_ = true;            // pgrowlocks in each scratch database
  // The login role (no superuser, no CREATEDB, no CREATEROLE) that owns each
  // scratch database and runs scenario SQL; empty role: the URL's own.
  PgLogin scenario_;
  bool admin_may_set_deadlock_timeout_ = true;
  std::string admin_database_;  // the database the URL names, as the server says
  bool admin_superuser_ = false;
  bool temporary_role_ = false;  // scenario_.role was made by this target
  int role_cleanup_id_ = -1;
  std::vector<std::string> notes_;
  std::once_flag leftovers_cleaned_;
  mutable std::mutex version_mutex_;
  std::string version_;  // read by the first CreateScratch
};

// kTemporaryRolePrefix, this machine's tag and "_": the start of the names
// of every temporary role this machine's runs make.
std::string PgTemporaryRolePrefix();

// libpq connection-string text for `settings` (" application_name=... options=...").
std::string PgConnInfoOptions(const ConnectionSettings& settings);

}  // namespace interleave
