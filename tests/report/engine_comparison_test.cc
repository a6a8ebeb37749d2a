// The engines side by side (report/engine_comparison.h) and the column
// headers that name the engine and version, on sample traces: the table has
// a column per engine headed by its version, each cell says what that engine
// did (an abort with its SQLSTATE, and MariaDB's error number), and the line
// under it names the variants where the engines differ.
#include "report/engine_comparison.h"

#include <gtest/gtest.h>

#include "report/text_printer.h"
#include "tests/sample_traces.h"

namespace interleave {
namespace {

using sample::Result;

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(EngineComparisonTest, HeadersNameTheEngineAndVersionWithTheLevel) {
  Scenario scenario = sample::LostUpdateScenario();
  Trace trace = sample::RepeatableReadTrace(false);
  trace.engine = EngineKind::kMariaDb;
  trace.server_version = "10.11.14";
  std::string text = FormatRunText(scenario, {Result(scenario, trace, nullptr)}, TextOptions{});
  // One server for the whole report is named once, above the variants.
  EXPECT_TRUE(Contains(text, "\nServer: MariaDB 10.11.14\n")) << text;
  EXPECT_TRUE(Contains(text, "alex (REPEATABLE READ)")) << text;
  // Variants on two servers: each header names its own.
  Trace other = trace;
  other.engine = EngineKind::kPostgreSql;
  other.server_version = "15.18";
  text =
      FormatRunText(scenario, {Result(scenario, trace, nullptr), Result(scenario, other, nullptr)},
                    TextOptions{});
  EXPECT_TRUE(Contains(text, "alex (MariaDB 10.11.14, REPEATABLE READ)")) << text;
  EXPECT_TRUE(Contains(text, "alex (PostgreSQL 15.18, REPEATABLE READ)")) << text;
  // A trace made without a server names only the level, as before.
  trace.server_version.clear();
  text = FormatRunText(scenario, {Result(scenario, trace, nullptr)}, TextOptions{});
  EXPECT_TRUE(Contains(text, "alex (REPEATABLE READ)")) << text;
}

TEST(EngineComparisonTest, TableSaysWhatEachEngineDidAndWhereTheyDiffer) {
  Scenario scenario = sample::LostUpdateScenario();
  const Variant* repeatable = &scenario.variants[1];
  Trace aborted = sample::RepeatableReadTrace(true);  // robin's retry keeps both raises
  aborted.server_version = "15.18";
  Trace overwrote = sample::BaselineTrace();
  overwrote.variant = "repeatable-read";
  overwrote.engine = EngineKind::kMariaDb;
  overwrote.server_version = "10.11.14";
  EngineRun pg{EngineKind::kPostgreSql,
               "15.18",
               "private server (PostgreSQL 15.18)",
               &scenario,
               {Result(scenario, aborted, repeatable)}};
  EngineRun maria{EngineKind::kMariaDb,
                  "10.11.14",
                  "private server (MariaDB 10.11.14)",
                  &scenario,
                  {Result(scenario, overwrote, repeatable)}};
  std::string text = FormatEngineComparison({pg, maria}, 400, false, true);
  EXPECT_TRUE(Contains(text, "PostgreSQL 15.18")) << text;
  EXPECT_TRUE(Contains(text, "MariaDB 10.11.14")) << text;
  EXPECT_TRUE(Contains(text, "robin aborted at b3 (40001), retried")) << text;
  EXPECT_TRUE(Contains(text, "both_raises_kept 40 x")) << text;
  EXPECT_TRUE(Contains(text, "(expected prevented-by-abort)")) << text;
  EXPECT_TRUE(Contains(text,
                       "The engines differ on repeatable-read (PostgreSQL prevented-by-abort, "
                       "MariaDB anomaly)"))
      << text;
  EXPECT_EQ(FormatEngineComparison({pg}, 100, false), "");
}

TEST(EngineComparisonTest, MariaDbErrorsCarryTheirOwnNumber) {
  Scenario scenario = sample::LostUpdateScenario();
  Trace trace = sample::RepeatableReadTrace(false);
  trace.engine = EngineKind::kMariaDb;
  for (StepTrace& step : trace.steps)
    if (step.error) step.error->detail = "1020";
  std::string text = EngineOutcomeText(Result(scenario, trace, nullptr), true);
  EXPECT_TRUE(Contains(text, "(40001, error 1020)")) << text;
}

}  // namespace
}  // namespace interleave
