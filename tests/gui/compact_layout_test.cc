// The compact layout (presentation mode) from hand-built traces, without a
// GPU: one row per global step number, rows that line up across two panes
// given each other's row heights, a whole 2 x 4 interleaving within what a
// 1920x1080 projector leaves for it, and the dependency arrows from the box
// of each edge's first step to the box of its second.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "gui/precedence_graph.h"
#include "gui/timeline_arrows.h"
#include "gui/timeline_layout.h"
#include "tests/sample_traces.h"
#include "tests/sim/judge/recorded_sample.h"

namespace interleave::gui {
namespace {

// About what presentation mode gives a pane at 1920x1080 (the box text at
// 0.72 of the 30 px mono font).
LayoutMetrics Compact() {
  LayoutMetrics m;
  m.compact = true;
  m.width = 900;
  m.char_width = 13;
  m.line_height = 25;
  m.padding = 6;
  m.row_gap = 4;
  m.gutter_chars = 1.6f;
  m.span_width = 12;
  m.lane_chars = 13;
  m.label_scale = 0.75f;
  m.column_gap = 13 * 13 * 0.75f + 12;
  m.max_sql_lines = 4;
  return m;
}

const StepBox* FindBox(const TimelineLayout& layout, int step, BoxKind kind) {
  for (const StepBox& box : layout.boxes)
    if (box.step == step && box.kind == kind) return &box;
  return nullptr;
}

class CompactLayoutTest : public ::testing::Test {
 protected:
  TimelineInput Input(const Trace& trace, const Verdict* verdict, bool finished) {
    TimelineInput input;
    input.scenario = &scenario_;
    input.trace = &trace;
    input.verdict = verdict;
    input.finished = finished;
    return input;
  }
  Scenario scenario_ = sample::LostUpdateScenario();
};

TEST_F(CompactLayoutTest, OneRowPerGlobalStepNumberAndTheWholeScheduleFits) {
  Trace trace = sample::BaselineTrace();
  Verdict verdict = Judge(scenario_, trace);
  TimelineLayout layout = LayoutTimeline(Input(trace, &verdict, true), Compact());
  int steps = 0;
  for (const LayoutRow& row : layout.rows) {
    if (row.box < 0 || layout.boxes[row.box].kind != BoxKind::kStep) continue;
    const StepBox& box = layout.boxes[row.box];
    EXPECT_EQ(row.global, box.step) << "row " << row.number;
    EXPECT_EQ(box.lines.front().text.rfind("#" + std::to_string(box.step + 1) + " ", 0), 0u)
        << box.lines.front().text;
    ++steps;
  }
  EXPECT_EQ(steps, 8);
  ASSERT_EQ(layout.row_lines.size(), 8u);
  // The step's name leads the SQL's first line; a short result ends the last.
  const StepBox* read = FindBox(layout, 2, BoxKind::kStep);  // a2
  ASSERT_NE(read, nullptr);
  EXPECT_EQ(read->lines.front().lead, static_cast<int>(std::string("#3 a2").size()));
  EXPECT_EQ(read->lines.front().text.rfind("#3 a2 SELECT price", 0), 0u);
  EXPECT_EQ(FindBox(layout, 0, BoxKind::kStep)->lines.front().tail, "✓ done");
  EXPECT_EQ(FindBox(layout, 4, BoxKind::kStep)->lines.back().tail, "→ UPDATE 1");
  // A COMMIT's badge says it: one line.
  EXPECT_EQ(FindBox(layout, 5, BoxKind::kStep)->lines.size(), 1u);
  // No step row needs more than four lines at this width, and the step rows
  // end where the last one does.
  for (int lines : layout.row_lines) EXPECT_LE(lines, 4);
  const LayoutRow& last = layout.rows[layout.boxes[layout.anomaly_box].row - 1];
  EXPECT_FLOAT_EQ(layout.steps_bottom, last.y + last.h + Compact().row_gap);
  EXPECT_LE(layout.steps_bottom, 8 * (2 * 6 + 3 * 25 + 4));
  // The anomaly's marker comes after every step row.
  ASSERT_GE(layout.anomaly_box, 0);
  EXPECT_GE(layout.boxes[layout.anomaly_box].y, layout.steps_bottom);
}

TEST_F(CompactLayoutTest, RowsLineUpAcrossPanesByGlobalStepNumber) {
  Trace baseline = sample::BaselineTrace();
  Trace for_update = sample::ForUpdateTrace();
  Verdict v0 = Judge(scenario_, baseline);
  Verdict v1 = Judge(scenario_, for_update);
  TimelineInput in0 = Input(baseline, &v0, true), in1 = Input(for_update, &v1, true);
  TimelineLayout alone0 = LayoutTimeline(in0, Compact());
  TimelineLayout alone1 = LayoutTimeline(in1, Compact());
  std::vector<int> shared(8, 0);
  for (size_t r = 0; r < 8; ++r)
    shared[r] = std::max(alone0.row_lines.at(r), alone1.row_lines.at(r));
  // The waiting row (b2 WAITS) is higher in the for-update pane alone.
  EXPECT_NE(alone0.row_lines, alone1.row_lines);
  in0.row_lines = in1.row_lines = shared;
  TimelineLayout l0 = LayoutTimeline(in0, Compact());
  TimelineLayout l1 = LayoutTimeline(in1, Compact());
  auto row_y = [](const TimelineLayout& layout, int global) {
    for (const LayoutRow& row : layout.rows)
      if (row.global == global) return row.y;
    return -1.0f;
  };
  for (int g = 0; g < 8; ++g) {
    EXPECT_GE(row_y(l0, g), 0) << g;
    EXPECT_FLOAT_EQ(row_y(l0, g), row_y(l1, g)) << "row #" << g + 1;
  }
  EXPECT_FLOAT_EQ(l0.steps_bottom, l1.steps_bottom);
  // b2 waited at #4 and completed after a4 (#6): its result sits in a4's row,
  // in robin's column, with the wait's span from one to the other.
  const StepBox* done = FindBox(l1, 3, BoxKind::kCompletion);
  const StepBox* a4 = FindBox(l1, 5, BoxKind::kStep);
  ASSERT_NE(done, nullptr);
  ASSERT_NE(a4, nullptr);
  EXPECT_FLOAT_EQ(done->y, a4->y);
  EXPECT_EQ(done->client, 1);
  EXPECT_FLOAT_EQ(done->x, l1.columns[1].x);
  ASSERT_EQ(l1.spans.size(), 1u);
  EXPECT_FLOAT_EQ(l1.spans[0].y1, done->y + done->h);
}

TEST_F(CompactLayoutTest, ALaterRowOfAPaneThatRanFewerStepsStaysEmpty) {
  Trace baseline = sample::BaselineTrace();
  Trace shorter = baseline;
  shorter.steps.resize(6);
  shorter.events.resize(6);
  TimelineInput input = Input(shorter, nullptr, false);
  input.row_lines = std::vector<int>(8, 2);
  TimelineLayout layout = LayoutTimeline(input, Compact());
  ASSERT_GE(layout.rows.size(), 8u);
  EXPECT_EQ(layout.rows[6].global, 6);
  EXPECT_EQ(layout.rows[6].box, -1);
  EXPECT_EQ(layout.rows[7].box, -1);
  EXPECT_FLOAT_EQ(layout.rows[7].y, layout.rows[6].y + layout.rows[6].h + Compact().row_gap);
}

TEST_F(CompactLayoutTest, ArrowsRunFromTheBoxOfAnEdgesFirstStepToTheBoxOfItsSecond) {
  Trace trace = sample::RecordedBaselineTrace();
  Verdict verdict = Judge(scenario_, trace);
  ASSERT_TRUE(verdict.explanation);
  const LayoutMetrics m = Compact();
  TimelineLayout layout = LayoutTimeline(Input(trace, &verdict, true), m);
  ASSERT_EQ(layout.arrows.size(), verdict.explanation->graph.edges().size());
  const EdgeArrow* stale = nullptr;  // robin's b2 read what alex's a3 replaced
  int cycle = 0;
  for (const EdgeArrow& arrow : layout.arrows) {
    cycle += arrow.in_cycle;
    if (arrow.edge.kind == DependencyKind::kRw && arrow.edge.from_step == "b2") stale = &arrow;
  }
  EXPECT_EQ(cycle, 2);  // robin -rw-> alex -ww-> robin
  ASSERT_NE(stale, nullptr);
  EXPECT_TRUE(stale->in_cycle);
  EXPECT_EQ(stale->label, "rw products id=1: read 10, wrote 30");
  const StepBox& b2 = layout.boxes[stale->from_box];
  const StepBox& a3 = layout.boxes[stale->to_box];
  EXPECT_EQ(b2.step, 3);
  EXPECT_EQ(a3.step, 4);
  // robin's column is right of alex's: out of b2's left edge, into a3's right.
  EXPECT_FLOAT_EQ(stale->x0, b2.x);
  EXPECT_FLOAT_EQ(stale->y0, b2.y + b2.h / 2);
  EXPECT_FLOAT_EQ(stale->x1, a3.x + a3.w + m.span_width);
  EXPECT_FLOAT_EQ(stale->y1, a3.y + a3.h / 2);
  // The labels sit in the lane, none over another.
  for (size_t i = 0; i < layout.arrows.size(); ++i) {
    const EdgeArrow& a = layout.arrows[i];
    EXPECT_LE(static_cast<int>(a.label_lines.size()), m.max_label_lines);
    EXPECT_LE(a.label_w, m.column_gap + 1) << a.label;
    for (size_t j = i + 1; j < layout.arrows.size(); ++j) {
      const EdgeArrow& b = layout.arrows[j];
      const bool overlap = a.label_x < b.label_x + b.label_w && b.label_x < a.label_x + a.label_w &&
                           a.label_y < b.label_y + b.label_h && b.label_y < a.label_y + a.label_h;
      EXPECT_FALSE(overlap) << a.label << " / " << b.label;
    }
  }
}

TEST_F(CompactLayoutTest, NoArrowsBeforeTheRunIsExplained) {
  Trace trace = sample::BaselineTrace();  // reads and writes not recorded
  Verdict verdict = Judge(scenario_, trace);
  EXPECT_TRUE(LayoutTimeline(Input(trace, &verdict, true), Compact()).arrows.empty());
  Trace recorded = sample::RecordedBaselineTrace();
  EXPECT_TRUE(LayoutTimeline(Input(recorded, nullptr, false), Compact()).arrows.empty());
}

TEST(EdgeLabelTest, KindTableRowAndTheValuesBothStepsSawOrWrote) {
  Dependency edge;
  edge.kind = DependencyKind::kRw;
  edge.table = "users";
  edge.row = "id=1";
  edge.from_value = "peepcoins=100";
  edge.to_value = "peepcoins=70";
  EXPECT_EQ(EdgeLabel(edge), "rw users id=1: read 100, wrote 70");
  // A read of the whole row: the columns the write changed.
  edge.from_value = "id=1, name=Josh, peepcoins=100";
  EXPECT_EQ(EdgeLabel(edge), "rw users id=1: read 100, wrote 70");
  edge.from_value = "id=1, peepcoins=100";
  edge.to_value = "id=1, peepcoins=70";
  EXPECT_EQ(EdgeLabel(edge), "rw users id=1: read 100, wrote 70");
  edge.kind = DependencyKind::kWw;
  edge.from_value = "a=1, b=2";
  edge.to_value = "peepcoins=70";
  EXPECT_EQ(EdgeLabel(edge), "ww users id=1: wrote a=1, b=2, wrote 70");
  edge.kind = DependencyKind::kWr;
  EXPECT_EQ(EdgeLabel(edge), "wr users id=1: wrote a=1, b=2, read 70");
}

TEST(PrecedenceGraphTest, TheCycleIsHighlightedAndNamed) {
  Trace trace = sample::RecordedBaselineTrace();
  Scenario scenario = sample::LostUpdateScenario();
  Verdict verdict = Judge(scenario, trace);
  ASSERT_TRUE(verdict.explanation);
  const PrecedenceMetrics m = BannerGraphMetrics(300, 120, 9, 18);
  const PrecedenceLayout graph = LayoutPrecedence(trace.history, *verdict.explanation, m);
  ASSERT_EQ(graph.nodes.size(), 2u);
  std::set<std::string> labels{graph.nodes[0].label, graph.nodes[1].label};
  EXPECT_EQ(labels, (std::set<std::string>{"alex", "robin"}));
  EXPECT_TRUE(graph.nodes[0].in_cycle && graph.nodes[1].in_cycle);
  int strong = 0;
  for (const PrecedenceEdge& e : graph.edges) strong += e.in_cycle;
  EXPECT_EQ(strong, 2);
  EXPECT_EQ(graph.caption, "cycle: lost update (G-single)");
  // The nodes stay inside the graph's box.
  for (const PrecedenceNode& node : graph.nodes) {
    EXPECT_GE(node.cx - node.rx, 0);
    EXPECT_LE(node.cx + node.rx, m.width);
  }
}

}  // namespace
}  // namespace interleave::gui
