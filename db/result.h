// What a database answers to a statement: its rows or command tag, or the
// error it reported. The database layer's own types; the engine's Trace holds
// them as they came.
// Thread-safety: plain values.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace interleave {

// One result set or command of a step (a step may hold several statements).
struct StatementResult {
  std::string command_tag;  // "UPDATE 1", "SELECT 2", "COMMIT", ...
  std::vector<std::string> columns;
  std::vector<std::vector<std::optional<std::string>>> rows;  // nullopt = NULL
  bool has_rows() const { return !columns.empty(); }
};

// An error the server reported (or the client library, e.g. a lost connection).
struct DbError {
  std::string sqlstate;  // "40001", "40P01", "23505", "25P02", "57014", ...
  std::string severity;  // "ERROR", "FATAL"
  std::string message;   // primary message
  std::string detail;
  std::string hint;
  // An error of the client library itself (no fields from the server, such
  // as "server closed the connection unexpectedly"): its whole text as the
  // library gives it, several lines ending in a newline; else empty.
  std::string library_text{};
  // Errors the same statement string produced after this one, in order (a
  // lost connection after the server's FATAL error).
  std::vector<DbError> further{};
};

// A notification (PostgreSQL LISTEN/NOTIFY) that a connection received.
struct Notification {
  std::string channel;
  std::string payload;
  int sender = 0;  // the sending server process (ClientConnection::backend_id)
};

}  // namespace interleave
