#include "sim/explain/read_query.h"

#include <gtest/gtest.h>

namespace interleave {
namespace {

TEST(ReadQueryTest, AnUpdateReadsTheRowsItsWhereMatches) {
  ReadQuery read = AnalyzeReads("UPDATE users u SET peepcoins = 100 - 30 WHERE u.id = 1");
  ASSERT_EQ(read.kind, ReadQuery::Kind::kRows);
  EXPECT_TRUE(read.locking);
  ASSERT_EQ(read.tables.size(), 1u);
  EXPECT_EQ(read.tables[0].table, "users");
  EXPECT_EQ(read.tables[0].alias, "u");
  EXPECT_EQ(read.sql, "SELECT u.xmin::text, to_jsonb(u) FROM users u WHERE u.id = 1");
  EXPECT_EQ(read.where, "u.id = 1");
}

TEST(ReadQueryTest, ALockingSelectIsRestatedWithoutItsLock) {
  ReadQuery read = AnalyzeReads("SELECT peepcoins FROM users WHERE id = 1 FOR UPDATE");
  ASSERT_EQ(read.kind, ReadQuery::Kind::kRows);
  EXPECT_TRUE(read.locking);
  EXPECT_EQ(read.sql, "SELECT users.xmin::text, to_jsonb(users) FROM users WHERE id = 1");
}

TEST(ReadQueryTest, AnAggregateReadsTheRowsItAggregates) {
  ReadQuery read = AnalyzeReads("SELECT count(*) FROM doctors WHERE on_call AND shift_id = 1234");
  ASSERT_EQ(read.kind, ReadQuery::Kind::kRows);
  EXPECT_FALSE(read.locking);
  EXPECT_EQ(read.sql,
            "SELECT doctors.xmin::text, to_jsonb(doctors) FROM doctors "
            "WHERE on_call AND shift_id = 1234");
}

TEST(ReadQueryTest, ADerivedTableReadsWhatItsScanReads) {
  ReadQuery read = AnalyzeReads(
      "SELECT count(*) AS on_call FROM (SELECT name FROM doctors WHERE on_call FOR UPDATE) locked");
  ASSERT_EQ(read.kind, ReadQuery::Kind::kRows);
  EXPECT_TRUE(read.locking);
  EXPECT_EQ(read.sql, "SELECT doctors.xmin::text, to_jsonb(doctors) FROM doctors WHERE on_call");
}

TEST(ReadQueryTest, AJoinReadsEachTable) {
  ReadQuery read = AnalyzeReads(
      "SELECT m.id FROM media m JOIN movies v ON v.media_id = m.id WHERE m.name = 'Dune'");
  ASSERT_EQ(read.kind, ReadQuery::Kind::kRows);
  ASSERT_EQ(read.tables.size(), 2u);
  EXPECT_EQ(read.tables[1].alias, "v");
  EXPECT_EQ(read.sql,
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
  ReadQuery with = AnalyzeReads("WITH x AS (SELECT 1) SELECT * FROM x");
  EXPECT_EQ(with.kind, ReadQuery::Kind::kUnanalysable);
  EXPECT_EQ(with.why_unanalysable, "it has a WITH clause");
  ReadQuery positional = AnalyzeReads("SELECT id FROM t ORDER BY 1 LIMIT 1");
  EXPECT_EQ(positional.kind, ReadQuery::Kind::kUnanalysable);
  ReadQuery broken = AnalyzeReads("SELEC 1");
  EXPECT_EQ(broken.kind, ReadQuery::Kind::kUnanalysable);
  EXPECT_NE(broken.why_unanalysable.find("syntax error"), std::string::npos);
}

TEST(ReadQueryTest, ASubqueryWithoutFromIsNotMistakenForNoRead) {
  EXPECT_EQ(
      AnalyzeReads("INSERT INTO t VALUES (3, -1 * (SELECT price FROM coupons WHERE id = 2))").kind,
      ReadQuery::Kind::kUnanalysable);
  EXPECT_EQ(AnalyzeReads("SELECT (SELECT price FROM coupons WHERE id = 2)").kind,
            ReadQuery::Kind::kUnanalysable);
  EXPECT_EQ(AnalyzeReads("INSERT INTO t VALUES (3, 4)").kind, ReadQuery::Kind::kNone);
}

TEST(ReadQueryTest, ASubqueryInWhereMakesTheReadPartial) {
  ReadQuery read = AnalyzeReads("DELETE FROM t WHERE id IN (SELECT id FROM u)");
  ASSERT_EQ(read.kind, ReadQuery::Kind::kRows);
  EXPECT_TRUE(read.partial);
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
