// Tests of Explain: cycles, Adya's classes, textbook names and serial orders,
// on hand-built histories of the textbook anomalies.
#include "sim/explain/anomaly_class.h"

#include <gtest/gtest.h>

#include "tests/sim/explain/history_builder.h"

namespace interleave {
namespace {

using explain_test::HistoryBuilder;
using Outcome = TxnRecord::Outcome;

// The peepcoin lost update: both devices read 100, the phone writes 70, the
// laptop writes 60 over it.
History LostUpdate() {
  HistoryBuilder b;
  VersionId x0 = b.Initial("users", "id=1", "peepcoins=100");
  int phone = b.Txn("phone");
  int laptop = b.Txn("laptop");
  b.Read(phone, "p2", "users", {{"id=1", x0, "peepcoins=100"}});
  b.Read(laptop, "l2", "users", {{"id=1", x0, "peepcoins=100"}});
  b.Write(phone, "p3", "users", "id=1", "peepcoins=70");
  b.Write(laptop, "l3", "users", "id=1", "peepcoins=60");
  return b.Build();
}

// Each edge as (kind, (from, to)).
using EdgeShapes = std::vector<std::pair<DependencyKind, std::pair<int, int>>>;

EdgeShapes Shape(const std::vector<Dependency>& edges) {
  EdgeShapes shape;
  for (const Dependency& edge : edges) shape.push_back({edge.kind, {edge.from, edge.to}});
  return shape;
}

constexpr DependencyKind kWw = DependencyKind::kWw;
constexpr DependencyKind kWr = DependencyKind::kWr;
constexpr DependencyKind kRw = DependencyKind::kRw;

TEST(AnomalyClassTest, LostUpdateIsGSingleReadOverwritten) {
  Explanation explanation = Explain(LostUpdate());
  ASSERT_NE(explanation.Reported(), nullptr);
  const Finding& finding = *explanation.Reported();
  EXPECT_EQ(finding.adya, AdyaClass::kGSingle);
  EXPECT_EQ(finding.anomaly, "lost update");
  // laptop (2) -rw-> phone (1) -ww-> laptop, starting at the rw edge.
  EXPECT_EQ(Shape(finding.edges), (EdgeShapes{{kRw, {2, 1}}, {kWw, {1, 2}}}));
  EXPECT_EQ(finding.edges[0].from_step, "l2");
  EXPECT_EQ(finding.edges[0].to_step, "p3");
  EXPECT_EQ(finding.edges[1].to_step, "l3");
  EXPECT_FALSE(explanation.serializable);
  EXPECT_TRUE(explanation.serial_order.empty());
}

TEST(AnomalyClassTest, ReadSkewIsGSingleOverTwoRows) {
  // The reader sees x before the transfer and y after it.
  HistoryBuilder b;
  VersionId x0 = b.Initial("accounts", "id=1", "balance=50");
  b.Initial("accounts", "id=2", "balance=50");
  int reader = b.Txn("auditor");
  int transfer = b.Txn("transfer");
  b.Read(reader, "a1", "accounts", {{"id=1", x0, "balance=50"}});
  b.Write(transfer, "t1", "accounts", "id=1", "balance=10");
  VersionId y1 = b.Write(transfer, "t2", "accounts", "id=2", "balance=90");
  b.Read(reader, "a2", "accounts", {{"id=2", y1, "balance=90"}});
  Explanation explanation = Explain(b.Build());
  ASSERT_NE(explanation.Reported(), nullptr);
  EXPECT_EQ(explanation.Reported()->adya, AdyaClass::kGSingle);
  EXPECT_EQ(explanation.Reported()->anomaly, "read skew");
  EXPECT_EQ(Shape(explanation.Reported()->edges),
            (EdgeShapes{{kRw, {reader, transfer}}, {kWr, {transfer, reader}}}));
}

TEST(AnomalyClassTest, WriteSkewIsG2ItemWithTwoRwEdgesOnTwoRows) {
  // Both doctors see two on call; each takes only themself off.
  HistoryBuilder b;
  VersionId a0 = b.Initial("doctors", "name=alice", "on_call=true");
  VersionId b0 = b.Initial("doctors", "name=bob", "on_call=true");
  int alice = b.Txn("alice");
  int bob = b.Txn("bob");
  std::vector<SeenRow> both = {{"name=alice", a0, "on_call=true"},
                               {"name=bob", b0, "on_call=true"}};
  b.Read(alice, "a1", "doctors", both);
  b.Read(bob, "b1", "doctors", both);
  b.Write(alice, "a2", "doctors", "name=alice", "on_call=false");
  b.Write(bob, "b2", "doctors", "name=bob", "on_call=false");
  Explanation explanation = Explain(b.Build());
  ASSERT_NE(explanation.Reported(), nullptr);
  EXPECT_EQ(explanation.Reported()->adya, AdyaClass::kG2Item);
  EXPECT_EQ(explanation.Reported()->anomaly, "write skew");
  EXPECT_EQ(Shape(explanation.Reported()->edges),
            (EdgeShapes{{kRw, {alice, bob}}, {kRw, {bob, alice}}}));
  EXPECT_NE(explanation.Reported()->edges[0].row, explanation.Reported()->edges[1].row);
}

TEST(AnomalyClassTest, NonRepeatableReadIsGSingleOnOneRowReadTwice) {
  HistoryBuilder b;
  VersionId x0 = b.Initial("t", "id=1", "n=1");
  int reader = b.Txn("reader");
  int writer = b.Txn("writer");
  b.Read(reader, "r1", "t", {{"id=1", x0, "n=1"}});
  VersionId x1 = b.Write(writer, "w1", "t", "id=1", "n=2");
  b.Read(reader, "r2", "t", {{"id=1", x1, "n=2"}});
  Explanation explanation = Explain(b.Build());
  ASSERT_NE(explanation.Reported(), nullptr);
  EXPECT_EQ(explanation.Reported()->adya, AdyaClass::kGSingle);
  EXPECT_EQ(explanation.Reported()->anomaly, "non-repeatable read");
  EXPECT_EQ(Shape(explanation.Reported()->edges),
            (EdgeShapes{{kRw, {reader, writer}}, {kWr, {writer, reader}}}));
}

TEST(AnomalyClassTest, PhantomIsAPredicateRwEdgeInTheCycle) {
  // The count misses the new row, the second count sees it.
  HistoryBuilder b;
  VersionId e0 = b.Initial("staff", "id=1", "dept=1");
  int counter = b.Txn("report");
  int hire = b.Txn("hire");
  b.PredicateRead(counter, "r1", "staff", "dept = 1", {{"id=1", e0, "dept=1"}},
                  {{"id=2", std::nullopt, true}});
  VersionId n1 = b.Write(hire, "h1", "staff", "id=2", "dept=1");
  b.PredicateRead(counter, "r2", "staff", "dept = 1",
                  {{"id=1", e0, "dept=1"}, {"id=2", n1, "dept=1"}}, {});
  Explanation explanation = Explain(b.Build());
  ASSERT_NE(explanation.Reported(), nullptr);
  EXPECT_EQ(explanation.Reported()->adya, AdyaClass::kGSingle);
  EXPECT_EQ(explanation.Reported()->anomaly, "phantom");
  ASSERT_EQ(explanation.Reported()->edges.size(), 2u);
  EXPECT_TRUE(explanation.Reported()->edges[0].predicate);
  EXPECT_EQ(explanation.Reported()->edges[0].from_step, "r1");
}

TEST(AnomalyClassTest, TwoInsertsEachMissedByTheOthersPredicateAreG2) {
  HistoryBuilder b;
  int t1 = b.Txn("a");
  int t2 = b.Txn("b");
  b.PredicateRead(t1, "a1", "shifts", "day = 1", {}, {{"id=2", std::nullopt, true}});
  b.PredicateRead(t2, "b1", "shifts", "day = 1", {}, {{"id=1", std::nullopt, true}});
  b.Write(t1, "a2", "shifts", "id=1", "day=1");
  b.Write(t2, "b2", "shifts", "id=2", "day=1");
  Explanation explanation = Explain(b.Build());
  ASSERT_NE(explanation.Reported(), nullptr);
  EXPECT_EQ(explanation.Reported()->adya, AdyaClass::kG2);
  EXPECT_EQ(explanation.Reported()->anomaly, "phantom");
}

// Fekete, O'Neil and O'Neil's read-only anomaly: the withdrawal reads both
// accounts before the deposit; the report sees the deposit but not the
// withdrawal; without the report the run is serializable.
History ReadOnlyAnomaly(bool with_report, int* report_id) {
  HistoryBuilder b;
  VersionId x0 = b.Initial("accounts", "name=checking", "balance=0");
  VersionId y0 = b.Initial("accounts", "name=savings", "balance=0");
  int withdraw = b.Txn("withdraw");
  int deposit = b.Txn("deposit");
  int report = with_report ? b.Txn("report") : -1;
  *report_id = report;
  b.Read(withdraw, "w1", "accounts",
         {{"name=checking", x0, "balance=0"}, {"name=savings", y0, "balance=0"}});
  b.Read(deposit, "d1", "accounts", {{"name=savings", y0, "balance=0"}});
  VersionId y1 = b.Write(deposit, "d2", "accounts", "name=savings", "balance=20");
  if (with_report)
    b.Read(report, "r1", "accounts",
           {{"name=checking", x0, "balance=0"}, {"name=savings", y1, "balance=20"}});
  b.Write(withdraw, "w2", "accounts", "name=checking", "balance=-11");
  if (with_report)
    b.CommitOrder({deposit, report, withdraw});
  else
    b.CommitOrder({deposit, withdraw});
  return b.Build();
}

TEST(AnomalyClassTest, ReadOnlyTransactionAnomalyCycleIncludesTheReader) {
  int report = 0;
  Explanation explanation = Explain(ReadOnlyAnomaly(true, &report));
  ASSERT_NE(explanation.Reported(), nullptr);
  const Finding& finding = *explanation.Reported();
  EXPECT_EQ(finding.adya, AdyaClass::kG2Item);
  EXPECT_EQ(finding.anomaly, "read-only transaction anomaly");
  ASSERT_EQ(finding.edges.size(), 3u);
  bool through_report = false;
  for (const Dependency& edge : finding.edges) through_report |= edge.from == report;
  EXPECT_TRUE(through_report);
  for (size_t i = 0; i < finding.edges.size(); ++i)
    EXPECT_EQ(finding.edges[i].to, finding.edges[(i + 1) % finding.edges.size()].from);

  Explanation without = Explain(ReadOnlyAnomaly(false, &report));
  EXPECT_TRUE(without.serializable);
  EXPECT_EQ(without.serial_order, (std::vector<int>{1, 2}));  // withdraw then deposit
}

TEST(AnomalyClassTest, WriteCycleIsG0DirtyWrite) {
  HistoryBuilder b;
  int t1 = b.Txn("a");
  int t2 = b.Txn("b");
  b.Write(t1, "a1", "t", "id=1", "n=1");
  b.Write(t2, "b1", "t", "id=1", "n=2");
  b.Write(t2, "b2", "t", "id=2", "n=2");
  b.Write(t1, "a2", "t", "id=2", "n=1");
  Explanation explanation = Explain(b.Build());
  ASSERT_NE(explanation.Reported(), nullptr);
  EXPECT_EQ(explanation.Reported()->adya, AdyaClass::kG0);
  EXPECT_EQ(explanation.Reported()->anomaly, "dirty write");
  EXPECT_EQ(Shape(explanation.Reported()->edges), (EdgeShapes{{kWw, {t1, t2}}, {kWw, {t2, t1}}}));
}

TEST(AnomalyClassTest, ReadOfAnAbortedVersionIsG1aWithoutANode) {
  HistoryBuilder b;
  b.Initial("t", "id=1", "n=0");
  int aborted = b.Txn("a", Outcome::kAborted);
  int reader = b.Txn("b");
  VersionId dirty = b.Write(aborted, "a1", "t", "id=1", "n=9");
  b.Read(reader, "b1", "t", {{"id=1", dirty, "n=9"}});
  Explanation explanation = Explain(b.Build());
  EXPECT_EQ(explanation.graph.nodes(), (std::vector<int>{reader}));
  EXPECT_TRUE(explanation.graph.edges().empty());
  ASSERT_NE(explanation.Reported(), nullptr);
  EXPECT_EQ(explanation.Reported()->adya, AdyaClass::kG1a);
  EXPECT_EQ(explanation.Reported()->anomaly, "aborted read");
  EXPECT_FALSE(explanation.Reported()->IsCycle());
  EXPECT_EQ(explanation.Reported()->edges[0].from, aborted);
  EXPECT_FALSE(explanation.serializable);
}

TEST(AnomalyClassTest, ReadOfANonFinalVersionIsG1b) {
  HistoryBuilder b;
  int writer = b.Txn("w");
  int reader = b.Txn("r");
  VersionId first = b.Write(writer, "w1", "t", "id=1", "n=1");
  b.Read(reader, "r1", "t", {{"id=1", first, "n=1"}});
  b.Write(writer, "w2", "t", "id=1", "n=2");
  Explanation explanation = Explain(b.Build());
  ASSERT_NE(explanation.Reported(), nullptr);
  EXPECT_EQ(explanation.Reported()->adya, AdyaClass::kG1b);
  EXPECT_EQ(explanation.Reported()->anomaly, "intermediate read");
  EXPECT_EQ(explanation.graph.edges().size(), 1u);  // the wr edge, no cycle
}

TEST(AnomalyClassTest, MostSevereFindingIsReportedFirst) {
  HistoryBuilder b;
  VersionId x0 = b.Initial("users", "id=1", "peepcoins=100");
  int phone = b.Txn("phone");
  int laptop = b.Txn("laptop");
  int aborted = b.Txn("tablet", Outcome::kAborted);
  int reader = b.Txn("watch");
  b.Read(phone, "p2", "users", {{"id=1", x0, "peepcoins=100"}});
  b.Read(laptop, "l2", "users", {{"id=1", x0, "peepcoins=100"}});
  b.Write(phone, "p3", "users", "id=1", "peepcoins=70");
  b.Write(laptop, "l3", "users", "id=1", "peepcoins=60");
  VersionId dirty = b.Write(aborted, "t1", "other", "id=1", "n=1");
  b.Read(reader, "w1", "other", {{"id=1", dirty, "n=1"}});
  Explanation explanation = Explain(b.Build());
  ASSERT_EQ(explanation.findings.size(), 2u);
  EXPECT_EQ(explanation.findings[0].adya, AdyaClass::kG1a);
  EXPECT_EQ(explanation.findings[1].adya, AdyaClass::kGSingle);
  EXPECT_EQ(explanation.Reported(), &explanation.findings[0]);
}

TEST(AnomalyClassTest, IncrementsSerializedByALockWaitAreSerializable) {
  // Two `SET n = n + 1`: the second waits for the first's row lock, then
  // reads and overwrites the first's committed version.
  HistoryBuilder b;
  VersionId x0 = b.Initial("counters", "id=1", "n=42");
  int first = b.Txn("a");
  int second = b.Txn("b");
  b.Read(first, "a1", "counters", {{"id=1", x0, "n=42"}});
  VersionId x1 = b.Write(first, "a1", "counters", "id=1", "n=43");
  b.Read(second, "b1", "counters", {{"id=1", x1, "n=43"}});
  b.Write(second, "b1", "counters", "id=1", "n=44");
  Explanation explanation = Explain(b.Build());
  EXPECT_EQ(Shape(explanation.graph.edges()),
            (EdgeShapes{{kWw, {first, second}}, {kWr, {first, second}}}));
  EXPECT_TRUE(explanation.serializable);
  EXPECT_TRUE(explanation.findings.empty());
  EXPECT_EQ(explanation.serial_order, (std::vector<int>{first, second}));
  EXPECT_FALSE(explanation.several_orders);
}

TEST(AnomalyClassTest, SerialOrderTiesAreBrokenByCommitOrder) {
  HistoryBuilder b;
  int t1 = b.Txn("a");
  int t2 = b.Txn("b");
  int t3 = b.Txn("c");
  b.Write(t1, "a1", "t", "id=1", "n=1");
  b.Write(t2, "b1", "t", "id=2", "n=1");
  b.Write(t3, "c1", "t", "id=2", "n=2");  // t2 -ww-> t3
  b.CommitOrder({t2, t3, t1});
  Explanation explanation = Explain(b.Build());
  EXPECT_TRUE(explanation.serializable);
  EXPECT_EQ(explanation.serial_order, (std::vector<int>{t2, t3, t1}));
  EXPECT_TRUE(explanation.several_orders);
}

TEST(AnomalyClassTest, TheGraphOrderWinsOverTheCommitOrder) {
  // The reader saw the version before the writer's, so it comes first in the
  // serial order although it committed after the writer.
  HistoryBuilder b;
  VersionId x0 = b.Initial("t", "id=1", "n=0");
  int writer = b.Txn("w");
  int reader = b.Txn("r");
  b.Read(reader, "r1", "t", {{"id=1", x0, "n=0"}});
  b.Write(writer, "w1", "t", "id=1", "n=1");
  b.CommitOrder({writer, reader});
  Explanation explanation = Explain(b.Build());
  EXPECT_EQ(explanation.serial_order, (std::vector<int>{reader, writer}));
  EXPECT_FALSE(explanation.several_orders);
}

}  // namespace
}  // namespace interleave
