#include "report/suite_report.h"

#include <cstdio>

#include "report/check_report.h"

namespace interleave {

std::string FormatSuiteLine(const SuiteSpecResult& result) {
  char line[256];
  std::snprintf(line, sizeof line, "test %-28s ... %s %8.0f ms", result.name.c_str(),
                result.passed ? "ok    " : "FAILED", result.duration_ms);
  return line;
}

std::string FormatSuiteSummary(const std::vector<SuiteSpecResult>& results) {
  int failed = 0;
  for (const SuiteSpecResult& result : results) failed += result.passed ? 0 : 1;
  const int total = static_cast<int>(results.size());
  std::string words = failed == 0 ? " All " + std::to_string(total) + " tests passed. "
                                  : " " + std::to_string(failed) + " of " + std::to_string(total) +
                                        " tests failed. ";
  const std::string rule(words.size(), '=');
  return rule + "\n" + words + "\n" + rule + "\n";
}

std::string FormatSuiteJUnit(const std::vector<SuiteSpecResult>& results) {
  int failed = 0;
  double total_ms = 0;
  for (const SuiteSpecResult& result : results) {
    failed += result.passed ? 0 : 1;
    total_ms += result.duration_ms;
  }
  char seconds[64];
  std::string xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n";
  std::snprintf(seconds, sizeof seconds, "%.3f", total_ms / 1000);
  xml += "  <testsuite name=\"isolation\" tests=\"" + std::to_string(results.size()) +
         "\" failures=\"" + std::to_string(failed) + "\" time=\"" + seconds + "\">\n";
  for (const SuiteSpecResult& result : results) {
    std::snprintf(seconds, sizeof seconds, "%.3f", result.duration_ms / 1000);
    xml += "    <testcase classname=\"isolation\" name=\"" + XmlEscape(result.name) + "\" file=\"" +
           XmlEscape(result.spec_path) + "\" time=\"" + seconds + "\"";
    if (result.passed) {
      xml += "/>\n";
      continue;
    }
    std::string message =
        !result.problem.empty() ? result.problem : "output differs from " + result.expected_path;
    xml += ">\n      <failure message=\"" + XmlEscape(message) + "\">" +
           XmlEscape(result.diff.empty() ? message : result.diff) + "</failure>\n    </testcase>\n";
  }
  xml += "  </testsuite>\n</testsuites>\n";
  return xml;
}

}  // namespace interleave
