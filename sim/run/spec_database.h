// The database an isolation spec runs in. PostgreSQL's isolation suite runs
// every spec in one database, "isolation_regression", and a few specs name it
// (`GRANT TEMP ON DATABASE isolation_regression ...`). Such a spec gets a
// scratch database of that very name; every other spec or scenario gets a
// fresh one, so that runs can go on side by side.
// Thread-safety: pure functions; CreateScratchFor is as safe as the target.
#pragma once

#include <memory>
#include <string>

#include "db/engine.h"
#include "sim/model/scenario.h"

namespace interleave {

// The reference runner's database name.
inline constexpr const char* kIsolationSuiteDatabase = "isolation_regression";

// kIsolationSuiteDatabase when `scenario` is an isolation spec whose SQL names
// it (as a whole word, any case), else "".
std::string SpecDatabaseName(const Scenario& scenario);

// A scratch database for `scenario` on `target`: named SpecDatabaseName when
// that is not empty, else with a fresh name. Throws DbFailure.
std::unique_ptr<ScratchDatabase> CreateScratchFor(const Scenario& scenario, Target& target);

}  // namespace interleave
