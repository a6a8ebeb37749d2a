// Tests of the HTML page of a run (report/html_page.h) on real runs: the
// page is one self-contained document, every step is one data-step element,
// every edge of the run's graph one data-edge element with its label, and
// whatever the scenario says is escaped. The page in a real browser is
// tested in tests/browser/.
#include "report/html_page.h"

#include <gtest/gtest.h>

#include "report/html_edges.h"
#include "report/html_escape.h"
#include "sim/judge/trace_facts.h"
#include "sim/parse/scenario_loader.h"
#include "sim/run/run.h"
#include "tests/test_support.h"

namespace interleave {
namespace {

size_t Count(const std::string& text, const std::string& what) {
  size_t count = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++count;
  return count;
}

std::vector<VariantResult> RunLostUpdate(Scenario* scenario) {
  *scenario = LoadScenario(testing::SourceDir() + "/scenarios/peakpeeps/peepcoin_lost_update.toml");
  return RunScenario(*scenario, testing::SharedTarget(), RunOptions{});
}

TEST(HtmlEscapeTest, EscapesMarkupAndKeepsTextReadable) {
  EXPECT_EQ(HtmlEscape("a<b>&\"'c"), "a&lt;b&gt;&amp;&quot;&#39;c");
  EXPECT_EQ(HtmlEscape("caf\xC3\xA9 \xE2\x8F\xB3"), "caf\xC3\xA9 \xE2\x8F\xB3");
  EXPECT_EQ(HtmlEscape("x\xFFy"), "x\xEF\xBF\xBDy");
  EXPECT_EQ(HtmlEscape(std::string("a\x01\x7F\tb\nc")), "a\tb\nc");
}

TEST(HtmlEdgesTest, LabelsNameTheRowAndWhatEachEndDid) {
  Dependency rw;
  rw.kind = DependencyKind::kRw;
  rw.table = "users";
  rw.row = "id=1";
  rw.from_value = "name=Josh, peepcoins=100";
  rw.to_value = "peepcoins=70";
  EXPECT_EQ(EdgeLabel(rw), "rw users id=1: read 100, wrote 70");
  Dependency ww = rw;
  ww.kind = DependencyKind::kWw;
  ww.from_value = "price=40, title=Dune";
  ww.to_deleted = true;
  EXPECT_EQ(EdgeLabel(ww), "ww users id=1: wrote price=40, title=Dune, deleted it");
  Dependency phantom = rw;
  phantom.predicate = true;
  phantom.predicate_text = "title = 'Dune'";
  phantom.from_saw_row = false;
  phantom.to_value = "media_id=7, title=Dune, subtitle=x";
  EXPECT_EQ(EdgeLabel(phantom), "rw users id=1: saw no row, wrote Dune");
  Dependency read = rw;
  read.kind = DependencyKind::kWr;
  read.from_value = "peepcoins=70";
  read.to_value = "name=Josh, peepcoins=70";
  EXPECT_EQ(EdgeLabel(read), "wr users id=1: wrote 70, read 70");
  Dependency unsplit = rw;
  unsplit.from_value = "note=a, b";
  EXPECT_EQ(EdgeLabel(unsplit), "rw users id=1: read note=a, b, wrote 70");
}

TEST(HtmlPageTest, IsOneSelfContainedDocument) {
  Scenario scenario;
  std::vector<VariantResult> results = RunLostUpdate(&scenario);
  const std::string html = FormatRunHtml(scenario, results);
  EXPECT_EQ(html.rfind("<!DOCTYPE html>\n<html lang=\"en\">", 0), 0u);
  EXPECT_EQ(html.substr(html.size() - 8), "</html>\n");
  EXPECT_EQ(Count(html, "<script"), 1u);
  EXPECT_EQ(Count(html, "<style"), 1u);
  EXPECT_EQ(Count(html, "http://"), 0u);
  EXPECT_EQ(Count(html, "https://"), 0u);
  EXPECT_EQ(Count(html, " src="), 0u);
  EXPECT_EQ(Count(html, "<link"), 0u);
  EXPECT_EQ(Count(html, "@import"), 0u);
  EXPECT_EQ(Count(html, "url("), Count(html, "url(#head-"));
  EXPECT_NE(html.find("default-src 'none'"), std::string::npos);
  // A section per variant, named.
  EXPECT_EQ(Count(html, "<section class=\"variant"), results.size());
  for (const VariantResult& result : results)
    EXPECT_NE(html.find("data-variant=\"" + HtmlEscape(result.variant) + "\""), std::string::npos)
        << result.variant;
}

TEST(HtmlPageTest, EveryStepIsOneDataStepElementInSendingOrder) {
  Scenario scenario;
  std::vector<VariantResult> results = RunLostUpdate(&scenario);
  const std::string html = FormatRunHtml(scenario, results);
  size_t steps = 0;
  size_t at = 0;
  for (const VariantResult& result : results) {
    RowNumbers rows = NumberRows(result.trace, EffectiveEvents(result.trace));
    for (const StepTrace& step : result.trace.steps) {
      if (rows.sent[step.index] < 0) continue;
      ++steps;
      const std::string element = "data-step=\"" + HtmlEscape(step.step_name) + "\" data-row=\"" +
                                  std::to_string(rows.sent[step.index]) + "\"";
      at = html.find(element, at);
      ASSERT_NE(at, std::string::npos) << result.variant << " " << step.step_name;
    }
  }
  EXPECT_GT(steps, 0u);
  EXPECT_EQ(Count(html, " data-step=\""), steps);
}

TEST(HtmlPageTest, EveryEdgeOfTheGraphIsOneDataEdgeElementWithItsLabel) {
  Scenario scenario;
  std::vector<VariantResult> results = RunLostUpdate(&scenario);
  const std::string html = FormatRunHtml(scenario, results);
  size_t edges = 0;
  for (const VariantResult& result : results) {
    if (!result.verdict.explanation) continue;
    for (const PageEdge& edge : PageEdges(result.trace, *result.verdict.explanation)) {
      ++edges;
      const std::string element = "data-edge=\"" + HtmlEscape(edge.id) + "\"";
      EXPECT_NE(html.find(element), std::string::npos) << edge.id;
      EXPECT_NE(html.find(HtmlEscape(edge.label.substr(edge.kind.size()))), std::string::npos)
          << edge.label;
    }
  }
  EXPECT_EQ(Count(html, " data-edge=\""), edges);
  // The baseline's stale read, as the text report's Dependencies block has it.
  EXPECT_NE(html.find("data-edge=\"l2-rw-&gt;p3\""), std::string::npos);
  EXPECT_NE(html.find("<b class=\"kind\">rw</b><span class=\"detail\"> users id=1: read 100, "
                      "wrote 70</span>"),
            std::string::npos);
  // The lost update's class and name under the baseline.
  EXPECT_NE(html.find("<span class=\"class\">G-single</span> <span class=\"textbook\">lost "
                      "update</span>"),
            std::string::npos);
}

TEST(HtmlPageTest, ScenarioTextIsEscapedEverywhere) {
  Scenario scenario = testing::ScenarioFromToml(R"(
title = "<script>alert(1)</script>"
anomaly = "\"quoted\" & <b>bold</b>"
story = "a <img src=x onerror=alert(2)> story"
setup = "CREATE TABLE t (id int PRIMARY KEY, v text); INSERT INTO t VALUES (1, '<i>x</i>');"
[[clients]]
name = "a"
steps = [ { name = "a1", sql = "SELECT v FROM t WHERE id = 1", note = "</pre><script>alert(3)</script>" } ]
[[clients]]
name = "b"
steps = [ { name = "b1", sql = "UPDATE t SET v = '<script>alert(4)</script>' WHERE id = 1" } ]
[[schedules]]
name = "<s>"
steps = "a1 b1"
)",
                                                "inject.toml");
  std::vector<VariantResult> results = RunScenario(scenario, testing::SharedTarget(), RunOptions{});
  const std::string html = FormatRunHtml(scenario, results);
  EXPECT_EQ(Count(html, "<script"), 1u);
  EXPECT_EQ(Count(html, "<img"), 0u);
  EXPECT_EQ(Count(html, "<i>"), 0u);
  EXPECT_EQ(Count(html, "<b>bold"), 0u);
  EXPECT_NE(html.find("<h1 id=\"title\">&lt;script&gt;alert(1)&lt;/script&gt;</h1>"),
            std::string::npos);
  EXPECT_NE(html.find("<title>&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(html.find("&quot;quoted&quot; &amp; &lt;b&gt;bold&lt;/b&gt;"), std::string::npos);
  EXPECT_NE(html.find("&lt;/pre&gt;&lt;script&gt;alert(3)&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(html.find("<td>&lt;script&gt;alert(4)&lt;/script&gt;</td>"), std::string::npos);
  EXPECT_NE(html.find("&lt;s&gt;"), std::string::npos);
}

}  // namespace
}  // namespace interleave
