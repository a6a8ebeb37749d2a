#include "gui/scenario_library.h"

#include <algorithm>
#include <filesystem>

#include "sim/parse/scenario_loader.h"
#include "sim/model/source_pos.h"

namespace interleave::gui {

namespace fs = std::filesystem;

ScenarioEntry LoadEntry(const std::string& path) {
  ScenarioEntry entry;
  entry.path = path;
  entry.title = fs::path(path).filename().string();
  try {
    auto scenario = std::make_shared<Scenario>(LoadScenario(path));
    if (!scenario->title.empty()) entry.title = scenario->title;
    entry.anomaly = scenario->anomaly;
    entry.app = scenario->app;
    entry.story = scenario->story;
    entry.scenario = std::move(scenario);
  } catch (const std::exception& error) {
    entry.error = error.what();
  }
  return entry;
}

ScenarioLibrary ScenarioLibrary::Scan(const std::string& path) {
  ScenarioLibrary library;
  std::error_code ec;
  if (!fs::exists(path, ec)) throw InputError("no such file or folder: " + path);
  const bool folder = fs::is_directory(path, ec);
  library.root_ = folder ? path : fs::path(path).parent_path().string();
  if (library.root_.empty()) library.root_ = ".";
  std::vector<std::string> files = FindScenarioFiles({library.root_});
  if (!folder && std::find(files.begin(), files.end(), path) == files.end()) {
    // A file given by a path the folder listing spells differently.
    bool listed = false;
    for (const std::string& file : files) listed = listed || fs::equivalent(file, path, ec);
    if (!listed) files.insert(files.begin(), path);
  }
  for (const std::string& file : files) library.entries_.push_back(LoadEntry(file));
  return library;
}

int ScenarioLibrary::IndexOf(const std::string& path) const {
  std::error_code ec;
  for (size_t i = 0; i < entries_.size(); ++i) {
    if (entries_[i].path == path || fs::equivalent(entries_[i].path, path, ec))
      return static_cast<int>(i);
  }
  return -1;
}

void ScenarioLibrary::Reload(int index) {
  if (index < 0 || index >= static_cast<int>(entries_.size())) return;
  entries_[index] = LoadEntry(entries_[index].path);
}

}  // namespace interleave::gui
