// [[schedules]] tables: names, and their steps (a string "a1 b1 a2" or an
// array), each step of each client exactly once and in its client's order.
// Thread-safety: see the builder.
#include <cctype>
#include <map>
#include <utility>
#include <vector>

#include "sim/parse/toml_scenario_builder.h"

namespace interleave::toml_parse {

namespace {

const std::vector<std::string> kScheduleKeys = {"name", "steps", "description"};

}  // namespace

void ScenarioBuilder::ParseSchedules() {
  const toml::node& node = Require(root_, "schedules", "the top level",
                                   "[[schedules]] tables, at least one, e.g. name = "
                                   "\"interleaved\" and steps = \"a1 b1 a2 b2\"");
  const std::vector<const toml::table*> tables = Tables(node, "schedules", "the top level");
  if (tables.empty()) {
    Fail(src_.Of(node), "\"schedules\" is empty; expected at least one [[schedules]] table");
  }
  for (size_t i = 0; i < tables.size(); ++i) ParseSchedule(*tables[i], static_cast<int>(i));
}

void ScenarioBuilder::ParseSchedule(const toml::table& table, int index) {
  std::string what = Describe(table, "schedule", "[[schedules]] #" + std::to_string(index + 1));
  CheckKeys(table, what, kScheduleKeys);
  Schedule schedule;
  schedule.pos = src_.Of(table);
  const toml::node& name_node =
      Require(table, "name", what, "a string: the schedule's name, e.g. \"interleaved\"");
  schedule.name = NonEmptyString(name_node, "name", what, "the schedule's name");
  for (const Schedule& other : scenario_.schedules) {
    if (other.name == schedule.name) {
      Fail(src_.Of(name_node), "duplicate schedule name " + Quote(schedule.name) +
                                   " (the first is at " + LineOf(other.pos) +
                                   "); expected each schedule to have its own name");
    }
  }
  what = "schedule " + Quote(schedule.name);
  schedule.description = OptionalString(table, "description", what);
  const toml::node& steps = Require(
      table, "steps", what, "the steps in the order they run: \"a1 b1 a2\" or [\"a1\", \"b1\"]");

  if (steps.is_string()) {
    const std::string& text = steps.as_string()->get();
    size_t at = 0;
    while (at < text.size()) {
      if (std::isspace(static_cast<unsigned char>(text[at]))) {
        ++at;
        continue;
      }
      size_t end = at;
      while (end < text.size() && !std::isspace(static_cast<unsigned char>(text[end]))) ++end;
      ScheduleEntry entry;
      entry.step = text.substr(at, end - at);
      entry.pos = src_.InString(steps, at, entry.step);
      schedule.entries.push_back(std::move(entry));
      at = end;
    }
  } else if (steps.is_array()) {
    for (const Item& item : StringItems(steps, "steps", what)) {
      ScheduleEntry entry;
      entry.step = item.text;
      entry.pos = src_.Of(*item.node);
      schedule.entries.push_back(std::move(entry));
    }
  } else {
    WrongType(steps, "steps", what,
              "a string of step names (\"a1 b1 a2\") or an array of step names");
  }

  // Every step of every client exactly once, each client's in its own order.
  std::map<std::string, std::pair<int, int>> places;  // step -> (client, index)
  for (size_t c = 0; c < scenario_.clients.size(); ++c) {
    const std::vector<Step>& client_steps = scenario_.clients[c].steps;
    for (size_t s = 0; s < client_steps.size(); ++s) {
      places.emplace(client_steps[s].name,
                     std::make_pair(static_cast<int>(c), static_cast<int>(s)));
    }
  }
  const auto place = [&](const std::string& name) {
    auto it = places.find(name);
    return it == places.end() ? std::make_pair(-1, -1) : it->second;
  };
  std::vector<int> latest(scenario_.clients.size(), -1);  // per client: its last step so far
  std::map<std::string, size_t> seen;                     // step -> entry index
  for (size_t e = 0; e < schedule.entries.size(); ++e) {
    const ScheduleEntry& entry = schedule.entries[e];
    const auto [client, step] = place(entry.step);
    if (client < 0) {
      const std::string adder = VariantAdding(entry.step);
      if (!adder.empty()) {
        Fail(entry.pos, "step " + Quote(entry.step) + " in " + what + " is added by variant " +
                            Quote(adder) +
                            "; expected only the scenario's own steps (an added step runs right "
                            "after its \"after\" step in every schedule)");
      }
      Fail(entry.pos, "unknown step " + Quote(entry.step) + " in " + what + "; client steps are " +
                          AllStepNames());
    }
    if (seen.count(entry.step)) {
      Fail(entry.pos, "step " + Quote(entry.step) + " appears twice in " + what +
                          "; expected every step of every client exactly once");
    }
    for (size_t p = 0; latest[client] > step && p < e; ++p) {
      const auto [other_client, other_step] = place(schedule.entries[p].step);
      if (other_client == client && other_step > step) {
        const std::string& earlier = schedule.entries[p].step;
        Fail(schedule.entries[p].pos,
             earlier + " comes before " + entry.step + " in " + what + ", but client " +
                 scenario_.clients[client].name + " runs " + entry.step +
                 " first; expected each client's steps in the order the client runs them");
      }
    }
    latest[client] = step;
    seen[entry.step] = e;
  }
  std::vector<std::string> missing;
  for (const Client& client : scenario_.clients) {
    for (const Step& step : client.steps) {
      if (!seen.count(step.name)) missing.push_back(step.name);
    }
  }
  if (!missing.empty()) {
    Fail(src_.Of(steps), what + " is missing step" + (missing.size() > 1 ? "s " : " ") +
                             Join(missing) + "; expected every step of every client exactly once");
  }
  scenario_.schedules.push_back(std::move(schedule));
}

std::string ScenarioBuilder::VariantAdding(const std::string& name) const {
  const toml::array* variants = root_["variants"].as_array();
  if (variants == nullptr) return "";
  for (const toml::node& variant : *variants) {
    const toml::array* adds =
        variant.as_table() ? (*variant.as_table())["add"].as_array() : nullptr;
    if (adds == nullptr) continue;
    for (const toml::node& add : *adds) {
      const toml::table* fields = add.as_table();
      if (fields == nullptr || (*fields)["name"].value_or(std::string()) != name) continue;
      return (*variant.as_table())["name"].value_or(std::string("?"));
    }
  }
  return "";
}

}  // namespace interleave::toml_parse
