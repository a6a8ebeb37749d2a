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
// that read as base's (or one of `others`') do are folded (see
// BuildTimelineRows). With
// `same_dependencies` (the last line of a dependency block equal to base's)
// and the same order and history as base's, one line says all three are
// base's and ends with it (and, with `same_final_state`, that the final state
// is too); returns whether it did. With `server_told`, the
// column headers leave out the server (the report named it once).
bool AppendTimeline(const Scenario& scenario, const VariantResult& result, int width,
                    const Symbols& sym, const Painter& paint, std::vector<std::string>* out,
                    const VariantResult* base = nullptr, const std::string& same_dependencies = "",
                    bool server_told = false, const std::vector<const VariantResult*>& others = {},
                    bool same_final_state = false);

// "PostgreSQL 15.18" when every variant ran on the same server, else "".
std::string SharedServer(const std::vector<VariantResult>& results);

}  // namespace interleave::text
