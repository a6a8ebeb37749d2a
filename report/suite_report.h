// The report of a PostgreSQL isolation suite run (`interleave check SPECS
// --expected DIR`): one result per spec, compared with its expected output as
// pg_isolation_regress compares it, and the ways to print it: one line per
// spec and a summary in pg_regress's own layout, and JUnit XML for CI.
// Knows nothing of databases.
// Thread-safety: plain values and pure functions.
#pragma once

#include <string>
#include <vector>

namespace interleave {

// One spec of a suite run.
struct SuiteSpecResult {
  std::string name;           // the spec's name: its file name without .spec
  std::string spec_path;      // the .spec file, as found
  bool passed = false;        // the output matched an expected file
  std::string expected_path;  // the file it matched, or the closest one; "" if none exists
  std::string result_path;    // where the output was written; "" if nowhere
  std::string diff;           // the unified diff from expected_path when it did not match
  std::string problem;        // why it failed beyond the diff ("no expected output ...",
                              // a step that hung), or ""
  double duration_ms = 0;
};

// "test deadlock-hard                ... ok          412 ms", as pg_regress
// prints a test (FAILED in place of ok).
std::string FormatSuiteLine(const SuiteSpecResult& result);

// pg_regress's closing box:
//   =======================
//    All 38 tests passed.
//   =======================
// or " 1 of 38 tests failed. ".
std::string FormatSuiteSummary(const std::vector<SuiteSpecResult>& results);

// JUnit XML: one testsuite ("isolation"), one testcase per spec; a mismatch
// is a <failure> carrying the diff.
std::string FormatSuiteJUnit(const std::vector<SuiteSpecResult>& results);

}  // namespace interleave
