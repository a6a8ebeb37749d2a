#include "tests/test_support.h"

#include <cstdlib>
#include <memory>
#include <mutex>

#include "sim/parse/toml_parser.h"

namespace interleave::testing {

Target& SharedTarget() {
  static std::once_flag once;
  static std::shared_ptr<Target> target;
  std::call_once(once, [] {
    const char* url = std::getenv("INTERLEAVE_TEST_DB");
    target = url && *url ? Target::Open(url) : Target::OpenPrivate();
  });
  return *target;
}

Scenario ScenarioFromToml(const std::string& text, const std::string& path) {
  return ParseScenarioText(text, path);
}

std::string SourceDir() { return INTERLEAVE_SOURCE_DIR; }

}  // namespace interleave::testing
