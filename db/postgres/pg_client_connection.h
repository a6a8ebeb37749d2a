// One client's connection: sends a step's SQL without waiting (libpq's
// asynchronous API), reports when the server has answered, and collects every
// statement's result, error (with SQLSTATE) and notice. The scheduler waits on
// socket() for readability.
// Thread-safety: one thread uses a PgClientConnection; Cancel() may be called from any.
// Ownership: owns its PGconn.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "db/engine.h"

typedef struct pg_conn PGconn;
typedef struct pg_result PGresult;

namespace interleave {

class PgClientConnection : public ClientConnection {
 public:
  // Connects (blocking). Throws DbFailure on failure. `may_set_deadlock_timeout`:
  // whether the role it logs in as may SET deadlock_timeout.
  explicit PgClientConnection(const std::string& conninfo, bool may_set_deadlock_timeout = true);
  ~PgClientConnection() override;
  PgClientConnection(const PgClientConnection&) = delete;
  PgClientConnection& operator=(const PgClientConnection&) = delete;

  int backend_id() const override { return backend_pid_; }
  int socket() const override;

  // Called for each notice as libpq processes it: "NOTICE:  text\n" as libpq
  // formats it, plus its severity and primary message.
  void SetNoticeHandler(std::function<void(const std::string& formatted)> handler) override;
  int total_notices() const override { return total_notices_; }

  // Sends `sql` as one query string. Throws DbFailure if it cannot be sent
  // (the connection is lost).
  void Send(const std::string& sql) override;
  // Reads what has arrived. True when the answer is complete (or the
  // connection broke: Collect then reports the error).
  bool Poll() override;
  bool busy() const override { return busy_; }
  // The results of the last Send; call once Poll() returned true.
  StepOutcome Collect() override;
  // Sends and waits (for setup and teardown).
  StepOutcome Execute(const std::string& sql) override;
  // Asks the server to cancel the running statement.
  bool Cancel() override;
  bool connection_ok() const override;
  // Whether the session is idle outside any transaction block, as libpq
  // last heard from the server (PQTRANS_IDLE).
  bool idle_outside_transaction() const;
  EngineKind engine() const override { return EngineKind::kPostgreSql; }
  bool may_set_deadlock_timeout() const override { return may_set_deadlock_timeout_; }

 private:
  static void OnNotice(void* self, const PGresult* result);
  PGconn* conn_ = nullptr;
  int backend_pid_ = 0;
  bool busy_ = false;
  int total_notices_ = 0;
  bool may_set_deadlock_timeout_ = true;
  std::function<void(const std::string&)> notice_handler_;
};

}  // namespace interleave
