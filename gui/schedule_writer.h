// Saves an interleaving built in the classroom ("who goes next?") into its
// TOML scenario file as a new [[schedules]] entry. The file's text is kept as
// it is and the entry appended; the result is parsed again before anything
// is written, and written by replacing the file atomically, so a scenario
// file is never left broken.
// Thread-safety: pure functions, and file writes the caller serialises.
#pragma once

#include <string>
#include <vector>

#include "sim/model/scenario.h"

namespace interleave::gui {

// A TOML basic string: quoted, with backslashes, quotes and control
// characters escaped.
std::string TomlString(const std::string& text);

// The [[schedules]] table for `order` (step names), with a leading blank line.
std::string ScheduleToml(const std::string& name, const std::vector<std::string>& order,
                         const std::string& description);

// `base`, or "base 2", "base 3" ... whichever no schedule of `scenario` has.
std::string UniqueScheduleName(const Scenario& scenario, const std::string& base);

// Appends the schedule to `text` and parses the result as the scenario at
// `path`. Returns the new text; throws InputError when it does not parse.
std::string AppendScheduleText(const std::string& text, const std::string& path,
                               const std::string& name, const std::vector<std::string>& order,
                               const std::string& description);

// Reads `path`, appends the schedule, checks it, writes the file. Returns ""
// on success, else what went wrong (nothing is written then).
std::string SaveSchedule(const std::string& path, const std::string& name,
                         const std::vector<std::string>& order, const std::string& description);

}  // namespace interleave::gui
