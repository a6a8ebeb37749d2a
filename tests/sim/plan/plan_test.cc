// Tests of MakePlan and friends (sim/plan.h): applying a variant to a scenario
// and laying out an interleaving. No database.
#include "sim/plan/plan.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "sim/parse/toml_parser.h"

namespace interleave {
namespace {

const char kScenario[] = R"toml(title = "Lost update"
anomaly = "lost update (P4)"
story = "Two co-owners edit the same coupon."
setup = "CREATE TABLE coupons (id int PRIMARY KEY, price int)"

[[clients]]
name = "alex"
isolation = "read committed"
retry = { on = ["40001"], max_attempts = 2 }
  [[clients.steps]]
  name = "a1"
  sql = "BEGIN"
  [[clients.steps]]
  name = "a2"
  sql = "SELECT price FROM coupons WHERE id = 1"
  note = "reads 50"
  [[clients.steps]]
  name = "a3"
  sql = "UPDATE coupons SET price = 40 WHERE id = 1; COMMIT"
  if_found = "a2"

[[clients]]
name = "robin"
  [[clients.steps]]
  name = "r1"
  sql = "BEGIN"
  [[clients.steps]]
  name = "r2"
  sql = "UPDATE coupons SET price = 30 WHERE id = 1; COMMIT"

[[schedules]]
name = "interleaved"
steps = "a1 r1 a2 r2 a3"

[[variants]]
name = "baseline"

[[variants]]
name = "for-update"
isolation = "serializable"
client_isolation = { robin = "rc" }
setup = "ALTER TABLE coupons ADD CHECK (price > 0)"
retry = { robin = { on = ["40P01"], max_attempts = 3 } }
  [variants.replace]
  a2 = "SELECT price FROM coupons WHERE id = 1 FOR UPDATE"
  a3 = { note = "writes" }
  [[variants.add]]
  client = "alex"
  after = "a1"
  name = "a1x"
  sql = "SET LOCAL lock_timeout = '1s'"
  [[variants.add]]
  client = "robin"
  name = "r0"
  sql = "SELECT 0"
  [[variants.add]]
  client = "alex"
  after = "a1"
  name = "a1y"
  sql = "SELECT 1"
  [[variants.add]]
  client = "robin"
  after = "r0"
  name = "r0b"
  sql = "SELECT 2"
  [[variants.add]]
  client = "alex"
  after = "a3"
  name = "a4"
  sql = "SELECT 4"

[[variants]]
name = "alex-rr"
client_isolation = { alex = "repeatable read" }

[[checks]]
name = "price kept"
sql = "SELECT price = 30 FROM coupons"
explain = "An edit was lost."
)toml";

std::vector<std::string> OrderNames(const Plan& plan) {
  std::vector<std::string> names;
  for (const PlannedStep& step : plan.order) names.push_back(step.step.name);
  return names;
}

class PlanTest : public ::testing::Test {
 protected:
  PlanTest() : scenario_(ParseScenarioText(kScenario, "plan.toml")) {}
  const Variant* Named(const std::string& name) { return FindVariant(scenario_, name); }
  Scenario scenario_;
};

TEST_F(PlanTest, BaselineIsTheScenarioAsWritten) {
  const Plan plan = MakePlan(scenario_, nullptr, scenario_.schedules[0]);
  EXPECT_EQ(plan.scenario, &scenario_);
  EXPECT_EQ(plan.variant, "baseline");
  EXPECT_EQ(plan.schedule, "interleaved");
  EXPECT_EQ(plan.setup_sql, scenario_.setup_sql);
  EXPECT_EQ(OrderNames(plan), (std::vector<std::string>{"a1", "r1", "a2", "r2", "a3"}));
  EXPECT_EQ(plan.order[1].client, 1);
  EXPECT_EQ(plan.order[4].client, 0);
  EXPECT_EQ(plan.order[4].step.if_found, "a2");
  EXPECT_EQ(plan.order[2].entry.step, "a2");
  EXPECT_EQ(plan.order[2].entry.pos.ToString(), "plan.toml:33:16");
  EXPECT_EQ(plan.isolation,
            (std::vector<Isolation>{Isolation::kReadCommitted, Isolation::kDefault}));
  EXPECT_EQ(plan.clients[0].retry.max_attempts, 2);
  ASSERT_EQ(plan.checks.size(), 1u);
  EXPECT_EQ(plan.checks[0].name, "price kept");
  EXPECT_EQ(ClientStepNames(plan),
            (std::vector<std::vector<std::string>>{{"a1", "a2", "a3"}, {"r1", "r2"}}));
}

TEST_F(PlanTest, ReplacedStepsKeepTheirNameAndPlace) {
  const Plan plan = MakePlan(scenario_, Named("for-update"), scenario_.schedules[0]);
  const std::vector<std::string> order = OrderNames(plan);
  const auto a2 = std::find(order.begin(), order.end(), "a2") - order.begin();
  EXPECT_EQ(plan.order[a2].step.sql, "SELECT price FROM coupons WHERE id = 1 FOR UPDATE");
  EXPECT_EQ(plan.order[a2].step.note, "");  // the string form drops the old SQL's note
  EXPECT_EQ(plan.order[a2].entry.step, "a2");
  EXPECT_EQ(plan.clients[0].steps[3].name, "a2");
  EXPECT_EQ(plan.clients[0].steps[3].sql, "SELECT price FROM coupons WHERE id = 1 FOR UPDATE");
  // A table replacement changes only the fields it gives.
  EXPECT_EQ(plan.clients[0].steps[4].name, "a3");
  EXPECT_EQ(plan.clients[0].steps[4].note, "writes");
  EXPECT_EQ(plan.clients[0].steps[4].sql, "UPDATE coupons SET price = 40 WHERE id = 1; COMMIT");
  EXPECT_EQ(plan.clients[0].steps[4].if_found, "a2");
  // The scenario itself is unchanged.
  EXPECT_EQ(scenario_.clients[0].steps[1].sql, "SELECT price FROM coupons WHERE id = 1");
}

TEST_F(PlanTest, AddedStepsRunRightAfterTheirAnchor) {
  const Plan plan = MakePlan(scenario_, Named("for-update"), scenario_.schedules[0]);
  // a1x and a1y follow a1 in declaration order; r0 (no `after`) comes right
  // before robin's first step, and r0b after r0; a4 after a3.
  EXPECT_EQ(OrderNames(plan), (std::vector<std::string>{"a1", "a1x", "a1y", "r0", "r0b", "r1", "a2",
                                                        "r2", "a3", "a4"}));
  EXPECT_EQ(ClientStepNames(plan),
            (std::vector<std::vector<std::string>>{{"a1", "a1x", "a1y", "a2", "a3", "a4"},
                                                   {"r0", "r0b", "r1", "r2"}}));
  EXPECT_EQ(plan.order[1].client, 0);
  EXPECT_EQ(plan.order[1].step.sql, "SET LOCAL lock_timeout = '1s'");
  EXPECT_EQ(plan.order[1].entry.step, "a1x");
  EXPECT_EQ(plan.order[1].entry.pos.line, plan.order[1].step.pos.line);
  EXPECT_EQ(plan.order[3].client, 1);
  EXPECT_EQ(plan.order[3].step.name, "r0");
}

TEST_F(PlanTest, StepsAddedBeforeTheFirstStepFollowTheScheduleOfThatClient) {
  // Robin first: r0 still runs right before r1.
  Schedule schedule;
  schedule.name = "robin-first";
  for (const char* name : {"r1", "r2", "a1", "a2", "a3"}) {
    ScheduleEntry entry;
    entry.step = name;
    schedule.entries.push_back(entry);
  }
  const Plan plan = MakePlan(scenario_, Named("for-update"), schedule);
  EXPECT_EQ(plan.schedule, "robin-first");
  EXPECT_EQ(OrderNames(plan), (std::vector<std::string>{"r0", "r0b", "r1", "r2", "a1", "a1x", "a1y",
                                                        "a2", "a3", "a4"}));
}

TEST_F(PlanTest, IsolationPrecedence) {
  // client_isolation, then the variant's isolation, then the client's own.
  Plan plan = MakePlan(scenario_, Named("for-update"), scenario_.schedules[0]);
  EXPECT_EQ(plan.isolation,
            (std::vector<Isolation>{Isolation::kSerializable, Isolation::kReadCommitted}));
  EXPECT_EQ(plan.clients[0].isolation, Isolation::kSerializable);

  plan = MakePlan(scenario_, Named("alex-rr"), scenario_.schedules[0]);
  EXPECT_EQ(plan.isolation,
            (std::vector<Isolation>{Isolation::kRepeatableRead, Isolation::kDefault}));

  plan = MakePlan(scenario_, Named("baseline"), scenario_.schedules[0]);
  EXPECT_EQ(plan.variant, "baseline");
  EXPECT_EQ(plan.isolation,
            (std::vector<Isolation>{Isolation::kReadCommitted, Isolation::kDefault}));
}

TEST_F(PlanTest, RetryAndSetupFromTheVariant) {
  const Plan plan = MakePlan(scenario_, Named("for-update"), scenario_.schedules[0]);
  EXPECT_EQ(plan.clients[0].retry.sqlstates, std::vector<std::string>{"40001"});  // its own
  EXPECT_EQ(plan.clients[0].retry.max_attempts, 2);
  EXPECT_EQ(plan.clients[1].retry.sqlstates, std::vector<std::string>{"40P01"});  // variant's
  EXPECT_EQ(plan.clients[1].retry.max_attempts, 3);
  EXPECT_EQ(plan.setup_sql,
            (std::vector<std::string>{"CREATE TABLE coupons (id int PRIMARY KEY, price int)",
                                      "ALTER TABLE coupons ADD CHECK (price > 0)"}));
}

TEST_F(PlanTest, FindVariantAndVariantsToRun) {
  EXPECT_EQ(Named("alex-rr"), &scenario_.variants[2]);
  EXPECT_EQ(Named("baseline"), &scenario_.variants[0]);
  EXPECT_EQ(VariantsToRun(scenario_),
            (std::vector<const Variant*>{&scenario_.variants[0], &scenario_.variants[1],
                                         &scenario_.variants[2]}));
  try {
    FindVariant(scenario_, "nolock");
    FAIL() << "no error";
  } catch (const InputError& error) {
    EXPECT_EQ(std::string(error.what()),
              "plan.toml: error: unknown variant \"nolock\"; variants of this scenario are "
              "\"baseline\", \"for-update\", \"alex-rr\"");
  }
  try {
    FindVariant(scenario_, "");
    FAIL() << "no error";
  } catch (const InputError& error) {
    EXPECT_EQ(std::string(error.what()),
              "plan.toml: error: no variant given; variants of this scenario are \"baseline\", "
              "\"for-update\", \"alex-rr\"");
  }

  Scenario plain = scenario_;
  plain.variants.clear();
  EXPECT_EQ(FindVariant(plain, ""), nullptr);
  EXPECT_EQ(FindVariant(plain, "baseline"), nullptr);
  EXPECT_EQ(VariantsToRun(plain), std::vector<const Variant*>{nullptr});
  try {
    FindVariant(plain, "for-update");
    FAIL() << "no error";
  } catch (const InputError& error) {
    EXPECT_EQ(std::string(error.what()),
              "plan.toml: error: unknown variant \"for-update\"; this scenario declares no "
              "variants (only \"baseline\")");
  }
}

TEST_F(PlanTest, ErrorsForPlansThatDoNotFit) {
  Schedule schedule = scenario_.schedules[0];
  schedule.entries[2].step = "zz";
  try {
    MakePlan(scenario_, nullptr, schedule);
    FAIL() << "no error";
  } catch (const InputError& error) {
    EXPECT_EQ(std::string(error.what()),
              "plan.toml:33:16: error: unknown step \"zz\" in schedule \"interleaved\"; client "
              "steps are a1, a2, a3, r1, r2");
  }

  schedule = scenario_.schedules[0];
  ScheduleEntry added;
  added.step = "a1x";
  schedule.entries.push_back(added);
  schedule.pos = SourcePos{"plan.toml", 35, 1};
  try {
    MakePlan(scenario_, Named("for-update"), schedule);
    FAIL() << "no error";
  } catch (const InputError& error) {
    EXPECT_EQ(std::string(error.what()),
              "plan.toml:35:1: error: schedule \"interleaved\" names step \"a1x\", which variant "
              "\"for-update\" adds; schedules list only the scenario's own steps (added steps "
              "run right after their `after` step)");
  }

  Variant bad;
  bad.name = "bad";
  bad.pos = SourcePos{"plan.toml", 90, 1};
  bad.replace_steps["a9"] = Step{};
  try {
    MakePlan(scenario_, &bad, scenario_.schedules[0]);
    FAIL() << "no error";
  } catch (const InputError& error) {
    EXPECT_EQ(std::string(error.what()),
              "plan.toml:90:1: error: variant \"bad\" replaces unknown step \"a9\"; client steps "
              "are a1, a2, a3, r1, r2");
  }

  bad.replace_steps.clear();
  Variant::AddedStep add;
  add.client = "alex";
  add.after = "r1";
  add.step.name = "n";
  add.step.sql = "SELECT 1";
  bad.add_steps.push_back(add);
  try {
    MakePlan(scenario_, &bad, scenario_.schedules[0]);
    FAIL() << "no error";
  } catch (const InputError& error) {
    EXPECT_EQ(std::string(error.what()),
              "plan.toml:90:1: error: variant \"bad\" adds step \"n\" after \"r1\", which is not "
              "a step of client alex; expected one of a1, a2, a3");
  }
}

TEST(PlanSpecTest, MarkersAndRepeatedStepsAreKept) {
  // Spec scenarios: no TOML schedules; the caller makes one, which may name a
  // step twice or leave one out, and carries isolationtester's markers.
  Scenario spec;
  spec.path = "x.spec";
  spec.is_isolation_spec = true;
  for (const char* name : {"s1", "s2"}) {
    Client client;
    client.name = name;
    Step a;
    a.name = std::string(name) + "a";
    a.sql = "SELECT 1";
    Step b = a;
    b.name = std::string(name) + "b";
    client.steps = {a, b};
    spec.clients.push_back(client);
  }
  Schedule schedule;
  schedule.name = "s1a s2a(*) s1a s2b(s1a)";
  for (const char* name : {"s1a", "s2a", "s1a", "s2b"}) {
    ScheduleEntry entry;
    entry.step = name;
    schedule.entries.push_back(entry);
  }
  schedule.entries[1].report_waiting_at_once = true;
  schedule.entries[3].wait_for_steps = {"s1a"};
  schedule.entries[3].notice_blockers.push_back({"s1a", 2});
  const Plan plan = MakePlan(spec, FindVariant(spec, ""), schedule);
  EXPECT_EQ(OrderNames(plan), (std::vector<std::string>{"s1a", "s2a", "s1a", "s2b"}));
  EXPECT_TRUE(plan.order[1].entry.report_waiting_at_once);
  EXPECT_EQ(plan.order[3].entry.wait_for_steps, std::vector<std::string>{"s1a"});
  ASSERT_EQ(plan.order[3].entry.notice_blockers.size(), 1u);
  EXPECT_EQ(plan.order[3].entry.notice_blockers[0].notices, 2);
  EXPECT_EQ(plan.order[3].client, 1);
  EXPECT_EQ(plan.isolation, (std::vector<Isolation>{Isolation::kDefault, Isolation::kDefault}));
}

}  // namespace
}  // namespace interleave
