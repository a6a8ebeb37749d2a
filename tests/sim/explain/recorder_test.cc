// Tests of the explanation recorder against the real server: each edge kind
// with its steps and values, a phantom's predicate edge, EvalPlanQual at READ
// COMMITTED, lost updates with and without a row lock, aborted transactions,
// a transaction's reads of its own writes, the read-only transaction anomaly,
// several transactions of one client, retries, and the classes of the
// Hermitage scenarios.
#include "sim/explain/recorder.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "sim/explain/anomaly_class.h"
#include "sim/explain/dependency_graph.h"
#include "sim/parse/scenario_loader.h"
#include "sim/run/run.h"
#include "tests/sim/explain/recorded_run.h"
#include "tests/test_support.h"

namespace interleave {
namespace {

using testing::EdgesOf;
using testing::EdgesText;
using testing::Recorded;
using testing::RunOne;
using testing::TxnOf;

// A scenario over table t (id 1 holds 10, id 2 holds 20) with these clients
// (TOML [[clients]] tables), one schedule and one variant at `isolation`.
Scenario Counter(const std::string& clients, const std::string& steps,
                 const std::string& isolation = "read committed",
                 const std::string& variant_extra = "") {
  const std::string text = R"toml(
title = "recorder"
anomaly = "none"
story = "t"
setup = """
CREATE TABLE t (id int PRIMARY KEY, n int NOT NULL);
INSERT INTO t VALUES (1, 10), (2, 20);
"""
)toml" + clients + "\n[[schedules]]\nname = \"s\"\nsteps = \"" +
                           steps + "\"\n\n[[variants]]\nname = \"v\"\nisolation = \"" + isolation +
                           "\"\nexpect = \"prevented\"\n" + variant_extra + "\n";
  return testing::ScenarioFromToml(text);
}

const char* kTwoIncrementers = R"toml(
[[clients]]
name = "a"
steps = [ { name = "a1", sql = "BEGIN" },
          { name = "a2", sql = "SELECT n FROM t WHERE id = 1" },
          { name = "a3", sql = "UPDATE t SET n = ${n} + 1 WHERE id = 1" },
          { name = "a4", sql = "COMMIT" } ]

[[clients]]
name = "b"
steps = [ { name = "b1", sql = "BEGIN" },
          { name = "b2", sql = "SELECT n FROM t WHERE id = 1" },
          { name = "b3", sql = "UPDATE t SET n = ${n} + 1 WHERE id = 1" },
          { name = "b4", sql = "COMMIT" } ]
)toml";

TEST(RecorderTest, WwEdgeFromOneWriterToTheNextWithTheirValues) {
  Recorded run = RunOne(Counter(R"toml(
[[clients]]
name = "a"
steps = [ { name = "a1", sql = "UPDATE t SET n = 11 WHERE id = 1" } ]
[[clients]]
name = "b"
steps = [ { name = "b1", sql = "UPDATE t SET n = 12 WHERE id = 1" } ]
)toml",
                                "a1 b1"));
  auto ww = EdgesOf(run, DependencyKind::kWw, "a", "b");
  ASSERT_EQ(ww.size(), 1u) << EdgesText(run);
  EXPECT_EQ(ww[0].from_step, "a1");
  EXPECT_EQ(ww[0].to_step, "b1");
  EXPECT_EQ(ww[0].table, "t");
  EXPECT_EQ(ww[0].row, "id=1");
  EXPECT_EQ(ww[0].from_value, "n=11");
  EXPECT_EQ(ww[0].to_value, "n=12");
  EXPECT_TRUE(EdgesOf(run, DependencyKind::kWw, "b", "a").empty());
  EXPECT_TRUE(run.explanation().serializable);
}

