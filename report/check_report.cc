// The check report: rows from verdicts, the summary table, mismatch lines and
// JUnit XML. Thread-safety: pure functions.
#include "report/check_report.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <map>
#include <sstream>

#include "util/text_util.h"
#include "util/utf8.h"

namespace interleave {

namespace {

std::string StatusText(CheckRow::Status status) {
  switch (status) {
    case CheckRow::Status::kOk:
      return "ok";
    case CheckRow::Status::kMismatch:
      return "MISMATCH";
    case CheckRow::Status::kNoExpect:
      return "no expect";
    case CheckRow::Status::kSkipped:
      return "skipped";
  }
  return "";
}

std::string ExpectedText(const CheckRow& row) {
  return row.expected ? ExpectationName(*row.expected) : "-";
}

std::string Seconds(double ms) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.3f", ms / 1000.0);
  return buffer;
}

// "scenarios/textbook/lost_update.toml" -> "scenarios.textbook.lost_update".
std::string ClassName(const std::string& file) {
  std::string name = file;
  if (size_t dot = name.rfind('.');
      dot != std::string::npos && name.find('/', dot) == std::string::npos)
    name.erase(dot);
  while (name.rfind("./", 0) == 0) name.erase(0, 2);
  std::replace(name.begin(), name.end(), '/', '.');
  return name;
}

}  // namespace

CheckRow MakeCheckRow(const Scenario& scenario, const VariantResult& result) {
  CheckRow row;
  row.file = scenario.path;
  row.title = scenario.title;
  row.variant = result.variant;
  row.actual = result.verdict.Name();
  row.summary = CollapseWhitespace(result.verdict.summary);
  row.duration_ms = result.trace.duration_ms;
  if (result.variant_def) {
    row.expected = result.variant_def->expect;
    row.why = CollapseWhitespace(result.variant_def->expect_why);
  }
  if (!row.expected) {
    row.status = CheckRow::Status::kNoExpect;
  } else {
    row.status =
        result.verdict.Matches(*row.expected) ? CheckRow::Status::kOk : CheckRow::Status::kMismatch;
  }
  return row;
}

CheckRow MakeSkippedRow(const Scenario& scenario, const std::string& reason) {
  CheckRow row;
  row.file = scenario.path;
  row.title = scenario.title;
  row.variant = "-";
  row.summary = reason;
  row.status = CheckRow::Status::kSkipped;
  return row;
}

CheckCounts CountRows(const std::vector<CheckRow>& rows) {
  CheckCounts counts;
  for (const CheckRow& row : rows) {
    switch (row.status) {
      case CheckRow::Status::kOk:
        ++counts.ok;
        break;
      case CheckRow::Status::kMismatch:
        ++counts.mismatched;
        break;
      case CheckRow::Status::kNoExpect:
        ++counts.without_expect;
        break;
      case CheckRow::Status::kSkipped:
        ++counts.skipped;
        break;
    }
  }
  return counts;
}

std::string FormatCheckTable(const std::vector<CheckRow>& rows) {
  const std::array<std::string, 5> headers = {"scenario", "variant", "expected", "actual",
                                              "result"};
  std::vector<std::array<std::string, 5>> cells;
  for (const CheckRow& row : rows) {
    cells.push_back({row.file, row.variant, ExpectedText(row),
                     row.actual.empty() ? "-" : row.actual, StatusText(row.status)});
  }
  std::array<size_t, 5> widths{};
  for (size_t c = 0; c < headers.size(); ++c) widths[c] = Utf8Length(headers[c]);
  for (const auto& line : cells)
    for (size_t c = 0; c < line.size(); ++c) widths[c] = std::max(widths[c], Utf8Length(line[c]));

  std::ostringstream out;
  auto print = [&](const std::array<std::string, 5>& line) {
    std::string text;
    for (size_t c = 0; c < line.size(); ++c)
      text += (c + 1 < line.size() ? PadUtf8(line[c], widths[c]) + "  " : line[c]);
    out << text << "\n";
  };
  print(headers);
  std::array<std::string, 5> rule;
  for (size_t c = 0; c < rule.size(); ++c) rule[c] = std::string(widths[c], '-');
  rule.back() = std::string(Utf8Length(headers.back()) + 4, '-');
  print(rule);
  for (const auto& line : cells) print(line);
  return out.str();
}

