// Check evaluation: after every session has ended rolled back, each of the
// scenario's checks runs on the control connection against the committed
// state, with ${name} taken from whatever any client read. A check passes
// when its first value is one of `expect_any`, or is true when there is no
// `expect_any`.
// Thread-safety: none; called on the run's thread.
#pragma once

#include <vector>

#include "db/engine.h"
#include "sim/model/scenario.h"
#include "sim/model/trace.h"
#include "sim/run/step_variables.h"

namespace interleave {

// The result of each of `checks`, in order.
std::vector<CheckResult> EvaluateChecks(const std::vector<Check>& checks,
                                        const StepVariables& values, ControlConnection& control);

}  // namespace interleave
