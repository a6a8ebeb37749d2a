// State capture: the committed contents of the tables a scenario shows,
// read on the control connection before the first step and after the last
// (each table ordered by its first column). Without `show_tables`, the first
// six base tables of the scratch database by name (Dialect::ListTablesSql).
// A table that cannot be read is left out. CaptureLocks reads, at one moment,
// which locks the run's clients hold and wait for.
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
LockSnapshot CaptureLocks(ControlConnection& control, const std::vector<int>& backend_ids);

}  // namespace interleave
