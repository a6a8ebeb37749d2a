// Where runs happen: the private embedded server or a server named by a URL,
// and the scratch databases made on it. Scenario SQL only ever runs in a
// scratch database this class creates; the database a URL names is used only
// to create and drop scratch databases.
// Thread-safety: Target is safe to share once made; ScratchDatabase is owned by
// one run and not shared.
#pragma once

#include <memory>
#include <mutex>
#include <string>

namespace interleave {

class PrivateServer;

class ScratchDatabase {
 public:
  ScratchDatabase(const ScratchDatabase&) = delete;
  ScratchDatabase& operator=(const ScratchDatabase&) = delete;
  ~ScratchDatabase();  // drops the database (terminating its connections)

  const std::string& name() const { return name_; }
  // libpq connection string for this database.
  std::string conninfo() const;

 private:
  friend class Target;
  ScratchDatabase(std::string admin_conninfo, std::string base_conninfo, std::string name);
  std::string admin_conninfo_;
  std::string base_conninfo_;
  std::string name_;
  int cleanup_id_ = -1;
};

class Target {
 public:
  // url empty: INTERLEAVE_DB, then libpq's PG* variables (PGHOST/PGDATABASE/
  // PGSERVICE), else the private server. Throws DbFailure.
  static std::shared_ptr<Target> Open(const std::string& url);
  // Always the private server.
  static std::shared_ptr<Target> OpenPrivate();

  ~Target();
  Target(const Target&) = delete;
  Target& operator=(const Target&) = delete;

  // Creates a fresh scratch database (dropped when the result is destroyed,
  // and at exit or on a signal). Also drops leftovers of killed runs first.
  std::unique_ptr<ScratchDatabase> CreateScratch();

  bool is_private() const { return server_ != nullptr; }
  std::string Describe() const;  // "private server (PostgreSQL 15.18)" / URL without password
  const std::string& admin_conninfo() const { return admin_conninfo_; }
  PrivateServer* server() const { return server_.get(); }

 private:
  Target() = default;
  std::unique_ptr<PrivateServer> server_;
  std::string admin_conninfo_;  // the database used only for CREATE/DROP DATABASE
  std::once_flag leftovers_cleaned_;
};

}  // namespace interleave
