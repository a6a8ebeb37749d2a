// An isolation spec that names the reference runner's database,
// isolation_regression, runs in a scratch database of that name; every other
// spec or scenario gets a fresh name.
#include "sim/run/spec_database.h"

#include <gtest/gtest.h>

#include "report/isolation_printer.h"
#include "sim/parse/spec_parser.h"
#include "sim/run/run.h"
#include "tests/test_support.h"

namespace interleave {
namespace {

TEST(SpecDatabaseTest, OnlyASpecThatNamesTheSuitesDatabaseAsAWordGetsIt) {
  Scenario names = ParseSpecText(R"spec(
session s1
step g { GRANT TEMP ON DATABASE Isolation_Regression TO PUBLIC; }
permutation g
)spec",
                                 "names.spec");
  EXPECT_EQ(SpecDatabaseName(names), "isolation_regression");
  Scenario longer = ParseSpecText(R"spec(
setup { CREATE TABLE isolation_regression_log (id int); }
session s1
step r { SELECT * FROM isolation_regression_log; }
permutation r
)spec",
                                  "longer.spec");
  EXPECT_EQ(SpecDatabaseName(longer), "");
  Scenario toml = testing::ScenarioFromToml(R"toml(
title = "mentions"
anomaly = "none"
story = "a scenario, not a spec"
setup = "CREATE TABLE t (id int)"
[[clients]]
name = "a"
steps = [ { name = "a1", sql = "SELECT 'isolation_regression'" } ]
[[clients]]
name = "b"
steps = [ { name = "b1", sql = "SELECT 1" } ]
[[schedules]]
name = "s"
steps = "a1 b1"
)toml");
  EXPECT_EQ(SpecDatabaseName(toml), "");
}

TEST(SpecDatabaseTest, ASpecThatNamesItRunsInADatabaseOfThatName) {
  Scenario spec = ParseSpecText(R"spec(
setup { CREATE TABLE seen (db name); }
teardown { DROP TABLE seen; }
session s1
step grant { GRANT TEMP ON DATABASE isolation_regression TO PUBLIC; }
step which { SELECT current_database(); }
step revoke { REVOKE TEMP ON DATABASE isolation_regression FROM PUBLIC; }
permutation grant which revoke
)spec",
                                "named.spec");
  RunOptions options;
  options.isolation_spec_settings = true;
  options.spec_name = spec.title;
  std::vector<VariantResult> results = RunScenario(spec, testing::SharedTarget(), options);
  ASSERT_EQ(results.size(), 1u);
  ASSERT_TRUE(results[0].trace.run_error.empty()) << results[0].trace.run_error;
  const std::string output = FormatIsolationRun(spec, {results[0].trace});
  EXPECT_NE(output.find("step which: SELECT current_database();\ncurrent_database    \n"
                        "--------------------\nisolation_regression\n"),
            std::string::npos)
      << output;
  EXPECT_EQ(output.find("ERROR"), std::string::npos) << output;
}

}  // namespace
}  // namespace interleave
