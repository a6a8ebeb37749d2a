// The run's control connection to MariaDB (blocking API): runs setup,
// teardown and checks, reads table contents, and, while a schedule runs, asks
// the server whether a client waits for another client of this run and for
// whom.
// Each question first asks what the server shows live: whether the client is
// running a statement at all (information_schema.PROCESSLIST), whether it
// waits for a metadata lock (its STATE "Waiting for ... metadata lock"), and
// whether any InnoDB row-lock wait exists (INNODB_ROW_LOCK_CURRENT_WAITS).
// Who waits for whom on a row lock is only in INNODB_TRX and
// INNODB_LOCK_WAITS, which InnoDB refreshes only when nobody has read them for
// 0.1 s; they are therefore read at most every kRowLockReadIntervalMs (one
// read serves every client of the run) and the answer kept in between. A
// row-lock wait is thus seen up to about 0.25 s late, and one that has just
// ended may be reported for as long while the client's statement still runs
// (the scheduler polls the client again after a yes). Other programs reading
// those tables more often than ten times a second keep InnoDB from
// refreshing them, and then waits are seen late.
// Thread-safety: one thread at a time. Ownership: owns its MYSQL handle.
#pragma once

#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include "db/engine.h"
#include "db/mariadb/maria_conn_params.h"
#include "db/mariadb/maria_lock_report.h"

struct st_mysql;

namespace interleave {

class MariaControlConnection : public ControlConnection {
 public:
  // Connects. Throws DbFailure.
  explicit MariaControlConnection(const MariaConnParams& params);
  ~MariaControlConnection() override;
  MariaControlConnection(const MariaControlConnection&) = delete;
  MariaControlConnection& operator=(const MariaControlConnection&) = delete;

  // Runs SQL (possibly several statements); errors are returned, not thrown.
  // Only the last statement's result is returned.
  StepOutcome Execute(const std::string& sql) override;
  void SetClients(const std::vector<int>& thread_ids) override;
  // Whether `thread_id` waits for a lock that another client of the run holds.
  bool IsBlocked(int thread_id) override;
  // The clients that `thread_id` waits for: for a row lock, the connections of
  // the transactions InnoDB names as blocking it; for a metadata lock, the
  // other clients holding a metadata lock in this database (with the
  // metadata_lock_info plugin, which the private server loads), else, since
  // the server then does not say who holds it, every other client of the run
  // with a transaction open (INNODB_TRX). Throws DbFailure when the server
  // cannot be asked.
  std::vector<int> BlockingClients(int thread_id) override;
  // Empty: MariaDB has no deferrable snapshots.
  std::vector<int> SafeSnapshotBlockers(int thread_id) override { return {}; }
  // The clients' InnoDB locks on the scratch database's tables, from SHOW
  // ENGINE INNODB STATUS (see db/mariadb/maria_lock_report.h); whom a waiter
  // waits for from INNODB_LOCK_WAITS, read as BlockingClients reads it.
  // Metadata locks are not listed.
  LockReport Locks(const std::vector<int>& only_backends = {}) override;
  int backend_id() const override { return thread_id_; }
  EngineKind engine() const override { return EngineKind::kMariaDb; }

 private:
  static constexpr int kRowLockReadIntervalMs = 150;

  // Runs `sql` and returns its rows (NULL as ""). Throws DbFailure.
  std::vector<std::vector<std::string>> Rows(const std::string& sql);
  // Re-reads who waits for whom on row locks, unless read recently.
  void RefreshRowLockWaits();
  std::vector<int> MetadataLockHolders(int thread_id);
  // The columns that name a record of `index` of `table` (for a secondary
  // index, its own columns, then the primary key's).
  std::vector<InnodbColumn> IndexColumns(const std::string& table, const std::string& index);

  st_mysql* mysql_ = nullptr;
  int thread_id_ = 0;
  std::vector<int> clients_;
  std::string client_list_;                          // "12,13" for SQL IN (...)
  std::vector<std::pair<int, int>> row_lock_waits_;  // (waiter, blocker)
  std::chrono::steady_clock::time_point row_locks_read_at_;
  bool row_locks_read_ = false;
  int metadata_lock_info_ = -1;  // plugin active: 1, absent: 0, not asked yet: -1
};

}  // namespace interleave
