// How pg_regress compares a test's output with its expected file, and the
// unified diff it shows when they differ. Lines are compared as `diff -w`
// compares them: all white space inside a line is ignored, but a line added
// or removed (even a blank one) is a difference. The diff prints the lines as
// they are, in `diff -U3` form.
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <vector>

namespace interleave {

// Whether `expected` and `actual` are the same as `diff -w` sees them.
bool SameIgnoringWhitespace(const std::string& expected, const std::string& actual);

// The unified diff (`context` lines around each change) from `expected` to
// `actual`, with `--- expected_label` and `+++ actual_label` headers; empty
// when they are the same as `diff -w` sees them.
std::string UnifiedDiff(const std::string& expected, const std::string& actual,
                        const std::string& expected_label, const std::string& actual_label,
                        int context = 3);

// How many lines UnifiedDiff(expected, actual, ...) changes (added plus
// removed): pg_regress reports the alternative expected file closest to the
// output.
int ChangedLineCount(const std::string& expected, const std::string& actual);

// The first `max_lines` lines of `diff`, then "... N more diff lines" when it
// is longer. `max_lines` <= 0 keeps everything.
std::string ShortenDiff(const std::string& diff, int max_lines);

}  // namespace interleave
