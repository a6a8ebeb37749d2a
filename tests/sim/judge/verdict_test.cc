// Tests of IsConcurrencyOutcome, Judge and Verdict on hand-built traces.
#include "sim/judge/verdict.h"

#include <gtest/gtest.h>

#include "tests/sample_traces.h"

namespace interleave {
namespace {

using sample::Error;
using sample::Rows;
using sample::Tag;
using sample::TraceBuilder;

constexpr const char* kReadForUpdateSql = sample::kReadForUpdate;

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(IsConcurrencyOutcomeTest, ConcurrencyStatesAreOutcomes) {
  for (const char* state : {"40001", "40P01", "23505", "23P01", "23503", "55P03"})
    EXPECT_TRUE(IsConcurrencyOutcome(state)) << state;
}

TEST(IsConcurrencyOutcomeTest, MistakesAndFollowUpsAreNot) {
  // 25P02 follows an earlier error, 57014 is a cancel, 40P02 does not exist,
  // 23514 (check violation) and 42P01 (no such table) are the scenario's fault.
  for (const char* state : {"25P02", "57014", "40P02", "40000", "23514", "42P01", "08006", ""})
    EXPECT_FALSE(IsConcurrencyOutcome(state)) << state;
}

TEST(JudgeTest, LostUpdateIsAnAnomalyWithTheCheckInNumbers) {
  Scenario scenario = sample::LostUpdateScenario();
  Verdict verdict = Judge(scenario, sample::BaselineTrace());
  EXPECT_EQ(verdict.kind, Verdict::Kind::kAnomaly);
  EXPECT_EQ(verdict.Name(), "anomaly");
  ASSERT_EQ(verdict.reasons.size(), 1u);
  EXPECT_EQ(verdict.reasons[0], std::string(sample::kExplain) + " (expected 60, got 40)");
  EXPECT_EQ(verdict.summary, "lost update (P4): " + verdict.reasons[0]);
  EXPECT_TRUE(verdict.waited_steps.empty());
  EXPECT_TRUE(verdict.aborted_steps.empty());
}

TEST(JudgeTest, WaitThatKeepsTheCheckIsPreventedByWait) {
  Scenario scenario = sample::LostUpdateScenario();
  Verdict verdict = Judge(scenario, sample::ForUpdateTrace());
  EXPECT_EQ(verdict.kind, Verdict::Kind::kPrevented);
  EXPECT_EQ(verdict.how, Verdict::How::kWait);
  EXPECT_EQ(verdict.Name(), "prevented-by-wait");
  EXPECT_EQ(verdict.waited_steps, std::vector<int>({3}));
  EXPECT_EQ(verdict.summary,
            "robin's b2 waited for alex (a2) until a4 committed, then read price=30; "
            "the check held");
}

TEST(JudgeTest, AbortAndRetryThatKeepsTheCheckIsPreventedByAbort) {
  Scenario scenario = sample::LostUpdateScenario();
  Verdict verdict = Judge(scenario, sample::RepeatableReadTrace(/*retry=*/true));
  EXPECT_EQ(verdict.kind, Verdict::Kind::kPrevented);
  EXPECT_EQ(verdict.how, Verdict::How::kAbort);
  EXPECT_EQ(verdict.Name(), "prevented-by-abort");
  EXPECT_EQ(verdict.aborted_steps, std::vector<int>({6}));
  EXPECT_EQ(verdict.retried_clients, std::vector<int>({1}));
  EXPECT_EQ(verdict.summary,
            "robin was aborted at b3 (40001 could not serialize access due to concurrent "
            "update) and retried; attempt 2 committed; the check held");
}

TEST(JudgeTest, AbortWithoutRetryThatLosesWorkIsAbortedWithoutRetry) {
  Scenario scenario = sample::LostUpdateScenario();
  Verdict verdict = Judge(scenario, sample::RepeatableReadTrace(/*retry=*/false));
  EXPECT_EQ(verdict.kind, Verdict::Kind::kAbortedWithoutRetry);
  EXPECT_EQ(verdict.Name(), "aborted-without-retry");
  EXPECT_EQ(verdict.summary,
            "robin was aborted at b3 (40001 could not serialize access due to concurrent "
            "update) and not retried, so its work is lost: add a retry");
  ASSERT_EQ(verdict.reasons.size(), 1u);
  EXPECT_TRUE(Contains(verdict.reasons[0], "expected 60, got 30"));
}

TEST(JudgeTest, AbortOnTheLastAttemptIsAbortedWithoutRetry) {
  Scenario scenario = sample::LostUpdateScenario();
  TraceBuilder b({"alex", "robin"}, Isolation::kSerializable, "serializable");
  b.Done(1, "b1", "BEGIN", {Tag("BEGIN")});
  int b2 = b.Failed(1, "b2", "COMMIT", sample::kSerialization);
  b.Retry(b2, "robin runs again");
  b.Done(1, "b1", "BEGIN", {Tag("BEGIN")}, 2);
  b.Failed(1, "b2", "COMMIT", sample::kSerialization, 2);
  b.Check("both_raises_kept", "30", "60", false, "lost");
  Verdict verdict = Judge(scenario, b.trace());
  EXPECT_EQ(verdict.kind, Verdict::Kind::kAbortedWithoutRetry);
  EXPECT_TRUE(Contains(verdict.summary, "robin was aborted again at b2 (COMMIT) on attempt 2"))
      << verdict.summary;
  EXPECT_EQ(verdict.retried_clients, std::vector<int>({1}));
}

TEST(JudgeTest, RetriedClientWhoseCheckStillFailsIsAnAnomaly) {
  Scenario scenario = sample::LostUpdateScenario();
  Trace trace = sample::RepeatableReadTrace(/*retry=*/true);
  trace.checks[0].passed = false;
  trace.checks[0].value = "50";
  Verdict verdict = Judge(scenario, trace);
  EXPECT_EQ(verdict.kind, Verdict::Kind::kAnomaly);
  EXPECT_EQ(verdict.aborted_steps, std::vector<int>({6}));
}

TEST(JudgeTest, UniqueViolationThatKeepsTheCheckIsPreventedByAbortWithoutRetry) {
  Scenario scenario;
  TraceBuilder b({"alex", "robin"}, Isolation::kReadCommitted, "unique");
  b.Done(0, "a1", "INSERT INTO users VALUES ('sam')", {Tag("INSERT 0 1")});
  b.Failed(1, "b1", "INSERT INTO users VALUES ('sam')",
           Error("23505", "duplicate key value violates unique constraint \"users_pkey\""));
  b.Check("one_sam", "t", "true", true, "");
  Verdict verdict = Judge(scenario, b.trace());
  EXPECT_EQ(verdict.Name(), "prevented-by-abort");
  EXPECT_TRUE(Contains(verdict.summary, "robin was aborted at b1 (23505 duplicate key"));
  EXPECT_TRUE(Contains(verdict.summary, "and was not retried; the check held"));
}

TEST(JudgeTest, DeadlockSaysPostgresChoseTheVictim) {
  Scenario scenario;
  TraceBuilder b({"alex", "robin"}, Isolation::kReadCommitted, "deadlock");
  int a1 = b.Done(0, "a1", "UPDATE t SET v = 1 WHERE id = 1", {Tag("UPDATE 1")});
  int b1 = b.Done(1, "b1", "UPDATE t SET v = 2 WHERE id = 2", {Tag("UPDATE 1")});
  int a2 = b.Waits(0, "a2", "UPDATE t SET v = 1 WHERE id = 2", 1, b1);
  int b2 =
      b.Failed(1, "b2", "UPDATE t SET v = 2 WHERE id = 1", Error("40P01", "deadlock detected"));
  b.Released(a2, b2, {Tag("UPDATE 1")});
  (void)a1;
  b.Check("ok", "t", "true", true, "");
  Verdict verdict = Judge(scenario, b.trace());
  // A deadlock victim must retry: without one its work is lost.
  EXPECT_EQ(verdict.Name(), "aborted-without-retry");
  EXPECT_EQ(verdict.waited_steps, std::vector<int>({2}));
  EXPECT_TRUE(Contains(verdict.summary, "chose robin as the deadlock victim")) << verdict.summary;
}

TEST(JudgeTest, NoWaitNoAbortIsPreventedWithoutMechanism) {
  Scenario scenario;
  TraceBuilder b({"alex", "robin"}, Isolation::kReadCommitted, "atomic");
  b.Done(0, "a1", "UPDATE products SET price = price + 20 WHERE id = 1", {Tag("UPDATE 1")});
  b.Done(1, "b1", "UPDATE products SET price = price + 30 WHERE id = 1", {Tag("UPDATE 1")});
  b.Check("both_raises_kept", "60", "60", true, "");
  Verdict verdict = Judge(scenario, b.trace());
  EXPECT_EQ(verdict.kind, Verdict::Kind::kPrevented);
  EXPECT_EQ(verdict.how, Verdict::How::kNone);
  EXPECT_EQ(verdict.Name(), "prevented");
  EXPECT_EQ(verdict.summary, "The check held, and no client waited for a lock or was aborted");
}

TEST(JudgeTest, SetupErrorIsAnError) {
  Scenario scenario;
  Trace trace = sample::BaselineTrace();
  trace.setup_error = Error("42601", "syntax error at or near \"CREAT\"");
  Verdict verdict = Judge(scenario, trace);
  EXPECT_EQ(verdict.kind, Verdict::Kind::kError);
  EXPECT_EQ(verdict.Name(), "error");
  EXPECT_TRUE(Contains(verdict.summary, "setup failed with 42601 syntax error")) << verdict.summary;
}

TEST(JudgeTest, RunErrorIsAnError) {
  Scenario scenario;
  Trace trace = sample::ForUpdateTrace();
  trace.run_error = "lost the connection of robin";
  Verdict verdict = Judge(scenario, trace);
  EXPECT_EQ(verdict.kind, Verdict::Kind::kError);
  EXPECT_TRUE(Contains(verdict.summary, "lost the connection of robin"));
}

TEST(JudgeTest, HungStepIsAnError) {
  Scenario scenario;
  Trace trace = sample::ForUpdateTrace();
  trace.steps[3].status = StepStatus::kCancelled;
  trace.steps[3].error = Error("57014", "canceling statement due to user request");
  Verdict verdict = Judge(scenario, trace);
  EXPECT_EQ(verdict.kind, Verdict::Kind::kError);
  EXPECT_TRUE(Contains(verdict.summary, "robin's b2 hung")) << verdict.summary;
}

TEST(JudgeTest, MistakeInTheScenarioIsAnErrorNamingStepAndState) {
  Scenario scenario;
  TraceBuilder b({"alex", "robin"}, Isolation::kReadCommitted, "typo");
  b.Done(0, "a1", "BEGIN", {Tag("BEGIN")});
  b.Failed(1, "b1", "SELECT * FROM prodcts", Error("42P01", "relation \"prodcts\" does not exist"));
  b.Check("ok", "t", "true", true, "");
  Verdict verdict = Judge(scenario, b.trace());
  EXPECT_EQ(verdict.kind, Verdict::Kind::kError);
  EXPECT_TRUE(Contains(verdict.summary, "robin's b1 failed with 42P01 relation \"prodcts\""))
      << verdict.summary;
}

TEST(JudgeTest, QueryCanceledThatWasNotOurCancelIsAnError) {
  Scenario scenario;
  TraceBuilder b({"alex"}, Isolation::kReadCommitted, "timeout");
  b.Failed(0, "a1", "SELECT pg_sleep(10)",
           Error("57014", "canceling statement due to statement timeout"));
  b.Check("ok", "t", "true", true, "");
  EXPECT_EQ(Judge(scenario, b.trace()).kind, Verdict::Kind::kError);
}

TEST(JudgeTest, InFailedTransactionAfterAConcurrencyErrorIsNotAnError) {
  Scenario scenario;
  TraceBuilder b({"alex", "robin"}, Isolation::kRepeatableRead, "rr");
  b.Done(1, "b1", "BEGIN", {Tag("BEGIN")});
  b.Failed(1, "b2", "UPDATE products SET price = 40 WHERE id = 1", sample::kSerialization);
  b.Failed(1, "b3", "SELECT price FROM products",
           Error("25P02",
                 "current transaction is aborted, commands ignored until end of "
                 "transaction block"));
  b.Check("ok", "t", "true", true, "");
  Verdict verdict = Judge(scenario, b.trace());
  EXPECT_EQ(verdict.Name(), "aborted-without-retry");  // 40001 and no retry
  // Only the concurrency error counts as an abort, not its follow-up.
  EXPECT_EQ(verdict.aborted_steps, std::vector<int>({1}));
}

TEST(JudgeTest, InFailedTransactionWithoutAnEarlierErrorIsAnError) {
  Scenario scenario;
  TraceBuilder b({"alex", "robin"}, Isolation::kRepeatableRead, "rr");
  b.Failed(0, "a1", "UPDATE products SET price = 40 WHERE id = 1", sample::kSerialization);
  // The error was alex's; robin's 25P02 follows nothing of its own.
  b.Failed(1, "b1", "SELECT 1", Error("25P02", "current transaction is aborted"));
  b.Check("ok", "t", "true", true, "");
  Verdict verdict = Judge(scenario, b.trace());
  EXPECT_EQ(verdict.kind, Verdict::Kind::kError);
  EXPECT_TRUE(Contains(verdict.summary, "robin's b1 failed with 25P02")) << verdict.summary;
}

TEST(JudgeTest, CheckThatCouldNotRunIsAnError) {
  Scenario scenario;
  Trace trace = sample::ForUpdateTrace();
  trace.checks[0].error = Error("42703", "column \"prise\" does not exist");
  Verdict verdict = Judge(scenario, trace);
  EXPECT_EQ(verdict.kind, Verdict::Kind::kError);
  EXPECT_TRUE(Contains(verdict.summary, "both_raises_kept")) << verdict.summary;
}

TEST(JudgeTest, ChecksNotEvaluatedIsAnError) {
  Scenario scenario = sample::LostUpdateScenario();
  Trace trace = sample::ForUpdateTrace();
  trace.checks.clear();
  EXPECT_EQ(Judge(scenario, trace).kind, Verdict::Kind::kError);
}

TEST(JudgeTest, FailedStepWithoutErrorReportIsAnError) {
  Scenario scenario;
  Trace trace = sample::ForUpdateTrace();
  trace.steps[4].status = StepStatus::kFailed;
  EXPECT_EQ(Judge(scenario, trace).kind, Verdict::Kind::kError);
}

TEST(VerdictTest, NamesOfEveryKind) {
  Verdict verdict;
  verdict.kind = Verdict::Kind::kAnomaly;
  EXPECT_EQ(verdict.Name(), "anomaly");
  verdict.kind = Verdict::Kind::kAbortedWithoutRetry;
  EXPECT_EQ(verdict.Name(), "aborted-without-retry");
  verdict.kind = Verdict::Kind::kError;
  EXPECT_EQ(verdict.Name(), "error");
  verdict.kind = Verdict::Kind::kPrevented;
  verdict.how = Verdict::How::kNone;
  EXPECT_EQ(verdict.Name(), "prevented");
  verdict.how = Verdict::How::kWait;
  EXPECT_EQ(verdict.Name(), "prevented-by-wait");
  verdict.how = Verdict::How::kAbort;
  EXPECT_EQ(verdict.Name(), "prevented-by-abort");
}

TEST(VerdictTest, MatchesExpectations) {
  Verdict wait;
  wait.kind = Verdict::Kind::kPrevented;
  wait.how = Verdict::How::kWait;
  EXPECT_TRUE(wait.Matches(Expectation::kPrevented));
  EXPECT_TRUE(wait.Matches(Expectation::kPreventedByWait));
  EXPECT_FALSE(wait.Matches(Expectation::kPreventedByAbort));
  EXPECT_FALSE(wait.Matches(Expectation::kAnomaly));

  Verdict abort = wait;
  abort.how = Verdict::How::kAbort;
  EXPECT_TRUE(abort.Matches(Expectation::kPrevented));
  EXPECT_TRUE(abort.Matches(Expectation::kPreventedByAbort));
  EXPECT_FALSE(abort.Matches(Expectation::kPreventedByWait));

  Verdict none = wait;
  none.how = Verdict::How::kNone;
  EXPECT_TRUE(none.Matches(Expectation::kPrevented));
  EXPECT_FALSE(none.Matches(Expectation::kPreventedByWait));
  EXPECT_FALSE(none.Matches(Expectation::kPreventedByAbort));

  Verdict anomaly;
  anomaly.kind = Verdict::Kind::kAnomaly;
  EXPECT_TRUE(anomaly.Matches(Expectation::kAnomaly));
  EXPECT_FALSE(anomaly.Matches(Expectation::kPrevented));

  Verdict lost;
  lost.kind = Verdict::Kind::kAbortedWithoutRetry;
  EXPECT_TRUE(lost.Matches(Expectation::kAbortedWithoutRetry));
  EXPECT_FALSE(lost.Matches(Expectation::kAnomaly));
  EXPECT_FALSE(lost.Matches(Expectation::kPrevented));

  Verdict error;
  error.kind = Verdict::Kind::kError;
  EXPECT_TRUE(error.Matches(Expectation::kError));
  EXPECT_FALSE(error.Matches(Expectation::kPrevented));
  EXPECT_FALSE(error.Matches(Expectation::kAnomaly));
}

// The wait sentence uses the phrases the timeline uses: blockers joined by
// commas, every row a read returned, and how the releasing step ended.
TEST(JudgeTest, WaitSentenceNamesEveryBlockerAndEveryRowRead) {
  Scenario scenario = sample::LostUpdateScenario();
  TraceBuilder b({"alex", "robin", "sam"}, Isolation::kReadCommitted, "for-update");
  int a1 = b.Done(0, "a1", "BEGIN", {Tag("BEGIN")});
  int c1 = b.Done(2, "c1", "BEGIN", {Tag("BEGIN")});
  int b1 = b.Waits(1, "b1", "SELECT id FROM products FOR UPDATE", 0, a1);
  b.trace().steps[b1].blocked_by_clients = {0, 2};
  b.trace().steps[b1].blocked_by_steps = {a1, c1};
  b.Done(2, "c2", "COMMIT", {Tag("COMMIT")});
  int a2 = b.Done(0, "a2", "ROLLBACK", {Tag("ROLLBACK")});
  b.Released(b1, a2, {Rows({"id"}, {{"1"}, {"2"}})});
  b.Check("both_raises_kept", "10", "10", true, sample::kExplain);
  Verdict verdict = Judge(scenario, b.trace());
  EXPECT_EQ(verdict.Name(), "prevented-by-wait");
  EXPECT_EQ(verdict.summary,
            "robin's b1 waited for alex (a1), sam (c1) until alex's a2 rolled back, then read "
            "(id=1) (id=2); the check held");
}

// ROLLBACK TO SAVEPOINT answers "ROLLBACK" but does not end the transaction:
// the releasing step "ran", it did not roll back.
TEST(JudgeTest, RollbackToSavepointDoesNotRollTheTransactionBack) {
  Scenario scenario = sample::LostUpdateScenario();
  TraceBuilder b({"alex", "robin"}, Isolation::kReadCommitted, "for-update");
  b.Done(0, "a1", "BEGIN", {Tag("BEGIN")});
  int a2 = b.Done(0, "a2", kReadForUpdateSql, {Rows({"price"}, {{"10"}})});
  int b1 = b.Waits(1, "b1", kReadForUpdateSql, 0, a2);
  int a3 = b.Done(0, "a3", "ROLLBACK TO SAVEPOINT s", {Tag("ROLLBACK")});
  b.Released(b1, a3, {Rows({"price"}, {{"10"}})});
  b.Check("both_raises_kept", "10", "10", true, sample::kExplain);
  Verdict verdict = Judge(scenario, b.trace());
  EXPECT_EQ(verdict.summary,
            "robin's b1 waited for alex (a2) until a3 ran, then read price=10; the check held");
}

}  // namespace
}  // namespace interleave
