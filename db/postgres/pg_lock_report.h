// Reading which locks a run's clients hold and wait for on PostgreSQL, for
// PgControlConnection::Locks. In one transaction with a short lock_timeout:
// pg_locks gives the table (relation) locks, the SIREAD locks of SERIALIZABLE
// transactions, and each wait: a row wait shows as the waiter's tuple lock
// (the row it queues for, and the row lock mode it asked for) and its wait on
// the holder's transaction id; whom it waits for is pg_blocking_pids. Row
// locks a client holds are not in pg_locks (PostgreSQL writes them into the
// row's header); they are read with pgrowlocks when `pgrowlocks_schema` is
// not empty, on the tables a client holds ROW SHARE or a stronger table lock
// on (no row lock without one), except a table someone holds or waits for
// ACCESS EXCLUSIVE on (reading it would queue behind that lock). ACCESS SHARE
// on a table its client holds in a stronger mode is left out (the recorder's
// write trigger takes it; see the .cc). Rows are named by primary key as
// the reading connection sees them (the committed version); a row version it
// cannot see (written by a transaction not yet committed) is left out, the
// committed version that transaction replaced being named instead.
// Thread-safety: uses `conn`, which belongs to the caller's thread.
#pragma once

#include <pqxx/connection>
#include <string>

#include "db/engine.h"

namespace interleave {

// The schema in which a scratch database has the pgrowlocks extension.
inline constexpr const char* kPgRowLocksSchema = "interleave_locks";

// `client_pids` is a PostgreSQL int[] literal ("{12,13}"). Throws DbFailure
// when pg_locks cannot be read.
LockReport ReadPgLocks(pqxx::connection& conn, const std::string& client_pids,
                       const std::string& pgrowlocks_schema);

}  // namespace interleave
