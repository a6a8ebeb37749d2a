// The report of `interleave check`: one row per variant run, compared with the
// variant's `expect`, and the ways to print it (a summary table, the line that
// names a mismatch, JUnit XML for CI systems). Knows nothing of databases.
// Thread-safety: plain values and pure functions.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "sim/model/scenario.h"
#include "sim/run/run.h"

namespace interleave {

// One variant of one scenario, as `check` saw it.
struct CheckRow {
  enum class Status {
    kOk,        // the verdict matches `expect`
    kMismatch,  // it does not
    kNoExpect,  // the variant has no `expect`: reported, not counted
    kSkipped,   // not run (e.g. an isolation spec, which has no expectations)
  };

  std::string file;     // the scenario file, as found
  std::string title;    // the scenario's title
  std::string variant;  // "baseline" for a scenario without variants
  std::optional<Expectation> expected;
  std::string actual;   // the verdict's name ("prevented-by-wait", ...), or ""
  std::string summary;  // the verdict's sentence, or why the row was skipped
  std::string why;      // the variant's `why`, if any
  Status status = Status::kSkipped;
  double duration_ms = 0;
};

// Compares one variant's verdict with its expectation.
CheckRow MakeCheckRow(const Scenario& scenario, const VariantResult& result);

// A row for a scenario file that was not run, with the reason.
CheckRow MakeSkippedRow(const Scenario& scenario, const std::string& reason);

// Counts of a report.
struct CheckCounts {
  int ok = 0;
  int mismatched = 0;
  int without_expect = 0;
  int skipped = 0;
};
CheckCounts CountRows(const std::vector<CheckRow>& rows);

// The summary table: scenario, variant, expected, actual, result; one line a
// row, columns as wide as their contents.
std::string FormatCheckTable(const std::vector<CheckRow>& rows);

// The line naming a mismatch:
//   MISMATCH scenarios/x.toml: variant "for-update": expected anomaly, got
//   prevented-by-wait (<the verdict's sentence>)
std::string FormatMismatchLine(const CheckRow& row);

// "12 variants in 4 scenario files: 11 ok, 1 MISMATCH, 0 without expect".
std::string FormatCheckTotals(const std::vector<CheckRow>& rows, int files);

// JUnit XML: one testsuite per scenario file, one testcase per variant; a
// mismatch is a <failure>, a variant without `expect` or a skipped file is
// <skipped>.
std::string FormatJUnit(const std::vector<CheckRow>& rows);

// Escapes text for XML attribute values and character data.
std::string XmlEscape(const std::string& text);

}  // namespace interleave
