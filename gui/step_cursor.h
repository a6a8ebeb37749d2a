// The step cursor: how far the classroom has stepped, in one number shared by
// both panes. Cursor k <= n (n = entries of the schedule) means "the first k
// schedule entries have been sent", so the baseline and a fix show the same
// scenario step even when the fix adds steps (an added step runs together
// with the entry it follows). Cursor n + t means t more Run::Next() calls
// after the schedule is exhausted: waiting steps completing, retries, and
// finally the checks. This file maps a cursor onto one pane's Plan.
// Thread-safety: pure functions of their arguments.
#pragma once

#include <cstddef>
#include <vector>

#include "sim/plan/plan.h"
#include "sim/model/scenario.h"

namespace interleave::gui {

// boundaries[k] = the plan position (number of plan.order entries) after the
// first k schedule entries and the steps the variant adds after them; size
// n + 1, boundaries[0] = 0 (steps added before a client's first step belong
// to that step), boundaries[n] = plan.order.size().
std::vector<size_t> EntryBoundaries(const Plan& plan, const Variant* variant);

// What a pane must have done to be at `cursor`.
struct CursorTarget {
  size_t position = 0;  // Run::position() to reach
  int tail_steps = 0;   // Run::Next() calls after the schedule is exhausted
};
CursorTarget TargetFor(const std::vector<size_t>& boundaries, int cursor);

// The cursor a pane has reached: the largest k with boundaries[k] <= position
// (when position < boundaries[n]), else n + tail_done.
int CursorReached(const std::vector<size_t>& boundaries, size_t position, int tail_done);

}  // namespace interleave::gui
