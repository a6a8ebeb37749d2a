// Tests of the trace facts and the anomaly marks on hand-built traces.
#include "sim/judge/trace_facts.h"

#include <gtest/gtest.h>

#include "sim/judge/anomaly_marks.h"
#include "tests/sample_traces.h"

namespace interleave {
namespace {

using sample::Rows;
using sample::Tag;
using sample::TraceBuilder;

TEST(TraceFactsTest, StepAsRunReadsThePlanElseTheScenario) {
  Scenario scenario = sample::LostUpdateScenario();
  Plan plan;  // the for-update variant's steps, as MakePlan applies them
  plan.scenario = &scenario;
  plan.clients = scenario.clients;
  plan.clients[0].steps[1] = scenario.variants[0].replace_steps.at("a2");
  const Step* planned = StepAsRun(scenario, &plan, "a2");
  ASSERT_NE(planned, nullptr);
  EXPECT_EQ(planned->sql, sample::kReadForUpdate);
  const Step* written = StepAsRun(scenario, nullptr, "a2");
  ASSERT_NE(written, nullptr);
  EXPECT_EQ(written->sql, sample::kRead);
  EXPECT_EQ(StepAsRun(scenario, &plan, "zz"), nullptr);
  EXPECT_EQ(StepAsRun(scenario, nullptr, "zz"), nullptr);
}

TEST(TraceFactsTest, CommittedLaterFollowsTheTransactionEnd) {
  TraceBuilder b({"alex"}, Isolation::kReadCommitted, "baseline");
  b.Done(0, "a1", "BEGIN", {Tag("BEGIN")});
  int write = b.Done(0, "a2", "UPDATE products SET price = 1", {Tag("UPDATE 1")});
  b.Done(0, "a3", "ROLLBACK TO SAVEPOINT s", {Tag("ROLLBACK")});  // goes on
  int commit = b.Done(0, "a4", "COMMIT", {Tag("COMMIT")});
  int at = -2;
  EXPECT_TRUE(CommittedLater(b.trace(), write, &at));
  EXPECT_EQ(at, commit);
  EXPECT_TRUE(IsWriteStep(b.trace().steps[write]));
  EXPECT_FALSE(IsWriteStep(b.trace().steps[commit]));

  TraceBuilder r({"alex"}, Isolation::kReadCommitted, "baseline");
  r.Done(0, "a1", "BEGIN", {Tag("BEGIN")});
  int lost = r.Done(0, "a2", "UPDATE products SET price = 1", {Tag("UPDATE 1")});
  r.Done(0, "a3", "COMMIT", {Tag("ROLLBACK")});  // the transaction had failed
  EXPECT_FALSE(CommittedLater(r.trace(), lost, &at));
  EXPECT_EQ(at, -1);
}

TEST(TraceFactsTest, LastAttemptsAndNames) {
  Trace trace = sample::RepeatableReadTrace(/*retry=*/true);
  std::map<int, int> last = LastAttempts(trace);
  EXPECT_EQ(last[0], 1);
  EXPECT_EQ(last[1], 2);
  EXPECT_EQ(ClientName(trace, 1), "robin");
  EXPECT_EQ(ClientName(trace, 5), "client 6");
  EXPECT_FALSE(ValidStep(trace, -1));
  EXPECT_FALSE(ValidStep(trace, static_cast<int>(trace.steps.size())));
}

// The last write's basis comes from its definition as it ran: with the
// scenario's b3 (`${b2.price} + 30`) it was computed from b2; with a plan
// whose b3 names no read, the mark only says what robin last read.
TEST(AnomalyMarksTest, TheWritesDefinitionComesFromThePlan) {
  Scenario scenario = sample::LostUpdateScenario();
  Trace trace = sample::BaselineTrace();
  Verdict verdict = Judge(scenario, trace);
  RowNumbers rows = NumberRows(trace, EffectiveEvents(trace));

  std::vector<AnomalyMark> written = AnomalyMarks(scenario, nullptr, trace, verdict, rows);
  ASSERT_EQ(written.size(), 1u);
  EXPECT_EQ(written[0].lead, AnomalyMark::Lead::kLastWrite);
  ASSERT_EQ(written[0].sentences.size(), 2u);
  EXPECT_EQ(written[0].sentences[0],
            "#7 b3 is robin's last committed write before the check failed.");
  EXPECT_EQ(written[0].sentences[1],
            "b3 wrote a value computed from what b2 read at #4 (price=10); after that read, "
            "alex's a3 wrote at #5 and committed at a4 #6.");

  Plan plan;
  plan.scenario = &scenario;
  plan.clients = scenario.clients;
  plan.clients[1].steps[2].sql = "UPDATE products SET price = price + 30 WHERE id = 1";
  std::vector<AnomalyMark> planned = AnomalyMarks(scenario, &plan, trace, verdict, rows);
  ASSERT_EQ(planned.size(), 1u);
  ASSERT_EQ(planned[0].sentences.size(), 2u);
  EXPECT_EQ(planned[0].sentences[1],
            "robin last read at b2 #4 (price=10); after that read, alex's a3 wrote at #5 and "
            "committed at a4 #6.");
}

}  // namespace
}  // namespace interleave
