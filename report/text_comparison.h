// The comparison that closes a text report of several variants: whether they
// started from the same state and ran the same schedule, what each changes
// and what verdict and final state it gave, and a note when a serialization
// failure had no anomaly behind it. Thread-safety: pure functions.
#pragma once

#include <string>
#include <vector>

#include "report/text_layout.h"
#include "sim/model/scenario.h"
#include "sim/run/run.h"

namespace interleave::text {

// Appends the comparison of `results` (at least two), at most `width` wide.
void AppendComparison(const Scenario& scenario, const std::vector<VariantResult>& results,
                      int width, const Painter& paint, std::vector<std::string>* out);

}  // namespace interleave::text