TEST(RecorderTest, WrEdgeFromTheWriterToTheReaderOfItsVersion) {
  Recorded run = RunOne(Counter(R"toml(
[[clients]]
name = "a"
steps = [ { name = "a1", sql = "UPDATE t SET n = 11 WHERE id = 1" } ]
[[clients]]
name = "b"
steps = [ { name = "b1", sql = "BEGIN" },
          { name = "b2", sql = "SELECT n FROM t WHERE id = 1" },
          { name = "b3", sql = "COMMIT" } ]
)toml",
                                "b1 a1 b2 b3"));
  auto wr = EdgesOf(run, DependencyKind::kWr, "a", "b");
  ASSERT_EQ(wr.size(), 1u) << EdgesText(run);
  EXPECT_EQ(wr[0].from_step, "a1");
  EXPECT_EQ(wr[0].to_step, "b2");
  EXPECT_EQ(wr[0].row, "id=1");
  EXPECT_EQ(wr[0].from_value, "n=11");
  EXPECT_EQ(wr[0].to_value, "n=11");
  EXPECT_TRUE(EdgesOf(run, DependencyKind::kRw, "b", "a").empty()) << EdgesText(run);
}

TEST(RecorderTest, RwEdgeFromTheReaderToTheWriterOfTheNextVersion) {
  Recorded run = RunOne(Counter(R"toml(
[[clients]]
name = "a"
steps = [ { name = "a1", sql = "BEGIN" },
          { name = "a2", sql = "SELECT n FROM t WHERE id = 1" },
          { name = "a3", sql = "COMMIT" } ]
[[clients]]
name = "b"
steps = [ { name = "b1", sql = "UPDATE t SET n = 11 WHERE id = 1" } ]
)toml",
                                "a1 a2 b1 a3"));
  auto rw = EdgesOf(run, DependencyKind::kRw, "a", "b");
  ASSERT_EQ(rw.size(), 1u) << EdgesText(run);
  EXPECT_EQ(rw[0].from_step, "a2");
  EXPECT_EQ(rw[0].to_step, "b1");
  EXPECT_EQ(rw[0].row, "id=1");
  EXPECT_EQ(rw[0].from_value, "n=10");
  EXPECT_EQ(rw[0].to_value, "n=11");
  EXPECT_FALSE(rw[0].predicate);
  EXPECT_TRUE(EdgesOf(run, DependencyKind::kWr, "b", "a").empty()) << EdgesText(run);
}

TEST(RecorderTest, AnInsertIntoAReadsPredicateIsAPredicateRwEdge) {
  Recorded run = RunOne(Counter(R"toml(
[[clients]]
name = "a"
steps = [ { name = "a1", sql = "BEGIN" },
          { name = "a2", sql = "SELECT count(*) FROM t WHERE n > 5" },
          { name = "a3", sql = "COMMIT" } ]
[[clients]]
name = "b"
steps = [ { name = "b1", sql = "INSERT INTO t VALUES (3, 30)" } ]
)toml",
                                "a1 a2 b1 a3", "repeatable read"));
  auto rw = EdgesOf(run, DependencyKind::kRw, "a", "b");
  ASSERT_EQ(rw.size(), 1u) << EdgesText(run);
  EXPECT_TRUE(rw[0].predicate);
  EXPECT_EQ(rw[0].row, "id=3");
  EXPECT_FALSE(rw[0].from_saw_row);
  EXPECT_EQ(rw[0].from_step, "a2");
  EXPECT_EQ(rw[0].to_step, "b1");
  EXPECT_NE(rw[0].predicate_text.find("n > 5"), std::string::npos) << rw[0].predicate_text;
}

TEST(RecorderTest, AnInsertOutsideTheReadsPredicateMakesNoEdge) {
  Recorded run = RunOne(Counter(R"toml(
[[clients]]
name = "a"
steps = [ { name = "a1", sql = "BEGIN" },
          { name = "a2", sql = "SELECT count(*) FROM t WHERE n > 5" },
          { name = "a3", sql = "COMMIT" } ]
[[clients]]
name = "b"
steps = [ { name = "b1", sql = "INSERT INTO t VALUES (3, 1)" } ]
)toml",
                                "a1 a2 b1 a3", "repeatable read"));
  EXPECT_TRUE(run.explanation().graph.edges().empty()) << EdgesText(run);
}

