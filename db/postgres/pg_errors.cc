#include "db/postgres/pg_errors.h"

#include <libpq-fe.h>

#include <pqxx/except>
#include <string>

namespace interleave {
namespace {

std::string Field(const PGresult* result, int code) {
  const char* value = PQresultErrorField(result, code);
  return value ? value : "";
}

std::string FirstLine(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  if (text.rfind("ERROR:  ", 0) == 0) text = text.substr(8);
  if (text.rfind("FATAL:  ", 0) == 0) text = text.substr(8);
  size_t newline = text.find('\n');
  return newline == std::string::npos ? text : text.substr(0, newline);
}

}  // namespace

DbError ErrorFromResult(const PGresult* result) {
  DbError error;
  error.sqlstate = Field(result, PG_DIAG_SQLSTATE);
  error.severity = Field(result, PG_DIAG_SEVERITY);
  error.message = Field(result, PG_DIAG_MESSAGE_PRIMARY);
  error.detail = Field(result, PG_DIAG_MESSAGE_DETAIL);
  error.hint = Field(result, PG_DIAG_MESSAGE_HINT);
  if (error.message.empty()) {
    error.library_text = PQresultErrorMessage(result);
    error.message = FirstLine(error.library_text);
  }
  if (error.severity.empty()) error.severity = "ERROR";
  // libpq's own errors (e.g. the server closed the connection) carry no SQLSTATE.
  if (error.sqlstate.empty()) error.sqlstate = "08006";
  return error;
}

DbError ErrorFromConnection(const PGconn* conn) {
  DbError error;
  error.sqlstate = "08006";  // connection_failure
  error.severity = "FATAL";
  error.library_text = conn ? PQerrorMessage(conn) : "";
  error.message = FirstLine(conn ? PQerrorMessage(conn) : "no connection");
  if (error.message.empty()) error.message = "connection to the server was lost";
  return error;
}

DbError ErrorFromException(const std::exception& exception) {
  DbError error;
  error.severity = "ERROR";
  error.message = FirstLine(exception.what());
  if (auto* sql = dynamic_cast<const pqxx::sql_error*>(&exception)) {
    error.sqlstate = sql->sqlstate();
  } else if (dynamic_cast<const pqxx::serialization_failure*>(&exception)) {
    error.sqlstate = "40001";  // libpqxx 6.4: not an sql_error, no sqlstate()
  } else if (dynamic_cast<const pqxx::deadlock_detected*>(&exception)) {
    error.sqlstate = "40P01";
  } else if (dynamic_cast<const pqxx::statement_completion_unknown*>(&exception)) {
    error.sqlstate = "40003";
  } else if (dynamic_cast<const pqxx::broken_connection*>(&exception)) {
    error.sqlstate = "08006";
    error.severity = "FATAL";
  } else if (dynamic_cast<const pqxx::in_doubt_error*>(&exception)) {
    error.sqlstate = "08007";
  }
  if (error.sqlstate.empty()) error.sqlstate = "XX000";
  return error;
}

}  // namespace interleave
