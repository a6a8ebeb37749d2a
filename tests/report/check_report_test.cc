// The check report without a database: rows compared with expectations, the
// summary table, the line that names a mismatch, and well-formed JUnit XML
// with awkward characters in names and sentences.
#include "report/check_report.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "tests/report/xml_wellformed.h"

namespace interleave {
namespace {

CheckRow Row(const std::string& file, const std::string& variant,
             std::optional<Expectation> expected, const std::string& actual,
             CheckRow::Status status) {
  CheckRow row;
  row.file = file;
  row.title = "A <title> & \"quotes\"";
  row.variant = variant;
  row.expected = expected;
  row.actual = actual;
  row.status = status;
  row.summary = "bob's b3 waited for alice (a2) & then read x=<1>";
  row.duration_ms = 12.5;
  return row;
}

std::vector<CheckRow> SampleRows() {
  return {
      Row("scenarios/a.toml", "baseline", Expectation::kAnomaly, "anomaly", CheckRow::Status::kOk),
      Row("scenarios/a.toml", "for-update", Expectation::kAnomaly, "prevented-by-wait",
          CheckRow::Status::kMismatch),
      Row("scenarios/b.toml", "no-expect", std::nullopt, "prevented", CheckRow::Status::kNoExpect),
  };
}

TEST(CheckReportTest, MakeCheckRowComparesTheVerdictWithExpect) {
  Scenario scenario;
  scenario.path = "x.toml";
  scenario.title = "x";
  Variant variant;
  variant.name = "fix";
  variant.expect = Expectation::kPreventedByWait;
  variant.expect_why = "because\nit waits";
  VariantResult result;
  result.variant = "fix";
  result.variant_def = &variant;
  result.verdict.kind = Verdict::Kind::kPrevented;
  result.verdict.how = Verdict::How::kWait;
  result.verdict.summary = "b waited";

  CheckRow ok = MakeCheckRow(scenario, result);
  EXPECT_EQ(ok.status, CheckRow::Status::kOk);
  EXPECT_EQ(ok.actual, "prevented-by-wait");
  EXPECT_EQ(ok.why, "because it waits");

  variant.expect = Expectation::kAnomaly;
  EXPECT_EQ(MakeCheckRow(scenario, result).status, CheckRow::Status::kMismatch);
  variant.expect = Expectation::kPrevented;  // matches any mechanism
  EXPECT_EQ(MakeCheckRow(scenario, result).status, CheckRow::Status::kOk);
  variant.expect.reset();
  EXPECT_EQ(MakeCheckRow(scenario, result).status, CheckRow::Status::kNoExpect);
  result.variant_def = nullptr;  // the scenario as written
  EXPECT_EQ(MakeCheckRow(scenario, result).status, CheckRow::Status::kNoExpect);
}

TEST(CheckReportTest, TableHasOneAlignedLinePerRow) {
  std::string table = FormatCheckTable(SampleRows());
  EXPECT_NE(table.find("scenario"), std::string::npos);
  EXPECT_NE(table.find("MISMATCH"), std::string::npos);
  EXPECT_NE(table.find("no expect"), std::string::npos);
  // Header, rule and three rows.
  EXPECT_EQ(std::count(table.begin(), table.end(), '\n'), 5);
  // The variant column starts at the same place on every line.
  size_t column = table.find("variant");
  size_t line_start = table.find('\n', table.find('\n') + 1) + 1;
  EXPECT_EQ(table.substr(line_start + column, 8), "baseline");
}

TEST(CheckReportTest, MismatchLineNamesFileVariantExpectedAndActual) {
  std::string line = FormatMismatchLine(SampleRows()[1]);
  EXPECT_EQ(line.rfind("MISMATCH scenarios/a.toml: variant \"for-update\": expected anomaly, got "
                       "prevented-by-wait (",
                       0),
            0u)
      << line;
}

TEST(CheckReportTest, TotalsCountOkMismatchAndNoExpect) {
  EXPECT_EQ(FormatCheckTotals(SampleRows(), 2),
            "3 variants in 2 scenario files: 1 ok, 1 MISMATCH, 1 without expect");
}

TEST(CheckReportTest, JUnitIsWellFormedAndCountsFailures) {
  std::string xml = FormatJUnit(SampleRows());
  EXPECT_EQ(testing::XmlWellFormedError(xml), "") << xml;
  EXPECT_NE(xml.find("<testsuites name=\"interleave check\" tests=\"3\" failures=\"1\""),
            std::string::npos)
      << xml;
  EXPECT_NE(xml.find("<testsuite name=\"scenarios/a.toml\" tests=\"2\" failures=\"1\""),
            std::string::npos);
  EXPECT_NE(xml.find("classname=\"scenarios.a\" name=\"for-update\""), std::string::npos);
  EXPECT_NE(xml.find("<failure type=\"mismatch\" message=\"expected anomaly, got "
                     "prevented-by-wait\">"),
            std::string::npos);
  EXPECT_NE(xml.find("<skipped message=\"no expect; the verdict was prevented\"/>"),
            std::string::npos);
  EXPECT_NE(xml.find("A &lt;title&gt; &amp; &quot;quotes&quot;"), std::string::npos);
}

TEST(CheckReportTest, XmlEscapeDropsControlCharacters) {
  EXPECT_EQ(XmlEscape(std::string("a\x01<b>&'\"\n")), "a &lt;b&gt;&amp;&apos;&quot;&#10;");
  EXPECT_EQ(testing::XmlWellFormedError("<a x=\"" + XmlEscape("\x02<&>") + "\"/>"), "");
}

TEST(CheckReportTest, WellFormednessCheckerCatchesBrokenXml) {
  EXPECT_NE(testing::XmlWellFormedError("<a><b></a></b>"), "");
  EXPECT_NE(testing::XmlWellFormedError("<a x=\"1 & 2\"/>"), "");
  EXPECT_NE(testing::XmlWellFormedError("<a>"), "");
  EXPECT_NE(testing::XmlWellFormedError("<a/><b/>"), "");
  EXPECT_EQ(testing::XmlWellFormedError("<?xml version=\"1.0\"?>\n<a x='1'>t &amp; u</a>\n"), "");
}

}  // namespace
}  // namespace interleave
