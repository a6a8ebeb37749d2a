// The live session against the real private server: each pane steps its own
// run live, the committed state after step N is what another connection
// reads, Back replays, "who goes next?" picks run on both panes, a slow step
// never holds up the UI thread, and a lost connection becomes an error in
// the pane.
#include "gui/live_session.h"

#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <pqxx/pqxx>
#include <thread>

#include "db/engine.h"
#include "gui/lock_panel.h"
#include "gui/server_host.h"
#include "sim/parse/toml_parser.h"
#include "tests/test_support.h"

namespace interleave::gui {
namespace {

using Clock = std::chrono::steady_clock;

const char* kPeepCoins = R"toml(title = "Two coupon purchases"
anomaly = "lost update (P4)"
story = "Josh buys two coupons at once from his phone and his laptop."
setup = """
CREATE TABLE users (id int PRIMARY KEY, peepcoins int NOT NULL);
INSERT INTO users VALUES (1, 100);
"""
show = ["users"]

[[clients]]
name = "phone"
  [[clients.steps]]
  name = "p1"
  sql = "BEGIN"
  [[clients.steps]]
  name = "p2"
  sql = "SELECT peepcoins FROM users WHERE id = 1"
  [[clients.steps]]
  name = "p3"
  sql = "UPDATE users SET peepcoins = ${peepcoins} - 30 WHERE id = 1"
  [[clients.steps]]
  name = "p4"
  sql = "COMMIT"

[[clients]]
name = "laptop"
  [[clients.steps]]
  name = "l1"
  sql = "BEGIN"
  [[clients.steps]]
  name = "l2"
  sql = "SELECT peepcoins FROM users WHERE id = 1"
  [[clients.steps]]
  name = "l3"
  sql = "UPDATE users SET peepcoins = ${peepcoins} - 40 WHERE id = 1"
  [[clients.steps]]
  name = "l4"
  sql = "COMMIT"

[[schedules]]
name = "both read, then both write"
steps = "p1 l1 p2 l2 p3 l3 p4 l4"

[[variants]]
name = "baseline"
description = "as written"

[[variants]]
name = "atomic-update"
description = "UPDATE ... SET peepcoins = peepcoins - 30"
  [variants.replace]
  p3 = "UPDATE users SET peepcoins = peepcoins - 30 WHERE id = 1"
  l3 = "UPDATE users SET peepcoins = peepcoins - 40 WHERE id = 1"

[[checks]]
name = "both purchases paid"
sql = "SELECT peepcoins FROM users WHERE id = 1"
expect_any = ["30"]
explain = "Both purchases went through, so 70 coins must have left Josh's 100."
)toml";

class LiveSessionTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    // Start the shared server on the main thread (it lives as long as it).
    testing::SharedTarget();
  }

  void SetUp() override {
    Target* target = &testing::SharedTarget();
    host_ = std::make_shared<ServerHost>(ServerHost::Opener(
        [target]() { return std::shared_ptr<Target>(std::shared_ptr<Target>(), target); }));
    scenario_ = std::make_shared<Scenario>(ParseScenarioText(kPeepCoins, "peepcoins.toml"));
    view_ = std::make_unique<ViewState>(*scenario_);
    RunOptions options;
    options.step_timeout = std::chrono::milliseconds(5000);
    session_ = std::make_unique<LiveSession>(host_, scenario_, options, [this]() {
      std::lock_guard<std::mutex> lock(mu_);
      ++notifications_;
      cv_.notify_all();
    });
  }

  void TearDown() override {
    session_.reset();
    view_.reset();
    host_.reset();
  }

  // Waits (bounded) until both panes answer the view's latest request.
  void Settle() {
    session_->Request(*view_);
    auto deadline = Clock::now() + std::chrono::seconds(30);
    std::unique_lock<std::mutex> lock(mu_);
    while (!session_->Settled()) {
      ASSERT_LT(Clock::now(), deadline) << "the panes did not settle";
      cv_.wait_for(lock, std::chrono::milliseconds(100));
    }
    session_->Progress(progress_);
    view_->Clamp(progress_);
  }

  void StepTo(int cursor) {
    view_->GoTo(cursor);
    Settle();
  }

  std::string Committed(int pane) {
    auto snapshot = session_->Snapshot(pane);
    if (snapshot->committed.empty() || snapshot->committed[0].contents.rows.empty()) return "";
    return snapshot->committed[0].contents.rows[0][1].value_or("NULL");
  }

  std::shared_ptr<ServerHost> host_;
  std::shared_ptr<Scenario> scenario_;
  std::unique_ptr<ViewState> view_;
  std::unique_ptr<LiveSession> session_;
  PaneProgress progress_[kPaneCount];
  std::mutex mu_;
  std::condition_variable cv_;
  int notifications_ = 0;
};

