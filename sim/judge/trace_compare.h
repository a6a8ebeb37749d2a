// Compares two traces as the determinism promise states it: the same steps in
// the same order with the same SQL, waits, completions, results, errors
// (SQLSTATE and message), notices and checks; timings and server-specific
// details (process ids in DETAIL lines) aside.
// Thread-safety: stateless function.
#pragma once

#include <string>

#include "sim/model/trace.h"

namespace interleave {

// True when equal; otherwise false with `difference` saying where.
bool SameTraceIgnoringTiming(const Trace& a, const Trace& b, std::string* difference);

}  // namespace interleave
