// Tests of the precedence graph's shared layout (report/precedence_layout.h):
// the nodes stay in their box, the cycle is marked, and a graph of many
// transactions keeps only its cycle or the start of its serial order.
#include "report/precedence_layout.h"

#include <gtest/gtest.h>

#include <string>

#include "tests/sim/explain/history_builder.h"

namespace interleave {
namespace {

using explain_test::HistoryBuilder;

// The phone and the laptop both read 100 and write; `others` more clients
// each write a row of their own before them (no edges to the pair).
History LostUpdateAmong(int others) {
  HistoryBuilder b;
  VersionId x0 = b.Initial("users", "id=1", "peepcoins=100");
  for (int i = 0; i < others; ++i) {
    int txn = b.Txn("c" + std::to_string(i + 1));
    b.Write(txn, "w", "other", "id=" + std::to_string(i + 1), "n=1");
  }
  int phone = b.Txn("phone");
  int laptop = b.Txn("laptop");
  b.Read(phone, "p2", "users", {{"id=1", x0, "peepcoins=100"}});
  b.Read(laptop, "l2", "users", {{"id=1", x0, "peepcoins=100"}});
  b.Write(phone, "p3", "users", "id=1", "peepcoins=70");
  b.Write(laptop, "l3", "users", "id=1", "peepcoins=60");
  return b.Build();
}

// `count` transactions, each overwriting the row the one before wrote: one
// serial order.
History Chain(int count) {
  HistoryBuilder b;
  b.Initial("c", "id=1", "n=0");
  for (int i = 0; i < count; ++i) {
    int txn = b.Txn("t" + std::to_string(i + 1));
    b.Write(txn, "w", "c", "id=1", "n=" + std::to_string(i + 1));
  }
  return b.Build();
}

TEST(PrecedenceLayoutTest, TheLostUpdateCycleIsMarkedAndInsideTheBox) {
  const History history = LostUpdateAmong(0);
  const PrecedenceMetrics m;
  const PrecedenceLayout layout = LayoutPrecedence(history, Explain(history), m);
  ASSERT_EQ(layout.nodes.size(), 2u);
  EXPECT_EQ(layout.left_out, 0);
  int cycle_edges = 0;
  for (const PrecedenceEdge& e : layout.edges) cycle_edges += e.in_cycle;
  EXPECT_EQ(cycle_edges, 2);
  EXPECT_TRUE(layout.edges.back().in_cycle);  // the cycle's drawn last, on top
  EXPECT_EQ(layout.caption, "cycle: lost update (G-single)");
  for (const PrecedenceNode& node : layout.nodes) {
    EXPECT_TRUE(node.in_cycle) << node.label;
    EXPECT_GE(node.cx - node.rx, 0);
    EXPECT_LE(node.cx + node.rx, m.width);
  }
}

TEST(PrecedenceLayoutTest, AmongManyTransactionsOnlyTheCycleIsPlaced) {
  const History history = LostUpdateAmong(18);
  const PrecedenceLayout layout = LayoutPrecedence(history, Explain(history), PrecedenceMetrics{});
  EXPECT_EQ(layout.transactions, 20);
  ASSERT_EQ(layout.nodes.size(), 2u);
  EXPECT_EQ(layout.left_out, 18);
  EXPECT_EQ(layout.nodes[0].label + " " + layout.nodes[1].label, "phone laptop");
  EXPECT_EQ(layout.caption, "cycle: lost update (G-single); 18 of 20 transactions not drawn");
}

TEST(PrecedenceLayoutTest, ALongSerialOrderShowsItsStartAndSaysItsLengthAndEnd) {
  const History history = Chain(100);
  PrecedenceMetrics m;
  const PrecedenceLayout layout = LayoutPrecedence(history, Explain(history), m);
  ASSERT_TRUE(layout.serial);
  EXPECT_EQ(layout.transactions, 100);
  ASSERT_GE(layout.nodes.size(), 2u);
  EXPECT_LE(static_cast<int>(layout.nodes.size()), m.max_nodes);
  EXPECT_EQ(layout.left_out, 100 - static_cast<int>(layout.nodes.size()));
  EXPECT_EQ(layout.nodes[0].label, "t1");
  EXPECT_EQ(layout.caption.rfind("serial order of 100: t1 → t2 → ", 0), 0u) << layout.caption;
  EXPECT_NE(layout.caption.find(" → … → t100"), std::string::npos) << layout.caption;
  // The row fits its box, and only the edges between placed nodes are drawn.
  for (const PrecedenceNode& node : layout.nodes) {
    EXPECT_GE(node.cx - node.rx, 0) << node.label;
    EXPECT_LE(node.cx + node.rx, m.width) << node.label;
  }
  for (const PrecedenceEdge& e : layout.edges) {
    EXPECT_LT(e.from, static_cast<int>(layout.nodes.size()));
    EXPECT_LT(e.to, static_cast<int>(layout.nodes.size()));
  }
  // A short order is drawn whole.
  const History three = Chain(3);
  const PrecedenceLayout whole = LayoutPrecedence(three, Explain(three), m);
  EXPECT_EQ(whole.nodes.size(), 3u);
  EXPECT_EQ(whole.left_out, 0);
  EXPECT_EQ(whole.caption, "serial order: t1 → t2 → t3");
}

}  // namespace
}  // namespace interleave
