// Tests of History's version order and labels, and of DependencyGraph's
// edges and components, on hand-built histories.
#include "sim/explain/dependency_graph.h"

#include <gtest/gtest.h>

#include "sim/model/history.h"
#include "tests/sim/explain/history_builder.h"

namespace interleave {
namespace {

using explain_test::HistoryBuilder;
using Outcome = TxnRecord::Outcome;

TEST(HistoryTest, VersionOrderHoldsTheInitialAndEachCommittedFinalVersion) {
  HistoryBuilder b;
  VersionId x0 = b.Initial("t", "id=1", "n=0");
  int t1 = b.Txn("a");
  int t2 = b.Txn("b", Outcome::kAborted);
  int t3 = b.Txn("c");
  b.Write(t1, "a1", "t", "id=1", "n=1");
  VersionId x1 = b.Write(t1, "a2", "t", "id=1", "n=2");
  b.Write(t2, "b1", "t", "id=1", "n=9");
  VersionId x3 = b.Write(t3, "c1", "t", "id=1", "n=3");
  VersionId y3 = b.Write(t3, "c1", "t", "id=2", "n=7");
  History history = b.Build();

  ASSERT_EQ(history.version_order.size(), 2u);
  EXPECT_EQ(history.version_order.at({"t", "id=1"}), (std::vector<VersionId>{x0, x1, x3}));
  EXPECT_EQ(history.version_order.at({"t", "id=2"}), (std::vector<VersionId>{y3}));
  EXPECT_EQ(x1.seq, 1);
  EXPECT_FALSE(history.IsFinal({"t", "id=1", t1, 0}));
  EXPECT_TRUE(history.IsFinal(x1));
  EXPECT_EQ(history.WriteOf(x1)->step, "a2");
  EXPECT_EQ(history.WriteOf(x0), nullptr);
}

TEST(HistoryTest, LabelsNumberAClientsTransactionsOnlyWhenItHasSeveral) {
  HistoryBuilder b;
  int phone = b.Txn("phone");
  int laptop1 = b.Txn("laptop", Outcome::kAborted);
  int laptop2 = b.Txn("laptop");
  History history = b.Build();
  EXPECT_EQ(TxnLabel(history, phone), "phone");
  EXPECT_EQ(TxnLabel(history, laptop1), "laptop#1");
  EXPECT_EQ(TxnLabel(history, laptop2), "laptop#2");
  EXPECT_EQ(StepLabel(history, phone, "p2"), "p2");
  EXPECT_EQ(StepLabel(history, laptop2, "l2"), "l2#2");
  EXPECT_EQ(history.Txn(laptop2)->attempt, 2);
}

TEST(DependencyGraphTest, WwEdgeFromAVersionToTheNextCommittedOne) {
  HistoryBuilder b;
  b.Initial("users", "id=1", "peepcoins=100");
  int phone = b.Txn("phone");
  int laptop = b.Txn("laptop");
  b.Write(phone, "p3", "users", "id=1", "peepcoins=70");
  b.Write(laptop, "l3", "users", "id=1", "peepcoins=60");
  DependencyGraph graph = DependencyGraph::Build(b.Build());

  EXPECT_EQ(graph.nodes(), (std::vector<int>{phone, laptop}));
  ASSERT_EQ(graph.edges().size(), 1u);
  const Dependency& edge = graph.edges()[0];
  EXPECT_EQ(edge.kind, DependencyKind::kWw);
  EXPECT_EQ(edge.from, phone);
  EXPECT_EQ(edge.to, laptop);
  EXPECT_EQ(edge.from_step, "p3");
  EXPECT_EQ(edge.to_step, "l3");
  EXPECT_EQ(edge.table, "users");
  EXPECT_EQ(edge.row, "id=1");
  EXPECT_EQ(edge.from_value, "peepcoins=70");
  EXPECT_EQ(edge.to_value, "peepcoins=60");
  EXPECT_FALSE(edge.predicate);
}

TEST(DependencyGraphTest, WrEdgeFromTheWriterToTheReader) {
  HistoryBuilder b;
  b.Initial("users", "id=1", "peepcoins=100");
  int phone = b.Txn("phone");
  int laptop = b.Txn("laptop");
  VersionId x1 = b.Write(phone, "p3", "users", "id=1", "peepcoins=70");
  b.Read(laptop, "l2", "users", {{"id=1", x1, "peepcoins=70"}});
  DependencyGraph graph = DependencyGraph::Build(b.Build());

  ASSERT_EQ(graph.edges().size(), 1u);
  const Dependency& edge = graph.edges()[0];
  EXPECT_EQ(edge.kind, DependencyKind::kWr);
  EXPECT_EQ(edge.from, phone);
  EXPECT_EQ(edge.to, laptop);
  EXPECT_EQ(edge.from_step, "p3");
  EXPECT_EQ(edge.to_step, "l2");
  EXPECT_EQ(edge.to_value, "peepcoins=70");
}

TEST(DependencyGraphTest, RwEdgeFromTheReaderToTheWriterOfTheNextVersion) {
  HistoryBuilder b;
  VersionId x0 = b.Initial("users", "id=1", "peepcoins=100");
  int laptop = b.Txn("laptop");
  int phone = b.Txn("phone");
  b.Read(laptop, "l2", "users", {{"id=1", x0, "peepcoins=100"}});
  b.Write(phone, "p3", "users", "id=1", "peepcoins=70");
  DependencyGraph graph = DependencyGraph::Build(b.Build());

  ASSERT_EQ(graph.edges().size(), 1u);
  const Dependency& edge = graph.edges()[0];
  EXPECT_EQ(edge.kind, DependencyKind::kRw);
  EXPECT_EQ(edge.from, laptop);
  EXPECT_EQ(edge.to, phone);
  EXPECT_EQ(edge.from_step, "l2");
  EXPECT_EQ(edge.to_step, "p3");
  EXPECT_EQ(edge.from_value, "peepcoins=100");
  EXPECT_EQ(edge.to_value, "peepcoins=70");
  EXPECT_FALSE(edge.predicate);
}

TEST(DependencyGraphTest, RwEdgeOnlyToTheNextVersionNotLaterOnes) {
  HistoryBuilder b;
  VersionId x0 = b.Initial("t", "id=1", "n=0");
  int reader = b.Txn("r");
  int first = b.Txn("w1");
  int second = b.Txn("w2");
  b.Read(reader, "r1", "t", {{"id=1", x0, "n=0"}});
  b.Write(first, "a1", "t", "id=1", "n=1");
  b.Write(second, "b1", "t", "id=1", "n=2");
  DependencyGraph graph = DependencyGraph::Build(b.Build());

  ASSERT_EQ(graph.edges().size(), 2u);
  EXPECT_EQ(graph.edges()[0].kind, DependencyKind::kRw);
  EXPECT_EQ(graph.edges()[0].from, reader);
  EXPECT_EQ(graph.edges()[0].to, first);
  EXPECT_EQ(graph.edges()[1].kind, DependencyKind::kWw);
  EXPECT_EQ(graph.edges()[1].from, first);
  EXPECT_EQ(graph.edges()[1].to, second);
}

TEST(DependencyGraphTest, ReadingItsOwnWritesMakesNoEdge) {
  HistoryBuilder b;
  VersionId x0 = b.Initial("t", "id=1", "n=0");
  int t = b.Txn("a");
  b.Read(t, "a1", "t", {{"id=1", x0, "n=0"}});
  VersionId x1 = b.Write(t, "a2", "t", "id=1", "n=1");
  b.Read(t, "a3", "t", {{"id=1", x1, "n=1"}});
  DependencyGraph graph = DependencyGraph::Build(b.Build());
  EXPECT_EQ(graph.nodes(), (std::vector<int>{t}));
  EXPECT_TRUE(graph.edges().empty());
}

TEST(DependencyGraphTest, AnAbortedTransactionIsNoNodeAndHasNoEdges) {
  HistoryBuilder b;
  VersionId x0 = b.Initial("t", "id=1", "n=0");
  int aborted = b.Txn("a", Outcome::kAborted);
  int open = b.Txn("o", Outcome::kOpen);
  int committed = b.Txn("c");
  b.Read(aborted, "a1", "t", {{"id=1", x0, "n=0"}});
  b.Write(aborted, "a2", "t", "id=1", "n=1");
  b.Read(open, "o1", "t", {{"id=1", x0, "n=0"}});
  b.Read(committed, "c1", "t", {{"id=1", x0, "n=0"}});
  b.Write(committed, "c2", "t", "id=1", "n=2");
  DependencyGraph graph = DependencyGraph::Build(b.Build());
  EXPECT_EQ(graph.nodes(), (std::vector<int>{committed}));
  EXPECT_TRUE(graph.edges().empty());
}

TEST(DependencyGraphTest, PredicateRwEdgeOnAMatchingInsertTheSnapshotDidNotHave) {
  HistoryBuilder b;
  VersionId a0 = b.Initial("doctors", "id=1", "on_call=true");
  int reader = b.Txn("alice");
  int inserter = b.Txn("bob");
  int other = b.Txn("carol");
  b.PredicateRead(reader, "a1", "doctors", "on_call", {{"id=1", a0, "on_call=true"}},
                  {{"id=2", std::nullopt, true}, {"id=3", std::nullopt, false}});
  b.Write(inserter, "b1", "doctors", "id=2", "on_call=true");
  b.Write(other, "c1", "doctors", "id=3", "on_call=false");
  DependencyGraph graph = DependencyGraph::Build(b.Build());

  ASSERT_EQ(graph.edges().size(), 1u) << "the non-matching insert by carol makes no edge";
  const Dependency& edge = graph.edges()[0];
  EXPECT_EQ(edge.kind, DependencyKind::kRw);
  EXPECT_EQ(edge.from, reader);
  EXPECT_EQ(edge.to, inserter);
  EXPECT_TRUE(edge.predicate);
  EXPECT_FALSE(edge.from_saw_row);
  EXPECT_EQ(edge.predicate_text, "on_call");
  EXPECT_EQ(edge.row, "id=2");
  EXPECT_EQ(edge.to_step, "b1");
}

TEST(DependencyGraphTest, PredicateRwEdgeOnAnUpdateIntoThePredicate) {
  HistoryBuilder b;
  VersionId r0 = b.Initial("doctors", "id=2", "on_call=false");
  int reader = b.Txn("alice");
  int updater = b.Txn("bob");
  b.PredicateRead(reader, "a1", "doctors", "on_call", {}, {{"id=2", r0, true}});
  b.Write(updater, "b1", "doctors", "id=2", "on_call=true");
  DependencyGraph graph = DependencyGraph::Build(b.Build());
  ASSERT_EQ(graph.edges().size(), 1u);
  EXPECT_TRUE(graph.edges()[0].predicate);
  EXPECT_TRUE(graph.edges()[0].from_saw_row);
  EXPECT_EQ(graph.edges()[0].from, reader);
  EXPECT_EQ(graph.edges()[0].to, updater);
}

TEST(DependencyGraphTest, ADeleteOverwritesWhatWasReadAndAReinsertItsTombstone) {
  HistoryBuilder b;
  VersionId x0 = b.Initial("t", "id=1", "n=0");
  int reader = b.Txn("r");
  int deleter = b.Txn("d");
  int scanner = b.Txn("s");
  int inserter = b.Txn("i");
  b.Read(reader, "r1", "t", {{"id=1", x0, "n=0"}});
  VersionId tombstone = b.Delete(deleter, "d1", "t", "id=1");
  b.PredicateRead(scanner, "s1", "t", "", {}, {{"id=1", tombstone, true}});
  b.Write(inserter, "i1", "t", "id=1", "n=5");
  History history = b.Build();
  DependencyGraph graph = DependencyGraph::Build(history);

  ASSERT_EQ(graph.edges().size(), 3u);
  const Dependency& read_deleted = graph.edges()[0];
  EXPECT_EQ(read_deleted.kind, DependencyKind::kRw);
  EXPECT_EQ(read_deleted.from, reader);
  EXPECT_EQ(read_deleted.to, deleter);
  EXPECT_TRUE(read_deleted.to_deleted);
  const Dependency& reinsert = graph.edges()[1];
  EXPECT_EQ(reinsert.kind, DependencyKind::kWw);
  EXPECT_EQ(reinsert.from, deleter);
  EXPECT_EQ(reinsert.to, inserter);
  const Dependency& phantom = graph.edges()[2];
  EXPECT_EQ(phantom.kind, DependencyKind::kRw);
  EXPECT_EQ(phantom.from, scanner);
  EXPECT_EQ(phantom.to, inserter);
  EXPECT_TRUE(phantom.predicate);
  EXPECT_FALSE(phantom.from_saw_row) << "a tombstone is no row";
}

TEST(DependencyGraphTest, TheSameDependencyTwiceIsOneEdge) {
  HistoryBuilder b;
  VersionId x0 = b.Initial("t", "id=1", "n=0");
  int reader = b.Txn("r");
  int writer = b.Txn("w");
  b.Read(reader, "r1", "t", {{"id=1", x0, "n=0"}});
  b.Read(reader, "r1", "t", {{"id=1", x0, "n=0"}});
  b.Write(writer, "w1", "t", "id=1", "n=1");
  DependencyGraph graph = DependencyGraph::Build(b.Build());
  EXPECT_EQ(graph.edges().size(), 1u);
}

TEST(DependencyGraphTest, CyclicComponentsAreTheStronglyConnectedOnes) {
  HistoryBuilder b;
  VersionId x0 = b.Initial("t", "id=1", "n=0");
  int t1 = b.Txn("a");
  int t2 = b.Txn("b");
  int t3 = b.Txn("c");
  b.Read(t1, "a1", "t", {{"id=1", x0, "n=0"}});  // t1 -rw-> t2
  b.Write(t2, "b1", "t", "id=1", "n=1");
  VersionId y2 = b.Write(t2, "b1", "t", "id=2", "n=1");
  b.Write(t1, "a2", "t", "id=1", "n=2");         // t2 -ww-> t1
  b.Read(t3, "c1", "t", {{"id=2", y2, "n=1"}});  // t2 -wr-> t3 only
  DependencyGraph graph = DependencyGraph::Build(b.Build());
  auto components = graph.CyclicComponents();
  ASSERT_EQ(components.size(), 1u);
  EXPECT_EQ(components[0], (std::vector<int>{t1, t2}));
  EXPECT_TRUE(graph.OutEdges(t3).empty());
  EXPECT_EQ(graph.OutEdges(t2).size(), 2u);
}

}  // namespace
}  // namespace interleave
