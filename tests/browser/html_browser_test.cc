// The HTML page of a run (`interleave run FILE --html OUT.html`) in a real
// browser: Debian's headless chromium loads the pages of the PeakPeeps lost
// update and the Nextflix 'Dune' duplicate insert from file://, the test
// presses real keys (Input.dispatchKeyEvent) and reads what is shown
// (Runtime.evaluate): which data-step elements are visible, which is
// current, that every dependency edge of the run's graph is there with its
// label and drawn, that the variants sit side by side at 1920x1080 with rows
// aligned and stacked at 390x844, and that nothing is fetched. Screenshots
// of both sizes go to the build folder. Skipped, with one message, when
// chromium is not installed.
#include <gtest/gtest.h>

#include <algorithm>
#include <boost/beast/core/detail/base64.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <set>

#include "report/html_edges.h"
#include "report/html_page.h"
#include "sim/judge/trace_facts.h"
#include "sim/parse/scenario_loader.h"
#include "sim/run/run.h"
#include "tests/browser/chromium_process.h"
#include "tests/browser/devtools_client.h"
#include "tests/test_support.h"

namespace interleave {
namespace {

using browser_test::ChromiumProcess;
using browser_test::DevToolsClient;
using nlohmann::json;

std::string OutDir() { return INTERLEAVE_BROWSER_OUT; }

// What the page shows, per variant section.
const char* kStateScript = R"JS((() => {
  const vis = e => e.checkVisibility({visibilityProperty: true});
  const out = {current: +document.body.dataset.current, rows: +document.body.dataset.rows,
               variants: {}};
  document.querySelectorAll('.variant').forEach(v => {
    const r = v.getBoundingClientRect();
    out.variants[v.id] = {
      shown: vis(v),
      rect: {left: r.left, top: r.top, right: r.right, bottom: r.bottom},
      steps: [...v.querySelectorAll('[data-step]')].filter(vis)
                 .map(e => e.dataset.step + '@' + e.dataset.row),
      current: [...v.querySelectorAll('.current[data-step], .current[data-completes]')]
                   .map(e => (e.dataset.step || e.dataset.completes) + '@' + e.dataset.row),
      waits: [...v.querySelectorAll('.res.wait')].filter(vis)
                 .map(e => e.closest('[data-step]').dataset.step),
      rowTops: Object.fromEntries([...v.querySelectorAll('.rownum')]
                   .map(e => [e.dataset.row, e.getBoundingClientRect().top])),
      edges: [...v.querySelectorAll('[data-edge]')].map(e => {
        const p = e.querySelector('path').getBBox();
        return {id: e.dataset.edge, visible: vis(e), cycle: e.classList.contains('cycle'),
                label: e.querySelector('.edge-label').textContent,
                drawn: (p.width + p.height) > 10};
      }),
    };
  });
  out.scrollWidth = document.documentElement.scrollWidth;
  out.innerWidth = window.innerWidth;
  out.resources = performance.getEntriesByType('resource').length;
  out.scripts = document.scripts.length;
  return out;
})())JS";

// The row an edge end is drawn at (where its statement ran), or -1.
struct Expected;
int EndRow(const Expected& e, int step);

// One variant's rows as the page numbers them.
struct Expected {
  std::vector<int> sent, done;
  std::vector<std::string> names;
  std::vector<PageEdge> edges;
  int rows = 0;
};

int EndRow(const Expected& e, int step) {
  if (step < 0) return -1;
  return e.done[step] > 0 ? e.done[step] : e.sent[step];
}

Expected ExpectedOf(const VariantResult& result) {
  Expected e;
  RowNumbers numbers = NumberRows(result.trace, EffectiveEvents(result.trace));
  e.sent = numbers.sent;
  e.done = numbers.done;
  for (const StepTrace& step : result.trace.steps) {
    e.names.push_back(step.step_name);
    e.rows = std::max({e.rows, e.sent[step.index], e.done[step.index]});
  }
  if (!result.verdict.explanation) return e;
  for (PageEdge& edge : PageEdges(result.trace, *result.verdict.explanation)) {
    if (EndRow(e, edge.from_step) > 0 && EndRow(e, edge.to_step) > 0)
      e.edges.push_back(std::move(edge));
  }
  return e;
}

std::vector<std::string> VisibleAt(const Expected& e, int cursor) {
  std::vector<std::string> steps;
  for (size_t i = 0; i < e.names.size(); ++i)
    if (e.sent[i] > 0 && e.sent[i] <= cursor)
      steps.push_back(e.names[i] + "@" + std::to_string(e.sent[i]));
  return steps;
}

