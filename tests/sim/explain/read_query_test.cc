#include "sim/explain/read_query.h"

#include <gtest/gtest.h>

namespace interleave {
namespace {

TEST(ReadQueryTest, AnUpdateReadsTheRowsItsWhereMatches) {
  ReadQuery read = AnalyzeReads("UPDATE users u SET peepcoins = 100 - 30 WHERE u.id = 1");
  ASSERT_EQ(read.kind, ReadQuery::Kind::kRows);
  EXPECT_TRUE(read.locking);
  ASSERT_EQ(read.scans[0].tables.size(), 1u);
  EXPECT_EQ(read.scans[0].tables[0].table, "users");
  EXPECT_EQ(read.scans[0].tables[0].alias, "u");
  EXPECT_EQ(read.scans[0].sql, "SELECT u.xmin::text, to_jsonb(u) FROM users u WHERE u.id = 1");
  EXPECT_EQ(read.scans[0].where, "u.id = 1");
}

TEST(ReadQueryTest, ALockingSelectIsRestatedWithoutItsLock) {
  ReadQuery read = AnalyzeReads("SELECT peepcoins FROM users WHERE id = 1 FOR UPDATE");
  ASSERT_EQ(read.kind, ReadQuery::Kind::kRows);
  EXPECT_TRUE(read.locking);
  EXPECT_EQ(read.scans[0].sql, "SELECT users.xmin::text, to_jsonb(users) FROM users WHERE id = 1");
}

TEST(ReadQueryTest, AnAggregateReadsTheRowsItAggregates) {
  ReadQuery read = AnalyzeReads("SELECT count(*) FROM doctors WHERE on_call AND shift_id = 1234");
  ASSERT_EQ(read.kind, ReadQuery::Kind::kRows);
  EXPECT_FALSE(read.locking);
  EXPECT_EQ(read.scans[0].sql,
            "SELECT doctors.xmin::text, to_jsonb(doctors) FROM doctors "
            "WHERE on_call AND shift_id = 1234");
}

TEST(ReadQueryTest, ADerivedTableReadsWhatItsScanReads) {
  ReadQuery read = AnalyzeReads(
      "SELECT count(*) AS on_call FROM (SELECT name FROM doctors WHERE on_call FOR UPDATE) locked");
  ASSERT_EQ(read.kind, ReadQuery::Kind::kRows);
  EXPECT_TRUE(read.locking);
  EXPECT_EQ(read.scans[0].sql,
            "SELECT doctors.xmin::text, to_jsonb(doctors) FROM doctors WHERE on_call");
}

TEST(ReadQueryTest, AJoinReadsEachTable) {
  ReadQuery read = AnalyzeReads(
      "SELECT m.id FROM media m JOIN movies v ON v.media_id = m.id WHERE m.name = 'Dune'");
  ASSERT_EQ(read.kind, ReadQuery::Kind::kRows);
  ASSERT_EQ(read.scans[0].tables.size(), 2u);
  EXPECT_EQ(read.scans[0].tables[1].alias, "v");
  EXPECT_EQ(read.scans[0].sql,
            "SELECT m.xmin::text, to_jsonb(m), v.xmin::text, to_jsonb(v) FROM media m "
            "JOIN movies v ON v.media_id = m.id WHERE m.name = 'Dune'");
}

TEST(ReadQueryTest, StatementsThatReadNoRowsAreNoReads) {
  for (const char* sql : {"BEGIN", "COMMIT", "SET deadlock_timeout = '1s'", "SELECT 1",
                          "INSERT INTO t VALUES (1)", "LOCK TABLE t"}) {
    EXPECT_EQ(AnalyzeReads(sql).kind, ReadQuery::Kind::kNone) << sql;
  }
}

TEST(ReadQueryTest, WhatCannotBeRestatedIsSaidSo) {
  ReadQuery writes = AnalyzeReads("WITH d AS (DELETE FROM t RETURNING *) SELECT * FROM d");
  EXPECT_EQ(writes.kind, ReadQuery::Kind::kUnanalysable);
  EXPECT_EQ(writes.why_unanalysable, "it writes in a WITH clause");
  ReadQuery positional = AnalyzeReads("SELECT id FROM t ORDER BY 1 LIMIT 1");
  EXPECT_EQ(positional.kind, ReadQuery::Kind::kUnanalysable);
  ReadQuery broken = AnalyzeReads("SELEC 1");
  EXPECT_EQ(broken.kind, ReadQuery::Kind::kUnanalysable);
  EXPECT_NE(broken.why_unanalysable.find("syntax error"), std::string::npos);
}

// The restated queries of a statement's scans, in order.
std::vector<std::string> Scans(const std::string& statement) {
  ReadQuery read = AnalyzeReads(statement);
  EXPECT_EQ(read.kind, ReadQuery::Kind::kRows) << statement << ": " << read.why_unanalysable;
  EXPECT_FALSE(read.partial) << statement;
  std::vector<std::string> sql;
  for (const ReadScan& scan : read.scans) sql.push_back(scan.sql);
  return sql;
}

TEST(ReadQueryTest, AScalarSubqueryInValuesIsAScan) {
  EXPECT_EQ(Scans("INSERT INTO t VALUES (3, -1 * (SELECT price FROM coupons WHERE id = 2))"),
            std::vector<std::string>{
                "SELECT coupons.xmin::text, to_jsonb(coupons) FROM coupons WHERE id = 2"});
  EXPECT_EQ(Scans("SELECT (SELECT price FROM coupons WHERE id = 2)").size(), 1u);
  EXPECT_EQ(AnalyzeReads("INSERT INTO t VALUES (3, 4)").kind, ReadQuery::Kind::kNone);
}

TEST(ReadQueryTest, ASubqueryInTheSelectListIsItsOwnScan) {
  EXPECT_EQ(Scans("SELECT price, (SELECT sum(change) FROM ledger WHERE user_id = 3) >= price "
                  "FROM coupons WHERE id = 2"),
            (std::vector<std::string>{
                "SELECT coupons.xmin::text, to_jsonb(coupons) FROM coupons WHERE id = 2",
                "SELECT ledger.xmin::text, to_jsonb(ledger) FROM ledger WHERE user_id = 3"}));
}

TEST(ReadQueryTest, AnInSubqueryInWhereIsItsOwnScan) {
  EXPECT_EQ(Scans("DELETE FROM t WHERE id IN (SELECT id FROM u WHERE u.gone)"),
            (std::vector<std::string>{
                "SELECT t.xmin::text, to_jsonb(t) FROM t WHERE id IN (SELECT id FROM u WHERE "
                "u.gone)",
                "SELECT u.xmin::text, to_jsonb(u) FROM u WHERE u.gone"}));
}

TEST(ReadQueryTest, ACorrelatedExistsIsRestatedOverTheOuterRows) {
  EXPECT_EQ(
      Scans("SELECT a.id FROM a WHERE a.k = 1 AND EXISTS (SELECT 1 FROM b WHERE b.a_id = a.id)"),
      (std::vector<std::string>{
          "SELECT a.xmin::text, to_jsonb(a) FROM a WHERE a.k = 1 AND EXISTS (SELECT 1 FROM b "
          "WHERE b.a_id = a.id)",
          "SELECT b.xmin::text, to_jsonb(b) FROM a, b WHERE b.a_id = a.id AND a.k = 1"}));
}

TEST(ReadQueryTest, AScalarSubqueryInSetIsRestatedOverTheUpdatedRows) {
  EXPECT_EQ(Scans("UPDATE a SET total = (SELECT sum(n) FROM b WHERE b.a_id = a.id) WHERE a.id = 1"),
            (std::vector<std::string>{
                "SELECT a.xmin::text, to_jsonb(a) FROM a WHERE a.id = 1",
                "SELECT b.xmin::text, to_jsonb(b) FROM a, b WHERE b.a_id = a.id AND a.id = 1"}));
}

TEST(ReadQueryTest, ACteIsAScanAndTheOuterQueryKeepsItsWithClause) {
  EXPECT_EQ(Scans("WITH cheap AS (SELECT id FROM coupons WHERE price < 20) "
                  "SELECT o.* FROM orders o JOIN cheap c ON c.id = o.coupon_id"),
            (std::vector<std::string>{
                "WITH cheap AS (SELECT id FROM coupons WHERE price < 20) SELECT "
                "coupons.xmin::text, to_jsonb(coupons) FROM coupons WHERE price < 20",
                "WITH cheap AS (SELECT id FROM coupons WHERE price < 20) SELECT o.xmin::text, "
                "to_jsonb(o) FROM orders o JOIN cheap c ON c.id = o.coupon_id"}));
}

TEST(ReadQueryTest, InsertSelectAndUpdateFromReadTheirSources) {
  EXPECT_EQ(Scans("INSERT INTO archive SELECT * FROM t WHERE n > 5"),
            std::vector<std::string>{"SELECT t.xmin::text, to_jsonb(t) FROM t WHERE n > 5"});
  EXPECT_EQ(Scans("UPDATE a SET n = b.n FROM b WHERE b.id = a.id"),
            std::vector<std::string>{"SELECT a.xmin::text, to_jsonb(a), b.xmin::text, "
                                     "to_jsonb(b) FROM a, b WHERE b.id = a.id"});
}

TEST(ReadQueryTest, EachArmOfAUnionIsAScan) {
  EXPECT_EQ(Scans("SELECT id FROM a WHERE n = 1 UNION SELECT id FROM b"),
            (std::vector<std::string>{"SELECT a.xmin::text, to_jsonb(a) FROM a WHERE n = 1",
                                      "SELECT b.xmin::text, to_jsonb(b) FROM b"}));
}

TEST(ReadQueryTest, AJoinsPredicateIsMatchedWithTheCandidateInPlaceOfEachTable) {
  ReadQuery read = AnalyzeReads(
      "SELECT m.title FROM watchlists w JOIN media m ON w.media_id = m.media_id "
      "WHERE w.user_id = 2");
  ASSERT_EQ(read.scans.size(), 1u);
  EXPECT_EQ(read.scans[0].match_sql,
            (std::vector<std::string>{
                "SELECT 1 FROM interleave_candidate w JOIN media m ON w.media_id = m.media_id "
                "WHERE w.user_id = 2",
                "SELECT 1 FROM watchlists w JOIN interleave_candidate m ON w.media_id = "
                "m.media_id WHERE w.user_id = 2"}));
}

TEST(ReadQueryTest, EachTableListsTheColumnsTheStatementNames) {
  ReadQuery read = AnalyzeReads(
      "SELECT m.title, w.have_watched FROM watchlists w JOIN media m ON w.media_id = m.media_id");
  ASSERT_EQ(read.scans.size(), 1u);
  EXPECT_EQ(read.scans[0].tables[0].columns,
            (std::vector<std::string>{"have_watched", "media_id"}));
  EXPECT_EQ(read.scans[0].tables[1].columns, (std::vector<std::string>{"media_id", "title"}));
  EXPECT_TRUE(AnalyzeReads("SELECT * FROM t").scans[0].tables[0].all_columns);
  ReadQuery update = AnalyzeReads("UPDATE users SET peepcoins = 70 WHERE id = 1");
  EXPECT_EQ(update.scans[0].tables[0].columns, (std::vector<std::string>{"id", "peepcoins"}));
  ASSERT_EQ(update.set_columns.size(), 1u);
  EXPECT_EQ(update.set_columns[0].second, std::vector<std::string>{"peepcoins"});
}

TEST(ReadQueryTest, OnlyAFunctionThatMayReadATableIsNotSeen) {
  EXPECT_EQ(
      Scans("SELECT u.name FROM unnest(ARRAY[1, 2]) AS f(id) JOIN users u ON u.id = f.id"),
      std::vector<std::string>{"SELECT u.xmin::text, to_jsonb(u) FROM unnest(ARRAY[1, 2]) f(id) "
                               "JOIN users u ON u.id = f.id"});
  ReadQuery read = AnalyzeReads("SELECT * FROM my_report() r");
  EXPECT_EQ(read.kind, ReadQuery::Kind::kRows);
  EXPECT_TRUE(read.partial);
  EXPECT_EQ(read.partial_why, "the reads of a function in FROM");
}

TEST(ReadQueryTest, OnConflictsLookUpIsNotSeen) {
  ReadQuery read = AnalyzeReads("INSERT INTO t VALUES (1, 2) ON CONFLICT (id) DO NOTHING");
  EXPECT_TRUE(read.partial);
  EXPECT_EQ(read.partial_why, "the look-up of ON CONFLICT");
}

TEST(ReadQueryTest, SnapshotsAreTakenByAllButTransactionControlAndSettings) {
  EXPECT_TRUE(TakesSnapshot("SELECT 1"));
  EXPECT_TRUE(TakesSnapshot("INSERT INTO t VALUES (1)"));
  EXPECT_FALSE(TakesSnapshot("BEGIN ISOLATION LEVEL REPEATABLE READ"));
  EXPECT_FALSE(TakesSnapshot("SET TRANSACTION ISOLATION LEVEL SERIALIZABLE"));
  EXPECT_FALSE(TakesSnapshot("LOCK TABLE t"));
  EXPECT_FALSE(TakesSnapshot("COMMIT"));
}

}  // namespace
}  // namespace interleave
