// The "Dependencies" block of a run's text report, one line each:
//   l2 -rw-> p3  users id=1: l2 read peepcoins=100, p3 wrote peepcoins=70
// for every edge, then every finding, most severe first:
//   cycle laptop -rw-> phone -ww-> laptop (l2 -rw-> p3 -ww-> l3): G-single, lost update
//   G1a, aborted read: l2 read peepcoins=70 that p3 wrote; phone aborted
// or, with none:
//   serializable: equivalent to phone then laptop (one of several orders)
// Transactions and steps are named by client and step ("laptop#2", "l2#2"
// for a client's second transaction when it has several). The caller prints
// the heading. Thread-safety: a pure function.
#pragma once

#include <string>
#include <vector>

#include "sim/explain/anomaly_class.h"
#include "sim/model/history.h"

namespace interleave {

std::vector<std::string> DependencyLines(const History& history, const Explanation& explanation);

// The lines after the edges: every finding's, or the serial order's.
std::vector<std::string> FindingLines(const History& history, const Explanation& explanation);

// One edge's line, as above.
std::string DependencyLine(const History& history, const Dependency& edge);

}  // namespace interleave