std::vector<std::string> CurrentAt(const Expected& e, int cursor) {
  std::vector<std::string> steps;
  for (size_t i = 0; i < e.names.size(); ++i) {
    if (e.sent[i] == cursor) steps.push_back(e.names[i] + "@" + std::to_string(cursor));
    if (e.done[i] == cursor && e.done[i] != e.sent[i])
      steps.push_back(e.names[i] + "@" + std::to_string(cursor));
  }
  return steps;
}

std::vector<std::string> Strings(const json& array) {
  std::vector<std::string> out;
  for (const json& item : array) out.push_back(item.get<std::string>());
  return out;
}

class HtmlBrowserTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    binary_ = ChromiumProcess::Find();
    if (binary_.empty()) return;
    chromium_ = std::make_unique<ChromiumProcess>();
    if (!chromium_->Start(binary_, std::chrono::seconds(30), &start_error_)) chromium_.reset();
  }
  static void TearDownTestSuite() { chromium_.reset(); }

  void SetUp() override {
    if (binary_.empty())
      GTEST_SKIP() << "chromium is not installed (apt-get install chromium): the HTML page is "
                      "not tested in a browser";
    ASSERT_TRUE(chromium_) << start_error_;
    std::string error;
    ASSERT_TRUE(client_.Connect(chromium_->port(), chromium_->browser_path(), &error)) << error;
    ASSERT_TRUE(client_.OpenPage(&error)) << error;
    for (const char* domain : {"Page.enable", "Runtime.enable", "Network.enable"})
      ASSERT_FALSE(client_.Call(domain, json::object(), &error).is_null()) << error;
  }

  // Runs `scenario` (every variant) on the shared private server and writes
  // its page to the build folder as `name`.html.
  std::string WritePage(const Scenario& scenario, const std::string& name,
                        std::vector<VariantResult>* results) {
    *results = RunScenario(scenario, testing::SharedTarget(), RunOptions{});
    const std::string path = OutDir() + "/" + name + ".html";
    std::ofstream(path, std::ios::binary) << FormatRunHtml(scenario, *results);
    return path;
  }

  void Load(const std::string& path, int width, int height) {
    std::string error;
    Resize(width, height);
    client_.ClearEvents();
    url_ = "file://" + std::filesystem::absolute(path).string();
    ASSERT_FALSE(client_.Call("Page.navigate", {{"url", url_}}, &error).is_null()) << error;
    ASSERT_FALSE(
        client_.WaitForEvent("Page.loadEventFired", std::chrono::seconds(20), &error).is_null())
        << error;
  }

  void Resize(int width, int height) {
    std::string error;
    ASSERT_FALSE(client_
                     .Call("Emulation.setDeviceMetricsOverride",
                           {{"width", width},
                            {"height", height},
                            {"deviceScaleFactor", 1},
                            {"mobile", width < 600}},
                           &error)
                     .is_null())
        << error;
  }

  json State() {
    std::string error;
    json state = client_.Evaluate(kStateScript, &error);
    EXPECT_TRUE(error.empty()) << error;
    return state;
  }

  void Press(const std::string& key) {
    std::string error;
    ASSERT_TRUE(client_.PressKey(key, &error)) << error;
  }

  void Screenshot(const std::string& name, bool full_page = false) {
    std::string error;
    json params = {{"format", "png"}};
    if (full_page) params["captureBeyondViewport"] = true;
    json shot = client_.Call("Page.captureScreenshot", params, &error, std::chrono::seconds(30));
    ASSERT_FALSE(shot.is_null()) << error;
    const std::string data = shot.value("data", "");
    std::string png(boost::beast::detail::base64::decoded_size(data.size()), '\0');
    png.resize(boost::beast::detail::base64::decode(png.data(), data.data(), data.size()).first);
    ASSERT_GT(png.size(), 1000u);
    ASSERT_EQ(png.substr(1, 3), "PNG");
    std::ofstream(OutDir() + "/" + name + ".png", std::ios::binary) << png;
  }

  // Nothing but the page itself was requested, and no script error.
  void ExpectSelfContained() {
    int requests = 0;
    for (const json& event : client_.events()) {
      const std::string method = event.value("method", "");
      if (method == "Network.requestWillBeSent") {
        const std::string url = event["params"]["request"].value("url", "");
        EXPECT_EQ(url, url_) << "the page fetched " << url;
        ++requests;
      }
      EXPECT_NE(method, "Runtime.exceptionThrown") << event.dump();
    }
    EXPECT_LE(requests, 1);
    EXPECT_EQ(State()["resources"], 0);
  }

  // Steps forward and back with the arrow keys, checking at each position
  // which steps and edges every shown variant shows and which is current.
  void StepThrough(const std::vector<VariantResult>& results) {
    std::vector<Expected> expected;
    int rows = 0;
    for (const VariantResult& result : results) {
      expected.push_back(ExpectedOf(result));
      // The cursor runs over the rows of the variants shown: the first two.
      if (expected.size() <= 2) rows = std::max(rows, expected.back().rows);
    }
    json state = State();
    ASSERT_EQ(state["rows"], rows);
    ASSERT_EQ(state["current"], 0);
    auto check = [&](int cursor) {
      json state = State();
      ASSERT_EQ(state["current"], cursor);
      for (size_t v = 0; v < results.size(); ++v) {
        const json& shown = state["variants"]["v" + std::to_string(v)];
        if (!shown["shown"].get<bool>()) continue;
        SCOPED_TRACE("variant " + results[v].variant + " at step " + std::to_string(cursor));
        EXPECT_EQ(Strings(shown["steps"]), VisibleAt(expected[v], cursor));
        std::vector<std::string> current = Strings(shown["current"]);
        std::vector<std::string> want = CurrentAt(expected[v], cursor);
        std::sort(current.begin(), current.end());
        std::sort(want.begin(), want.end());
        EXPECT_EQ(current, want);
        // A step that waited says so where it was sent, as soon as it shows.
        std::vector<std::string> waits;
        const Trace& trace = results[v].trace;
        for (const StepTrace& step : trace.steps) {
          const int sent = expected[v].sent[step.index];
          if (step.blocked && sent > 0 && sent <= cursor && expected[v].done[step.index] != sent)
            waits.push_back(step.step_name);
        }
        EXPECT_EQ(Strings(shown["waits"]), waits);
        ASSERT_EQ(shown["edges"].size(), expected[v].edges.size());
        for (size_t i = 0; i < expected[v].edges.size(); ++i) {
          const PageEdge& edge = expected[v].edges[i];
          const json& drawn = shown["edges"][i];
          EXPECT_EQ(drawn["id"], edge.id);
          EXPECT_EQ(drawn["label"].get<std::string>().rfind(edge.label, 0), 0u)
              << drawn["label"] << " should start with " << edge.label;
          EXPECT_EQ(drawn["cycle"], edge.in_cycle);
          const bool visible = EndRow(expected[v], edge.from_step) <= cursor &&
                               EndRow(expected[v], edge.to_step) <= cursor;
          EXPECT_EQ(drawn["visible"], visible) << edge.id;
          if (visible) {
            EXPECT_TRUE(drawn["drawn"].get<bool>()) << edge.id << " has no arrow";
          }
        }
      }
    };
    for (int cursor = 1; cursor <= rows; ++cursor) {
      Press("ArrowRight");
      check(cursor);
    }
    Press("ArrowRight");  // past the end: stays there
    check(rows);
    Press("ArrowLeft");
    check(rows - 1);
    Press("Home");
    check(0);
    Press("End");
    check(rows);
  }

  // The variants after the first two are a checkbox away; once shown, every
  // step the server failed shows its SQLSTATE. Hidden again afterwards.
  void ShowOthersAndCheckErrors(const std::vector<VariantResult>& results,
                                const std::string& screenshot) {
    std::string error;
    auto toggle = [&](size_t v) {
      client_.Evaluate(
          "document.querySelector('[data-show=\"v" + std::to_string(v) + "\"]').click(), 0",
          &error);
      ASSERT_TRUE(error.empty()) << error;
    };
    for (size_t v = 2; v < results.size(); ++v) toggle(v);
    int rows = 0;
    for (const VariantResult& result : results) rows = std::max(rows, ExpectedOf(result).rows);
    EXPECT_EQ(State()["rows"], rows) << "the cursor should run over every variant shown";
    Press("End");
    size_t failed = 0;
    for (size_t v = 0; v < results.size(); ++v) {
      std::vector<std::string> want;
      for (const StepTrace& step : results[v].trace.steps)
        if (step.error && !step.error->sqlstate.empty()) want.push_back(step.error->sqlstate);
      failed += want.size();
      json shown = client_.Evaluate(
          "[...document.querySelectorAll('#v" + std::to_string(v) +
              " .step .sqlstate')].filter(e => e.checkVisibility({visibilityProperty: true}))"
              ".map(e => e.textContent)",
          &error);
      ASSERT_TRUE(error.empty()) << error;
      EXPECT_EQ(Strings(shown), want) << results[v].variant;
    }
    EXPECT_GT(failed, 0u) << "no variant failed a step; the SQLSTATE check checked nothing";
    Screenshot(screenshot + "_1920_full", true);
    for (size_t v = 2; v < results.size(); ++v) toggle(v);
    json state = State();
    for (size_t v = 2; v < results.size(); ++v)
      EXPECT_FALSE(state["variants"]["v" + std::to_string(v)]["shown"].get<bool>());
  }

  // Under the baseline, the precedence graph of the lost update: its two
  // transactions, the laptop's stale read as an rw edge on the cycle, the
  // cycle named; under FOR UPDATE, the serial order.
  void CheckPrecedenceGraphs(const std::string& screenshot) {
    Press("End");
    auto graph = [&](const std::string& section) {
      std::string error;
      json shown = client_.Evaluate(
          "(() => { const f = document.querySelector('#" + section +
              " figure.precedence'); if (!f) return null;"
              " const box = f.querySelector('svg').getBoundingClientRect();"
              " return {nodes: [...f.querySelectorAll('[data-node]')].map(e => e.dataset.node)"
              ".sort(), cycle: [...f.querySelectorAll('.pedge.cycle')].map(e => "
              "e.dataset.graphEdge).sort(), edges: f.querySelectorAll('.pedge').length,"
              " cycleNodes: f.querySelectorAll('.pnode.cycle').length,"
              " labels: [...f.querySelectorAll('.pedge text')].map(e => e.textContent),"
              " caption: f.querySelector('figcaption').textContent,"
              " width: box.width, height: box.height}; })()",
          &error);
      EXPECT_TRUE(error.empty()) << error;
      return shown;
    };
    json base = graph("v0");
    ASSERT_TRUE(base.is_object()) << "no precedence graph under the baseline";
    EXPECT_EQ(Strings(base["nodes"]), (std::vector<std::string>{"laptop", "phone"}));
    const std::vector<std::string> cycle = Strings(base["cycle"]);
    EXPECT_NE(std::find(cycle.begin(), cycle.end(), "laptop-rw->phone"), cycle.end())
        << base.dump();
    EXPECT_EQ(base["cycleNodes"], 2);
    EXPECT_EQ(base["labels"].size(), base["edges"].get<size_t>());
    EXPECT_EQ(base["caption"].get<std::string>().rfind("cycle: lost update", 0), 0u)
        << base["caption"];
    EXPECT_GT(base["width"].get<double>(), 100);
    EXPECT_GT(base["height"].get<double>(), 40);
    json fix = graph("v1");
    ASSERT_TRUE(fix.is_object()) << "no precedence graph under the second variant";
    EXPECT_TRUE(Strings(fix["cycle"]).empty());
    EXPECT_EQ(fix["caption"].get<std::string>().rfind("serial order: ", 0), 0u) << fix["caption"];
    std::string error;
    client_.Evaluate("document.querySelector('#v0 figure.precedence').scrollIntoView(), 0", &error);
    Screenshot(screenshot);
  }

  // At 1920x1080 the first two variants sit side by side with their rows at
  // the same height; at 390x844 they are stacked and nothing is wider than
  // the screen.
  void CheckLayouts(const std::string& name) {
    Resize(1920, 1080);
    json wide = State();
    const json& a = wide["variants"]["v0"];
    const json& b = wide["variants"]["v1"];
    EXPECT_GE(b["rect"]["left"].get<double>(), a["rect"]["right"].get<double>() - 1);
    int aligned = 0;
    for (const auto& [row, top] : a["rowTops"].items()) {
      if (!b["rowTops"].contains(row)) continue;
      EXPECT_NEAR(top.get<double>(), b["rowTops"][row].get<double>(), 1.0) << "row " << row;
      ++aligned;
    }
    EXPECT_GT(aligned, 0);
    std::string error;
    client_.Evaluate("document.querySelector('main').scrollIntoView(), 0", &error);
    Screenshot(name + "_1920x1080");
    Screenshot(name + "_1920_full", true);

    Resize(390, 844);
    json narrow = State();
    const json& c = narrow["variants"]["v0"];
    const json& d = narrow["variants"]["v1"];
    EXPECT_GE(d["rect"]["top"].get<double>(), c["rect"]["bottom"].get<double>() - 1);
    EXPECT_LE(narrow["scrollWidth"].get<double>(), narrow["innerWidth"].get<double>() + 1);
    client_.Evaluate("document.querySelector('main').scrollIntoView(), 0", &error);
    Screenshot(name + "_390x844");
  }

  static std::string binary_;
  static std::string start_error_;
  static std::unique_ptr<ChromiumProcess> chromium_;
  DevToolsClient client_;
  std::string url_;
};

