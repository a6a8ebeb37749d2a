// LoadScenario and FindScenarioFiles: the choice of parser by file extension,
// then the checks that need the planner.
// Thread-safety: reentrant.
#include "sim/parse/scenario_loader.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <system_error>

#include "sim/parse/spec_parser.h"
#include "sim/parse/toml_parser.h"
#include "sim/plan/variant_check.h"

namespace interleave {

namespace {

namespace fs = std::filesystem;

// ".TOML" -> ".toml".
std::string LowerExtension(const fs::path& path) {
  std::string extension = path.extension().string();
  std::transform(extension.begin(), extension.end(), extension.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return extension;
}

bool IsScenarioFile(const fs::path& path) {
  const std::string extension = LowerExtension(path);
  return extension == ".toml" || extension == ".spec";
}

[[noreturn]] void UnknownType(const std::string& path, const std::string& extension) {
  throw InputError(
      SourcePos{path},
      "unknown scenario file type " +
          (extension.empty() ? std::string("(no extension)") : "\"" + extension + "\"") +
          "; expected a .toml scenario or a PostgreSQL isolation .spec file");
}

}  // namespace

Scenario LoadScenario(const std::string& path) {
  const std::string extension = LowerExtension(path);
  if (extension == ".spec") return ParseSpecFile(path);
  if (extension != ".toml") UnknownType(path, extension);
  Scenario scenario = ParseScenarioFile(path);
  CheckVariants(scenario);
  return scenario;
}

Scenario LoadScenarioText(const std::string& text, const std::string& path) {
  const std::string extension = LowerExtension(path);
  if (extension == ".spec") return ParseSpecText(text, path);
  if (extension != ".toml") UnknownType(path, extension);
  Scenario scenario = ParseScenarioText(text, path);
  CheckVariants(scenario);
  return scenario;
}

std::vector<std::string> FindScenarioFiles(const std::vector<std::string>& paths) {
  std::vector<std::string> files;
  for (const std::string& path : paths) {
    std::error_code error;
    const fs::file_status status = fs::status(path, error);
    if (!fs::exists(status)) {
      throw InputError(SourcePos{path},
                       "no such file or folder; expected a .toml or .spec scenario file, or a "
                       "folder of them");
    }
    if (!fs::is_directory(status)) {
      files.push_back(path);
      continue;
    }
    fs::recursive_directory_iterator it(path, fs::directory_options::skip_permission_denied, error);
    if (error) {
      throw InputError(SourcePos{path}, "cannot read folder: " + error.message() +
                                            "; expected a readable folder of scenario files");
    }
    const fs::recursive_directory_iterator end;
    while (it != end) {
      std::error_code type_error;
      if (it->is_regular_file(type_error) && IsScenarioFile(it->path())) {
        files.push_back(it->path().string());
      }
      it.increment(error);
      if (error) {
        throw InputError(SourcePos{path}, "cannot read folder: " + error.message() +
                                              "; expected a readable folder of scenario files");
      }
    }
  }
  std::sort(files.begin(), files.end());
  files.erase(std::unique(files.begin(), files.end()), files.end());
  return files;
}

}  // namespace interleave
