// The HTML page of a run (`interleave run FILE --html OUT.html`): one
// self-contained file (its CSS and script inline, no network, no external
// file) that shows the variants side by side (stacked on a phone), each a
// timeline of the clients' steps in columns, time going down, rows aligned
// across variants by row number; Right / Left / Home / End step through it
// (the page shows the steps up to the current one and marks the current);
// dependency edges are arrows between the step boxes that made them; below
// each timeline the verdict, the graph's class or serial order and the
// precedence graph of the transactions (report/html_graph.h), waits,
// errors, checks and the final state. Every step is an element with
// data-step="NAME", every edge one with data-edge="FROM-KIND->TO". Built
// from the run's results as they are (nothing is re-run or re-judged), with
// everything the scenario and the server said escaped.
// Thread-safety: a pure function; the result is owned by the caller.
#pragma once

#include <string>
#include <vector>

#include "sim/model/scenario.h"
#include "sim/run/run.h"

namespace interleave {

std::string FormatRunHtml(const Scenario& scenario, const std::vector<VariantResult>& results);

}  // namespace interleave
