// The output of `interleave explore`: per variant, how the interleavings
// ended (anomaly, prevented by a wait or an abort, no conflict, aborted
// without retry, error; those that could not run as listed counted apart),
// what the dependency graph says of them (serializable, or the Adya class
// and textbook name of the reported finding, or not recorded), the simplest
// anomalous interleavings and a few reordered ones, as text; or the tallies
// ("graph_classes" and "textbook_names" objects among them) and every
// interleaving (with its "graph_class") as JSON.
// Thread-safety: pure functions.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "sim/model/scenario.h"
#include "sim/run/explorer.h"

namespace interleave {

// The text report. `show`: how many simplest anomalous interleavings to list;
// `seconds` and `jobs` go into the last line.
std::string FormatExploreText(const Scenario& scenario,
                              const std::vector<VariantExploration>& results, size_t show,
                              double seconds, int jobs);

// The JSON report (one object, then a newline).
std::string FormatExploreJson(const Scenario& scenario,
                              const std::vector<VariantExploration>& results);

}  // namespace interleave
