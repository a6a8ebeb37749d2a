// Tables in the text report: a table's contents as a boxed grid (starting and
// final states), whether two states are the same, and a short state for a
// sentence. Thread-safety: pure functions.
#pragma once

#include <string>
#include <vector>

#include "report/text_layout.h"
#include "sim/model/trace.h"

namespace interleave::text {

// Appends `table` (caption after its name) as a grid at most `width` wide:
// at most 20 rows, cells at most 30 columns.
void AppendTable(const TableState& table, const std::string& caption, int width, const Symbols& sym,
                 const Painter& paint, std::vector<std::string>* out);

// The same tables with the same columns and rows.
bool SameState(const std::vector<TableState>& a, const std::vector<TableState>& b);

// A short state for the comparison: "products (id=1, price=40)", or "" when
// it does not fit in a phrase.
std::string StatePhrase(const std::vector<TableState>& state);

}  // namespace interleave::text
