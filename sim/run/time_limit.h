// Time limits on the statements a run sends and waits for outside its
// schedule: the reset between variants, setup, each client's setup and
// teardown, `if` conditions, checks and state capture. A statement past its
// limit is cancelled (the server's own cancel request); one that outlives
// its cancel by as long again has its connection ended, so that no run can
// wait forever on `pg_sleep`, a lock a previous variant's transaction left
// behind, or a prepared transaction.
//
// Watchdog is the one thread (started on first use) that fires the cancels.
// Thread-safety: Watchdog is safe to use from any thread; the cancel
// functions run on the watchdog's thread and must be safe to call from it.
//
// TimeLimitedControl is a ControlConnection that runs every Execute under a
// time limit and forwards everything else to the connection it wraps. It
// cancels from a connection of its own to the same scratch database, made
// only when a limit is reached. Thread-safety: as the connection it wraps.
// Ownership: borrows the wrapped connection and the scratch database.
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "db/engine.h"

namespace interleave {

// The message of a statement cancelled at its time limit ("did not finish
// within 2 s, so it was cancelled").
std::string TimeLimitMessage(std::chrono::milliseconds limit);
// Whether `error` is the one a time limit gave.
bool IsTimeLimitError(const DbError& error);

class Watchdog {
 public:
  // The process's watchdog.
  static Watchdog& Get();
  // Calls `cancel` once after `after`, unless Disarm(id) came first. Returns
  // the id.
  long Arm(std::chrono::milliseconds after, std::function<void()> cancel);
  // Returns once `id` can no longer fire (waits for a cancel in progress).
  // True when it had fired.
  bool Disarm(long id);

 private:
  Watchdog() = default;
};

// Runs `sql` on `session` (not busy), cancelled past `limit`. A cancelled
// statement's error is TimeLimitMessage(limit), SQLSTATE 57014.
StepOutcome ExecuteWithin(ClientConnection& session, const std::string& sql,
                          std::chrono::milliseconds limit);

// A statement sent on a session now and collected later, so that other
// connections' statements run meanwhile; cancelled past `limit` from its
// sending, as ExecuteWithin. The destructor collects it when Collect was not
// called. Thread-safety: one thread. Ownership: borrows the session.
class SentStatement {
 public:
  // Sends `sql` on `session` (not busy). Throws DbFailure when it cannot.
  SentStatement(ClientConnection& session, const std::string& sql, std::chrono::milliseconds limit);
  ~SentStatement();
  SentStatement(const SentStatement&) = delete;
  SentStatement& operator=(const SentStatement&) = delete;

  // Waits for the answer.
  StepOutcome Collect();
  const std::string& sql() const { return sql_; }

 private:
  ClientConnection& session_;
  std::string sql_;
  std::chrono::milliseconds limit_;
  long watch_ = 0;
  bool collected_ = false;
};

class TimeLimitedControl : public ControlConnection {
 public:
  TimeLimitedControl(ControlConnection& inner, ScratchDatabase& scratch,
                     ConnectionSettings settings, std::chrono::milliseconds limit);

  StepOutcome Execute(const std::string& sql) override;
  void SetClients(const std::vector<int>& backend_ids) override { inner_.SetClients(backend_ids); }
  bool IsBlocked(int backend_id) override { return inner_.IsBlocked(backend_id); }
  std::vector<int> BlockingClients(int backend_id) override {
    return inner_.BlockingClients(backend_id);
  }
  std::vector<int> SafeSnapshotBlockers(int backend_id) override {
    return inner_.SafeSnapshotBlockers(backend_id);
  }
  // Lock reads bound their own waits (a short lock_timeout).
  LockReport Locks(const std::vector<int>& only_backends = {}) override {
    return inner_.Locks(only_backends);
  }
  int backend_id() const override { return inner_.backend_id(); }
  EngineKind engine() const override { return inner_.engine(); }

 private:
  ControlConnection& inner_;
  ScratchDatabase& scratch_;
  ConnectionSettings settings_;
  std::chrono::milliseconds limit_;
};

}  // namespace interleave
