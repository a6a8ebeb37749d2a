// The window's plain parts: the step label of the tool bar, the status
// line's message, the frame timings of the state report, and where PNG
// exports go.
#include <gtest/gtest.h>

#include "gui/frame_stats.h"
#include "gui/screenshot.h"
#include "gui/status_message.h"
#include "gui/step_label.h"

namespace interleave::gui {
namespace {

TEST(StepLabelTest, WithinTheSchedule) {
  EXPECT_EQ(StepLabel(0, -1, 8), "Step 0 of 8");
  EXPECT_EQ(StepLabel(3, -1, 8), "Step 3 of 8");
  EXPECT_EQ(StepLabel(8, 11, 8), "Step 8 of 8");
}

TEST(StepLabelTest, AfterTheScheduleAndAtTheEnd) {
  EXPECT_EQ(StepLabel(9, -1, 8), "Step 9: after the schedule");
  EXPECT_EQ(StepLabel(11, 11, 8), "Step 11 (the end)");
  // A cursor past a known end shows the end.
  EXPECT_EQ(StepLabel(14, 11, 8), "Step 11 (the end)");
  // "Go to the end" before the end is known.
  EXPECT_EQ(StepLabel(1 << 20, -1, 8), "Step → end");
}

TEST(StatusMessageTest, ReportsStayFiveSecondsProblemsThirty) {
  StatusMessage message;
  EXPECT_FALSE(message.Shown(0));
  message.Set("Wrote /tmp/a.png", 100);
  EXPECT_TRUE(message.Shown(104.9));
  EXPECT_FALSE(message.Shown(105.1));
  EXPECT_EQ(message.text(), "Wrote /tmp/a.png");  // kept for the report
  message.Set("Saved schedule \"x\" into y.toml", 200);
  EXPECT_FALSE(message.Shown(205.1));
  message.Set("PNG export failed: cannot write", 300);
  EXPECT_TRUE(message.Shown(329.9));
  EXPECT_FALSE(message.Shown(330.1));
}

TEST(FrameStatsTest, AveragesAndMaximum) {
  FrameStats stats;
  EXPECT_EQ(stats.frames(), 0);
  EXPECT_EQ(stats.FrameMsAvg(), 0);
  EXPECT_EQ(stats.IntervalMsAvg(), 0);
  // Frame 1: 10 ms in all (4 building, 5 drawing); frame 2, 50 ms later: 30 ms.
  stats.Record(1.000, 1.004, 1.009, 1.010);
  EXPECT_EQ(stats.IntervalMsAvg(), 0);  // one frame has no interval yet
  stats.Record(1.050, 1.060, 1.070, 1.080);
  EXPECT_EQ(stats.frames(), 2);
  EXPECT_NEAR(stats.FrameMsAvg(), 20, 1e-6);
  EXPECT_NEAR(stats.FrameMsMax(), 30, 1e-6);
  EXPECT_NEAR(stats.BuildMsAvg(), 7, 1e-6);
  EXPECT_NEAR(stats.DrawMsAvg(), 7.5, 1e-6);
  EXPECT_NEAR(stats.IntervalMsAvg(), 50, 1e-6);
}

TEST(FrameStatsTest, CoversTheRecentFramesOnly) {
  FrameStats stats;
  stats.Record(0, 0, 0, 1.0);  // one slow frame of 1000 ms
  for (size_t i = 1; i <= FrameStats::kWindow; ++i) {
    double start = static_cast<double>(i);
    stats.Record(start, start, start, start + 0.002);
  }
  EXPECT_EQ(stats.frames(), static_cast<long>(FrameStats::kWindow) + 1);
  EXPECT_NEAR(stats.FrameMsMax(), 2, 1e-6);
  EXPECT_NEAR(stats.FrameMsAvg(), 2, 1e-6);
}

TEST(ExportPathTest, NamesTheScenarioStepKindAndNumber) {
  EXPECT_EQ(ExportPath("/tmp/out", "scenarios/peakpeeps/peepcoin_lost_update.toml", 8, "panes", 2),
            "/tmp/out/peepcoin_lost_update-step8-panes-2.png");
  EXPECT_EQ(ExportPath("", "a/b.spec", 0, "window", 1), "./b-step0-window-1.png");
  EXPECT_EQ(ExportPath("", "", 3, "window", 1), "./interleave-step3-window-1.png");
}

}  // namespace
}  // namespace interleave::gui
