// MariaDB's errors as DbError: the SQLSTATE (mysql_sqlstate) and message as
// the server sent them, and MariaDB's own error number ("1213") in detail,
// since DbError has no field of its own for it.
// Thread-safety: stateless functions.
#pragma once

#include "db/result.h"

struct st_mysql;

namespace interleave {

// The last error on `mysql`; severity is "FATAL" when the connection is lost.
DbError ErrorFromMaria(st_mysql* mysql);

// Whether MariaDB error number `code` means the connection is gone.
bool IsConnectionLost(unsigned code);

}  // namespace interleave
