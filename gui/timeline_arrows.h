// The dependency arrows of a timeline (see EdgeArrow in timeline_layout.h):
// each edge of the run's graph from the box of the step that made its `from`
// end to the box of its `to` end, its label wrapped to the lane between the
// columns and moved down until it meets no other label. The cycle's edges
// are placed first, so their labels sit closest to their arrows.
// Thread-safety: pure functions; results are plain values owned by the caller.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "gui/timeline_layout.h"
#include "sim/explain/anomaly_class.h"
#include "sim/model/trace.h"

namespace interleave::gui {

// The trace step (index into trace.steps) that made `step` of transaction
// `txn` (a TxnRecord id of trace.history), or -1.
int TraceStepOf(const Trace& trace, int txn, const std::string& step);

// The arrows of `explanation`'s edges between the boxes of `layout`;
// `step_box` maps a trace step to the box with its result (or the box where
// it was sent). Edges whose steps have no box are left out.
std::vector<EdgeArrow> LayoutArrows(const Trace& trace, const Explanation& explanation,
                                    const std::map<int, int>& step_box,
                                    const TimelineLayout& layout, const LayoutMetrics& metrics);

// How an edge's line is stroked, in pixels at scale 1: ww solid (dash 0),
// wr dotted, rw dashed; a cycle's edges thicker.
struct EdgeStroke {
  float dash = 0, gap = 0;
  float width = 2;
};
EdgeStroke StrokeFor(const EdgeArrow& arrow);

// The point at `t` in [0, 1] on an arrow's curve.
void ArrowPoint(const EdgeArrow& arrow, float t, float* x, float* y);

}  // namespace interleave::gui
