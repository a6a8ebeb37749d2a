// The scenario catalogue: what a scenario library holds, read from the files
// alone (no database). FormatCatalogue renders scenarios/README.md, a Markdown
// table of anomaly x fix x expected outcome; VariantIsolationText and
// VariantOutcomeText are shared with `interleave list`.
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <vector>

#include "sim/model/scenario.h"

namespace interleave {

// The isolation the variant runs its clients at, after the variant is applied
// to the scenario's first schedule: "SERIALIZABLE", "READ COMMITTED (default)",
// or per client ("alex: SERIALIZABLE, robin: READ COMMITTED (default)"), with
// " + retry" when a client retries. `variant` null: the scenario as written.
std::string VariantIsolationText(const Scenario& scenario, const Variant* variant);

// The expected outcome: the `expect` name, or "(no expect)".
std::string VariantOutcomeText(const Variant* variant);

// The catalogue page for `scenarios` (as loaded, each with its path). Links
// and section names are relative to `base_dir` (the folder the page is
// written to): a scenario's first folder below it names its section. The text
// depends only on the files' contents and their paths relative to base_dir.
std::string FormatCatalogue(const std::vector<Scenario>& scenarios, const std::string& base_dir);

}  // namespace interleave
