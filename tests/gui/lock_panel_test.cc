// The locks panel's words: the newest step the server was asked about, one
// sentence a lock, a client without locks said as such, and what the server
// could not tell.
#include "gui/lock_panel.h"

#include <gtest/gtest.h>

namespace interleave::gui {
namespace {

StepTrace Step(int client, const std::string& client_name, const std::string& name) {
  StepTrace step;
  step.client = client;
  step.client_name = client_name;
  step.step_name = name;
  return step;
}

ClientLock RowLock(int client, bool granted, std::vector<int> waits_for) {
  ClientLock lock;
  lock.client = client;
  lock.scope = ServerLock::Scope::kRow;
  lock.mode = "FOR UPDATE";
  lock.table = "users";
  lock.row = "id=1";
  lock.granted = granted;
  lock.waits_for = std::move(waits_for);
  return lock;
}

TEST(LockPanelTest, TheNewestStepAskedAboutInPlainWords) {
  Trace trace;
  trace.client_names = {"phone", "laptop"};
  StepTrace first = Step(0, "phone", "p2");
  first.locks.captured = true;
  first.locks.locks = {RowLock(0, true, {})};
  StepTrace second = Step(1, "laptop", "l2");
  second.locks.captured = true;
  second.locks.locks = {RowLock(0, true, {}), RowLock(1, false, {0})};
  StepTrace skipped = Step(0, "phone", "p3");  // not sent: nothing asked
  trace.steps = {first, second, skipped};

  const LockPanelText panel = LockPanelFor(trace);
  EXPECT_EQ(panel.heading, "Locks after laptop's l2");
  ASSERT_EQ(panel.lines.size(), 2u);
  EXPECT_EQ(panel.lines[0].text, "phone holds FOR UPDATE on users id=1");
  EXPECT_FALSE(panel.lines[0].waiting);
  EXPECT_EQ(panel.lines[1].text, "laptop waits for phone's lock on users id=1");
  EXPECT_TRUE(panel.lines[1].waiting);
}

TEST(LockPanelTest, NoLocksAndWhatTheServerCouldNotTell) {
  Trace trace;
  trace.client_names = {"phone", "laptop"};
  StepTrace step = Step(0, "phone", "p1");
  step.locks.captured = true;
  step.locks.unavailable = "row keys (no SELECT privilege)";
  trace.steps = {step};
  const LockPanelText panel = LockPanelFor(trace);
  ASSERT_EQ(panel.lines.size(), 3u);
  EXPECT_EQ(panel.lines[0].text, "phone holds no lock on the tables");
  EXPECT_EQ(panel.lines[1].text, "laptop holds no lock on the tables");
  EXPECT_EQ(panel.lines[2].text, "The server could not tell: row keys (no SELECT privilege)");

  EXPECT_EQ(LockPanelFor(Trace{}).lines.at(0).text, "No step has run yet.");
  trace.steps[0].locks.captured = false;
  EXPECT_EQ(LockPanelFor(trace).lines.at(0).text, "Not asked for this run.");
}

}  // namespace
}  // namespace interleave::gui
