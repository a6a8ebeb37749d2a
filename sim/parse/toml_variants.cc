// [[variants]] tables: the isolation levels, extra setup, expectation and
// retry policies of a fix, its [variants.replace] steps and [[variants.add]]
// steps. Thread-safety: see the builder.
#include <algorithm>

#include "sim/parse/toml_scenario_builder.h"

namespace interleave::toml_parse {

namespace {

const std::vector<std::string> kVariantKeys = {
    "name",   "description", "isolation", "client_isolation", "setup",
    "expect", "why",         "retry",     "replace",          "add"};
const std::vector<std::string> kReplaceKeys = {"sql", "if_empty", "if_found", "if", "note"};
const std::vector<std::string> kAddKeys = {"client",   "after",    "name", "sql",
                                           "if_empty", "if_found", "if",   "note"};

const char kExpectationNames[] =
    "anomaly, prevented, prevented-by-wait, prevented-by-abort, aborted-without-retry, error";

}  // namespace

void ScenarioBuilder::ParseVariants() {
  const toml::node* node = root_.get("variants");
  if (node == nullptr) return;
  const std::vector<const toml::table*> tables = Tables(*node, "variants", "the top level");
  for (size_t i = 0; i < tables.size(); ++i) ParseVariant(*tables[i], static_cast<int>(i));
}

void ScenarioBuilder::ParseVariant(const toml::table& table, int index) {
  std::string what = Describe(table, "variant", "[[variants]] #" + std::to_string(index + 1));
  CheckKeys(table, what, kVariantKeys);
  Variant variant;
  variant.pos = src_.Of(table);
  const toml::node& name_node =
      Require(table, "name", what, "a string: the variant's name, e.g. \"for-update\"");
  variant.name = NonEmptyString(name_node, "name", what, "the variant's name");
  for (const Variant& other : scenario_.variants) {
    if (other.name == variant.name) {
      Fail(src_.Of(name_node), "duplicate variant name " + Quote(variant.name) +
                                   " (the first is at " + LineOf(other.pos) +
                                   "); expected each variant to have its own name");
    }
  }
  what = "variant " + Quote(variant.name);
  variant.description = OptionalString(table, "description", what);
  if (const toml::node* node = table.get("isolation")) {
    variant.isolation = IsolationValue(*node, "isolation", what);
  }
  if (const toml::node* node = table.get("client_isolation")) {
    const toml::table& levels =
        Table(*node, "client_isolation", what, "a table of client name = isolation level");
    for (const auto& [key, value] : Entries(levels)) {
      const std::string client(key->str());
      if (ClientIndex(client) < 0) {
        Fail(src_.Of(*key), "unknown client " + Quote(client) + " in client_isolation of " + what +
                                "; clients are " + ClientNames());
      }
      variant.client_isolation[client] =
          IsolationValue(*value, client, "client_isolation of " + what);
    }
  }
  if (const toml::node* node = table.get("setup")) {
    for (const EngineValue& value : PerEngine(*node, "setup", what)) {
      std::vector<std::string> sql = StringList(*value.node, "setup", what);
      if (value.engine == "postgresql") {
        variant.extra_setup = std::move(sql);
      } else {
        variant.engine_setup[value.engine] = std::move(sql);
      }
    }
  }
  if (const toml::node* node = table.get("expect")) {
    for (const EngineValue& value : PerEngine(*node, "expect", what)) {
      const std::string text = String(*value.node, "expect", what);
      const std::optional<Expectation> expect = ParseExpectation(text);
      if (!expect) {
        Fail(src_.Of(*value.node), "unknown expectation " + Quote(text) + " in " + what +
                                       "; expected one of " + kExpectationNames);
      }
      if (value.engine == "postgresql") {
        variant.expect = expect;
      } else {
        variant.engine_expect[value.engine] = *expect;
      }
    }
  }
  if (const toml::node* node = table.get("why")) {
    for (const EngineValue& value : PerEngine(*node, "why", what)) {
      std::string text = String(*value.node, "why", what);
      if (value.engine == "postgresql") {
        variant.expect_why = std::move(text);
      } else {
        variant.engine_why[value.engine] = std::move(text);
      }
    }
  }
  if (const toml::node* node = table.get("retry")) {
    const toml::table& policies = Table(
        *node, "retry", what, "a table of client name = { on = [\"40001\"], max_attempts = 3 }");
    for (const auto& [key, value] : Entries(policies)) {
      const std::string client(key->str());
      if (ClientIndex(client) < 0) {
        Fail(src_.Of(*key), "unknown client " + Quote(client) + " in retry of " + what +
                                "; clients are " + ClientNames());
      }
      variant.retry[client] = Retry(*value, client, "retry of " + what);
    }
  }

  if (const toml::node* node = table.get("replace")) {
    ParseReplace(Table(*node, "replace", what, "a table of step name = new SQL"), what, &variant);
  }
  if (const toml::node* node = table.get("add")) ParseAdd(*node, what, &variant);
  // The references of the replaced and added steps are checked in the clients
  // as changed, by CheckVariants (sim/plan/variant_check.h).
  scenario_.variants.push_back(std::move(variant));
}

void ScenarioBuilder::ParseReplace(const toml::table& table, const std::string& what,
                                   Variant* variant) {
  for (const auto& [key, value] : Entries(table)) {
    const std::string name(key->str());
    const auto [client, index] = scenario_.FindStep(name);
    if (client < 0) {
      Fail(src_.Of(*key), "unknown step " + Quote(name) + " in replace of " + what +
                              "; client steps are " + AllStepNames());
    }
    Step step = scenario_.clients[client].steps[index];
    StepSource source = step_sources_[client][index];
    step.pos = src_.Of(*value);
    const std::string where = "replace." + name + " of " + what;
    if (value->is_string()) {
      step.sql = NonEmptyString(*value, name, "replace of " + what, "the step's new SQL");
      step.note.clear();  // the note spoke of the SQL replaced
      step.engine_sql.clear();
      source.sql = value;
    } else if (value->is_table()) {
      const toml::table& fields = *value->as_table();
      CheckKeys(fields, where, kReplaceKeys);
      if (fields.empty()) {
        Fail(src_.Of(*value),
             where + " changes nothing; expected at least one of " + Join(kReplaceKeys));
      }
      StepFields(fields, where, /*replace=*/true, &step, &source);
    } else {
      WrongType(*value, name, "replace of " + what,
                "the step's new SQL (a string) or a table like { sql = \"...\", note = \"...\" }");
    }
    KeepReferences(step, source, variant);
    variant->replace_steps[name] = std::move(step);
  }
}

void ScenarioBuilder::ParseAdd(const toml::node& node, const std::string& what, Variant* variant) {
  const std::vector<const toml::table*> tables = Tables(node, "add", what);
  for (size_t i = 0; i < tables.size(); ++i) {
    const toml::table& table = *tables[i];
    std::string where =
        Describe(table, "added step", "[[variants.add]] #" + std::to_string(i + 1)) + " of " + what;
    CheckKeys(table, where, kAddKeys);
    Variant::AddedStep add;
    add.step.pos = src_.Of(table);
    const toml::node& client_node =
        Require(table, "client", where, "a string: the client that runs the new step");
    add.client = String(client_node, "client", where);
    const int client = ClientIndex(add.client);
    if (client < 0) {
      Fail(src_.Of(client_node), "unknown client " + Quote(add.client) + " in " + where +
                                     "; clients are " + ClientNames());
    }
    const toml::node& name = Require(table, "name", where, "a string: a new, unique step name");
    add.step.name = String(name, "name", where);
    if (!IsStepName(add.step.name)) {
      Fail(src_.Of(name), "step name " + Quote(add.step.name) +
                              " is not valid; expected letters, digits, '_' or '-', e.g. \"a1x\"");
    }
    if (step_owner_.count(add.step.name)) {
      const int owner = step_owner_.at(add.step.name);
      Fail(src_.Of(name), "step " + Quote(add.step.name) + " added by " + what +
                              " already exists (a step of client " + scenario_.clients[owner].name +
                              "); expected a new step name");
    }
    for (const Variant::AddedStep& other : variant->add_steps) {
      if (other.step.name == add.step.name) {
        Fail(src_.Of(name), "step " + Quote(add.step.name) + " is added twice by " + what +
                                "; expected a new step name");
      }
    }
    where = "added step " + Quote(add.step.name) + " of " + what;
    if (const toml::node* after = table.get("after")) {
      add.after = String(*after, "after", where);
      std::vector<std::string> own;  // steps of that client it may follow
      for (const Step& step : scenario_.clients[client].steps) own.push_back(step.name);
      for (const Variant::AddedStep& other : variant->add_steps) {
        if (other.client == add.client) own.push_back(other.step.name);
      }
      if (std::find(own.begin(), own.end(), add.after) == own.end()) {
        auto it = step_owner_.find(add.after);
        const std::string problem =
            it != step_owner_.end()
                ? Quote(add.after) + ", a step of client " + scenario_.clients[it->second].name
                : "unknown step " + Quote(add.after);
        Fail(src_.Of(*after), "\"after\" in " + where + " names " + problem +
                                  "; expected a step of client " + add.client + " (" + Join(own) +
                                  "), or no \"after\" to run it before the client's first step");
      }
    }
    StepSource source;
    StepFields(table, where, /*replace=*/false, &add.step, &source);
    KeepReferences(add.step, source, variant);
    added_step_names_.insert(add.step.name);
    variant->add_steps.push_back(std::move(add));
  }
}

void ScenarioBuilder::KeepReferences(const Step& step, const StepSource& source,
                                     Variant* variant) const {
  std::vector<StepReference> references;
  ForEachReference(step, source,
                   [&](const StepReference& reference) { references.push_back(reference); });
  if (!references.empty()) variant->step_references[step.name] = std::move(references);
}

}  // namespace interleave::toml_parse
