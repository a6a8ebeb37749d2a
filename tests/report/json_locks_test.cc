// The "locks" field of each step in the JSON of a run: one object per lock
// ({client, mode, table, row, granted, scope, waits_for, words}) when locks
// were captured (a real PostgreSQL run with RunOptions::capture_locks), and
// no field when they were not.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "report/json_printer.h"
#include "sim/run/run.h"
#include "tests/test_support.h"

namespace interleave {
namespace {

const char* kForUpdate = R"toml(
title = "two locking reads"
anomaly = "none"
story = "both lock the same row"
setup = "CREATE TABLE users (id int PRIMARY KEY, peepcoins int); INSERT INTO users VALUES (1, 100);"
[[clients]]
name = "phone"
steps = [ { name = "p1", sql = "BEGIN" },
          { name = "p2", sql = "SELECT peepcoins FROM users WHERE id = 1 FOR UPDATE" },
          { name = "p3", sql = "COMMIT" } ]
[[clients]]
name = "laptop"
steps = [ { name = "l1", sql = "BEGIN" },
          { name = "l2", sql = "SELECT peepcoins FROM users WHERE id = 1 FOR UPDATE" },
          { name = "l3", sql = "COMMIT" } ]
[[schedules]]
name = "both lock"
steps = "p1 l1 p2 l2 p3 l3"
)toml";

nlohmann::json StepsOf(bool capture) {
  Scenario scenario = testing::ScenarioFromToml(kForUpdate);
  RunOptions options;
  options.capture_locks = capture;
  std::vector<VariantResult> results = RunScenario(scenario, testing::SharedTarget(), options);
  nlohmann::json document = nlohmann::json::parse(FormatRunJson(scenario, results));
  return document["variants"][0]["trace"]["steps"];
}

TEST(JsonLocksTest, EachStepListsTheLocksWithTheirHolderAndWaits) {
  nlohmann::json steps = StepsOf(true);
  nlohmann::json l2;
  for (const auto& step : steps) {
    ASSERT_TRUE(step.contains("locks")) << step["step"];
    if (step["step"] == "l2") l2 = step;
  }
  ASSERT_TRUE(l2.is_object());
  ASSERT_TRUE(l2["blocked"].get<bool>());
  bool held = false, waits = false;
  for (const auto& lock : l2["locks"]) {
    if (lock["client"] == "phone" && lock["scope"] == "row") {
      held = true;
      EXPECT_EQ(lock["mode"], "FOR UPDATE");
      EXPECT_EQ(lock["table"], "users");
      EXPECT_EQ(lock["row"], "id=1");
      EXPECT_TRUE(lock["granted"].get<bool>());
      EXPECT_FALSE(lock.contains("waits_for"));
      EXPECT_EQ(lock["words"], "holds FOR UPDATE on users id=1");
    }
    if (lock["client"] == "laptop" && !lock["granted"].get<bool>()) {
      waits = true;
      EXPECT_EQ(lock["row"], "id=1");
      EXPECT_EQ(lock["waits_for"], nlohmann::json::array({"phone"}));
      EXPECT_EQ(lock["words"], "waits for phone's lock on users id=1");
    }
    if (lock["scope"] == "table") {
      EXPECT_TRUE(lock["row"].is_null());
    }
  }
  EXPECT_TRUE(held);
  EXPECT_TRUE(waits);
  // After both commits nobody holds anything.
  EXPECT_TRUE(steps.back()["locks"].empty()) << steps.back()["locks"].dump();
}

TEST(JsonLocksTest, NoLocksFieldWhenNotCaptured) {
  for (const auto& step : StepsOf(false)) EXPECT_FALSE(step.contains("locks")) << step["step"];
}

}  // namespace
}  // namespace interleave
