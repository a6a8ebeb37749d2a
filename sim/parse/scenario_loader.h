// Finding and loading scenario files of either format: TOML scenarios
// (sim/toml_parser.h) and PostgreSQL isolation specs (sim/spec_parser.h).
// Thread-safety: the functions are reentrant (no shared state).
#pragma once

#include <string>
#include <vector>

#include "sim/model/scenario.h"

namespace interleave {

// Parses the scenario at `path` by its extension: ".toml" or ".spec" (any
// case). Throws InputError for other extensions and for bad files.
Scenario LoadScenario(const std::string& path);

// The scenario files named by `paths`: files as given, and every *.toml and
// *.spec file found (recursively) in folders; sorted and without duplicates.
// Throws InputError when a path does not exist.
std::vector<std::string> FindScenarioFiles(const std::vector<std::string>& paths);

}  // namespace interleave
