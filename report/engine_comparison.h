// The side-by-side comparison that closes `interleave run --engine
// postgresql,mariadb`: the same scenario's variants run on each engine one
// after the other, then one table row per variant with what each engine did
// (verdict, checked values, who waited, who was aborted and with which
// error), each column headed by the engine and the version its server
// reported, and one line naming the variants where the engines differ.
// Thread-safety: pure functions; the runs are owned by the caller.
#pragma once

#include <string>
#include <vector>

#include "db/engine.h"
#include "sim/model/scenario.h"
#include "sim/run/run.h"

namespace interleave {

// One engine's run of a scenario: the scenario as given to that engine (its
// own SQL and `expect`) and the results of its variants, in order.
struct EngineRun {
  EngineKind engine = EngineKind::kPostgreSql;
  std::string server_version;  // "15.18"
  std::string where;           // Target::Describe()
  const Scenario* scenario = nullptr;
  std::vector<VariantResult> results;
};

// What one run did, in a table cell: "anomaly: total = 150 (serial 180) ✗;
// nobody waited", "aborted-without-retry: bob aborted at b3 (40001)".
std::string EngineOutcomeText(const VariantResult& result, bool ascii = false);

// The comparison of `runs` (at least two) as text lines at most `width`
// wide, colour as `color` says; empty for fewer than two runs.
std::string FormatEngineComparison(const std::vector<EngineRun>& runs, int width, bool color,
                                   bool ascii = false);

}  // namespace interleave
