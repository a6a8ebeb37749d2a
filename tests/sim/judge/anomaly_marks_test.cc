// Tests of AnomalyMarks on hand-built traces and histories: a recorded run is
// marked by its dependency graph (the write that made the cycle's read stale,
// the read of an aborted version), a retried client's step is found by its
// attempt, a serializable run with a failed check is marked at the stale
// write and says the rule spans transactions, and an unrecorded run keeps the
// check's marks.
#include "sim/judge/anomaly_marks.h"

#include <gtest/gtest.h>

#include "sim/judge/trace_facts.h"
#include "tests/sim/judge/recorded_sample.h"

namespace interleave {
namespace {

using explain_test::HistoryBuilder;
using sample::Rows;
using sample::Tag;
using Outcome = TxnRecord::Outcome;
using Lines = std::vector<std::string>;

std::vector<AnomalyMark> Marks(const Scenario& scenario, const Trace& trace,
                               const Verdict& verdict) {
  RowNumbers rows = NumberRows(trace, EffectiveEvents(trace));
  return AnomalyMarks(scenario, nullptr, trace, verdict, rows);
}

// An anomaly verdict carrying `trace`'s explanation, whatever the checks say.
Verdict AnomalyVerdict(const Trace& trace) {
  Verdict verdict;
  verdict.kind = Verdict::Kind::kAnomaly;
  verdict.explanation = Explain(trace.history);
  return verdict;
}

TEST(AnomalyMarksTest, CycleIsMarkedAtTheWriteThatMadeTheReadStale) {
  Scenario scenario = sample::LostUpdateScenario();
  Trace trace = sample::RecordedBaselineTrace();
  Verdict verdict = Judge(scenario, trace);
  ASSERT_EQ(verdict.kind, Verdict::Kind::kAnomaly);
  std::vector<AnomalyMark> marks = Marks(scenario, trace, verdict);
  ASSERT_EQ(marks.size(), 1u);
  // a3 (trace step 4, row #5) is the rw edge b2 -rw-> a3's write.
  EXPECT_EQ(marks[0].step, 4);
  EXPECT_EQ(trace.steps[marks[0].step].step_name, "a3");
  EXPECT_EQ(marks[0].lead, AnomalyMark::Lead::kGraph);
  EXPECT_EQ(marks[0].headline, "lost update (G-single)");
  EXPECT_EQ(marks[0].sentences,
            (Lines{"robin's b2 (#4) read products id=1 (price=10); alex's a3 (#5) then replaced "
                   "it (price=30), so what robin read at b2 is now out of date.",
                   "robin's b3 (#7) overwrote products id=1 (price=40) after alex's a3 (#5) wrote "
                   "it (price=30); so robin must come before alex and alex before robin: no "
                   "serial order gives this run."}));
}

TEST(AnomalyMarksTest, ARetriedClientsStepIsFoundByItsAttempt) {
  Scenario scenario = sample::LostUpdateScenario();
  // robin's b3 runs twice: trace step 6 (attempt 1, fails) and 10 (attempt 2).
  Trace trace = sample::RepeatableReadTrace(/*retry=*/true);
  ASSERT_EQ(trace.steps[6].step_name, "b3");
  ASSERT_EQ(trace.steps[10].step_name, "b3");
  ASSERT_EQ(trace.steps[10].attempt, 2);
  HistoryBuilder b;
  VersionId x0 = b.Initial("products", "id=1", "price=10");
  int alex = b.Txn("alex");
  b.Txn("robin", Outcome::kAborted);
  int retry = b.Txn("robin");
  b.Read(alex, "a2", "products", {{"id=1", x0, "price=10"}});
  b.Write(retry, "b3", "products", "id=1", "price=40");
  b.Write(alex, "a3", "products", "id=1", "price=30");
  trace.explained = true;
  trace.history = b.Build();
  std::vector<AnomalyMark> marks = Marks(scenario, trace, AnomalyVerdict(trace));
  ASSERT_EQ(marks.size(), 1u);
  EXPECT_EQ(marks[0].step, 10);
  EXPECT_EQ(marks[0].headline, "lost update (G-single)");
  ASSERT_FALSE(marks[0].sentences.empty());
  EXPECT_EQ(marks[0].sentences[0],
            "alex's a2 (#3) read products id=1 (price=10); robin's b3 (#11) then replaced it "
            "(price=40), so what alex read at a2 is now out of date.");
}

TEST(AnomalyMarksTest, AWriteNotYetCommittedAtTheReadMakesItStaleAtItsCommit) {
  Scenario scenario = sample::LostUpdateScenario();
  sample::TraceBuilder t({"alex", "robin"}, Isolation::kReadCommitted, "baseline");
  t.Done(0, "a1", "BEGIN", {Tag("BEGIN")});
  t.Done(1, "b1", "BEGIN", {Tag("BEGIN")});
  t.Done(0, "a3", "UPDATE products SET price = 30 WHERE id = 1", {Tag("UPDATE 1")});
  t.Done(1, "b2", sample::kRead, {Rows({"price"}, {{"10"}})});
  int commit = t.Done(0, "a4", "COMMIT", {Tag("COMMIT")});
  t.Done(1, "b3", "UPDATE products SET price = 40 WHERE id = 1", {Tag("UPDATE 1")});
  t.Done(1, "b4", "COMMIT", {Tag("COMMIT")});
  Trace trace = t.trace();
  HistoryBuilder b;
  VersionId x0 = b.Initial("products", "id=1", "price=10");
  int alex = b.Txn("alex");
  int robin = b.Txn("robin");
  b.Write(alex, "a3", "products", "id=1", "price=30");
  b.Read(robin, "b2", "products", {{"id=1", x0, "price=10"}});
  b.Write(robin, "b3", "products", "id=1", "price=40");
  trace.explained = true;
  trace.history = b.Build();
  std::vector<AnomalyMark> marks = Marks(scenario, trace, AnomalyVerdict(trace));
  ASSERT_EQ(marks.size(), 1u);
  EXPECT_EQ(marks[0].step, commit);
  ASSERT_FALSE(marks[0].sentences.empty());
  EXPECT_EQ(marks[0].sentences[0],
            "robin's b2 (#4) read products id=1 (price=10); alex's a3 (#3) had replaced it "
            "(price=30) but committed only at a4 (#5), so what robin read at b2 is now out of "
            "date.");
}

TEST(AnomalyMarksTest, AbortedReadIsMarkedOnTheRead) {
  Scenario scenario = sample::LostUpdateScenario();
  sample::TraceBuilder t({"alex", "robin"}, Isolation::kReadUncommitted, "dirty");
  t.Done(0, "a1", "BEGIN", {Tag("BEGIN")});
  t.Done(0, "a3", "UPDATE products SET price = 99 WHERE id = 1", {Tag("UPDATE 1")});
  int read = t.Done(1, "b2", sample::kRead, {Rows({"price"}, {{"99"}})});
  t.Done(0, "a4", "ROLLBACK", {Tag("ROLLBACK")});
  Trace trace = t.trace();
  HistoryBuilder b;
  b.Initial("products", "id=1", "price=10");
  int alex = b.Txn("alex", Outcome::kAborted);
  int robin = b.Txn("robin");
  VersionId dirty = b.Write(alex, "a3", "products", "id=1", "price=99");
  b.Read(robin, "b2", "products", {{"id=1", dirty, "price=99"}});
  trace.explained = true;
  trace.history = b.Build();
  std::vector<AnomalyMark> marks = Marks(scenario, trace, AnomalyVerdict(trace));
  ASSERT_EQ(marks.size(), 1u);
  EXPECT_EQ(marks[0].step, read);
  EXPECT_EQ(marks[0].headline, "aborted read (G1a)");
  EXPECT_EQ(marks[0].sentences,
            (Lines{"robin's b2 (#3) read products id=1 (price=99) as alex's a3 (#2) wrote it; "
                   "alex then aborted, so robin used a value that was never committed."}));
}

TEST(AnomalyMarksTest, SerializableRunWithAFailedCheckSaysTheRuleSpansTransactions) {
  Scenario scenario = sample::LostUpdateScenario();
  Trace trace = sample::BaselineTrace();
  // robin's b3 wrote another row: robin read before alex wrote, nothing more.
  HistoryBuilder b;
  VersionId x0 = b.Initial("products", "id=1", "price=10");
  int alex = b.Txn("alex");
  int robin = b.Txn("robin");
  b.Read(robin, "b2", "products", {{"id=1", x0, "price=10"}});
  b.Write(alex, "a3", "products", "id=1", "price=30");
  b.Write(robin, "b3", "products", "id=2", "price=40");
  trace.explained = true;
  trace.history = b.Build();
  Verdict verdict = Judge(scenario, trace);
  ASSERT_EQ(verdict.kind, Verdict::Kind::kAnomaly);
  ASSERT_TRUE(verdict.explanation && verdict.explanation->serializable);
  std::vector<AnomalyMark> marks = Marks(scenario, trace, verdict);
  ASSERT_EQ(marks.size(), 1u);
  EXPECT_EQ(marks[0].step, 4);  // a3
  EXPECT_EQ(marks[0].headline, "lost update (P4)");
  EXPECT_EQ(marks[0].sentences,
            (Lines{"robin's b2 (#4) read products id=1 (price=10); alex's a3 (#5) then replaced "
                   "it (price=30), so what robin read at b2 is now out of date.",
                   "Yet the transactions are serializable (equivalent to robin then alex): check "
                   "both_raises_kept states a rule that spans transactions, which no isolation "
                   "level protects."}));
}

TEST(AnomalyMarksTest, UnrecordedRunKeepsTheChecksMark) {
  Scenario scenario = sample::LostUpdateScenario();
  Trace trace = sample::BaselineTrace();
  ASSERT_FALSE(trace.explained);
  std::vector<AnomalyMark> marks = Marks(scenario, trace, Judge(scenario, trace));
  ASSERT_EQ(marks.size(), 1u);
  EXPECT_EQ(marks[0].step, 6);  // b3, the last committed write
  EXPECT_EQ(marks[0].lead, AnomalyMark::Lead::kLastWrite);
  EXPECT_EQ(marks[0].headline, "lost update (P4)");
}

}  // namespace
}  // namespace interleave
