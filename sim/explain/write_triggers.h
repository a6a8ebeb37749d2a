// The write triggers the recorder installs in a scratch database: a row
// trigger on every table of schema public that reports each row version
// written as a notice ("interleave-explain {...}": the writing transaction's
// xid, the new version's xmin, the table, the operation, the old and new row,
// a sequence number that gives the server's order of writes, and the
// snapshot a statement starting then would get: at READ COMMITTED, the one a
// statement that waited for the row's lock re-read it with). The
// trigger function lives in its own schema, which outlives the reset of
// schema public: it is made once per scratch database, the triggers on each
// run's tables. Notices are not transactional: a write reaches the recorder
// even when its transaction later aborts.
// Thread-safety: plain functions over a connection the caller owns.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "db/engine.h"

namespace interleave {

// What every write notice begins with.
inline constexpr const char* kWriteNoticePrefix = "interleave-explain ";

// Installs the triggers through `control`: the function too unless
// `*functions_installed` (set when they were made). Fills `key_columns`
// (table -> primary key columns, empty for a table without one). Returns
// the server's error ("" on success). With `exact_xmin`, each write also
// looks up its new version's xmin (one query per row written), which differs
// from the transaction's xid when it wrote in a subtransaction (after a
// SAVEPOINT, in a PL/pgSQL block with EXCEPTION); without, the xid stands
// for it.
std::string InstallWriteTriggers(ControlConnection& control, bool exact_xmin,
                                 bool* functions_installed,
                                 std::map<std::string, std::vector<std::string>>* key_columns);

}  // namespace interleave