std::string HtmlBrowserTest::binary_;
std::string HtmlBrowserTest::start_error_;
std::unique_ptr<ChromiumProcess> HtmlBrowserTest::chromium_;

TEST_F(HtmlBrowserTest, LostUpdateStepsThroughWithTheKeysAndDrawsTheCycle) {
  Scenario scenario =
      LoadScenario(testing::SourceDir() + "/scenarios/peakpeeps/peepcoin_lost_update.toml");
  std::vector<VariantResult> results;
  const std::string path = WritePage(scenario, "lost_update", &results);
  ASSERT_GE(results.size(), 2u);
  Load(path, 1920, 1080);
  StepThrough(results);
  // The baseline's stale read: the laptop read 100, the phone then wrote 70.
  json state = State();
  bool stale_read = false;
  for (const json& edge : state["variants"]["v0"]["edges"]) {
    if (edge["id"] == "l2-rw->p3") {
      stale_read = true;
      EXPECT_EQ(edge["label"].get<std::string>().rfind("rw users id=1: read 100, wrote 70", 0), 0u)
          << edge["label"];
      EXPECT_TRUE(edge["cycle"].get<bool>());
    }
  }
  EXPECT_TRUE(stale_read) << "no l2-rw->p3 edge in the baseline";
  CheckPrecedenceGraphs("lost_update_graph");
  ShowOthersAndCheckErrors(results, "lost_update_others");
  ExpectSelfContained();
  CheckLayouts("lost_update");
}