TEST(RecorderTest, TwoAtomicIncrementsAtReadCommittedAreSerializableByEvalPlanQual) {
  Recorded run = RunOne(Counter(R"toml(
[[clients]]
name = "a"
steps = [ { name = "a1", sql = "BEGIN" },
          { name = "a2", sql = "UPDATE t SET n = n + 1 WHERE id = 1" },
          { name = "a3", sql = "COMMIT" } ]
[[clients]]
name = "b"
steps = [ { name = "b1", sql = "BEGIN" },
          { name = "b2", sql = "UPDATE t SET n = n + 1 WHERE id = 1" },
          { name = "b3", sql = "COMMIT" } ]
)toml",
                                "a1 b1 a2 b2 a3 b3"));
  ASSERT_FALSE(run.result.verdict.waited_steps.empty()) << "b2 waits for a's row lock";
  EXPECT_TRUE(run.explanation().serializable) << EdgesText(run);
  EXPECT_EQ(EdgesOf(run, DependencyKind::kWw, "a", "b").size(), 1u) << EdgesText(run);
  auto wr = EdgesOf(run, DependencyKind::kWr, "a", "b");
  ASSERT_EQ(wr.size(), 1u) << EdgesText(run);
  EXPECT_EQ(wr[0].to_step, "b2");
  EXPECT_EQ(wr[0].to_value, "n=11");
  for (const Dependency& edge : run.explanation().graph.edges())
    EXPECT_NE(edge.kind, DependencyKind::kRw) << EdgesText(run);
}

TEST(RecorderTest, ReadComputeWriteWithoutALockIsALostUpdate) {
  Recorded run = RunOne(Counter(kTwoIncrementers, "a1 b1 a2 b2 a3 b3 a4 b4"));
  ASSERT_FALSE(run.explanation().serializable) << EdgesText(run);
  const Finding* reported = run.explanation().Reported();
  EXPECT_EQ(reported->adya, AdyaClass::kGSingle);
  EXPECT_EQ(reported->anomaly, "lost update");
  // b read 10 before a wrote 11 (rw), then overwrote it (ww).
  EXPECT_EQ(EdgesOf(run, DependencyKind::kRw, "b", "a").size(), 1u) << EdgesText(run);
  EXPECT_EQ(EdgesOf(run, DependencyKind::kWw, "a", "b").size(), 1u) << EdgesText(run);
  EXPECT_EQ(run.result.verdict.kind, Verdict::Kind::kAnomaly);
}

