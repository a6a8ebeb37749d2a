// Conformance with PostgreSQL's own isolation tester: every spec in
// ../shared/pg-isolation runs through our scheduler and its output must match
// the expected file (compared as `diff -w` does; an alternative NAME_1.out may
// match instead). The specs are read where they are, never copied.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "report/isolation_printer.h"
#include "sim/parse/spec_parser.h"
#include "sim/plan/interleavings.h"
#include "sim/plan/plan.h"
#include "sim/run/run.h"
#include "sim/run/variant_runner.h"
#include "tests/test_support.h"

namespace interleave {
namespace {

namespace fs = std::filesystem;

std::string SharedSpecs() { return testing::SourceDir() + "/../shared/pg-isolation"; }

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// Lines with all white space removed, as `diff -w` compares them.
std::vector<std::string> WhitespaceFreeLines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    std::string squeezed;
    for (char c : line) {
      if (!isspace(static_cast<unsigned char>(c))) squeezed += c;
    }
    lines.push_back(squeezed);
  }
  return lines;
}

std::string RunSpec(const std::string& path) {
  Scenario spec = ParseSpecFile(path);
  RunOptions options;
  options.isolation_spec_settings = true;
  options.spec_name = spec.title;
  options.capture_state = false;
  std::vector<Plan> plans;
  for (const Schedule& schedule : SpecSchedules(spec)) {
    plans.push_back(MakePlan(spec, nullptr, schedule));
  }
  std::vector<Trace> traces;
  for (VariantResult& result : RunPlans(testing::SharedTarget(), plans, options)) {
    traces.push_back(std::move(result.trace));
  }
  return FormatIsolationRun(spec, traces);
}

class IsolationSpecTest : public ::testing::TestWithParam<std::string> {};

TEST_P(IsolationSpecTest, OutputMatchesTheReferenceTool) {
  std::string name = GetParam();
  if (name.empty()) GTEST_SKIP() << SharedSpecs() << " not found: conformance specs skipped";
  std::string output = RunSpec(SharedSpecs() + "/specs/" + name + ".spec");
  std::vector<std::string> candidates;
  for (const char* suffix : {"", "_1"}) {
    std::string expected = SharedSpecs() + "/expected/" + name + suffix + ".out";
    if (fs::exists(expected)) candidates.push_back(expected);
  }
  ASSERT_FALSE(candidates.empty()) << "no expected output for " << name;
  for (const auto& expected : candidates) {
    if (WhitespaceFreeLines(ReadFile(expected)) == WhitespaceFreeLines(output)) return;
  }
  ADD_FAILURE() << name << ": output differs from " << candidates[0] << "\n--- ours ---\n"
                << output;
}

std::vector<std::string> SpecNames() {
  std::vector<std::string> names;
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(SharedSpecs() + "/specs", error)) {
    if (entry.path().extension() == ".spec") names.push_back(entry.path().stem());
  }
  std::sort(names.begin(), names.end());
  if (names.empty()) names.push_back("");  // one test that skips with a message
  return names;
}

std::string TestName(const ::testing::TestParamInfo<std::string>& info) {
  std::string name = info.param.empty() ? "SharedSpecsMissing" : info.param;
  for (char& c : name) {
    if (!isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return name;
}

INSTANTIATE_TEST_SUITE_P(SharedSpecs, IsolationSpecTest, ::testing::ValuesIn(SpecNames()),
                         TestName);

}  // namespace
}  // namespace interleave
