// Where and as whom to reach a MariaDB server: parsed from a
// mysql://user:pass@host:port/db or mariadb://... URL (a Unix socket as
// ?socket=/path), and the blocking connect every MariaDB connection of the
// tool starts with.
// Thread-safety: plain values and stateless functions.
#pragma once

#include <string>

struct st_mysql;

namespace interleave {

struct MariaConnParams {
  std::string user;
  std::string password;
  std::string host;  // empty with a socket
  unsigned port = 0;
  std::string socket;
  std::string database;

  // The same server and user, another database.
  MariaConnParams WithDatabase(const std::string& name) const;
  // "mariadb://user@host:port/db" (never the password).
  std::string Describe() const;
  // The same, with the password: a URL that ParseMariaUrl reads back.
  std::string Url() const;
};

// Whether `url` names a MariaDB or MySQL server (mysql:// or mariadb://).
bool IsMariaUrl(const std::string& url);

// Parses a mysql:// or mariadb:// URL (user, password and database may be
// percent-encoded). Throws DbFailure with one clear line.
MariaConnParams ParseMariaUrl(const std::string& url);

// Connects with the blocking API. `nonblocking` also enables the
// asynchronous calls (MYSQL_OPT_NONBLOCK); client flags always include
// CLIENT_MULTI_STATEMENTS and CLIENT_FOUND_ROWS (an UPDATE's count is the rows
// it matched, as in PostgreSQL). Throws DbFailure; the caller owns the handle
// (mysql_close).
st_mysql* ConnectMaria(const MariaConnParams& params, bool nonblocking);

}  // namespace interleave