TEST(RecorderTest, ReadComputeWriteWithSelectForUpdateIsSerializable) {
  Recorded run = RunOne(Counter(kTwoIncrementers, "a1 b1 a2 b2 a3 a4 b3 b4", "read committed",
                                R"toml(
  [variants.replace]
  a2 = "SELECT n FROM t WHERE id = 1 FOR UPDATE"
  b2 = "SELECT n FROM t WHERE id = 1 FOR UPDATE"
)toml"));
  ASSERT_FALSE(run.result.verdict.waited_steps.empty()) << "b2 waits for a's row lock";
  EXPECT_TRUE(run.explanation().serializable) << EdgesText(run);
  // b2 waited, then locked and read a's 11 (and so did b3's UPDATE).
  auto wr = EdgesOf(run, DependencyKind::kWr, "a", "b");
  ASSERT_EQ(wr.size(), 2u) << EdgesText(run);
  EXPECT_EQ(wr[0].to_step, "b2");
  EXPECT_EQ(wr[0].to_value, "n=11");
  EXPECT_EQ(wr[1].to_step, "b3");
  EXPECT_EQ(EdgesOf(run, DependencyKind::kWw, "a", "b").size(), 1u) << EdgesText(run);
  EXPECT_TRUE(EdgesOf(run, DependencyKind::kRw, "b", "a").empty()) << EdgesText(run);
  const std::vector<int> order = run.explanation().serial_order;
  ASSERT_EQ(order.size(), 2u);
  EXPECT_EQ(TxnLabel(run.history(), order[0]), "a");
  EXPECT_EQ(TxnLabel(run.history(), order[1]), "b");
}

TEST(RecorderTest, AnAbortedTransactionLeavesNoNode) {
  Recorded run = RunOne(Counter(R"toml(
[[clients]]
name = "a"
steps = [ { name = "a1", sql = "BEGIN" },
          { name = "a2", sql = "UPDATE t SET n = 99 WHERE id = 1" },
          { name = "a3", sql = "ROLLBACK" } ]
[[clients]]
name = "b"
steps = [ { name = "b1", sql = "SELECT n FROM t WHERE id = 1" },
          { name = "b2", sql = "UPDATE t SET n = 12 WHERE id = 1" } ]
)toml",
                                "a1 a2 a3 b1 b2"));
  const int a = TxnOf(run.history(), "a");
  ASSERT_GE(a, 0);
  EXPECT_EQ(run.history().Txn(a)->outcome, TxnRecord::Outcome::kAborted);
  const auto& nodes = run.explanation().graph.nodes();
  EXPECT_EQ(std::count(nodes.begin(), nodes.end(), a), 0);
  for (const Dependency& edge : run.explanation().graph.edges()) {
    EXPECT_NE(edge.from, a) << EdgesText(run);
    EXPECT_NE(edge.to, a) << EdgesText(run);
  }
  // b's read saw the setup's version, not a's 99.
  bool read_found = false;
  for (const ReadEvent& read : run.history().reads) {
    if (read.step != "b1") continue;
    read_found = true;
    ASSERT_EQ(read.rows_seen.size(), 1u);
    EXPECT_EQ(read.rows_seen[0].version.writer_txn, -1);
    EXPECT_EQ(read.rows_seen[0].values, "n=10");
  }
  EXPECT_TRUE(read_found);
  EXPECT_TRUE(run.explanation().serializable);
}

TEST(RecorderTest, ATransactionReadingItsOwnWriteMakesNoEdge) {
  Recorded run = RunOne(Counter(R"toml(
[[clients]]
name = "a"
steps = [ { name = "a1", sql = "BEGIN" },
          { name = "a2", sql = "UPDATE t SET n = 11 WHERE id = 1" },
          { name = "a3", sql = "SELECT n FROM t WHERE id = 1" },
          { name = "a4", sql = "COMMIT" } ]
[[clients]]
name = "b"
steps = [ { name = "b1", sql = "SELECT n FROM t WHERE id = 2" } ]
)toml",
                                "a1 a2 a3 b1 a4"));
  const int a = TxnOf(run.history(), "a");
  ASSERT_GE(a, 0);
  bool read_found = false;
  for (const ReadEvent& read : run.history().reads) {
    if (read.step != "a3") continue;
    read_found = true;
    ASSERT_EQ(read.rows_seen.size(), 1u);
    EXPECT_EQ(read.rows_seen[0].version.writer_txn, a);
  }
  EXPECT_TRUE(read_found);
  EXPECT_TRUE(run.explanation().graph.edges().empty()) << EdgesText(run);
}

// The read-only transaction anomaly's cycle: report -rw-> withdrawal -rw->
// deposit -wr-> report.
void ExpectReadOnlyAnomaly(const Recorded& run) {
  ASSERT_FALSE(run.explanation().serializable) << EdgesText(run);
  const Finding* reported = run.explanation().Reported();
  EXPECT_EQ(reported->anomaly, "read-only transaction anomaly") << EdgesText(run);
  EXPECT_EQ(reported->adya, AdyaClass::kG2Item);
  const int report = TxnOf(run.history(), "report");
  bool includes_report = false;
  for (const Dependency& edge : reported->edges)
    includes_report = includes_report || edge.from == report || edge.to == report;
  EXPECT_TRUE(includes_report) << EdgesText(run);
  EXPECT_EQ(reported->edges.size(), 3u) << EdgesText(run);
  EXPECT_EQ(EdgesOf(run, DependencyKind::kRw, "withdrawal", "deposit").size(), 1u)
      << EdgesText(run);
  EXPECT_EQ(EdgesOf(run, DependencyKind::kWr, "deposit", "report").size(), 1u) << EdgesText(run);
  EXPECT_EQ(EdgesOf(run, DependencyKind::kRw, "report", "withdrawal").size(), 1u) << EdgesText(run);
}

