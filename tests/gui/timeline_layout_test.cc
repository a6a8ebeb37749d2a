// The timeline's geometry from hand-built traces: a column per client, rows
// in global order, a box per step with its SQL and result, waiting spans
// from send to completion, commits and the anomaly marked, pending steps.
#include "gui/timeline_layout.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "gui/trace_words.h"
#include "gui/view_context.h"
#include "tests/sample_traces.h"
#include "tests/sim/judge/recorded_sample.h"
#include "util/text_util.h"

namespace interleave::gui {
namespace {

LayoutMetrics Metrics() {
  LayoutMetrics m;
  m.width = 1000;
  m.char_width = 10;
  m.line_height = 20;
  m.padding = 5;
  m.row_gap = 6;
  m.gutter_chars = 2;
  m.column_gap = 10;
  m.span_width = 10;
  return m;
}

// The box's text with its wrapped lines joined again.
std::string Text(const StepBox& box) {
  std::string text;
  for (const BoxLine& line : box.lines) text += (text.empty() ? "" : " ") + line.text;
  return CollapseWhitespace(text);
}

// The box of `kind` for trace step `step`, or null.
const StepBox* FindBox(const TimelineLayout& layout, int step, BoxKind kind) {
  for (const StepBox& box : layout.boxes)
    if (box.step == step && box.kind == kind) return &box;
  return nullptr;
}

class TimelineLayoutTest : public ::testing::Test {
 protected:
  TimelineLayout Layout(const Trace& trace, const Verdict* verdict, bool finished,
                        std::vector<PendingStep> pending = {}, const Plan* plan = nullptr) {
    TimelineInput input;
    input.scenario = &scenario_;
    input.plan = plan;
    input.trace = &trace;
    input.verdict = verdict;
    input.finished = finished;
    input.pending = std::move(pending);
    return LayoutTimeline(input, Metrics());
  }
  Scenario scenario_ = sample::LostUpdateScenario();
};

TEST_F(TimelineLayoutTest, OneColumnPerClientWithItsIsolationLevel) {
  Trace trace = sample::BaselineTrace();
  TimelineLayout layout = Layout(trace, nullptr, false);
  ASSERT_EQ(layout.columns.size(), 2u);
  EXPECT_EQ(layout.columns[0].name, "alex");
  EXPECT_EQ(layout.columns[1].name, "robin");
  EXPECT_EQ(layout.columns[0].level, "READ COMMITTED");
  EXPECT_FLOAT_EQ(layout.gutter, 2 * 10 + 5);
  // Equal columns filling the width, the gap between them.
  EXPECT_FLOAT_EQ(layout.columns[0].x, layout.gutter);
  EXPECT_FLOAT_EQ(layout.columns[0].w, layout.columns[1].w);
  EXPECT_FLOAT_EQ(layout.columns[1].x, layout.columns[0].x + layout.columns[0].w + 10);
  EXPECT_FLOAT_EQ(layout.columns[1].x + layout.columns[1].w, 1000);
}

TEST_F(TimelineLayoutTest, ARowPerStepInGlobalOrderNumberedWithItsSqlAndResult) {
  Trace trace = sample::BaselineTrace();
  TimelineLayout layout = Layout(trace, nullptr, false);
  ASSERT_EQ(layout.rows.size(), 8u);
  for (size_t r = 0; r < layout.rows.size(); ++r) {
    EXPECT_EQ(layout.rows[r].number, "#" + std::to_string(r + 1));
    const StepBox& box = layout.boxes[layout.rows[r].box];
    EXPECT_EQ(box.step, static_cast<int>(r));
    EXPECT_EQ(box.client, trace.steps[r].client);
    // The box sits in its client's column, left of the span's room.
    EXPECT_FLOAT_EQ(box.x, layout.columns[box.client].x);
    EXPECT_FLOAT_EQ(box.w, layout.columns[box.client].w - 10);
    // Time goes down: every row starts below the one before.
    if (r > 0) {
      EXPECT_GT(layout.rows[r].y, layout.rows[r - 1].y);
    }
  }
  const StepBox& read = layout.boxes[layout.rows[2].box];  // a2
  EXPECT_EQ(read.lines.front().text, "#3  a2");
  EXPECT_NE(Text(read).find("SELECT price FROM products WHERE id = 1"), std::string::npos);
  EXPECT_NE(Text(read).find("→ price=10"), std::string::npos);
  const StepBox& write = layout.boxes[layout.rows[6].box];  // b3: the value written shows
  EXPECT_NE(Text(write).find("SET price = 10 + 30"), std::string::npos);
  EXPECT_NE(Text(write).find("→ UPDATE 1"), std::string::npos);
}

TEST_F(TimelineLayoutTest, BoxesOfOneColumnNeverOverlapAndMarksSpanEverything) {
  Trace trace = sample::BaselineTrace();
  Verdict verdict = Judge(scenario_, trace);
  TimelineLayout layout = Layout(trace, &verdict, true);
  for (size_t a = 0; a < layout.boxes.size(); ++a) {
    for (size_t b = a + 1; b < layout.boxes.size(); ++b) {
      const StepBox& x = layout.boxes[a];
      const StepBox& y = layout.boxes[b];
      bool same_lane = x.client == y.client || x.client < 0 || y.client < 0;
      if (same_lane) {
        EXPECT_LE(x.y + x.h, y.y) << "boxes " << a << " and " << b << " overlap";
      }
    }
  }
  float reach = 0;
  for (const LayoutRow& row : layout.rows) {
    reach = std::max(reach, row.y + row.h);
    EXPECT_FLOAT_EQ(row.reach, reach);
  }
  EXPECT_GE(layout.height, reach);
}

TEST_F(TimelineLayoutTest, CommitsAreMarkedAndTheAnomalyStepIsHighlightedWithWords) {
  Trace trace = sample::BaselineTrace();
  Verdict verdict = Judge(scenario_, trace);
  ASSERT_EQ(verdict.kind, Verdict::Kind::kAnomaly);
  TimelineLayout layout = Layout(trace, &verdict, true);
  const StepBox* commit = FindBox(layout, 5, BoxKind::kStep);  // a4
  ASSERT_NE(commit, nullptr);
  EXPECT_TRUE(commit->committed);
  EXPECT_EQ(commit->badge, "COMMITTED");
  // robin's b3 is the last committed write: marked, and a marker follows it.
  const StepBox* write = FindBox(layout, 6, BoxKind::kStep);
  ASSERT_NE(write, nullptr);
  EXPECT_TRUE(write->anomaly);
  EXPECT_EQ(write->badge, "⚠ ANOMALY");
  ASSERT_GE(layout.anomaly_box, 0);
  const StepBox& mark = layout.boxes[layout.anomaly_box];
  EXPECT_EQ(mark.kind, BoxKind::kAnomaly);
  EXPECT_EQ(mark.client, -1);
  EXPECT_EQ(mark.row, write->row + 1);
  std::string text = Text(mark);
  EXPECT_NE(text.find("⚠ lost update (P4)"), std::string::npos) << text;
  EXPECT_NE(text.find("#7 b3 is robin's last committed write"), std::string::npos) << text;
  EXPECT_NE(text.find("alex's a3 wrote at #5 and committed at a4 #6"), std::string::npos) << text;
}

TEST_F(TimelineLayoutTest, ARecordedRunIsMarkedAtTheWriteThatMadeTheCyclesReadStale) {
  Trace trace = sample::RecordedBaselineTrace();
  Verdict verdict = Judge(scenario_, trace);
  TimelineLayout layout = Layout(trace, &verdict, true);
  // alex's a3 made robin's b2 stale: a3 is marked, not robin's b3.
  const StepBox* write = FindBox(layout, 4, BoxKind::kStep);
  ASSERT_NE(write, nullptr);
  EXPECT_TRUE(write->anomaly);
  EXPECT_FALSE(FindBox(layout, 6, BoxKind::kStep)->anomaly);
  ASSERT_GE(layout.anomaly_box, 0);
  const StepBox& mark = layout.boxes[layout.anomaly_box];
  EXPECT_EQ(mark.row, write->row + 1);
  std::string text = Text(mark);
  EXPECT_NE(text.find("⚠ lost update (G-single)"), std::string::npos) << text;
  EXPECT_NE(text.find("robin's b2 (#4) read products id=1 (price=10); alex's a3 (#5) then "
                      "replaced it (price=30)"),
            std::string::npos)
      << text;
}

TEST_F(TimelineLayoutTest, ThePlanTellsWhatAWriteWasComputedFrom) {
  // The variant writes a constant at b3: not computed from b2's read.
  Variant constant;
  constant.name = "constant";
  constant.replace_steps["b3"] =
      sample::MakeStep("b3", "UPDATE products SET price = 40 WHERE id = 1");
  Plan plan = MakePlan(scenario_, &constant, Schedule{});
  Trace trace = sample::BaselineTrace();
  Verdict verdict = Judge(scenario_, trace);
  TimelineLayout as_written = Layout(trace, &verdict, true);
  TimelineLayout as_run = Layout(trace, &verdict, true, {}, &plan);
  ASSERT_GE(as_written.anomaly_box, 0);
  ASSERT_GE(as_run.anomaly_box, 0);
  std::string written = Text(as_written.boxes[as_written.anomaly_box]);
  std::string run = Text(as_run.boxes[as_run.anomaly_box]);
  EXPECT_NE(written.find("b3 wrote a value computed from what b2 read"), std::string::npos)
      << written;
  EXPECT_EQ(run.find("computed from"), std::string::npos) << run;
  EXPECT_NE(run.find("robin last read at b2 #4"), std::string::npos) << run;
}

TEST_F(TimelineLayoutTest, AWaitingStepGetsASpanFromSendToCompletion) {
  Trace trace = sample::ForUpdateTrace();
  Verdict verdict = Judge(scenario_, trace);
  TimelineLayout layout = Layout(trace, &verdict, true);
  // b2 (step 3) waits at row #4 and completes at row #7, after a4.
  const StepBox* sent = FindBox(layout, 3, BoxKind::kStep);
  const StepBox* done = FindBox(layout, 3, BoxKind::kCompletion);
  ASSERT_NE(sent, nullptr);
  ASSERT_NE(done, nullptr);
  EXPECT_TRUE(sent->waiting);
  EXPECT_NE(Text(*sent).find("WAITS for alex (a2)"), std::string::npos) << Text(*sent);
  EXPECT_EQ(layout.rows[sent->row].number, "#4");
  EXPECT_EQ(layout.rows[done->row].number, "#7");
  EXPECT_NE(Text(*done).find("b2 completes (released by a4)"), std::string::npos) << Text(*done);
  EXPECT_NE(Text(*done).find("→ price=30"), std::string::npos);
  const StepBox* release = FindBox(layout, 5, BoxKind::kStep);  // a4 releases robin's b2
  EXPECT_NE(Text(*release).find("releases robin's b2"), std::string::npos);
  ASSERT_EQ(layout.spans.size(), 1u);
  const WaitSpan& span = layout.spans[0];
  EXPECT_EQ(span.step, 3);
  EXPECT_EQ(span.client, 1);
  EXPECT_FALSE(span.open);
  EXPECT_FLOAT_EQ(span.y0, sent->y);
  EXPECT_FLOAT_EQ(span.y1, done->y + done->h);
  EXPECT_FLOAT_EQ(span.x, sent->x + sent->w + 2);
  EXPECT_EQ(span.label, "waits for alex (a2)");
}

TEST_F(TimelineLayoutTest, AStepStillWaitingHasAnOpenSpanToNowAndPendingStepsBelow) {
  // The for-update run after b2 was found waiting and a3 ran.
  sample::TraceBuilder b({"alex", "robin"}, Isolation::kReadCommitted, "for-update");
  b.Done(0, "a1", "BEGIN", {sample::Tag("BEGIN")});
  b.Done(1, "b1", "BEGIN", {sample::Tag("BEGIN")});
  int a2 = b.Done(0, "a2", sample::kReadForUpdate, {sample::Rows({"price"}, {{"10"}})});
  int b2 = b.Waits(1, "b2", sample::kReadForUpdate, 0, a2);
  b.Done(0, "a3", "UPDATE products SET price = 10 + 20 WHERE id = 1", {sample::Tag("UPDATE 1")});
  std::vector<PendingStep> pending = {{0, "a4", "COMMIT"},
                                      {1, "b3", "UPDATE products SET price = ${b2.price} + 30"},
                                      {1, "b4", "COMMIT"}};
  TimelineLayout layout = Layout(b.trace(), nullptr, false, pending);
  ASSERT_EQ(layout.spans.size(), 1u);
  EXPECT_EQ(layout.spans[0].step, b2);
  EXPECT_TRUE(layout.spans[0].open);
  EXPECT_FLOAT_EQ(layout.spans[0].y1, layout.now_y);
  std::vector<const StepBox*> boxes;
  for (const StepBox& box : layout.boxes)
    if (box.kind == BoxKind::kPending) boxes.push_back(&box);
  ASSERT_EQ(boxes.size(), 3u);
  EXPECT_EQ(boxes[0]->badge, "NEXT");
  EXPECT_TRUE(boxes[0]->next);
  EXPECT_TRUE(boxes[1]->next);   // robin's next step
  EXPECT_FALSE(boxes[2]->next);  // robin's step after that
  for (const StepBox* box : boxes) EXPECT_GE(box->y, layout.now_y);
  EXPECT_NE(Text(*boxes[1]).find("${b2.price}"), std::string::npos);
  // Finished runs show no pending steps.
  TimelineLayout done = Layout(b.trace(), nullptr, true, pending);
  for (const StepBox& box : done.boxes) EXPECT_NE(box.kind, BoxKind::kPending);
}

TEST_F(TimelineLayoutTest, RetriesAbortsAndSkipsAreShown) {
  Trace trace = sample::RepeatableReadTrace(/*retry=*/true);
  Verdict verdict = Judge(scenario_, trace);
  TimelineLayout layout = Layout(trace, &verdict, true);
  const StepBox* aborted = FindBox(layout, 6, BoxKind::kStep);  // b3 fails with 40001
  ASSERT_NE(aborted, nullptr);
  EXPECT_TRUE(aborted->aborted);
  EXPECT_EQ(aborted->badge, "ABORTED 40001");
  EXPECT_NE(Text(*aborted).find("✗ ERROR 40001 could not serialize access"), std::string::npos);
  int retries = 0;
  for (const StepBox& box : layout.boxes)
    if (box.kind == BoxKind::kEvent && Text(box).rfind("↻", 0) == 0) ++retries;
  EXPECT_EQ(retries, 2);
  const StepBox* skipped = FindBox(layout, 7, BoxKind::kSkipped);
  ASSERT_NE(skipped, nullptr);
  EXPECT_NE(Text(*skipped).find("skipped"), std::string::npos);
  const StepBox* again = FindBox(layout, 9, BoxKind::kStep);  // b2, attempt 2
  ASSERT_NE(again, nullptr);
  EXPECT_NE(Text(*again).find("b2 (try 2)"), std::string::npos);
}

TEST(WrapTextTest, WrapsAtWordsAndCutsLongWords) {
  EXPECT_EQ(WrapText("UPDATE users SET n = 1", 10, 2),
            (std::vector<std::string>{"UPDATE", "  users", "  SET n =", "  1"}));
  EXPECT_EQ(WrapText("abcdefghij", 4), (std::vector<std::string>{"abcd", "efgh", "ij"}));
  EXPECT_EQ(WrapText("  many   spaces\n here ", 40),
            (std::vector<std::string>{"many spaces here"}));
  EXPECT_EQ(WrapText("", 10), (std::vector<std::string>{""}));
  // Code points, not bytes: "→" is one column.
  EXPECT_EQ(WrapText("→ 12345678", 10), (std::vector<std::string>{"→ 12345678"}));
  EXPECT_EQ(CodepointCount("→ ⚠ é"), 5);
}

TEST_F(TimelineLayoutTest, LongSqlIsCutWithAnEllipsis) {
  sample::TraceBuilder b({"alex", "robin"}, Isolation::kReadCommitted, "baseline");
  std::string sql = "SELECT " + std::string(400, 'x') + " FROM t";
  b.Done(0, "a1", sql, {sample::Tag("SELECT 0")});
  LayoutMetrics m = Metrics();
  m.max_sql_lines = 3;
  TimelineInput input;
  input.scenario = &scenario_;
  input.trace = &b.trace();
  TimelineLayout layout = LayoutTimeline(input, m);
  const StepBox& box = layout.boxes.at(0);
  // Name, three SQL lines (the last ending in "…"), result.
  ASSERT_EQ(box.lines.size(), 5u);
  EXPECT_NE(box.lines[3].text.find("…"), std::string::npos);
  EXPECT_FLOAT_EQ(box.h, 2 * 5 + 5 * 20);
}

}  // namespace
}  // namespace interleave::gui
