// The text timeline's layout: one column per client when they fit (each at
// least 18 wide, its name and isolation level on top, time going down), else
// rows tagged with the client's name; then the order that ran.
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <vector>

#include "report/text_layout.h"
#include "sim/model/scenario.h"
#include "sim/run/run.h"

namespace interleave::text {

// Clients in the trace (at least 1).
int ClientCount(const Trace& trace);

// Appends `result`'s timeline, at most `width` wide; with `base`, the rows
// that read as base's do are folded (see BuildTimelineRows).
void AppendTimeline(const Scenario& scenario, const VariantResult& result, int width,
                    const Symbols& sym, const Painter& paint, std::vector<std::string>* out,
                    const VariantResult* base = nullptr);

}  // namespace interleave::text
