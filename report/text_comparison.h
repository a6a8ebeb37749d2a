// The comparison that closes a text report of several variants: one table
// row per variant with what it changes (the changed clause in full), the
// isolation levels, the verdict, the checked values, who waited and who was
// aborted, and the dependency graph's class or serial order; cells wrap,
// nothing is cut. What several rows would repeat is said once: the checks'
// names above the table, a long shared clause as a mark ("[1]") with a note
// under it. A note follows when a serialization failure had no anomaly
// behind it. Thread-safety: pure functions.
#pragma once

#include <string>
#include <vector>

#include "report/text_layout.h"
#include "sim/model/scenario.h"
#include "sim/run/run.h"

namespace interleave::text {

// What a variant changes, in words, with every SQL clause it changes in full
// (from the clause where the step's SQL starts to differ to its end):
// "p2 and l2 become `… WHERE id = 1 FOR UPDATE`; every client at REPEATABLE
// READ".
std::string ChangeText(const VariantResult& result, const Scenario& scenario);

// The change's parts, the clauses ChangeText joins with "; "; empty for the
// scenario as written.
std::vector<std::string> ChangeParts(const VariantResult& result, const Scenario& scenario);

// What a row that changes nothing says.
inline constexpr const char* kNoChange = "nothing: the scenario as written";

// A part longer than this that two or more rows share is said once.
inline constexpr int kLongPart = 20;

// Replaces each long part (over kLongPart columns) that two or more rows of
// `parts` share by a mark ("[1]", "[2]" in the order they first appear) and
// returns the notes that say them in full ("[1] setup adds `...`").
std::vector<std::string> MarkSharedParts(std::vector<std::vector<std::string>>* parts);

// A space no cell breaks at (U+00A0); TableLines prints it as a space.
inline constexpr const char* kKeepTogether = "\u00a0";

// A table of `rows` (the first is the header) in columns that fit `width`:
// each cell wrapped in its column, never cut, no column so narrow that a
// short phrase reads a word a line while another has room to give. Returns
// the lines.
std::vector<std::string> TableLines(const std::vector<std::vector<std::string>>& rows, int width,
                                    const Symbols& sym);

// Appends the comparison of `results` (at least two), at most `width` wide.
void AppendComparison(const Scenario& scenario, const std::vector<VariantResult>& results,
                      int width, const Symbols& sym, const Painter& paint,
                      std::vector<std::string>* out);

}  // namespace interleave::text
