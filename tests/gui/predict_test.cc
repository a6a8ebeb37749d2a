// "What happens next?" against the real private server: the questions built
// from a preview run of the coupon purchase case hold the right outcome and
// value among their choices, picks are judged on a second, live run with the
// reason the trace gives, the mode's rounds (who goes next, Escape, Back)
// keep the right picks, and a deadlock the server resolves shows in a live
// pane without another request.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <nlohmann/json.hpp>

#include "gui/live_session.h"
#include "gui/predict_mode.h"
#include "gui/predict_round.h"
#include "gui/server_host.h"
#include "gui/state_report.h"
#include "sim/parse/toml_parser.h"
#include "sim/run/run.h"
#include "tests/test_support.h"

namespace interleave::gui {
namespace {

using Clock = std::chrono::steady_clock;

class PredictRoundTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    scenario_ = new Scenario(ParseScenarioFile(
        testing::SourceDir() + "/scenarios/peakpeeps/coupon_purchase_nonrepeatable_read.toml"));
  }
  static void TearDownTestSuite() {
    delete scenario_;
    scenario_ = nullptr;
  }

  // A complete run of `variant` in the scenario's schedule.
  static Trace RunOf(const std::string& variant) {
    RunOptions options;
    std::vector<VariantResult> results =
        RunScenario(*scenario_, testing::SharedTarget(), options, variant);
    EXPECT_EQ(results.size(), 1u);
    return results.empty() ? Trace{} : results.front().trace;
  }

  static std::vector<std::string> Labels(const PredictQuestion& question) {
    std::vector<std::string> labels;
    for (const PredictChoice& choice : question.choices) labels.push_back(choice.Label());
    return labels;
  }

  static int IndexOf(const PredictQuestion& question, const std::string& label) {
    std::vector<std::string> labels = Labels(question);
    auto at = std::find(labels.begin(), labels.end(), label);
    return at == labels.end() ? -1 : static_cast<int>(at - labels.begin());
  }

  static Scenario* scenario_;
};

Scenario* PredictRoundTest::scenario_ = nullptr;

TEST_F(PredictRoundTest, TheChargeOffersBothPricesAndTheLiveRunSaysWhichWasRight) {
  const Trace preview = RunOf("no-fix");
  const Trace other = RunOf("read-price-once");
  PredictQuestion question = BuildQuestion(*scenario_, 7, 0, "no-fix", "j4", preview, {&other});
  ASSERT_FALSE(question.choices.empty());
  EXPECT_EQ(question.client_name, "josh");
  EXPECT_NE(question.sql.find("INSERT INTO user_peepcoin_ledger"), std::string::npos);
  const std::string read_45 = "completes and reads change=-45";
  const std::string read_30 = "completes and reads change=-30";
  ASSERT_GE(IndexOf(question, read_45), 0) << ::testing::PrintToString(Labels(question));
  ASSERT_GE(IndexOf(question, read_30), 0) << ::testing::PrintToString(Labels(question));
  EXPECT_GE(IndexOf(question, "waits for a lock"), 0);
  EXPECT_GE(IndexOf(question, "fails with an error"), 0);
  // j4 runs only if the check passed: the application may skip it.
  EXPECT_GE(IndexOf(question, "is skipped (the application does not send it)"), 0);

  // Judged on another run, live: the charge read the owner's 45.
  const Trace live = RunOf("no-fix");
  Judgement right = JudgePick(question.choices[IndexOf(question, read_45)], "j4", live, &preview);
  EXPECT_TRUE(right.known);
  EXPECT_TRUE(right.final);
  EXPECT_TRUE(right.right) << right.reason;
  EXPECT_EQ(right.actual, read_45);
  Judgement wrong = JudgePick(question.choices[IndexOf(question, read_30)], "j4", live, &preview);
  EXPECT_FALSE(wrong.right);
  EXPECT_EQ(wrong.reason, right.reason);
  Judgement waits = JudgePick({Outcome::kWaits, ""}, "j4", live, &preview);
  EXPECT_FALSE(waits.right);
}

TEST_F(PredictRoundTest, TheCheckOffersThePriceBeforeAndAfterTheOwnersWrite) {
  const Trace preview = RunOf("no-fix");
  PredictQuestion question = BuildQuestion(*scenario_, 2, 0, "no-fix", "j3", preview, {});
  const std::string at_30 = "completes and reads price=30, can_afford=t";
  const std::string at_45 = "completes and reads price=45, can_afford=t";
  ASSERT_GE(IndexOf(question, at_30), 0) << ::testing::PrintToString(Labels(question));
  EXPECT_GE(IndexOf(question, at_45), 0) << ::testing::PrintToString(Labels(question));
  const Trace live = RunOf("no-fix");
  Judgement judgement = JudgePick(question.choices[IndexOf(question, at_30)], "j3", live, &preview);
  EXPECT_TRUE(judgement.right);
  EXPECT_NE(judgement.reason.find("coupons id=2"), std::string::npos) << judgement.reason;
  EXPECT_NE(judgement.reason.find("from before any client ran"), std::string::npos)
      << judgement.reason;
}

