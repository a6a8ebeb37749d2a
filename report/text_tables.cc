// Tables in the text report (see text_tables.h).
#include "report/text_tables.h"

#include <algorithm>

#include "sim/judge/trace_phrases.h"
#include "util/text_util.h"
#include "util/utf8.h"

namespace interleave::text {

void AppendTable(const TableState& table, const std::string& caption, int width, const Symbols& sym,
                 const Painter& paint, std::vector<std::string>* out) {
  const int indent = 2;
  out->push_back(Truncate(std::string(indent, ' ') + paint(table.table + caption, Tone::kHeading),
                          width, sym.ellipsis));
  const StatementResult& contents = table.contents;
  if (contents.columns.empty()) {
    out->push_back("    (no columns)");
    return;
  }
  const size_t max_rows = 20;
  size_t n = contents.columns.size();
  std::vector<int> widths(n);
  for (size_t c = 0; c < n; ++c) {
    widths[c] = std::min(30, DisplayWidth(contents.columns[c]));
    for (size_t r = 0; r < contents.rows.size() && r < max_rows; ++r)
      if (c < contents.rows[r].size())
        widths[c] = std::max(widths[c], std::min(30, DisplayWidth(ValueText(contents.rows[r][c]))));
  }
  auto total = [&]() {
    int sum = indent + 2;
    for (int w : widths) sum += w + 3;
    return sum - 3;
  };
  while (total() > width) {
    auto widest = std::max_element(widths.begin(), widths.end());
    if (*widest <= 3) break;
    --*widest;
  }
  auto line = [&](const std::vector<std::string>& cells) {
    std::string text = std::string(indent + 2, ' ');
    for (size_t c = 0; c < n; ++c) {
      if (c > 0) text += " " + sym.vbar + " ";
      std::string cell =
          c < cells.size() ? Truncate(CollapseWhitespace(cells[c]), widths[c], sym.ellipsis) : "";
      text += c + 1 < n ? PadRight(cell, widths[c]) : cell;
    }
    return Truncate(TrimRight(text), width, sym.ellipsis);
  };
  out->push_back(line(contents.columns));
  std::string rule = std::string(indent + 2, ' ');
  for (size_t c = 0; c < n; ++c)
    rule += (c > 0 ? sym.hbar + sym.cross + sym.hbar : "") + Repeat(sym.hbar, widths[c]);
  out->push_back(Truncate(rule, width, ""));
  for (size_t r = 0; r < contents.rows.size() && r < max_rows; ++r) {
    std::vector<std::string> cells;
    for (const auto& value : contents.rows[r]) cells.push_back(ValueText(value));
    out->push_back(line(cells));
  }
  if (contents.rows.empty()) out->push_back(std::string(indent + 2, ' ') + "(no rows)");
  if (contents.rows.size() > max_rows)
    out->push_back(std::string(indent + 2, ' ') + "(" +
                   std::to_string(contents.rows.size() - max_rows) + " more rows)");
}

bool SameState(const std::vector<TableState>& a, const std::vector<TableState>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (a[i].table != b[i].table || a[i].contents.columns != b[i].contents.columns ||
        a[i].contents.rows != b[i].contents.rows)
      return false;
  return true;
}

std::string StatePhrase(const std::vector<TableState>& state) {
  std::string text;
  for (const TableState& table : state) {
    if (table.contents.rows.size() > 3) return "";
    text += (text.empty() ? "" : "; ") + table.table + " " +
            (table.contents.rows.size() == 1 ? "(" + RowsInline(table.contents) + ")"
                                             : RowsInline(table.contents));
  }
  return DisplayWidth(text) <= 120 ? text : "";
}

}  // namespace interleave::text
