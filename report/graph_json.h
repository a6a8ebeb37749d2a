// The JSON form of an explained run:
//   {serializable, adya, anomaly, serial_order, transactions, edges, cycle}
// with adya one of "G0" "G1a" "G1b" "G1c" "G-single" "G2-item" "G2" or null,
// anomaly the textbook name or null, transactions
// [{id, client, attempt, steps, outcome}] (client by name, outcome
// "committed" | "aborted" | "open"), edges and cycle
// [{kind, from, to, from_step, to_step, table, row, predicate}] (from and to
// are transaction ids; cycle is empty unless the reported finding is a
// cycle). Thread-safety: a pure function.
#pragma once

#include <nlohmann/json.hpp>

#include "sim/explain/anomaly_class.h"
#include "sim/model/history.h"

namespace interleave {

nlohmann::ordered_json ExplanationJson(const History& history, const Explanation& explanation);

}  // namespace interleave