TEST(RecorderTest, ThreeClientsShowTheReadOnlyTransactionAnomalyAtRepeatableRead) {
  ExpectReadOnlyAnomaly(
      RunOne(LoadScenario(testing::SourceDir() + "/scenarios/textbook/read_only_anomaly.toml"),
             "repeatable-read"));
}

TEST(RecorderTest, TheReadOnlyAnomalyWithoutChecksIsJudgedByTheGraph) {
  const std::string path =
      testing::SourceDir() + "/scenarios/textbook/read_only_anomaly_graph.toml";
  Recorded rr = RunOne(LoadScenario(path), "repeatable-read");
  ExpectReadOnlyAnomaly(rr);
  EXPECT_EQ(rr.result.verdict.kind, Verdict::Kind::kAnomaly);
  Recorded ser = RunOne(LoadScenario(path), "serializable");
  EXPECT_TRUE(ser.explanation().serializable) << EdgesText(ser);
  EXPECT_NE(ser.result.verdict.kind, Verdict::Kind::kAnomaly);
}

TEST(RecorderTest, AClientsSecondTransactionIsItsOwnNode) {
  Recorded run = RunOne(Counter(R"toml(
[[clients]]
name = "a"
steps = [ { name = "a1", sql = "BEGIN" },
          { name = "a2", sql = "UPDATE t SET n = 11 WHERE id = 1" },
          { name = "a3", sql = "COMMIT" },
          { name = "a4", sql = "BEGIN" },
          { name = "a5", sql = "SELECT n FROM t WHERE id = 2" },
          { name = "a6", sql = "COMMIT" } ]
[[clients]]
name = "b"
steps = [ { name = "b1", sql = "UPDATE t SET n = 21 WHERE id = 2" } ]
)toml",
                                "a1 a2 a3 b1 a4 a5 a6"));
  const int first = TxnOf(run.history(), "a#1");
  const int second = TxnOf(run.history(), "a#2");
  ASSERT_GE(first, 0);
  ASSERT_GE(second, 0);
  EXPECT_EQ(run.history().Txn(first)->steps, (std::vector<std::string>{"a1", "a2", "a3"}));
  EXPECT_EQ(run.history().Txn(second)->steps, (std::vector<std::string>{"a4", "a5", "a6"}));
  EXPECT_EQ(StepLabel(run.history(), second, "a5"), "a5#2");
  auto wr = EdgesOf(run, DependencyKind::kWr, "b", "a#2");
  ASSERT_EQ(wr.size(), 1u) << EdgesText(run);
  EXPECT_EQ(wr[0].to_value, "n=21");
  EXPECT_TRUE(EdgesOf(run, DependencyKind::kWr, "b", "a#1").empty()) << EdgesText(run);
}

TEST(RecorderTest, ARetriedAttemptIsItsOwnNodeAndTheFailedOneIsAborted) {
  Recorded run = RunOne(Counter(kTwoIncrementers, "a1 b1 a2 b2 a3 b3 a4 b4", "repeatable read",
                                R"toml(retry = { b = { on = ["40001"], max_attempts = 3 } })toml"));
  ASSERT_FALSE(run.result.verdict.retried_clients.empty());
  const TxnRecord* first = nullptr;
  const TxnRecord* second = nullptr;
  for (const TxnRecord& txn : run.history().txns) {
    if (txn.client_name != "b") continue;
    if (txn.attempt == 1) first = &txn;
    if (txn.attempt == 2) second = &txn;
  }
  ASSERT_NE(first, nullptr);
  ASSERT_NE(second, nullptr);
  EXPECT_EQ(first->outcome, TxnRecord::Outcome::kAborted);
  EXPECT_EQ(second->outcome, TxnRecord::Outcome::kCommitted);
  const auto& nodes = run.explanation().graph.nodes();
  EXPECT_EQ(std::count(nodes.begin(), nodes.end(), first->id), 0);
  EXPECT_EQ(std::count(nodes.begin(), nodes.end(), second->id), 1);
  EXPECT_TRUE(run.explanation().serializable) << EdgesText(run);
  // The retry read a's 11 and wrote 12 over it.
  const int a = TxnOf(run.history(), "a");
  bool wr_found = false;
  for (const Dependency& edge : run.explanation().graph.edges()) {
    if (edge.kind == DependencyKind::kWr && edge.from == a && edge.to == second->id) {
      wr_found = true;
      EXPECT_EQ(edge.to_value, "n=11");
    }
  }
  EXPECT_TRUE(wr_found) << EdgesText(run);
}

