// What a finished run's trace says about how the run itself went, for the
// exit status of the commands: a run whose server failed (a connection lost,
// the server gone or refusing connections), and a run that did not run to
// its end for any reason (its setup failed, a statement passed its time
// limit, a step never ended, the server failed).
// Thread-safety: pure functions.
#pragma once

#include <string>

#include "sim/model/trace.h"

namespace interleave {

// Whether the server failed during the run (exit status 3).
bool ServerFailed(const Trace& trace);
// Whether the run did not run to its end (exit status 1 for `run` and
// `explore`; `check` compares the verdict with its expectation instead).
bool RunFailed(const Trace& trace);
// What went wrong, in one line, for a run that failed.
std::string RunFailureText(const Trace& trace);

}  // namespace interleave
