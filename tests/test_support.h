// Shared helpers for tests that need a real PostgreSQL: one private server per
// test binary (or the server INTERLEAVE_TEST_DB names), started on first use.
// Thread-safety: SharedTarget() is safe to call from any test.
#pragma once

#include <string>

#include "db/engine.h"
#include "sim/model/scenario.h"

namespace interleave::testing {

Target& SharedTarget();

// Parses TOML scenario text (path used in messages).
Scenario ScenarioFromToml(const std::string& text, const std::string& path = "test.toml");

// The repository's root folder.
std::string SourceDir();

}  // namespace interleave::testing
