// [[clients]] tables: names, isolation, retry policy, session SQL, and their
// [[clients.steps]] with their fields. Thread-safety: see the builder.
#include <algorithm>
#include <cctype>

#include "sim/parse/toml_scenario_builder.h"

namespace interleave::toml_parse {

namespace {

bool IsClientName(const std::string& name) {
  if (name.empty() || std::isdigit(static_cast<unsigned char>(name[0]))) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
  });
}

bool IsSqlstate(const std::string& code) {
  return code.size() == 5 && std::all_of(code.begin(), code.end(), [](char c) {
           return std::isdigit(static_cast<unsigned char>(c)) ||
                  std::isupper(static_cast<unsigned char>(c));
         });
}

// Each client has its own connection (and the recorder one more); the private
// server allows 200.
constexpr size_t kMaxClients = 50;
// PostgreSQL's limit on a name (NAMEDATALEN - 1); client names become
// application names.
constexpr size_t kMaxNameBytes = 63;

const std::vector<std::string> kClientKeys = {"name",  "isolation", "retry",
                                              "setup", "teardown",  "steps"};
const std::vector<std::string> kStepKeys = {"name", "sql", "if_empty", "if_found", "if", "note"};
const std::vector<std::string> kRetryKeys = {"on", "max_attempts"};

}  // namespace

bool IsStepName(const std::string& name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-';
  });
}

void ScenarioBuilder::ParseClients() {
  const toml::node& node =
      Require(root_, "clients", "the top level", "[[clients]] tables, at least two");
  const std::vector<const toml::table*> tables = Tables(node, "clients", "the top level");
  if (tables.size() > kMaxClients) {
    Fail(src_.Of(*tables[kMaxClients]),
         "the scenario has " + std::to_string(tables.size()) + " clients; expected at most " +
             std::to_string(kMaxClients) + " (each client is a connection of its own)");
  }
  for (size_t i = 0; i < tables.size(); ++i) ParseClient(*tables[i], static_cast<int>(i));
  if (scenario_.clients.size() < 2) {
    const std::string has = scenario_.clients.empty()
                                ? "no clients"
                                : "only one client (" + scenario_.clients[0].name + ")";
    Fail(src_.Of(node),
         "the scenario has " + has + "; expected at least two [[clients]], whose steps interleave");
  }
}

void ScenarioBuilder::ParseClient(const toml::table& table, int index) {
  std::string what = Describe(table, "client", "[[clients]] #" + std::to_string(index + 1));
  CheckKeys(table, what, kClientKeys);
  Client client;
  client.pos = src_.Of(table);
  const toml::node& name =
      Require(table, "name", what, "a string: the client's name, e.g. \"alex\"");
  client.name = String(name, "name", what);
  if (client.name.size() > kMaxNameBytes) {
    Fail(src_.Of(name), "the client name is " + std::to_string(client.name.size()) +
                            " bytes long; expected at most " + std::to_string(kMaxNameBytes) +
                            " (PostgreSQL's limit on names)");
  }
  if (!IsClientName(client.name)) {
    Fail(src_.Of(name), "client name " + Quote(client.name) +
                            " is not valid; expected a letter "
                            "or '_' followed by letters, digits or '_', e.g. \"alex\"");
  }
  for (const Client& other : scenario_.clients) {
    if (other.name == client.name) {
      Fail(src_.Of(name), "duplicate client name " + Quote(client.name) + " (the first is at " +
                              LineOf(other.pos) + "); expected each client to have its own name");
    }
  }
  what = "client " + Quote(client.name);
  if (const toml::node* node = table.get("isolation")) {
    client.isolation = IsolationValue(*node, "isolation", what);
  }
  if (const toml::node* node = table.get("retry")) client.retry = Retry(*node, "retry", what);
  if (const toml::node* node = table.get("setup")) {
    client.setup_sql = StringList(*node, "setup", what);
  }
  if (const toml::node* node = table.get("teardown")) {
    client.teardown_sql = StringList(*node, "teardown", what);
  }
  const toml::node& steps = Require(table, "steps", what, "[[clients.steps]] tables, at least one");
  const std::vector<const toml::table*> step_tables = Tables(steps, "clients.steps", what);
  if (step_tables.empty()) {
    Fail(src_.Of(steps), what + " has no steps; expected at least one [[clients.steps]] table");
  }
  scenario_.clients.push_back(std::move(client));
  step_sources_.emplace_back();
  for (size_t i = 0; i < step_tables.size(); ++i) {
    ParseStep(*step_tables[i], index, static_cast<int>(i));
  }
}