TEST(RecorderTest, AVersionWrittenAfterASavepointIsItsWritersOwn) {
  // The new version's xmin is the subtransaction's xid, not a's.
  Recorded run = RunOne(Counter(R"toml(
[[clients]]
name = "a"
steps = [ { name = "a1", sql = "BEGIN" },
          { name = "a2", sql = "SAVEPOINT s" },
          { name = "a3", sql = "UPDATE t SET n = 11 WHERE id = 1" },
          { name = "a4", sql = "COMMIT" } ]
[[clients]]
name = "b"
steps = [ { name = "b1", sql = "SELECT n FROM t WHERE id = 1" } ]
)toml",
                                "a1 a2 a3 a4 b1"));
  auto wr = EdgesOf(run, DependencyKind::kWr, "a", "b");
  ASSERT_EQ(wr.size(), 1u) << EdgesText(run);
  EXPECT_EQ(wr[0].from_step, "a3");
  EXPECT_EQ(wr[0].to_value, "n=11");
}

TEST(RecorderTest, OnlySqlThatMayOpenASubtransactionNeedsExactXmins) {
  EXPECT_FALSE(MayWriteInSubtransactions({"BEGIN", "UPDATE t SET n = 1", "COMMIT"}));
  EXPECT_TRUE(MayWriteInSubtransactions({"BEGIN", "savepoint s1"}));
  EXPECT_TRUE(MayWriteInSubtransactions(
      {"CREATE FUNCTION f() RETURNS void LANGUAGE plpgsql AS $$ BEGIN NULL; EXCEPTION WHEN "
       "others THEN NULL; END $$"}));
}

TEST(RecorderTest, OnConflictDoNothingReadsTheRowItFound) {
  Recorded run = RunOne(Counter(R"toml(
[[clients]]
name = "sam"
steps = [ { name = "s1", sql = "BEGIN" },
          { name = "s2", sql = "INSERT INTO t (id, n) VALUES (3, 30) ON CONFLICT (id) DO NOTHING" },
          { name = "s3", sql = "COMMIT" } ]
[[clients]]
name = "kim"
steps = [ { name = "k1", sql = "BEGIN" },
          { name = "k2", sql = "INSERT INTO t (id, n) VALUES (3, 31) ON CONFLICT (id) DO NOTHING" },
          { name = "k3", sql = "COMMIT" } ]
)toml",
                                "s1 k1 s2 k2 s3 k3"));
  ASSERT_EQ(run.result.trace.steps.at(3).step_name, "k2");
  // k2 waited for sam's insert, then found sam's row and inserted nothing:
  // it read sam's version, so kim comes after sam.
  auto wr = EdgesOf(run, DependencyKind::kWr, "sam", "kim");
  ASSERT_EQ(wr.size(), 1u) << EdgesText(run);
  EXPECT_EQ(wr[0].from_step, "s2");
  EXPECT_EQ(wr[0].to_step, "k2");
  EXPECT_EQ(wr[0].row, "id=3");
  EXPECT_TRUE(run.history().gaps.empty()) << run.history().gaps.front();
  ASSERT_TRUE(run.explanation().serializable) << EdgesText(run);
  EXPECT_FALSE(run.explanation().several_orders);
  ASSERT_EQ(run.explanation().serial_order.size(), 2u);
  EXPECT_EQ(TxnLabel(run.history(), run.explanation().serial_order[0]), "sam");
}

