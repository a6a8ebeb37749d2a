// The verdict banner's words before the verdict: where the classroom is, who
// waits for a lock, and a pane that cannot run.
#include <gtest/gtest.h>

#include "gui/pane_parts.h"

namespace interleave::gui {
namespace {

class PaneBannerTest : public ::testing::Test {
 protected:
  PaneBannerTest() {
    scenario_.title = "two clients";
    context_.scenario = &scenario_;
    snapshot_.entries = 8;
    snapshot_.trace.client_names = {"phone", "laptop"};
  }
  Scenario scenario_;
  PaneContext context_;
  PaneSnapshot snapshot_;
};

TEST_F(PaneBannerTest, WhereTheClassroomIs) {
  context_.cursor = 0;
  EXPECT_EQ(pane::BannerFor(snapshot_, context_).headline, "Before the first step");
  context_.cursor = 3;
  pane::Banner banner = pane::BannerFor(snapshot_, context_);
  EXPECT_EQ(banner.headline, "After step 3 of 8");
  EXPECT_EQ(banner.tone, VerdictTone::kNeutral);
  EXPECT_EQ(banner.body,
            "The verdict comes when the run is over (the checks read the final state).");
  context_.cursor = 9;
  EXPECT_EQ(pane::BannerFor(snapshot_, context_).headline, "After the schedule: finishing");
}

TEST_F(PaneBannerTest, BusyAndWaiting) {
  context_.cursor = 6;
  snapshot_.busy = true;
  snapshot_.activity = "running step 6";
  snapshot_.waiting_clients = {1};
  EXPECT_EQ(pane::BannerFor(snapshot_, context_).headline,
            "After step 6 of 8 · running step 6 … — laptop waits for a lock");
  snapshot_.waiting_clients = {0, 1};
  EXPECT_EQ(pane::BannerFor(snapshot_, context_).headline,
            "After step 6 of 8 · running step 6 … — phone, laptop wait for a lock");
}

TEST_F(PaneBannerTest, CompactLeavesOutTheSentence) {
  context_.compact = true;
  EXPECT_EQ(pane::BannerFor(snapshot_, context_).body, "");
}

TEST_F(PaneBannerTest, APaneThatCannotRun) {
  snapshot_.error = "no server";
  pane::Banner banner = pane::BannerFor(snapshot_, context_);
  EXPECT_EQ(banner.tone, VerdictTone::kBad);
  EXPECT_EQ(banner.headline, "THIS PANE CANNOT RUN");
  EXPECT_EQ(banner.body, "no server");
  snapshot_.connection_lost = true;
  EXPECT_EQ(pane::BannerFor(snapshot_, context_).headline, "THE CONNECTION WAS LOST");
}

}  // namespace
}  // namespace interleave::gui
