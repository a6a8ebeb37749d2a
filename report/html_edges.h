// The dependency edges of one run as the HTML page draws them: each ww / wr /
// rw edge of the run's graph (and the offending read of a G1a / G1b finding)
// tied to the two step boxes that made it, with its short label
// ("rw users id=1: read 100, wrote 70") and whether it lies on the reported
// cycle. Derived from Verdict::explanation and the trace's History; nothing
// is re-judged. Thread-safety: pure functions; results are plain values.
#pragma once

#include <string>
#include <vector>

#include "sim/explain/anomaly_class.h"
#include "sim/model/trace.h"

namespace interleave {

// One edge as the page draws it: plain values.
struct PageEdge {
  std::string id;         // "l2-rw->p3": from step, kind, to step (StepLabel)
  std::string kind;       // "ww", "wr", "rw"
  std::string label;      // "rw users id=1: read 100, wrote 70"
  std::string line;       // the text report's line (DependencyLine)
  int from_step = -1;     // index into Trace::steps, -1 when not found
  int to_step = -1;       // index into Trace::steps, -1 when not found
  bool in_cycle = false;  // an edge of the reported cycle (or bad read)
};

// Every edge of `explanation.graph`, then the reported finding's edges that
// the graph does not hold (a read of an aborted version), in graph order.
std::vector<PageEdge> PageEdges(const Trace& trace, const Explanation& explanation);

// The label of one edge: kind, table, row, then what each end did. A read
// is shown by the columns the other end wrote ("peepcoins=100" of a row read
// as "name=Josh, peepcoins=100"), and a value of one column without its
// column name ("100"). For a predicate read (a phantom), the row written
// into its range is shown by the columns the predicate names; the predicate
// itself is on the read's box.
std::string EdgeLabel(const Dependency& edge);

// The index into trace.steps of the step `step` of transaction `txn`
// (matched by client, attempt and name), or -1.
int StepIndexOf(const Trace& trace, int txn, const std::string& step);

}  // namespace interleave