TEST_F(PredictRoundTest, ForShareMakesTheOwnerWaitForJoshsLock) {
  const Trace preview = RunOf("for-share");
  const Trace baseline = RunOf("no-fix");
  PredictQuestion question =
      BuildQuestion(*scenario_, 5, 1, "for-share", "o3", preview, {&baseline});
  int waits = IndexOf(question, "waits for a lock");
  int completes = IndexOf(question, "completes");
  ASSERT_GE(waits, 0);
  ASSERT_GE(completes, 0) << ::testing::PrintToString(Labels(question));
  const Trace live = RunOf("for-share");
  Judgement right = JudgePick(question.choices[waits], "o3", live, &preview);
  EXPECT_TRUE(right.right);
  EXPECT_TRUE(right.final);  // the run is over: o3 completed after josh's commit
  EXPECT_EQ(right.reason.rfind("waits: josh holds the row lock on coupons id=2 since j3", 0), 0u)
      << right.reason;
  EXPECT_NE(right.reason.find("then completes after j6"), std::string::npos) << right.reason;
  EXPECT_FALSE(JudgePick(question.choices[completes], "o3", live, &preview).right);
  // In the baseline the same step does not wait.
  EXPECT_FALSE(JudgePick(question.choices[waits], "o3", baseline, &baseline).right);
}

TEST_F(PredictRoundTest, AStepNotRunYetIsNotJudged) {
  Trace empty;
  Judgement judgement = JudgePick({Outcome::kCompletes, ""}, "j1", empty, nullptr);
  EXPECT_FALSE(judgement.known);
  EXPECT_FALSE(judgement.right);
}

PredictQuestion QuestionAt(int cursor, const std::string& step) {
  PredictQuestion question;
  question.cursor = cursor;
  question.step = step;
  question.variant = "no-fix";
  question.choices = {{Outcome::kCompletes, ""}, {Outcome::kWaits, ""}, {Outcome::kFails, ""}};
  return question;
}

TEST(PredictModeTest, APickNeedsAQuestionAndEnterMakesItARound) {
  PredictMode mode;
  mode.SetOn(true);
  EXPECT_FALSE(mode.Pick(0));  // no question yet
  EXPECT_FALSE(mode.Commit());
  mode.SetQuestion(QuestionAt(0, "j1"));
  EXPECT_FALSE(mode.Pick(3));  // three choices
  EXPECT_FALSE(mode.Commit());
  EXPECT_TRUE(mode.Pick(1));
  mode.SetQuestion(QuestionAt(0, "j1"));  // the same question: the pick stays
  EXPECT_EQ(mode.picked(), 1);
  mode.Cancel();
  EXPECT_EQ(mode.picked(), -1);
  EXPECT_TRUE(mode.Pick(2));
  ASSERT_TRUE(mode.Commit());
  ASSERT_EQ(mode.records().size(), 1u);
  EXPECT_EQ(mode.records()[0].pick, 2);
  EXPECT_EQ(mode.question(), nullptr);
  mode.SetQuestion(QuestionAt(1, "j2"));
  EXPECT_EQ(mode.picked(), -1);  // a new question starts without a pick
}

TEST(PredictModeTest, WhoGoesNextChoosesTheClientFirstAndEscapeTakesItBack) {
  PredictMode mode;
  mode.SetOn(true);
  mode.ChooseClient(1);
  mode.SetQuestion(QuestionAt(0, "o1"));
  EXPECT_TRUE(mode.Pick(0));
  mode.Cancel();  // the pick first
  EXPECT_EQ(mode.client(), 1);
  mode.Cancel();  // then the client
  EXPECT_EQ(mode.client(), -1);
  EXPECT_EQ(mode.question(), nullptr);
}

TEST(PredictModeTest, SteppingBackForgetsTheRoundsItUndid) {
  PredictMode mode;
  mode.SetOn(true);
  for (int cursor = 0; cursor < 3; ++cursor) {
    mode.SetQuestion(QuestionAt(cursor, "s" + std::to_string(cursor)));
    ASSERT_TRUE(mode.Pick(0));
    ASSERT_TRUE(mode.Commit());
    mode.records().back().judgement.known = true;
    mode.records().back().judgement.right = cursor != 1;
  }
  EXPECT_EQ(mode.Judged(), 3);
  EXPECT_EQ(mode.Right(), 2);
  mode.ForgetFrom(2);
  EXPECT_EQ(mode.records().size(), 2u);
  EXPECT_EQ(mode.Right(), 1);
  mode.ForgetFrom(0);
  EXPECT_TRUE(mode.records().empty());
}

