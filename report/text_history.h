// The run as a Berenson-style history line, from what the recorder saw:
// "r1[x=100] r2[x=100] w1[x=70] c1 w2[x=60] c2", with a legend that maps
// each number to its transaction (1 = phone, 2 = laptop#2) and each letter
// to its row (x = users id=1). Reads show the columns some write of the run
// changed; a search that found nothing reads "r1[media: none]".
// Thread-safety: pure functions.
#pragma once

#include <string>

#include "sim/model/trace.h"

namespace interleave::text {

// The history and its legend, or "" when the run was not recorded.
std::string HistoryLine(const Trace& trace);

}  // namespace interleave::text
