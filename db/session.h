// One client's connection: sends a step's SQL without waiting (libpq's
// asynchronous API), reports when the server has answered, and collects every
// statement's result, error (with SQLSTATE) and notice. The scheduler waits on
// socket() for readability.
// Thread-safety: one thread uses a Session; Cancel() may be called from any.
// Ownership: owns its PGconn.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "sim/trace.h"

typedef struct pg_conn PGconn;
typedef struct pg_result PGresult;

namespace interleave {

struct StepOutcome {
  std::vector<StatementResult> results;
  std::optional<DbError> error;
};

class Session {
 public:
  // Connects (blocking). Throws DbFailure on failure.
  explicit Session(const std::string& conninfo);
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  int backend_pid() const { return backend_pid_; }
  int socket() const;

  // Called for each notice as libpq processes it: "NOTICE:  text\n" as libpq
  // formats it, plus its severity and primary message.
  void SetNoticeHandler(std::function<void(const std::string& formatted)> handler);
  int total_notices() const { return total_notices_; }

  // Sends `sql` as one query string. Throws DbFailure if it cannot be sent
  // (the connection is lost).
  void Send(const std::string& sql);
  // Reads what has arrived. True when the answer is complete (or the
  // connection broke: Collect then reports the error).
  bool Poll();
  bool busy() const { return busy_; }
  // The results of the last Send; call once Poll() returned true.
  StepOutcome Collect();
  // Sends and waits (for setup and teardown).
  StepOutcome Execute(const std::string& sql);
  // Asks the server to cancel the running statement.
  bool Cancel();
  bool connection_ok() const;

 private:
  static void OnNotice(void* self, const PGresult* result);
  PGconn* conn_ = nullptr;
  int backend_pid_ = 0;
  bool busy_ = false;
  int total_notices_ = 0;
  std::function<void(const std::string&)> notice_handler_;
};

}  // namespace interleave
