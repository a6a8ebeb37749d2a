// One client's connection to MariaDB: sends a step's SQL without waiting (the
// connector's non-blocking API: mysql_real_query_start/_cont, then
// mysql_store_result and mysql_next_result for each further statement of a
// multi-statement step), reports when the whole answer is in, and collects each
// statement's rows or command tag (see maria_command_tag.h) and the error that
// ended it (SQLSTATE, message, MariaDB's error number in detail). The
// scheduler waits on socket() for readability. Warnings are not reported.
// Thread-safety: one thread uses a MariaClientConnection; Cancel() may be
// called from any (it uses a connection of its own).
// Ownership: owns its MYSQL handle.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "db/engine.h"
#include "db/mariadb/maria_conn_params.h"

struct st_mysql;
struct st_mysql_res;

namespace interleave {

class MariaClientConnection : public ClientConnection {
 public:
  // Connects (blocking) and applies `settings` (each parameter as
  // SET SESSION name = value, quoted unless a number). Throws DbFailure.
  MariaClientConnection(const MariaConnParams& params, const ConnectionSettings& settings);
  ~MariaClientConnection() override;
  MariaClientConnection(const MariaClientConnection&) = delete;
  MariaClientConnection& operator=(const MariaClientConnection&) = delete;

  // The connection id (mysql_thread_id), as KILL and information_schema name it.
  int backend_id() const override { return thread_id_; }
  int socket() const override;
  void SetNoticeHandler(std::function<void(const std::string& formatted)> handler) override;
  int total_notices() const override { return 0; }

  void Send(const std::string& sql) override;
  bool Poll() override;
  bool busy() const override { return busy_; }
  // Waits for whatever has not arrived yet, then hands over the results.
  StepOutcome Collect() override;
  StepOutcome Execute(const std::string& sql) override;
  // KILL QUERY on a short connection of its own; true when the server took it.
  bool Cancel() override;
  bool connection_ok() const override;
  EngineKind engine() const override { return EngineKind::kMariaDb; }

 private:
  enum class Phase { kIdle, kQuery, kStore, kNext, kDone };
  // Carries the answer on from a finished call; `status` is the last call's
  // wait status (0: it finished). Returns true once the answer is complete.
  bool Advance(int status);
  // Resumes the pending call with the socket events that occurred.
  bool Resume(int events);
  void RecordError();
  void RecordResult();

  MariaConnParams params_;
  st_mysql* mysql_ = nullptr;
  int thread_id_ = 0;
  bool busy_ = false;
  bool lost_ = false;
  Phase phase_ = Phase::kIdle;
  int wait_status_ = 0;  // what the pending call waits for (MYSQL_WAIT_*)
  int int_return_ = 0;
  st_mysql_res* result_ = nullptr;
  std::vector<std::vector<std::string>> statement_words_;
  size_t statement_index_ = 0;
  StepOutcome outcome_;
};

}  // namespace interleave
