// State capture: the committed contents of the tables a scenario shows,
// read on the control connection before the first step and after the last
// (each table ordered by its first column). Without `show_tables`, the first
// six base tables of the scratch database by name (Dialect::ListTablesSql).
// A table that cannot be read is left out.
// Thread-safety: none; called on the run's thread.
#pragma once

#include <string>
#include <vector>

#include "db/engine.h"
#include "sim/model/trace.h"

namespace interleave {

std::vector<TableState> CaptureState(ControlConnection& control,
                                     const std::vector<std::string>& show_tables);

}  // namespace interleave
