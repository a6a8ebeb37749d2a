// The scenario browser's model: the scenario files of a folder (TOML and
// PostgreSQL isolation specs), each parsed once for its title, anomaly, app
// and story; a file that does not parse is listed with its error instead.
// Thread-safety: UI thread only. Ownership: owns the parsed scenarios
// (shared with the live sessions that run them).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "sim/model/scenario.h"

namespace interleave::gui {

struct ScenarioEntry {
  std::string path;
  std::string title;    // the scenario's title, else the file name
  std::string anomaly;  // "lost update (P4)"
  std::string app;
  std::string story;
  std::string error;  // why it cannot be loaded
  std::shared_ptr<const Scenario> scenario;
};

class ScenarioLibrary {
 public:
  ScenarioLibrary() = default;
  ScenarioLibrary(const ScenarioLibrary&) = delete;
  ScenarioLibrary& operator=(const ScenarioLibrary&) = delete;
  ScenarioLibrary(ScenarioLibrary&&) = default;
  ScenarioLibrary& operator=(ScenarioLibrary&&) = default;

  // Lists the scenario files of `path`: a folder (searched recursively), or
  // a file together with the other scenarios of its folder. Throws
  // InputError when the path does not exist.
  static ScenarioLibrary Scan(const std::string& path);

  const std::vector<ScenarioEntry>& entries() const { return entries_; }
  const std::string& root() const { return root_; }
  // The entry of `path` (compared as given and as absolute), or -1.
  int IndexOf(const std::string& path) const;
  // Parses entry `index` again (after its file changed).
  void Reload(int index);

 private:
  std::string root_;
  std::vector<ScenarioEntry> entries_;
};

// The entry for one file, parsed (or with its error).
ScenarioEntry LoadEntry(const std::string& path);

}  // namespace interleave::gui
