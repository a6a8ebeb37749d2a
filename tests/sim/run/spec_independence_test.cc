// Whether an isolation spec's permutations may run apart: the words of a
// spec that keep them in order, and, on the real server, what the database
// fingerprint and the idle-session check see.
#include "sim/run/spec_independence.h"

#include <gtest/gtest.h>

#include <memory>

#include "db/engine.h"
#include "sim/parse/spec_parser.h"
#include "tests/test_support.h"

namespace interleave {
namespace {

// A spec whose s1 runs `step_sql`, with a setup and teardown that make and
// drop its table.
std::string WhyFor(const std::string& step_sql) {
  const std::string text =
      "setup { CREATE TABLE t (id int PRIMARY KEY); }\n"
      "teardown { DROP TABLE t; }\n"
      "session s1\nstep a { " +
      step_sql +
      " }\n"
      "session s2\nstep b { SELECT 1; }\n";
  return WhyPermutationsDepend(ParseSpecText(text, "x.spec"));
}

TEST(SpecIndependence, PlainReadsAndWritesDoNotDepend) {
  EXPECT_EQ(WhyFor("BEGIN ISOLATION LEVEL SERIALIZABLE; UPDATE t SET id = 2 WHERE id = 1;"), "");
  EXPECT_EQ(WhyFor("SET LOCAL lock_timeout = '1s'; SELECT * FROM t FOR UPDATE;"), "");
  EXPECT_EQ(WhyFor("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ;"), "");
  EXPECT_EQ(WhyFor("SELECT pg_advisory_xact_lock(1); NOTIFY c;"), "");
}

TEST(SpecIndependence, SessionStateKeepsPermutationsInOrder) {
  EXPECT_EQ(WhyFor("SET lock_timeout = '1s';"), "s1's step a runs SET");
  EXPECT_EQ(WhyFor("RESET ALL;"), "s1's step a runs RESET");
  EXPECT_EQ(WhyFor("PREPARE TRANSACTION 'x';"), "s1's step a runs PREPARE");
  EXPECT_EQ(WhyFor("LISTEN c;"), "s1's step a uses LISTEN");
  EXPECT_EQ(WhyFor("SELECT pg_advisory_lock(1);"), "s1's step a uses PG_ADVISORY_LOCK");
  EXPECT_EQ(WhyFor("CREATE TEMP TABLE x (a int);"), "s1's step a uses TEMP");
  EXPECT_EQ(WhyFor("SELECT set_config('x.y', '1', false);"), "s1's step a uses SET_CONFIG");
  EXPECT_EQ(WhyFor("BEGIN ISOLATION LEVEL SERIALIZABLE, READ ONLY, DEFERRABLE;"),
            "s1's step a uses DEFERRABLE");
}

TEST(SpecIndependence, ClusterWideStateKeepsPermutationsInOrder) {
  EXPECT_EQ(WhyFor("SELECT * FROM pg_locks;"), "s1's step a uses PG_LOCKS");
  EXPECT_EQ(WhyFor("SELECT count(*) FROM pg_stat_activity;"), "s1's step a uses PG_STAT_ACTIVITY");
  EXPECT_EQ(WhyFor("COMMIT PREPARED 'x';"), "s1's step a uses PREPARED");
  EXPECT_EQ(WhyFor("CREATE ROLE r;"), "s1's step a uses ROLE");
  EXPECT_EQ(WhyFor("VACUUM t;"), "s1's step a uses VACUUM");
}

TEST(SpecIndependence, FunctionBodiesAndTriggersAreRead) {
  const char* text = R"spec(
setup {
  CREATE TABLE t (id int PRIMARY KEY, r int REFERENCES t DEFERRABLE INITIALLY DEFERRED);
  CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RETURN NEW; END $$;
  CREATE TRIGGER g BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION f();
}
teardown { DROP TABLE t; DROP FUNCTION f(); }
session s1
step a { INSERT INTO t VALUES (1, NULL); }
)spec";
  EXPECT_EQ(WhyPermutationsDepend(ParseSpecText(text, "x.spec")), "");
  const char* dynamic = R"spec(
setup {
  CREATE FUNCTION f() RETURNS void LANGUAGE plpgsql AS $$
    BEGIN EXECUTE 'SET work_mem = 100'; END $$;
}
teardown { DROP FUNCTION f(); }
session s1
step a { SELECT f(); }
)spec";
  EXPECT_EQ(WhyPermutationsDepend(ParseSpecText(dynamic, "x.spec")), "the setup uses EXECUTE");
}

TEST(SpecIndependence, TheFingerprintSeesObjectsAndRows) {
  std::unique_ptr<ScratchDatabase> scratch = testing::SharedTarget().CreateScratch();
  std::unique_ptr<ControlConnection> control = scratch->ConnectControl({"x", {}, true});
  const DatabaseObjects before = ReadDatabaseObjects(*control);
  EXPECT_EQ(before.data_holders, 0) << before.fingerprint;

  ASSERT_FALSE(control->Execute("CREATE TABLE t (id serial PRIMARY KEY)").error);
  const DatabaseObjects with_table = ReadDatabaseObjects(*control);
  EXPECT_NE(with_table.fingerprint, before.fingerprint);
  EXPECT_EQ(with_table.data_holders, 2) << with_table.fingerprint;  // the table, its sequence
  ASSERT_FALSE(control->Execute("DROP TABLE t").error);
  EXPECT_EQ(ReadDatabaseObjects(*control).fingerprint, before.fingerprint);

  ASSERT_FALSE(
      control->Execute("CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 1'").error);
  const DatabaseObjects with_function = ReadDatabaseObjects(*control);
  ASSERT_FALSE(
      control->Execute("CREATE OR REPLACE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 2'")
          .error);
  EXPECT_NE(ReadDatabaseObjects(*control).fingerprint, with_function.fingerprint);
  ASSERT_FALSE(control->Execute("GRANT CREATE ON SCHEMA public TO PUBLIC").error);
  ASSERT_FALSE(control->Execute("DROP FUNCTION f()").error);
  EXPECT_NE(ReadDatabaseObjects(*control).fingerprint, before.fingerprint);
}

TEST(SpecIndependence, ASessionInATransactionIsNotIdle) {
  std::unique_ptr<ScratchDatabase> scratch = testing::SharedTarget().CreateScratch();
  std::unique_ptr<ControlConnection> control = scratch->ConnectControl({"x", {}, true});
  std::unique_ptr<ClientConnection> a = scratch->ConnectClient({"a", {}, true});
  std::unique_ptr<ClientConnection> b = scratch->ConnectClient({"b", {}, true});
  EXPECT_TRUE(SessionsIdle(*control, {a->backend_id(), b->backend_id()}));
  ASSERT_FALSE(b->Execute("BEGIN").error);
  EXPECT_FALSE(SessionsIdle(*control, {a->backend_id(), b->backend_id()}));
  ASSERT_TRUE(b->Execute("SELECT 1/0").error.has_value());
  EXPECT_FALSE(SessionsIdle(*control, {a->backend_id(), b->backend_id()}));
  ASSERT_FALSE(b->Execute("ROLLBACK").error);
  EXPECT_TRUE(SessionsIdle(*control, {a->backend_id(), b->backend_id()}));
  EXPECT_FALSE(SessionsIdle(*control, {a->backend_id(), -1}));
}

}  // namespace
}  // namespace interleave
