// Finding and loading scenario files of either format: TOML scenarios
// (sim/parse/toml_parser.h) and PostgreSQL isolation specs
// (sim/parse/spec_parser.h). Loading also runs the checks that need a
// variant applied (sim/plan/variant_check.h), so a loaded scenario is
// complete and checked.
// Thread-safety: the functions are reentrant (no shared state).
#pragma once

#include <string>
#include <vector>

#include "sim/model/scenario.h"

namespace interleave {

// Parses the scenario at `path` by its extension: ".toml" or ".spec" (any
// case), and checks it. Throws InputError for other extensions and for bad
// files.
Scenario LoadScenario(const std::string& path);

// The same for scenario `text`; `path` gives the format and names the text in
// errors.
Scenario LoadScenarioText(const std::string& text, const std::string& path);

// The scenario files named by `paths`: files as given, and every *.toml and
// *.spec file found (recursively) in folders; sorted and without duplicates.
// Throws InputError when a path does not exist.
std::vector<std::string> FindScenarioFiles(const std::vector<std::string>& paths);

}  // namespace interleave