TEST(RecorderTest, AStaleReadTheWriteDidNotUseIsNoLostUpdate) {
  // b reads 10, a writes 11 and commits, b reads again (11) and writes 12
  // from that: b read two versions, but no update was lost.
  Recorded run = RunOne(Counter(R"toml(
[[clients]]
name = "a"
steps = [ { name = "a1", sql = "BEGIN" },
          { name = "a2", sql = "UPDATE t SET n = 11 WHERE id = 1" },
          { name = "a3", sql = "COMMIT" } ]
[[clients]]
name = "b"
steps = [ { name = "b1", sql = "BEGIN" },
          { name = "b2", sql = "SELECT n FROM t WHERE id = 1" },
          { name = "b3", sql = "SELECT n FROM t WHERE id = 1" },
          { name = "b4", sql = "UPDATE t SET n = ${b3.n} + 1 WHERE id = 1" },
          { name = "b5", sql = "COMMIT" } ]
)toml",
                                "a1 b1 b2 a2 a3 b3 b4 b5"));
  ASSERT_FALSE(run.explanation().serializable) << EdgesText(run);
  const Finding* reported = run.explanation().Reported();
  EXPECT_EQ(reported->adya, AdyaClass::kGSingle);
  EXPECT_EQ(reported->anomaly, "non-repeatable read");
  EXPECT_NE(reported->remark.find("stale read that no write used"), std::string::npos)
      << reported->remark;
  EXPECT_NE(run.result.verdict.summary.find("no update was lost"), std::string::npos)
      << run.result.verdict.summary;
}

TEST(RecorderTest, TheRwEdgeOfAnIntermediateVersionPointsAtTheCommittedOne) {
  Recorded run = RunOne(Counter(R"toml(
[[clients]]
name = "a"
steps = [ { name = "a1", sql = "BEGIN" },
          { name = "a2", sql = "UPDATE t SET n = 101 WHERE id = 1" },
          { name = "a3", sql = "UPDATE t SET n = 11 WHERE id = 1" },
          { name = "a4", sql = "COMMIT" } ]
[[clients]]
name = "b"
steps = [ { name = "b1", sql = "BEGIN" },
          { name = "b2", sql = "SELECT n FROM t WHERE id = 1" },
          { name = "b3", sql = "COMMIT" } ]
)toml",
                                "a1 b1 a2 b2 a3 a4 b3"));
  // b2 read 10; what a committed after it is 11 (a3); 101 was never visible.
  auto rw = EdgesOf(run, DependencyKind::kRw, "b", "a");
  ASSERT_EQ(rw.size(), 1u) << EdgesText(run);
  EXPECT_EQ(rw[0].from_value, "n=10");
  EXPECT_EQ(rw[0].to_step, "a3");
  EXPECT_EQ(rw[0].to_value, "n=11");
}

TEST(RecorderTest, APredicateReadDependsOnTheWriterThatTookARowOutOfIt) {
  Recorded run = RunOne(Counter(R"toml(
[[clients]]
name = "a"
steps = [ { name = "a1", sql = "UPDATE t SET n = 0 WHERE id = 1" } ]
[[clients]]
name = "b"
steps = [ { name = "b1", sql = "SELECT count(*) FROM t WHERE n > 5" } ]
)toml",
                                "a1 b1"));
  // b counted 1: it saw a's change take row 1 out of n > 5, so b follows a.
  auto wr = EdgesOf(run, DependencyKind::kWr, "a", "b");
  ASSERT_EQ(wr.size(), 1u) << EdgesText(run);
  EXPECT_TRUE(wr[0].predicate);
  EXPECT_EQ(wr[0].row, "id=1");
  EXPECT_EQ(wr[0].from_step, "a1");
  EXPECT_EQ(wr[0].to_step, "b1");
  EXPECT_FALSE(run.explanation().several_orders);
}

