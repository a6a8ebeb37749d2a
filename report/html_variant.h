// One variant's section of the HTML page of a run: its heading and verdict
// badge, the client columns (with their isolation levels), the timeline (one
// grid row per step event, numbered as in the text timeline, so that rows
// line up across variants), the dependency edges and waits as elements the
// page's script draws as arrows, then the verdict, the dependency graph's
// class or serial order, waits, errors, checks and the final state.
// Everything taken from the scenario or the server is escaped.
// Thread-safety: pure functions.
#pragma once

#include <string>

#include "sim/model/scenario.h"
#include "sim/run/run.h"

namespace interleave {

// The highest row number of `trace`'s timeline (0 when nothing ran).
int HtmlTimelineRows(const Trace& trace);

// The <section> of variant number `index` (ids "v<index>-..."); `rows` is the
// largest HtmlTimelineRows of the page, so that every section has the same
// grid rows; `shown` is false for a variant hidden until its toggle is set.
std::string HtmlVariantSection(const Scenario& scenario, const VariantResult& result, int index,
                               int rows, bool shown);

// The variant's display name ("baseline" when it has none).
std::string HtmlVariantName(const VariantResult& result);

}  // namespace interleave