TEST_F(LiveSessionTest, EachNextRunsTheNextStepLiveOnBothPanes) {
  StepTo(0);
  auto left = session_->Snapshot(0);
  EXPECT_EQ(left->trace.steps.size(), 0u);
  EXPECT_EQ(left->pending.size(), 8u);
  EXPECT_EQ(Committed(0), "100");
  EXPECT_EQ(left->committed_note, "before the first step");
  EXPECT_FALSE(left->finished) << left->error;
  EXPECT_TRUE(left->error.empty()) << left->error;

  StepTo(3);
  left = session_->Snapshot(0);
  auto right = session_->Snapshot(1);
  EXPECT_EQ(left->cursor, 3);
  EXPECT_EQ(right->cursor, 3);
  EXPECT_EQ(left->trace.OrderText(), "p1 l1 p2");
  EXPECT_EQ(right->trace.OrderText(), "p1 l1 p2");
  EXPECT_EQ(left->request.variant, "baseline");
  EXPECT_EQ(right->request.variant, "atomic-update");
  EXPECT_EQ(left->pending.front().step_name, "l2");
}

TEST_F(LiveSessionTest, TheStateAtStepNIsWhatIsCommittedThen) {
  StepTo(5);  // p3 wrote 70, uncommitted
  EXPECT_EQ(Committed(0), "100");
  EXPECT_EQ(session_->Snapshot(0)->committed_note, "after step 5");
  StepTo(6);  // l3 waits for phone's row lock
  auto left = session_->Snapshot(0);
  EXPECT_EQ(left->waiting_clients, (std::vector<int>{1}));
  EXPECT_TRUE(left->trace.steps.back().blocked);
  EXPECT_EQ(Committed(0), "100");
  StepTo(7);  // p4 commits; l3 completes and writes 60 (uncommitted)
  EXPECT_TRUE(session_->Snapshot(0)->waiting_clients.empty());
  EXPECT_EQ(Committed(0), "70");
  EXPECT_EQ(Committed(1), "70");
  StepTo(8);  // l4 commits
  EXPECT_EQ(Committed(0), "60");
  EXPECT_EQ(Committed(1), "30");
  EXPECT_FALSE(session_->Snapshot(0)->finished);
  StepTo(9);  // the checks
  left = session_->Snapshot(0);
  auto right = session_->Snapshot(1);
  ASSERT_TRUE(left->finished);
  ASSERT_TRUE(left->verdict);
  EXPECT_EQ(left->verdict->Name(), "anomaly");
  EXPECT_EQ(right->verdict->Name(), "prevented-by-wait");
  EXPECT_EQ(ViewState::EndCursor(progress_), 9);
  EXPECT_FALSE(view_->CanNext(progress_));
}

TEST_F(LiveSessionTest, BackReplaysFromTheStart) {
  StepTo(7);
  auto before = session_->Snapshot(0);
  view_->Back();
  Settle();
  auto after = session_->Snapshot(0);
  EXPECT_EQ(after->cursor, 6);
  EXPECT_EQ(after->trace.OrderText(), "p1 l1 p2 l2 p3 l3");
  EXPECT_EQ(after->waiting_clients, (std::vector<int>{1}));
  EXPECT_EQ(Committed(0), "100");
  EXPECT_GT(after->version, before->version);
  view_->Next(progress_);
  Settle();
  EXPECT_EQ(session_->Snapshot(0)->trace.OrderText(), before->trace.OrderText());
}

