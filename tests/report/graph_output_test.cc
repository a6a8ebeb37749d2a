// Tests of the JSON shape and the "Dependencies" text of an explained run.
#include <gtest/gtest.h>

#include "sim/explain/anomaly_class.h"
#include "report/dependency_text.h"
#include "report/graph_json.h"
#include "tests/sim/explain/history_builder.h"

namespace interleave {
namespace {

using explain_test::HistoryBuilder;
using Outcome = TxnRecord::Outcome;
using Lines = std::vector<std::string>;

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

// The laptop's first attempt aborts; its retry reads the phone's 70.
History RetriedAfterTheOther() {
  HistoryBuilder b;
  VersionId x0 = b.Initial("users", "id=1", "peepcoins=100");
  int phone = b.Txn("phone");
  int first = b.Txn("laptop", Outcome::kAborted);
  int retry = b.Txn("laptop");
  b.Read(first, "l2", "users", {{"id=1", x0, "peepcoins=100"}});
  VersionId x1 = b.Write(phone, "p3", "users", "id=1", "peepcoins=70");
  b.Read(retry, "l2", "users", {{"id=1", x1, "peepcoins=70"}});
  b.Write(retry, "l3", "users", "id=1", "peepcoins=30");
  return b.Build();
}

TEST(GraphJsonTest, LostUpdateHasExactlyTheDocumentedShape) {
  History history = LostUpdate();
  nlohmann::ordered_json json = ExplanationJson(history, Explain(history));
  const std::string ww =
      R"({"kind":"ww","from":1,"to":2,"from_step":"p3","to_step":"l3","table":"users","row":"id=1","predicate":false})";
  const std::string rw =
      R"({"kind":"rw","from":2,"to":1,"from_step":"l2","to_step":"p3","table":"users","row":"id=1","predicate":false})";
  EXPECT_EQ(
      json.dump(),
      R"({"serializable":false,"adya":"G-single","anomaly":"lost update","serial_order":[],)"
      R"("transactions":[{"id":1,"client":"phone","attempt":1,"steps":["p2","p3"],"outcome":"committed"},)"
      R"({"id":2,"client":"laptop","attempt":1,"steps":["l2","l3"],"outcome":"committed"}],)"
      R"("edges":[)" +
          ww + "," + rw + R"(],"cycle":[)" + rw + "," + ww + "]}");
}

TEST(GraphJsonTest, SerializableRunHasNullClassesAndAnOrder) {
  History history = RetriedAfterTheOther();
  nlohmann::ordered_json json = ExplanationJson(history, Explain(history));
  EXPECT_EQ(json["serializable"], true);
  EXPECT_TRUE(json["adya"].is_null());
  EXPECT_TRUE(json["anomaly"].is_null());
  EXPECT_EQ(json["serial_order"].dump(), "[1,3]");
  EXPECT_EQ(json["cycle"].dump(), "[]");
  EXPECT_EQ(json["transactions"][1]["outcome"], "aborted");
  EXPECT_EQ(json["transactions"][2]["attempt"], 2);
  std::vector<std::string> keys;
  for (auto& [key, value] : json.items()) keys.push_back(key);
  EXPECT_EQ(keys, (Lines{"serializable", "adya", "anomaly", "serial_order", "transactions", "edges",
                         "cycle"}));
}

TEST(GraphJsonTest, AbortedReadNamesG1aWithNoCycle) {
  HistoryBuilder b;
  int aborted = b.Txn("a", Outcome::kAborted);
  int reader = b.Txn("b");
  VersionId dirty = b.Write(aborted, "a1", "t", "id=1", "n=9");
  b.Read(reader, "b1", "t", {{"id=1", dirty, "n=9"}});
  History history = b.Build();
  Explanation explanation = Explain(history);
  nlohmann::ordered_json json = ExplanationJson(history, explanation);
  EXPECT_EQ(json["adya"], "G1a");
  EXPECT_EQ(json["anomaly"], "aborted read");
  EXPECT_EQ(json["cycle"].dump(), "[]");
  EXPECT_EQ(DependencyLines(history, explanation),
            (Lines{"G1a, aborted read: b1 read n=9 that a1 wrote; a aborted"}));
}

TEST(GraphTextTest, LostUpdateLinesAndCycle) {
  History history = LostUpdate();
  EXPECT_EQ(DependencyLines(history, Explain(history)),
            (Lines{"p3 -ww-> l3  users id=1: p3 wrote peepcoins=70, l3 wrote peepcoins=60",
                   "l2 -rw-> p3  users id=1: l2 read peepcoins=100, p3 wrote peepcoins=70",
                   "cycle laptop -rw-> phone -ww-> laptop (l2 -rw-> p3 -ww-> l3): G-single, "
                   "lost update"}));
}

TEST(GraphTextTest, SerializableNamesTheOrderWithNumberedRetries) {
  History history = RetriedAfterTheOther();
  EXPECT_EQ(DependencyLines(history, Explain(history)),
            (Lines{"p3 -ww-> l3#2  users id=1: p3 wrote peepcoins=70, l3#2 wrote peepcoins=30",
                   "p3 -wr-> l2#2  users id=1: p3 wrote peepcoins=70, l2#2 read peepcoins=70",
                   "serializable: equivalent to phone then laptop#2"}));
}

TEST(GraphTextTest, IndependentTransactionsHaveSeveralOrders) {
  HistoryBuilder b;
  int phone = b.Txn("phone");
  int laptop = b.Txn("laptop");
  b.Write(laptop, "l1", "t", "id=2", "n=1");
  b.Write(phone, "p1", "t", "id=1", "n=1");
  History history = b.Build();
  EXPECT_EQ(DependencyLines(history, Explain(history)),
            (Lines{"serializable: equivalent to phone then laptop (one of several orders)"}));
}

TEST(GraphTextTest, PredicateEdgeSaysWhatTheSnapshotMissed) {
  HistoryBuilder b;
  VersionId e0 = b.Initial("staff", "id=1", "dept=1");
  int counter = b.Txn("report");
  int hire = b.Txn("hire");
  b.PredicateRead(counter, "r1", "staff", "dept = 1", {{"id=1", e0, "dept=1"}},
                  {{"id=2", std::nullopt, true}});
  b.Write(hire, "h1", "staff", "id=2", "dept=1");
  History history = b.Build();
  EXPECT_EQ(DependencyLines(history, Explain(history)),
            (Lines{"r1 -rw-> h1  staff id=2 (where dept = 1): r1 saw no row, h1 wrote dept=1",
                   "serializable: equivalent to report then hire"}));
}

TEST(GraphTextTest, DeletesAndWholeTableScansInWords) {
  HistoryBuilder b;
  VersionId x0 = b.Initial("t", "id=1", "n=0");
  int reader = b.Txn("r");
  int deleter = b.Txn("d");
  int scanner = b.Txn("s");
  b.Read(reader, "r1", "t", {{"id=1", x0, "n=0"}});
  b.Delete(deleter, "d1", "t", "id=1");
  b.PredicateRead(scanner, "s1", "t", "", {}, {{"id=2", std::nullopt, true}});
  b.Write(reader, "r2", "t", "id=2", "n=1");
  History history = b.Build();
  EXPECT_EQ(DependencyLines(history, Explain(history)),
            (Lines{"r1 -rw-> d1  t id=1: r1 read n=0, d1 deleted it",
                   "s1 -rw-> r2  t id=2 (whole-table scan): s1 saw no row, r2 wrote n=1",
                   "serializable: equivalent to s then r then d"}));
}

TEST(GraphTextTest, CycleStepsAreListedApartWhenATransactionsStepsDiffer) {
  // Read skew: the auditor's rw leaves from a1, its wr arrives at a2.
  HistoryBuilder b;
  VersionId x0 = b.Initial("accounts", "id=1", "balance=50");
  b.Initial("accounts", "id=2", "balance=50");
  int reader = b.Txn("auditor");
  int transfer = b.Txn("transfer");
  b.Read(reader, "a1", "accounts", {{"id=1", x0, "balance=50"}});
  b.Write(transfer, "t1", "accounts", "id=1", "balance=10");
  VersionId y1 = b.Write(transfer, "t2", "accounts", "id=2", "balance=90");
  b.Read(reader, "a2", "accounts", {{"id=2", y1, "balance=90"}});
  History history = b.Build();
  Lines lines = DependencyLines(history, Explain(history));
  ASSERT_FALSE(lines.empty());
  EXPECT_EQ(lines.back(),
            "cycle auditor -rw-> transfer -wr-> auditor (a1 -rw-> t1, t2 -wr-> a2): G-single, read "
            "skew");
}

}  // namespace
}  // namespace interleave