std::string FormatMismatchLine(const CheckRow& row) {
  std::string line = "MISMATCH " + row.file + ": variant \"" + row.variant + "\": expected " +
                     ExpectedText(row) + ", got " + row.actual;
  if (!row.summary.empty()) line += " (" + row.summary + ")";
  return line;
}

std::string FormatCheckTotals(const std::vector<CheckRow>& rows, int files) {
  CheckCounts counts = CountRows(rows);
  int variants = counts.ok + counts.mismatched + counts.without_expect;
  std::string text = std::to_string(variants) + " variant" + (variants == 1 ? "" : "s") + " in " +
                     std::to_string(files) + " scenario file" + (files == 1 ? "" : "s") + ": " +
                     std::to_string(counts.ok) + " ok, " + std::to_string(counts.mismatched) +
                     " MISMATCH, " + std::to_string(counts.without_expect) + " without expect";
  if (counts.skipped > 0) text += ", " + std::to_string(counts.skipped) + " skipped";
  return text;
}

std::string XmlEscape(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (unsigned char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      case '\n':
        out += "&#10;";
        break;
      case '\t':
        out += "&#9;";
        break;
      case '\r':
        out += "&#13;";
        break;
      default:
        // Control characters are not allowed in XML 1.0, even escaped.
        if (c < 0x20) {
          out += ' ';
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out;
}

std::string FormatJUnit(const std::vector<CheckRow>& rows) {
  // Group rows by file, keeping the order of first appearance.
  std::vector<std::string> files;
  std::map<std::string, std::vector<const CheckRow*>> by_file;
  for (const CheckRow& row : rows) {
    if (!by_file.count(row.file)) files.push_back(row.file);
    by_file[row.file].push_back(&row);
  }
  CheckCounts total = CountRows(rows);
  double total_ms = 0;
  for (const CheckRow& row : rows) total_ms += row.duration_ms;

  std::ostringstream out;
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out << "<testsuites name=\"interleave check\" tests=\"" << rows.size() << "\" failures=\""
      << total.mismatched << "\" errors=\"0\" skipped=\"" << total.without_expect + total.skipped
      << "\" time=\"" << Seconds(total_ms) << "\">\n";
  for (const std::string& file : files) {
    const auto& group = by_file[file];
    std::vector<CheckRow> copies;
    for (const CheckRow* row : group) copies.push_back(*row);
    CheckCounts counts = CountRows(copies);
    double ms = 0;
    for (const CheckRow* row : group) ms += row->duration_ms;
    out << "  <testsuite name=\"" << XmlEscape(file) << "\" tests=\"" << group.size()
        << "\" failures=\"" << counts.mismatched << "\" errors=\"0\" skipped=\""
        << counts.without_expect + counts.skipped << "\" time=\"" << Seconds(ms) << "\">\n";
    out << "    <properties>\n      <property name=\"title\" value=\""
        << XmlEscape(group.front()->title) << "\"/>\n    </properties>\n";
    for (const CheckRow* row : group) {
      out << "    <testcase classname=\"" << XmlEscape(ClassName(row->file)) << "\" name=\""
          << XmlEscape(row->variant) << "\" file=\"" << XmlEscape(row->file) << "\" time=\""
          << Seconds(row->duration_ms) << "\"";
      switch (row->status) {
        case CheckRow::Status::kOk:
          out << "/>\n";
          break;
        case CheckRow::Status::kMismatch:
          out << ">\n      <failure type=\"mismatch\" message=\""
              << XmlEscape("expected " + ExpectedText(*row) + ", got " + row->actual) << "\">"
              << XmlEscape(FormatMismatchLine(*row));
          if (!row->why.empty()) out << XmlEscape("\nExpected because: " + row->why);
          out << "</failure>\n    </testcase>\n";
          break;
        case CheckRow::Status::kNoExpect:
          out << ">\n      <skipped message=\""
              << XmlEscape("no expect; the verdict was " + row->actual)
              << "\"/>\n    </testcase>\n";
          break;
        case CheckRow::Status::kSkipped:
          out << ">\n      <skipped message=\"" << XmlEscape(row->summary)
              << "\"/>\n    </testcase>\n";
          break;
      }
    }
    out << "  </testsuite>\n";
  }
  out << "</testsuites>\n";
  return out.str();
}

}  // namespace interleave