// While stepping, the arrows are the edges of the same interleaving run to
// its end beforehand, between steps that completed: at step 5 the laptop's
// stale read l2 -rw-> the phone's write p3 (both ran), and nothing into the
// laptop's l3, which has not run.
TEST_F(LiveSessionTest, ArrowsDuringSteppingJoinOnlyCompletedSteps) {
  StepTo(5);  // p1 l1 p2 l2 p3
  auto left = session_->Snapshot(0);
  ASSERT_FALSE(left->finished);
  ASSERT_TRUE(left->lookahead_trace) << "no look-ahead run for the baseline";
  ASSERT_TRUE(left->lookahead_verdict && left->lookahead_verdict->explanation);
  TimelineInput input;
  input.scenario = scenario_.get();
  input.plan = left->plan.get();
  input.trace = &left->trace;
  input.pending = left->pending;
  input.lookahead = &*left->lookahead_verdict->explanation;
  input.lookahead_trace = left->lookahead_trace.get();
  LayoutMetrics metrics;
  metrics.compact = true;
  const TimelineLayout layout = LayoutTimeline(input, metrics);
  bool stale_read = false;
  for (const EdgeArrow& arrow : layout.arrows) {
    EXPECT_NE(arrow.edge.from_step, "l3");
    EXPECT_NE(arrow.edge.to_step, "l3");
    EXPECT_NE(layout.boxes[arrow.to_box].kind, BoxKind::kPending);
    EXPECT_NE(layout.boxes[arrow.from_box].kind, BoxKind::kPending);
    if (arrow.edge.kind == DependencyKind::kRw && arrow.edge.from_step == "l2" &&
        arrow.edge.to_step == "p3")
      stale_read = true;
  }
  EXPECT_TRUE(stale_read) << layout.arrows.size() << " arrows, none l2 -rw-> p3";
  // Before any write, no edge.
  StepTo(2);
  left = session_->Snapshot(0);
  input.trace = &left->trace;
  input.plan = left->plan.get();
  input.pending = left->pending;
  ASSERT_TRUE(left->lookahead_trace);
  input.lookahead = &*left->lookahead_verdict->explanation;
  input.lookahead_trace = left->lookahead_trace.get();
  EXPECT_TRUE(LayoutTimeline(input, metrics).arrows.empty());
}

// With locks asked for (as the window does), the locks panel of the
// baseline at step 6: the phone holds its UPDATE's row lock, the laptop's
// l3 waits for it.
TEST_F(LiveSessionTest, TheLocksPanelSaysWhoHoldsAndWhoWaits) {
  session_.reset();
  RunOptions options;
  options.step_timeout = std::chrono::milliseconds(5000);
  options.capture_locks = true;
  session_ = std::make_unique<LiveSession>(host_, scenario_, options, [this]() {
    std::lock_guard<std::mutex> lock(mu_);
    ++notifications_;
    cv_.notify_all();
  });
  StepTo(6);
  auto left = session_->Snapshot(0);
  ASSERT_EQ(left->waiting_clients, (std::vector<int>{1}));
  const LockPanelText panel = LockPanelFor(left->trace);
  EXPECT_EQ(panel.heading, "Locks after laptop's l3");
  std::string all;
  bool phone_holds = false, laptop_waits = false;
  for (const LockLine& line : panel.lines) {
    all += line.text + "\n";
    if (line.text.rfind("phone holds ", 0) == 0 && line.text.find("users") != std::string::npos)
      phone_holds = true;
    if (line.text.rfind("laptop waits for phone's", 0) == 0 && line.waiting) laptop_waits = true;
  }
  EXPECT_TRUE(phone_holds) << all;
  EXPECT_TRUE(laptop_waits) << all;
  StepTo(8);  // both committed: nobody holds a lock
  const LockPanelText after = LockPanelFor(session_->Snapshot(0)->trace);
  for (const LockLine& line : after.lines) EXPECT_EQ(line.text.find("waits"), std::string::npos);
}