TEST(RecorderTest, ADeferrableReadIsRecordedInTheSnapshotItWaitedFor) {
  Recorded run = RunOne(Counter(R"toml(
[[clients]]
name = "a"
steps = [ { name = "a1", sql = "BEGIN" },
          { name = "a2", sql = "SELECT n FROM t WHERE id = 2" },
          { name = "a3", sql = "UPDATE t SET n = 11 WHERE id = 1" },
          { name = "a4", sql = "COMMIT" } ]
[[clients]]
name = "r"
steps = [ { name = "r1", sql = "BEGIN ISOLATION LEVEL SERIALIZABLE READ ONLY DEFERRABLE" },
          { name = "r2", sql = "SELECT n FROM t WHERE id = 1" },
          { name = "r3", sql = "COMMIT" } ]
)toml",
                                "a1 a2 a3 r1 r2 a4 r3", "serializable"));
  const StepTrace& r2 = run.result.trace.steps.at(4);
  ASSERT_EQ(r2.step_name, "r2");
  ASSERT_EQ(r2.wait_kind, kSafeSnapshotWait);
  // r2's snapshot came after a committed: it read a's 11.
  auto wr = EdgesOf(run, DependencyKind::kWr, "a", "r");
  ASSERT_EQ(wr.size(), 1u) << EdgesText(run);
  EXPECT_EQ(wr[0].to_step, "r2");
  EXPECT_EQ(wr[0].to_value, "n=11");
}

TEST(RecorderTest, HermitageScenariosHaveTheirClasses) {
  // file -> variant -> "adya textbook name" (empty: serializable).
  const std::map<std::string, std::map<std::string, std::string>> expected = {
      {"g1b_intermediate_reads", {{"read-committed", "G-single non-repeatable read"}}},
      {"g1c_circular_information_flow",
       {{"read-committed", "G2-item write skew"}, {"repeatable-read", "G2-item write skew"}}},
      {"g2_anti_dependency_cycles",
       {{"read-committed", "G2 phantom"}, {"repeatable-read", "G2 phantom"}}},
      {"g2_item_write_skew",
       {{"read-committed", "G2-item write skew"}, {"repeatable-read", "G2-item write skew"}}},
      {"g_single_read_skew", {{"read-committed", "G-single read skew"}}},
      {"otv_observed_transaction_vanishes", {{"read-committed", "G-single non-repeatable read"}}},
      {"p4_lost_update", {{"read-committed", "G-single lost update"}}},
      {"pmp_predicate_many_preceders", {{"read-committed", "G-single phantom"}}},
      {"pmp_write_predicate_many_preceders", {{"read-committed", "G-single phantom"}}},
  };
  const std::vector<std::string> files = {"g0_write_cycles",
                                          "g1a_aborted_reads",
                                          "g1b_intermediate_reads",
                                          "g1c_circular_information_flow",
                                          "g2_anti_dependency_cycles",
                                          "g2_item_write_skew",
                                          "g_single_read_skew",
                                          "otv_observed_transaction_vanishes",
                                          "p4_lost_update",
                                          "pmp_predicate_many_preceders",
                                          "pmp_write_predicate_many_preceders"};
  int variants = 0;
  for (const std::string& file : files) {
    Scenario scenario =
        LoadScenario(testing::SourceDir() + "/scenarios/hermitage/" + file + ".toml");
    RunOptions options;
    options.capture_state = false;
    for (const VariantResult& result : RunScenario(scenario, testing::SharedTarget(), options)) {
      ++variants;
      ASSERT_TRUE(result.verdict.explanation.has_value()) << file << " " << result.variant;
      const Finding* reported = result.verdict.explanation->Reported();
      const std::string got =
          reported ? std::string(AdyaClassName(reported->adya)) + " " + reported->anomaly : "";
      std::string want;
      auto in_file = expected.find(file);
      if (in_file != expected.end()) {
        auto in_variant = in_file->second.find(result.variant);
        if (in_variant != in_file->second.end()) want = in_variant->second;
      }
      EXPECT_EQ(got, want) << file << " " << result.variant;
    }
  }
  EXPECT_EQ(variants, 33);
}

}  // namespace
}  // namespace interleave
