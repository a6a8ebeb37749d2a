// The verdict's sentences about a run's dependency graph: what the reported
// cycle (or aborted/intermediate read) is, edge by edge, in the words a
// textbook uses, and which serial order a serializable run is equivalent to.
// Thread-safety: pure functions.
#pragma once

#include <string>

#include "sim/explain/anomaly_class.h"
#include "sim/model/history.h"

namespace interleave {

// "lost update (G-single)", "G1c", "phantom (G2)".
std::string FindingName(const Finding& finding);

// One sentence per edge, joined with "; ": "laptop's l2 read users id=1
// (peepcoins=100), which phone's p3 then replaced (peepcoins=70); ...".
std::string FindingSentence(const History& history, const Finding& finding);

// "equivalent to phone then laptop" (", one of several orders" when others
// are too); "" when the run is not serializable or has no transaction.
std::string SerialOrderText(const History& history, const Explanation& explanation);

}  // namespace interleave
