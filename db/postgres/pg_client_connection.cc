#include "db/postgres/pg_client_connection.h"

#include <libpq-fe.h>

#include "db/db_failure.h"
#include "db/postgres/pg_errors.h"

namespace interleave {

PgClientConnection::PgClientConnection(const std::string& conninfo, bool may_set_deadlock_timeout)
    : may_set_deadlock_timeout_(may_set_deadlock_timeout) {
  conn_ = PQconnectdb(conninfo.c_str());
  if (PQstatus(conn_) != CONNECTION_OK) {
    std::string message = PQerrorMessage(conn_);
    PQfinish(conn_);
    conn_ = nullptr;
    while (!message.empty() && message.back() == '\n') message.pop_back();
    throw DbFailure("cannot connect: " + message);
  }
  backend_pid_ = PQbackendPID(conn_);
  PQsetNoticeReceiver(conn_, &PgClientConnection::OnNotice, this);
}

PgClientConnection::~PgClientConnection() {
  if (conn_) PQfinish(conn_);
}

int PgClientConnection::socket() const { return PQsocket(conn_); }

bool PgClientConnection::connection_ok() const { return conn_ && PQstatus(conn_) == CONNECTION_OK; }

bool PgClientConnection::idle_outside_transaction() const {
  return conn_ && !busy_ && PQtransactionStatus(conn_) == PQTRANS_IDLE;
}

void PgClientConnection::SetNoticeHandler(std::function<void(const std::string&)> handler) {
  notice_handler_ = std::move(handler);
}

void PgClientConnection::OnNotice(void* self, const PGresult* result) {
  auto* session = static_cast<PgClientConnection*>(self);
  session->total_notices_++;
  if (session->notice_handler_) session->notice_handler_(PQresultErrorMessage(result));
}

void PgClientConnection::Send(const std::string& sql) {
  if (!PQsendQuery(conn_, sql.c_str())) {
    busy_ = false;
    throw DbFailure(ErrorFromConnection(conn_).message);
  }
  busy_ = true;
}

bool PgClientConnection::Poll() {
  if (!busy_) return true;
  if (!PQconsumeInput(conn_)) return true;  // broken: Collect reports it
  return !PQisBusy(conn_);
}

StepOutcome PgClientConnection::Collect() {
  StepOutcome outcome;
  busy_ = false;
  bool any_result = false;
  while (PGresult* result = PQgetResult(conn_)) {
    any_result = true;
    switch (PQresultStatus(result)) {
      case PGRES_TUPLES_OK: {
        StatementResult statement;
        statement.command_tag = PQcmdStatus(result);
        int columns = PQnfields(result);
        for (int c = 0; c < columns; ++c) statement.columns.push_back(PQfname(result, c));
        for (int r = 0; r < PQntuples(result); ++r) {
          std::vector<std::optional<std::string>> row;
          for (int c = 0; c < columns; ++c) {
            if (PQgetisnull(result, r, c)) {
              row.push_back(std::nullopt);
            } else {
              row.emplace_back(std::string(PQgetvalue(result, r, c), PQgetlength(result, r, c)));
            }
          }
          statement.rows.push_back(std::move(row));
        }
        outcome.results.push_back(std::move(statement));
        break;
      }
      case PGRES_COMMAND_OK:
      case PGRES_EMPTY_QUERY: {
        StatementResult statement;
        statement.command_tag = PQcmdStatus(result);
        outcome.results.push_back(std::move(statement));
        break;
      }
      case PGRES_FATAL_ERROR:
      case PGRES_NONFATAL_ERROR:
      case PGRES_BAD_RESPONSE:
        if (!outcome.error) {
          outcome.error = ErrorFromResult(result);
        } else {
          outcome.error->further.push_back(ErrorFromResult(result));
        }
        break;
      default:
        break;
    }
    PQclear(result);
  }
  if (!any_result && PQstatus(conn_) != CONNECTION_OK && !outcome.error) {
    outcome.error = ErrorFromConnection(conn_);
  }
  // Notifications that came with the answer (or before it), as PQnotifies
  // hands them out.
  PQconsumeInput(conn_);
  while (PGnotify* notify = PQnotifies(conn_)) {
    outcome.notifications.push_back(
        {notify->relname, notify->extra ? notify->extra : "", notify->be_pid});
    PQfreemem(notify);
    PQconsumeInput(conn_);
  }
  return outcome;
}

StepOutcome PgClientConnection::Execute(const std::string& sql) {
  Send(sql);
  return Collect();  // PQgetResult blocks until each result is there
}

bool PgClientConnection::Cancel() {
  PGcancel* cancel = PQgetCancel(conn_);
  if (!cancel) return false;
  char buffer[256];
  bool sent = PQcancel(cancel, buffer, sizeof(buffer)) == 1;
  PQfreeCancel(cancel);
  return sent;
}

}  // namespace interleave
