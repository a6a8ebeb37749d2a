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

// A 40001 with no anomaly behind it, explained for the level it came at:
// first-updater-wins at REPEATABLE READ, not SERIALIZABLE's check.
TEST_F(PaneBannerTest, SerializationFailureSaysWhyForItsLevel) {
  auto failing = [](const std::string& begin) {
    PaneSnapshot snapshot;
    snapshot.finished = true;
    snapshot.request.variant = "repeatable read";
    snapshot.trace.client_names = {"phone", "laptop"};
    StepTrace open;
    open.index = 0;
    open.client = 0;
    open.sql = begin;
    open.status = StepStatus::kCompleted;
    StepTrace update;
    update.index = 1;
    update.client = 0;
    update.sql = "UPDATE t SET n = 1";
    update.status = StepStatus::kFailed;
    update.error = DbError{"40001", "ERROR", "could not serialize access", "", ""};
    snapshot.trace.steps = {open, update};
    return snapshot;
  };
  PaneSnapshot baseline;
  baseline.finished = true;
  baseline.request.variant = "baseline";
  baseline.verdict = Verdict{};
  baseline.verdict->kind = Verdict::Kind::kPrevented;

  auto note = [&](const PaneSnapshot& snapshot) {
    std::string text;
    for (const std::string& line : HonestyNotes(scenario_, snapshot, baseline)) text += line;
    return text;
  };
  const std::string repeatable = note(failing("BEGIN ISOLATION LEVEL REPEATABLE READ"));
  EXPECT_NE(repeatable.find("at REPEATABLE READ PostgreSQL aborts a transaction that would "
                            "update or lock a row"),
            std::string::npos)
      << repeatable;
  EXPECT_EQ(repeatable.find("dangerous pattern"), std::string::npos) << repeatable;
  const std::string serializable = note(failing("BEGIN ISOLATION LEVEL SERIALIZABLE"));
  EXPECT_NE(serializable.find("SERIALIZABLE aborts a transaction on a dangerous pattern"),
            std::string::npos)
      << serializable;
}

}  // namespace
}  // namespace interleave::gui
