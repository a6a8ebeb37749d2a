// The run's control connection (libpqxx), as in PostgreSQL's isolationtester:
// it runs setup, teardown and checks, reads table contents, and, while a
// schedule runs, asks the server whether a client is blocked by another
// client of this run (pg_isolation_test_session_is_blocked) and by whom
// (pg_blocking_pids).
// Thread-safety: one thread at a time. Ownership: owns its connection.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <pqxx/connection>

#include "db/session.h"
#include "sim/trace.h"


namespace interleave {

class ControlConnection {
 public:
  // Connects. Throws DbFailure.
  explicit ControlConnection(const std::string& conninfo);
  ~ControlConnection();
  ControlConnection(const ControlConnection&) = delete;
  ControlConnection& operator=(const ControlConnection&) = delete;

  // Runs SQL (possibly several statements); errors are returned, not thrown.
  // Only the last statement's result is returned.
  StepOutcome Execute(const std::string& sql);

  // The backends of this run's clients.
  void SetClientPids(const std::vector<int>& pids);
  // Whether `pid` waits for a lock held (or awaited) by another client.
  bool IsBlocked(int pid);
  // The clients' pids that block `pid`.
  std::vector<int> BlockingPids(int pid);
  // The clients' pids a SERIALIZABLE READ ONLY DEFERRABLE `pid` waits out.
  std::vector<int> SafeSnapshotBlockingPids(int pid);
  int backend_pid() const;

 private:
  std::vector<int> PidList(const std::string& statement, int pid);
  std::unique_ptr<pqxx::connection> conn_;
  std::string pid_array_;
};

}  // namespace interleave
