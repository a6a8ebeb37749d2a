// The one place where errors from libpq results and libpqxx exceptions become
// DbError outcomes (SQLSTATE, message ...). libpqxx 6.4's serialization_failure
// and deadlock_detected do not derive from sql_error and carry no sqlstate();
// this mapping knows that.
// Thread-safety: stateless functions.
#pragma once

#include <exception>

#include "db/result.h"

typedef struct pg_result PGresult;
typedef struct pg_conn PGconn;

namespace interleave {

// The error of a failed libpq result.
DbError ErrorFromResult(const PGresult* result);
// A lost connection or other client-side failure.
DbError ErrorFromConnection(const PGconn* conn);
// An exception thrown by libpqxx (or anything else) while running SQL.
DbError ErrorFromException(const std::exception& error);

}  // namespace interleave