TEST_F(HtmlBrowserTest, DuneDuplicateInsertStepsThroughWithTheKeys) {
  Scenario scenario =
      LoadScenario(testing::SourceDir() + "/scenarios/nextflix/dune_duplicate_insert.toml");
  std::vector<VariantResult> results;
  const std::string path = WritePage(scenario, "dune", &results);
  ASSERT_GE(results.size(), 2u);
  Load(path, 1920, 1080);
  StepThrough(results);
  ExpectSelfContained();
  CheckLayouts("dune");
}

TEST_F(HtmlBrowserTest, ScenarioTextShowsAsTextAndNeverRuns) {
  Scenario scenario = testing::ScenarioFromToml(R"(
title = "<script>window.injected = 1</script> & <b>bold</b>"
anomaly = "<img src=x onerror=\"window.injected = 2\">"
story = "<img src=x onerror=\"window.injected = 5\"> a story"
setup = "CREATE TABLE t (id int PRIMARY KEY, v text); INSERT INTO t VALUES (1, '<i>x</i>');"
[[clients]]
name = "a"
steps = [ { name = "a1", sql = "SELECT v FROM t WHERE id = 1", note = "</pre><script>window.injected = 3</script>" } ]
[[clients]]
name = "b"
steps = [ { name = "b1", sql = "UPDATE t SET v = '<script>window.injected = 4</script>' WHERE id = 1" } ]
[[schedules]]
name = "<s>"
steps = "a1 b1"
)",
                                                "injection.toml");
  std::vector<VariantResult> results;
  const std::string path = WritePage(scenario, "injection", &results);
  Load(path, 1280, 800);
  Press("End");
  std::string error;
  json shown = client_.Evaluate(
      "({injected: typeof window.injected, title: document.getElementById('title').textContent,"
      " tab: document.title, scripts: document.scripts.length, images: document.images.length,"
      " cells: [...document.querySelectorAll('td')].map(e => e.textContent)})",
      &error);
  ASSERT_TRUE(error.empty()) << error;
  EXPECT_EQ(shown["injected"], "undefined");
  EXPECT_EQ(shown["title"], "<script>window.injected = 1</script> & <b>bold</b>");
  EXPECT_EQ(shown["tab"].get<std::string>().rfind("<script>window.injected = 1</script>", 0), 0u);
  EXPECT_EQ(shown["scripts"], 1);
  EXPECT_EQ(shown["images"], 0);
  bool cell = false;
  for (const json& text : shown["cells"])
    cell = cell || text == "<script>window.injected = 4</script>";
  EXPECT_TRUE(cell) << shown["cells"];
  ExpectSelfContained();
}

}  // namespace
}  // namespace interleave
