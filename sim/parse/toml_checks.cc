// [[checks]] tables: the invariants checked after each run.
// Thread-safety: see the builder.
#include "sim/parse/toml_scenario_builder.h"

namespace interleave::toml_parse {

namespace {

const std::vector<std::string> kCheckKeys = {"name", "sql", "expect_any", "explain"};

}  // namespace

void ScenarioBuilder::ParseChecks() {
  const toml::node* node = root_.get("checks");
  if (node == nullptr) return;
  const std::vector<const toml::table*> tables = Tables(*node, "checks", "the top level");
  for (size_t i = 0; i < tables.size(); ++i) ParseCheck(*tables[i], static_cast<int>(i));
}

void ScenarioBuilder::ParseCheck(const toml::table& table, int index) {
  std::string what = Describe(table, "check", "[[checks]] #" + std::to_string(index + 1));
  CheckKeys(table, what, kCheckKeys);
  Check check;
  check.pos = src_.Of(table);
  const toml::node& name_node =
      Require(table, "name", what, "a string: what the check asserts, e.g. \"both edits kept\"");
  check.name = NonEmptyString(name_node, "name", what, "what the check asserts");
  for (const Check& other : scenario_.checks) {
    if (other.name == check.name) {
      Fail(src_.Of(name_node), "duplicate check name " + Quote(check.name) + " (the first is at " +
                                   LineOf(other.pos) +
                                   "); expected each check to have its own name");
    }
  }
  what = "check " + Quote(check.name);
  check.sql = RequiredString(table, "sql", what,
                             "a query returning one row: a boolean, or a value for expect_any");
  if (const toml::node* node = table.get("expect_any")) {
    check.expect_any = StringList(*node, "expect_any", what);
    if (check.expect_any.empty()) {
      Fail(src_.Of(*node), "\"expect_any\" in " + what +
                               " is empty; expected the acceptable results as text, e.g. "
                               "[\"30\", \"40\"], or no expect_any for a boolean query");
    }
  }
  check.explain = RequiredString(table, "explain", what, "the sentence shown when the check fails");
  ForEachStepVariable(table.get("sql"), "the sql of " + what, [&](const StepReference& reference) {
    if (step_owner_.count(reference.step) || added_step_names_.count(reference.step)) return;
    Fail(reference.pos, reference.usage + " names unknown step " + Quote(reference.step) +
                            "; known steps are " + AllStepNames());
  });
  scenario_.checks.push_back(std::move(check));
}

}  // namespace interleave::toml_parse
