// Tests of the setup snapshot on the real server: which setups it takes,
// that a restored run starts from exactly what the setup made (rows,
// identity and sequence values, setup's returned rows) and is judged and
// explained as the first, and that any DDL since the snapshot, or a setup it
// cannot prove restorable, gets the full reset.
#include "sim/run/setup_snapshot.h"

#include <gtest/gtest.h>

#include "sim/parse/toml_parser.h"
#include "sim/plan/interleavings.h"
#include "sim/plan/plan.h"
#include "sim/run/run_connections.h"
#include "sim/run/variant_runner.h"
#include "tests/test_support.h"

namespace interleave {
namespace {

// Client a inserts a row (its identity value is what the sequence gives),
// takes a value of a standalone sequence and reads the table; b adds a
// column when its step says so (the "ddl" variant).
const char* kTickets = R"toml(
title = "tickets"
anomaly = "none"
story = "identity values and sequences after a restore"
setup = """
CREATE TABLE tickets (id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY, n int NOT NULL,
                      twice int GENERATED ALWAYS AS (2 * n) STORED);
CREATE SEQUENCE numbers START 100;
CREATE TABLE owners (id int PRIMARY KEY, ticket int REFERENCES tickets (id));
INSERT INTO tickets (n) VALUES (1), (2);
INSERT INTO owners VALUES (1, 2);
"""

[[clients]]
name = "a"
steps = [ { name = "a1", sql = "INSERT INTO tickets (n) VALUES (5) RETURNING id, twice" },
          { name = "a2", sql = "SELECT nextval('numbers')" },
          { name = "a3", sql = "SELECT string_agg(id || ':' || n, ',' ORDER BY id) FROM tickets" } ]

[[clients]]
name = "b"
steps = [ { name = "b1", sql = "SELECT count(*) FROM owners" } ]

[[schedules]]
name = "in order"
steps = "a1 a2 a3 b1"

[[variants]]
name = "ddl"
  [variants.replace]
  b1 = "ALTER TABLE owners ADD COLUMN note text"
)toml";

std::string Value(const Trace& trace, size_t step) {
  const StepTrace& done = trace.steps.at(step);
  if (done.error || done.results.empty() || done.results.back().rows.empty()) return "(none)";
  return done.results.back().rows[0][0].value_or("NULL");
}

TEST(SetupSnapshotTest, TakesOnlySetupsItCanProveRestorable) {
  EXPECT_NE(SetupSnapshot::KeyOf({"CREATE TABLE t (id int PRIMARY KEY); INSERT INTO t VALUES (1)",
                                  "CREATE UNIQUE INDEX ON t (id); ALTER TABLE t ADD COLUMN n int",
                                  "CREATE SEQUENCE s; CREATE VIEW v AS SELECT * FROM t"},
                                 ""),
            "");
  EXPECT_NE(SetupSnapshot::KeyOf({"INSERT INTO t VALUES (1) ON CONFLICT DO NOTHING"}, ""), "");
  // Rows moved after insertion, code that runs on writes, session state.
  for (const char* setup :
       {"INSERT INTO t VALUES (1); UPDATE t SET id = 2", "DELETE FROM t",
        "INSERT INTO t VALUES (1) ON CONFLICT (id) DO UPDATE SET id = 3",
        "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 1'",
        "CREATE TRIGGER x AFTER INSERT ON t FOR EACH ROW EXECUTE FUNCTION f()",
        "CREATE RULE r AS ON INSERT TO t DO INSTEAD NOTHING", "CREATE TEMP TABLE t (id int)",
        "SET search_path = x", "SELECT setval('s', 5)", "CREATE MATERIALIZED VIEW m AS SELECT 1"}) {
    EXPECT_EQ(SetupSnapshot::KeyOf({setup}, ""), "") << setup;
  }
  // The same setup with other extras is another snapshot.
  EXPECT_NE(SetupSnapshot::KeyOf({"CREATE TABLE t (id int)"}, "a"),
            SetupSnapshot::KeyOf({"CREATE TABLE t (id int)"}, "b"));
}

TEST(SetupSnapshotTest, ARestoredRunStartsFromWhatTheSetupMade) {
  Scenario scenario = testing::ScenarioFromToml(kTickets);
  const Plan plan = MakePlan(scenario, nullptr, scenario.schedules[0]);
  VariantRunner runner(testing::SharedTarget(), scenario, RunOptions{});
  SetupSnapshot& snapshot = runner.connections().setup_snapshot();
  std::vector<VariantResult> results;
  for (int run = 0; run < 3; ++run) results.push_back(runner.RunPlan(plan));
  EXPECT_EQ(snapshot.full_resets(), 1);
  EXPECT_EQ(snapshot.restored(), 2);
  for (const VariantResult& result : results) {
    SCOPED_TRACE(&result - &results[0]);
    ASSERT_TRUE(result.trace.run_error.empty()) << result.trace.run_error;
    ASSERT_FALSE(result.trace.setup_error.has_value()) << result.trace.setup_error->message;
    EXPECT_EQ(Value(result.trace, 0), "3");  // the identity's next value, as after setup
    EXPECT_EQ(result.trace.steps[0].results.back().rows[0][1].value_or(""), "10");
    EXPECT_EQ(Value(result.trace, 1), "100");  // the sequence as setup left it
    EXPECT_EQ(Value(result.trace, 2), "1:1,2:2,3:5");
    EXPECT_EQ(Value(result.trace, 3), "1");
    ASSERT_EQ(result.trace.initial_state.size(), results[0].trace.initial_state.size());
    for (size_t t = 0; t < result.trace.initial_state.size(); ++t)
      EXPECT_EQ(result.trace.initial_state[t].contents.rows,
                results[0].trace.initial_state[t].contents.rows);
    // Explained as the first run: the write triggers were kept with the tables.
    EXPECT_TRUE(result.trace.explained) << result.trace.explain_note;
    EXPECT_EQ(result.trace.history.writes.size(), results[0].trace.history.writes.size());
    EXPECT_EQ(result.verdict.Name(), results[0].verdict.Name());
  }
  EXPECT_EQ(results[0].trace.history.writes.size(), 1u);
}

TEST(SetupSnapshotTest, EveryVariantOfALostUpdateAfterTheFirstRunIsRestored) {
  const Scenario scenario =
      ParseScenarioFile(testing::SourceDir() + "/scenarios/peakpeeps/peepcoin_lost_update.toml");
  const std::vector<Schedule> orders = AllInterleavings(scenario);
  RunOptions options;
  options.capture_state = false;  // as `interleave explore` runs
  VariantRunner runner(testing::SharedTarget(), scenario, options);
  int runs = 0;
  for (const Variant* variant : VariantsToRun(scenario)) {
    for (size_t i = 0; i < orders.size(); i += 23) {
      VariantResult result = runner.RunPlan(MakePlan(scenario, variant, orders[i]));
      ++runs;
      EXPECT_TRUE(result.trace.run_error.empty()) << result.trace.run_error;
      EXPECT_TRUE(result.trace.explained) << variant->name << ": " << result.trace.explain_note;
    }
  }
  SetupSnapshot& snapshot = runner.connections().setup_snapshot();
  EXPECT_EQ(snapshot.full_resets(), 1);
  EXPECT_EQ(snapshot.restored(), runs - 1);
}

TEST(SetupSnapshotTest, DdlSinceTheSnapshotGetsTheFullReset) {
  Scenario scenario = testing::ScenarioFromToml(kTickets);
  const Plan ddl = MakePlan(scenario, &scenario.variants[0], scenario.schedules[0]);
  VariantRunner runner(testing::SharedTarget(), scenario, RunOptions{});
  SetupSnapshot& snapshot = runner.connections().setup_snapshot();
  for (int run = 0; run < 3; ++run) {
    VariantResult result = runner.RunPlan(ddl);
    ASSERT_FALSE(result.trace.setup_error.has_value()) << result.trace.setup_error->message;
    // The column b1 adds did not survive the reset: adding it again works.
    EXPECT_FALSE(result.trace.steps.at(3).error.has_value()) << "run " << run;
    EXPECT_EQ(Value(result.trace, 0), "3");
  }
  EXPECT_EQ(snapshot.restored(), 0);
  EXPECT_EQ(snapshot.full_resets(), 3);
}

TEST(SetupSnapshotTest, ASetupItCannotProveRestorableIsRunEachTime) {
  Scenario scenario = testing::ScenarioFromToml(kTickets);
  scenario.setup_sql.push_back("UPDATE tickets SET n = n + 10 WHERE id = 1");
  const Plan plan = MakePlan(scenario, nullptr, scenario.schedules[0]);
  VariantRunner runner(testing::SharedTarget(), scenario, RunOptions{});
  for (int run = 0; run < 2; ++run) {
    VariantResult result = runner.RunPlan(plan);
    EXPECT_EQ(Value(result.trace, 2), "1:11,2:2,3:5");
  }
  EXPECT_EQ(runner.connections().setup_snapshot().restored(), 0);
  EXPECT_EQ(runner.connections().setup_snapshot().full_resets(), 2);
}

}  // namespace
}  // namespace interleave
