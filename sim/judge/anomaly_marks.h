// Where an anomaly becomes visible in a trace, and the sentences that tie it
// to the steps. A run whose reads and writes were recorded is marked by its
// dependency graph: the write that made a read stale (the cycle's first rw
// edge), or the read of an aborted or intermediate version. Otherwise (not
// recorded, or serializable while a check failed) by the failed check: the
// reads it uses, or the last committed write, the read it was computed from
// and the other client's write in between. Or the steps aborted without a
// retry. Shared by the text timeline and the GUI.
// Thread-safety: pure functions of their arguments.
#pragma once

#include <string>
#include <vector>

#include "sim/judge/trace_facts.h"
#include "sim/judge/verdict.h"
#include "sim/model/scenario.h"
#include "sim/model/trace.h"
#include "sim/plan/plan.h"

namespace interleave {

// Where the anomaly becomes visible and what it is tied to.
struct AnomalyMark {
  // What the first sentence says, for a caller that leads it with a marker.
  enum class Lead {
    kAborted,     // "alex was aborted here (40001) and not retried: ..."
    kCheckReads,  // "Check c uses what a2 (x=1) and b2 (x=2) read."
    kExplain,     // the failed check's explanation, with its numbers
    kLastWrite,   // "#8 l3 is laptop's last committed write before the check failed."
    kGraph,       // "laptop's l2 (#4) read users id=1 (peepcoins=100); phone's p3 (#5) ..."
  };
  int step = -1;  // shown with this step's result; -1: after the timeline
  Lead lead = Lead::kExplain;
  std::string headline;                // "lost update (P4)", "aborted, not retried"
  std::vector<std::string> sentences;  // what happened, with #row references
};

// Derives the marks from the reported finding of verdict.explanation, else
// from the failed check, its ${step.column} references, the last committed
// write and the reads before it, or from the steps aborted without a retry. `plan` is what ran
// (null: the scenario as written); its step definitions tell which read a write was computed from.
// States only what the trace shows.
std::vector<AnomalyMark> AnomalyMarks(const Scenario& scenario, const Plan* plan,
                                      const Trace& trace, const Verdict& verdict,
                                      const RowNumbers& rows);

}  // namespace interleave