TEST(PredictReportTest, TheStateReportCarriesEachRoundsPickAndResult) {
  AppReport report;
  report.predict.on = true;
  report.predict.pane = 1;
  report.predict.step = "o3";
  report.predict.choices = {"completes", "waits for a lock"};
  PredictRoundReport round;
  round.step = "j3";
  round.picked = "completes and reads price=30, can_afford=t";
  round.judged = round.final = round.right = true;
  round.reason = "completes and reads price=30, can_afford=t: the version of coupons id=2";
  report.predict.rounds.push_back(round);
  nlohmann::json json = nlohmann::json::parse(ReportJson(report));
  const nlohmann::json& predict = json.at("predict");
  EXPECT_TRUE(predict.at("on").get<bool>());
  EXPECT_EQ(predict.at("pane").get<int>(), 1);
  EXPECT_EQ(predict.at("step").get<std::string>(), "o3");
  EXPECT_EQ(predict.at("choices").size(), 2u);
  EXPECT_EQ(predict.at("picked").get<int>(), -1);
  ASSERT_EQ(predict.at("rounds").size(), 1u);
  EXPECT_EQ(predict.at("rounds")[0].at("picked").get<std::string>(), round.picked);
  EXPECT_TRUE(predict.at("rounds")[0].at("right").get<bool>());
  EXPECT_EQ(predict.at("rounds")[0].at("reason").get<std::string>(), round.reason);
}

const char* kDeadlock = R"toml(title = "Two transfers in opposite orders"
anomaly = "none: a deadlock"
story = "Each client locks one row, then wants the other's."
setup = """
CREATE TABLE t (id int PRIMARY KEY, n int NOT NULL);
INSERT INTO t VALUES (1, 0), (2, 0);
"""
show = ["t"]

[[clients]]
name = "a"
steps = [ { name = "a1", sql = "BEGIN" },
          { name = "a2", sql = "UPDATE t SET n = n + 1 WHERE id = 1" },
          { name = "a3", sql = "UPDATE t SET n = n + 1 WHERE id = 2" },
          { name = "a4", sql = "COMMIT" } ]

[[clients]]
name = "b"
steps = [ { name = "b1", sql = "BEGIN" },
          { name = "b2", sql = "UPDATE t SET n = n + 1 WHERE id = 2" },
          { name = "b3", sql = "UPDATE t SET n = n + 1 WHERE id = 1" },
          { name = "b4", sql = "COMMIT" } ]

[[schedules]]
name = "opposite orders"
steps = "a1 b1 a2 b2 a3 b3 a4 b4"
)toml";

TEST(PaneWorkerWatchTest, ADeadlockTheServerResolvesShowsWithoutAnotherRequest) {
  Target* target = &testing::SharedTarget();
  auto host = std::make_shared<ServerHost>(ServerHost::Opener(
      [target]() { return std::shared_ptr<Target>(std::shared_ptr<Target>(), target); }));
  auto scenario = std::make_shared<Scenario>(ParseScenarioText(kDeadlock, "deadlock.toml"));
  std::mutex mu;
  std::condition_variable cv;
  RunOptions options;
  options.step_timeout = std::chrono::milliseconds(10000);
  LiveSession session(host, scenario, options, [&]() {
    std::lock_guard<std::mutex> lock(mu);
    cv.notify_all();
  });
  ViewState view(*scenario);
  view.GoTo(6);  // b3 closes the cycle
  session.Request(view);
  // One request only; then wait (bounded) for the server's resolution to show.
  auto deadline = Clock::now() + std::chrono::seconds(30);
  std::unique_lock<std::mutex> lock(mu);
  auto resolved = [&]() {
    auto snapshot = session.Snapshot(0);
    if (snapshot->busy || snapshot->trace.steps.size() < 6) return false;
    if (!snapshot->waiting_clients.empty()) return false;
    for (const StepTrace& step : snapshot->trace.steps)
      if (step.error && step.error->sqlstate == "40P01") return true;
    return false;
  };
  while (!resolved()) {
    ASSERT_LT(Clock::now(), deadline) << "the deadlock's end did not show by itself";
    cv.wait_for(lock, std::chrono::milliseconds(100));
  }
  auto snapshot = session.Snapshot(0);
  EXPECT_EQ(snapshot->cursor, 6);
  EXPECT_EQ(snapshot->request.cursor, 6);
  int victims = 0, released = 0;
  for (const StepTrace& step : snapshot->trace.steps) {
    if (step.step_name != "a3" && step.step_name != "b3") continue;
    EXPECT_TRUE(step.blocked) << step.step_name;
    if (step.status == StepStatus::kFailed) ++victims;
    if (step.status == StepStatus::kCompleted) ++released;
  }
  EXPECT_EQ(victims, 1);
  EXPECT_EQ(released, 1);
}

}  // namespace
}  // namespace interleave::gui
