// The "Dependencies" block under a variant's timeline, as a textbook prints
// a run's serialization graph: one edge a line, then the cycle and its class
// (or the serial order the run is equivalent to). When the lines would be
// more than eight, only the edges of the findings' cycles are listed and the
// rest counted; an edge that repeats a listed one (same kind, transactions
// and row; another step's read) is only named on an "also" line. A TOML run whose reads and writes
// could not be recorded gets one line saying why; an isolation spec (never recorded) gets nothing.
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <vector>

#include "report/text_layout.h"
#include "sim/judge/verdict.h"
#include "sim/model/scenario.h"
#include "sim/model/trace.h"

namespace interleave::text {

// At most this many lines list every edge; beyond, only the cycles' edges.
inline constexpr size_t kMaxDependencyLines = 8;

// The block's lines without the heading and the indent; empty when there is
// nothing to print.
std::vector<std::string> DependencyBlock(const Scenario& scenario, const Trace& trace,
                                         const Verdict& verdict);

// Appends the block ("Dependencies" and its lines), at most `width` wide.
void AppendDependencies(const Scenario& scenario, const Trace& trace, const Verdict& verdict,
                        int width, const Painter& paint, std::vector<std::string>* out);

}  // namespace interleave::text
