// State capture: the committed contents of the tables a scenario shows,
// read on the control connection before the first step and after the last
// (each table ordered by its first column). Without `show_tables`, the first
// six base tables of the scratch database by name (Dialect::ListTablesSql).
// A table that cannot be read is left out. CaptureLocks reads, at one moment,
// which locks the run's clients (or one of them) hold and wait for;
// StepMayLock says after which steps that is worth a query.
// Thread-safety: none; called on the run's thread.
#pragma once

#include <string>
#include <vector>

#include "db/engine.h"
#include "sim/model/trace.h"

namespace interleave {

std::vector<TableState> CaptureState(ControlConnection& control,
                                     const std::vector<std::string>& show_tables);

// The clients' locks now; `backend_ids[c]` is client c's
// ClientConnection::backend_id. Throws DbFailure when the server cannot be
// asked.
// With `only_client` >= 0, that client's locks only.
LockSnapshot CaptureLocks(ControlConnection& control, const std::vector<int>& backend_ids,
                          int only_client = -1);

// Whether a step that ran `sql` could have taken or waited for a lock worth
// telling: not BEGIN, COMMIT, ROLLBACK, SET, SAVEPOINT and the like, and not
// a plain read (SELECT, VALUES, TABLE, SHOW; WITH unless it writes) that has
// no locking clause and ran below SERIALIZABLE (where a read takes only
// ACCESS SHARE, which only ACCESS EXCLUSIVE conflicts with). A step that
// waited is always worth telling; the caller checks that.
bool StepMayLock(const std::string& sql, bool serializable);

}  // namespace interleave
