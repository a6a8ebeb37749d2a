// The GUI's wording of results, waits, snapshots and verdicts.
#include "gui/trace_words.h"

#include <gtest/gtest.h>

#include "tests/sample_traces.h"

namespace interleave::gui {
namespace {

TEST(TraceWordsTest, ResultsReadLikeTheTextTimeline) {
  Trace trace = sample::BaselineTrace();
  bool plain_ok = false;
  EXPECT_EQ(ResultText(trace.steps[0], &plain_ok), "");  // BEGIN echoes itself
  EXPECT_TRUE(plain_ok);
  EXPECT_EQ(ResultText(trace.steps[2], &plain_ok), "price=10");
  EXPECT_FALSE(plain_ok);
  EXPECT_EQ(ResultText(trace.steps[4], &plain_ok), "UPDATE 1");
  std::string full = FullResultText(trace.steps[2]);
  EXPECT_EQ(full, "SELECT 1\n  price\n  10");
}

TEST(TraceWordsTest, WaitsNameWhomAndWhatReleasedThem) {
  Trace trace = sample::ForUpdateTrace();
  const StepTrace& waited = trace.steps[3];
  EXPECT_EQ(BlockersText(trace, waited), "alex (a2)");
  EXPECT_EQ(ReleasedText(trace, waited), " (released by a4)");
  EXPECT_EQ(ReleasesText(trace, trace.steps[5]), "releases robin's b2");
  EXPECT_EQ(ReleasesText(trace, trace.steps[4]), "");
}

TEST(TraceWordsTest, TransactionEndsAndLevels) {
  Trace rr = sample::RepeatableReadTrace(false);
  EXPECT_EQ(TransactionEndOf(rr.steps[5]), TransactionEnd::kCommitted);
  EXPECT_EQ(TransactionEndOf(rr.steps[6]), TransactionEnd::kAborted);     // 40001
  EXPECT_EQ(TransactionEndOf(rr.steps[7]), TransactionEnd::kRolledBack);  // COMMIT said ROLLBACK
  EXPECT_EQ(TransactionEndOf(rr.steps[2]), TransactionEnd::kNone);
  StepTrace savepoint = rr.steps[7];
  savepoint.sql = "ROLLBACK TO f;";
  EXPECT_EQ(TransactionEndOf(savepoint), TransactionEnd::kNone);  // the transaction goes on
  Scenario scenario = sample::LostUpdateScenario();
  EXPECT_EQ(LevelText(ClientLevel(scenario, rr, 1)), "REPEATABLE READ");
  EXPECT_EQ(LevelText(Isolation::kDefault), "READ COMMITTED (default)");
  // At REPEATABLE READ the snapshot is taken by the first SELECT, not BEGIN.
  std::set<int> snapshots = SnapshotSteps(scenario, rr);
  EXPECT_EQ(snapshots, (std::set<int>{2, 3}));
}

TEST(TraceWordsTest, VerdictBannersSayWhatHappenedInWords) {
  Scenario scenario = sample::LostUpdateScenario();
  Trace baseline = sample::BaselineTrace();
  VerdictWords bad = DescribeVerdict(scenario, baseline, Judge(scenario, baseline));
  EXPECT_EQ(bad.tone, VerdictTone::kBad);
  EXPECT_EQ(bad.headline, "ANOMALY: lost update (P4)");
  EXPECT_EQ(bad.numbers, "any serial order gives 60; got 40");
  EXPECT_EQ(bad.summary.rfind("Robin's update overwrote alex's", 0), 0u) << bad.summary;

  Trace waited = sample::ForUpdateTrace();
  VerdictWords good = DescribeVerdict(scenario, waited, Judge(scenario, waited));
  EXPECT_EQ(good.tone, VerdictTone::kGood);
  EXPECT_EQ(good.headline, "PREVENTED: a client waited");
  EXPECT_EQ(good.numbers, "any serial order gives 60; got 60");

  Trace retried = sample::RepeatableReadTrace(true);
  EXPECT_EQ(DescribeVerdict(scenario, retried, Judge(scenario, retried)).headline,
            "PREVENTED: aborted and retried");
  Trace lost = sample::RepeatableReadTrace(false);
  VerdictWords aborted = DescribeVerdict(scenario, lost, Judge(scenario, lost));
  EXPECT_EQ(aborted.tone, VerdictTone::kBad);
  EXPECT_EQ(aborted.headline, "ABORTED, NOT RETRIED: work lost");

  VerdictWords pending = DescribePending(scenario);
  EXPECT_EQ(pending.tone, VerdictTone::kNeutral);
  EXPECT_EQ(pending.numbers, "any serial order gives 60 (both_raises_kept)");
}

TEST(TraceWordsTest, AbortedWithoutRetryIsMarkedAtTheAbortedStep) {
  Scenario scenario = sample::LostUpdateScenario();
  Trace lost = sample::RepeatableReadTrace(false);
  Verdict verdict = Judge(scenario, lost);
  RowNumbers rows = NumberRows(lost, EffectiveEvents(lost));
  std::vector<AnomalyMark> marks = AnomalyMarks(scenario, nullptr, lost, verdict, rows);
  ASSERT_EQ(marks.size(), 1u);
  EXPECT_EQ(marks[0].step, 6);
  EXPECT_EQ(marks[0].sentences.at(0),
            "robin was aborted here (40001) and not retried: its transaction's changes are lost.");
}

}  // namespace
}  // namespace interleave::gui
