// The run's control connection (libpqxx), as in PostgreSQL's isolationtester:
// it runs setup, teardown and checks, reads table contents, and, while a
// schedule runs, asks the server whether a client is blocked by another
// client of this run (pg_isolation_test_session_is_blocked) and by whom
// (pg_blocking_pids). Locks() reads which locks the clients hold and wait
// for: table locks, waits and SIREAD locks from pg_locks; row locks, which
// PostgreSQL keeps in the rows themselves rather than in pg_locks, from the
// pgrowlocks extension (in schema interleave_locks) when the scratch database
// has it; rows are named by primary key as the control connection sees them.
// The server's notices to it are dropped, as isolationtester drops them.
// Thread-safety: one thread at a time. Ownership: owns its connection.
#pragma once

#include <memory>
#include <pqxx/connection>
#include <pqxx/errorhandler>
#include <string>
#include <vector>

#include "db/engine.h"

namespace interleave {

class PgControlConnection : public ControlConnection {
 public:
  // Connects. Throws DbFailure.
  explicit PgControlConnection(const std::string& conninfo);
  ~PgControlConnection() override;
  PgControlConnection(const PgControlConnection&) = delete;
  PgControlConnection& operator=(const PgControlConnection&) = delete;

  // Runs SQL (possibly several statements); errors are returned, not thrown.
  // Only the last statement's result is returned.
  StepOutcome Execute(const std::string& sql) override;

  // The backends of this run's clients.
  void SetClients(const std::vector<int>& pids) override;
  // Whether `pid` waits for a lock held (or awaited) by another client.
  bool IsBlocked(int pid) override;
  // The clients' pids that block `pid`.
  std::vector<int> BlockingClients(int pid) override;
  // The clients' pids a SERIALIZABLE READ ONLY DEFERRABLE `pid` waits out.
  std::vector<int> SafeSnapshotBlockers(int pid) override;
  LockReport Locks(const std::vector<int>& only_backends = {}) override;
  int backend_id() const override;
  EngineKind engine() const override { return EngineKind::kPostgreSql; }

 private:
  std::vector<int> PidList(const std::string& statement, int pid);
  // Whether interleave_locks.pgrowlocks can be called (made when allowed).
  bool HaveRowLockReader();
  std::unique_ptr<pqxx::connection> conn_;
  std::unique_ptr<pqxx::quiet_errorhandler> quiet_;  // before conn_ goes
  std::string pid_array_;
  int row_lock_reader_ = -1;  // pgrowlocks callable: 1, not: 0, not asked yet: -1
};

}  // namespace interleave