TEST_F(LiveSessionTest, PicksBuildTheInterleavingOnBothPanes) {
  Settle();
  view_->SetInteractive(true);
  for (int client : {1, 1, 1, 1}) {  // the laptop first, all of it
    session_->Progress(progress_);
    ASSERT_TRUE(view_->Pick(client, progress_));
    Settle();
  }
  for (int pane = 0; pane < kPaneCount; ++pane)
    EXPECT_EQ(session_->Snapshot(pane)->trace.OrderText(), "l1 l2 l3 l4");
  EXPECT_EQ(Committed(0), "60");
  std::vector<ClientChoice> choices = view_->Choices(progress_);
  EXPECT_EQ(choices[1].label, "laptop: done");
  EXPECT_TRUE(choices[0].may_go);
  view_->GoToEnd();
  Settle();
  auto left = session_->Snapshot(0);
  ASSERT_TRUE(left->finished);
  EXPECT_EQ(left->verdict->Name(), "prevented");  // one after the other: no anomaly
  EXPECT_EQ(left->trace.OrderText(), "l1 l2 l3 l4 p1 p2 p3 p4");
}

TEST_F(LiveSessionTest, ASlowStepNeverHoldsUpTheCaller) {
  session_.reset();
  view_.reset();
  scenario_->clients[0].steps[1].sql = "SELECT pg_sleep(1.5), 100 AS peepcoins";
  session_ = std::make_unique<LiveSession>(host_, scenario_, RunOptions{}, []() {});
  view_ = std::make_unique<ViewState>(*scenario_);
  StepTo(2);
  view_->GoTo(3);  // p2 sleeps
  session_->Request(*view_);
  // The step runs on the worker: reading snapshots stays instant meanwhile.
  auto deadline = Clock::now() + std::chrono::seconds(10);
  bool saw_busy = false;
  while (Clock::now() < deadline) {
    auto start = Clock::now();
    auto snapshot = session_->Snapshot(0);
    PaneProgress progress = session_->Progress(0);
    EXPECT_LT(Clock::now() - start, std::chrono::milliseconds(50));
    if (progress.busy && snapshot->activity == "running step 3") saw_busy = true;
    if (!progress.busy) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));  // poll the UI's way
  }
  EXPECT_TRUE(saw_busy);
  EXPECT_EQ(session_->Snapshot(0)->cursor, 3);
}

TEST_F(LiveSessionTest, ALostConnectionIsAnErrorInThePane) {
  StepTo(2);
  {
    pqxx::connection admin(testing::SharedTarget().admin_url());
    pqxx::nontransaction tx(admin);
    tx.exec(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
        "WHERE application_name IN ('interleave/phone', 'interleave/laptop') "
        "AND pid <> pg_backend_pid()");
  }
  StepTo(4);
  for (int pane = 0; pane < kPaneCount; ++pane) {
    auto snapshot = session_->Snapshot(pane);
    EXPECT_TRUE(snapshot->connection_lost);
    EXPECT_NE(snapshot->error.find("Lost the connection of phone at p2"), std::string::npos)
        << snapshot->error;
  }
  view_->GoToEnd();
  Settle();
  for (int pane = 0; pane < kPaneCount; ++pane) {
    auto snapshot = session_->Snapshot(pane);
    EXPECT_TRUE(snapshot->finished);
    ASSERT_TRUE(snapshot->verdict);
    EXPECT_EQ(snapshot->verdict->Name(), "error");
  }
  // Reset starts fresh runs that work again.
  view_->Reset();
  StepTo(2);
  EXPECT_TRUE(session_->Snapshot(0)->error.empty()) << session_->Snapshot(0)->error;
  EXPECT_EQ(session_->Snapshot(0)->trace.OrderText(), "p1 l1");
}

}  // namespace
}  // namespace interleave::gui
