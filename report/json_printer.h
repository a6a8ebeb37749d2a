// The JSON form of a run: the scenario, and for each variant its verdict,
// whether it matched the variant's expectation, and the whole trace (steps
// with SQL as sent, results, errors, waits; events; checks; states). For
// tools and CI; field names are stable, new fields may be added.
// Thread-safety: pure functions; the result is owned by the caller (the
// JsonWriter given to WriteScenarioJson is used on the caller's thread).
#pragma once

#include <string>
#include <vector>

#include "report/json_writer.h"
#include "sim/model/scenario.h"
#include "sim/run/run.h"

namespace interleave {

// One JSON document (pretty-printed, ending in a newline):
// {"scenario": {"title", "anomaly", "path"},
//  "variants": [{"name", "description", "verdict", "verdict_summary",
//                "verdict_reasons", "waited_steps", "aborted_steps",
//                "retried_clients", "expect", "expect_why",
//                "matches_expect" (bool, or null without an expectation),
//                "trace": {"schedule", "order", "client_names", "isolation",
//                          "steps": [...], "events": [...], "checks": [...],
//                          "initial_state", "final_state", "setup_error",
//                          "run_error", "reordered", "duration_ms"}}]}
std::string FormatRunJson(const Scenario& scenario, const std::vector<VariantResult>& results);

// The "scenario" member ({"title", "anomaly", "path"}) that this document
// and `interleave explore --json` both start with.
void WriteScenarioJson(JsonWriter& json, const Scenario& scenario);

}  // namespace interleave