void ScenarioBuilder::ParseStep(const toml::table& table, int client, int index) {
  const std::string& client_name = scenario_.clients[client].name;
  std::string what = Describe(
      table, "step",
      "[[clients.steps]] #" + std::to_string(index + 1) + " of client " + Quote(client_name));
  CheckKeys(table, what, kStepKeys);
  Step step;
  step.pos = src_.Of(table);
  const toml::node& name =
      Require(table, "name", what, "a string: a unique step name, e.g. \"a1\"");
  step.name = String(name, "name", what);
  if (step.name.size() > kMaxNameBytes) {
    Fail(src_.Of(name), "the step name is " + std::to_string(step.name.size()) +
                            " bytes long; expected at most " + std::to_string(kMaxNameBytes));
  }
  if (!IsStepName(step.name)) {
    Fail(src_.Of(name), "step name " + Quote(step.name) +
                            " is not valid; expected letters, digits, '_' or '-', e.g. \"a1\"");
  }
  if (step_owner_.count(step.name)) {
    const auto [other_client, other_step] = scenario_.FindStep(step.name);
    const Step& other = scenario_.clients[other_client].steps[other_step];
    Fail(src_.Of(name), "duplicate step name " + Quote(step.name) + " (client " +
                            scenario_.clients[other_client].name + " has it at " +
                            LineOf(other.pos) +
                            "); expected step names to be unique across all clients");
  }
  what = "step " + Quote(step.name);
  StepSource source;
  StepFields(table, what, /*replace=*/false, &step, &source);
  step_owner_[step.name] = client;
  scenario_.clients[client].steps.push_back(std::move(step));
  step_sources_[client].push_back(source);
}

RetryPolicy ScenarioBuilder::Retry(const toml::node& node, const std::string& key,
                                   const std::string& what) const {
  const std::string expected = "a table like { on = [\"40001\", \"40P01\"], max_attempts = 3 }";
  const toml::table& table = Table(node, key, what, expected);
  const std::string where = Quote(key) + " of " + what;
  CheckKeys(table, where, kRetryKeys);
  RetryPolicy policy;
  const toml::node& on =
      Require(table, "on", where, "the SQLSTATEs to retry on, e.g. [\"40001\", \"40P01\"]");
  for (const Item& item : StringItems(on, "on", where)) {
    if (!IsSqlstate(item.text)) {
      Fail(src_.Of(*item.node), "retry SQLSTATE " + Quote(item.text) + " in " + what +
                                    " is not valid; expected five digits or capital letters, "
                                    "e.g. \"40001\" (serialization failure) or \"40P01\" "
                                    "(deadlock)");
    }
    policy.sqlstates.push_back(item.text);
  }
  if (policy.sqlstates.empty()) {
    Fail(src_.Of(on),
         "\"on\" in " + where + " is empty; expected at least one SQLSTATE, e.g. [\"40001\"]");
  }
  const toml::node& attempts =
      Require(table, "max_attempts", where, "an integer: how many attempts in all, at least 1");
  if (!attempts.is_integer()) WrongType(attempts, "max_attempts", where, "an integer");
  const int64_t count = attempts.as_integer()->get();
  if (count < 1 || count > 1000) {
    Fail(src_.Of(attempts), "\"max_attempts\" in " + where + " is " + std::to_string(count) +
                                "; expected the number of attempts in all, from 1 (no retry) "
                                "to 1000");
  }
  policy.max_attempts = static_cast<int>(count);
  return policy;
}

void ScenarioBuilder::StepFields(const toml::table& table, const std::string& what, bool replace,
                                 Step* step, StepSource* source) const {
  const toml::node* sql = table.get("sql");
  if (sql == nullptr && !replace) {
    Require(table, "sql", what, "a string: the SQL the client sends");
  }
  if (sql != nullptr) {
    step->engine_sql.clear();  // a new sql replaces every engine's
    for (const EngineValue& value : PerEngine(*sql, "sql", what)) {
      std::string text = NonEmptyString(*value.node, "sql", what, "the SQL the client sends");
      if (value.engine == "postgresql") {
        step->sql = std::move(text);
        source->sql = value.node;  // its ${step.column} references are checked
      } else {
        step->engine_sql[value.engine] = std::move(text);
      }
    }
  }
  if (const toml::node* node = table.get("if_empty")) {
    step->if_empty = String(*node, "if_empty", what);
    source->if_empty = node;
  }
  if (const toml::node* node = table.get("if_found")) {
    step->if_found = String(*node, "if_found", what);
    source->if_found = node;
  }
  if (const toml::node* node = table.get("if")) {
    step->condition = String(*node, "if", what);
    source->condition = node;
  }
  if (const toml::node* node = table.get("note")) step->note = String(*node, "note", what);
}

std::string ScenarioBuilder::AllStepNames() const {
  std::vector<std::string> names;
  for (const Client& client : scenario_.clients) {
    for (const Step& step : client.steps) names.push_back(step.name);
  }
  return Join(names);
}

std::string ScenarioBuilder::ClientNames() const {
  std::vector<std::string> names;
  for (const Client& client : scenario_.clients) names.push_back(client.name);
  return Join(names);
}

int ScenarioBuilder::ClientIndex(const std::string& name) const {
  for (size_t i = 0; i < scenario_.clients.size(); ++i) {
    if (scenario_.clients[i].name == name) return static_cast<int>(i);
  }
  return -1;
}

}  // namespace interleave::toml_parse
