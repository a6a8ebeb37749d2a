// MakePlan: applies one variant to a scenario and lays out one interleaving.
// Thread-safety: pure functions of their arguments.
//
// How a variant changes the scenario:
//  - replace_steps: the step keeps its name and its place (in its client and in
//    the schedule); its SQL, conditions and note are the variant's.
//  - add_steps: a new step for a client, run right after step `after` (or, with
//    no `after`, right before the client's first step). Schedules never name
//    added steps: in the interleaving an added step runs immediately after its
//    `after` step (or immediately before the client's first scheduled step).
//    Several steps added after the same step run in declaration order; `after`
//    may name a step added earlier by the same variant (a chain).
//  - isolation: client_isolation[client], else the variant's isolation, else
//    the client's own level, else the server default (plan.isolation[i]; the
//    planned client's `isolation` holds the same level, or none for default).
//  - retry: the variant's policy for a client replaces the client's own.
//  - extra_setup runs after the scenario's setup.
#include "sim/plan/plan.h"

#include <functional>
#include <map>
#include <set>

namespace interleave {

namespace {

std::string Join(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& name : names) {
    if (!out.empty()) out += ", ";
    out += name;
  }
  return out;
}

std::string ClientNames(const Scenario& scenario) {
  std::vector<std::string> names;
  for (const Client& client : scenario.clients) names.push_back(client.name);
  return Join(names);
}

std::string StepNames(const std::vector<Client>& clients) {
  std::vector<std::string> names;
  for (const Client& client : clients) {
    for (const Step& step : client.steps) names.push_back(step.name);
  }
  return Join(names);
}

int ClientIndex(const Scenario& scenario, const std::string& name) {
  for (size_t i = 0; i < scenario.clients.size(); ++i) {
    if (scenario.clients[i].name == name) return static_cast<int>(i);
  }
  return -1;
}

SourcePos VariantPos(const Scenario& scenario, const Variant& variant) {
  if (variant.pos.file.empty())
    return SourcePos{scenario.path, variant.pos.line, variant.pos.column};
  return variant.pos;
}

// Where the variant's added steps go: for each anchor step name, the added
// steps (indexes into add_steps) that follow it, in declaration order; for each
// client, the added steps with no anchor.
struct Additions {
  std::map<std::string, std::vector<int>> after;
  std::vector<std::vector<int>> first;  // per client
};

// Checks the variant against the scenario and indexes its added steps.
Additions CheckVariant(const Scenario& scenario, const Variant& variant) {
  const SourcePos pos = VariantPos(scenario, variant);
  const std::string where = "variant \"" + variant.name + "\"";
  for (const auto& [name, step] : variant.replace_steps) {
    if (scenario.FindStep(name).first < 0) {
      throw InputError(pos, where + " replaces unknown step \"" + name + "\"; client steps are " +
                                StepNames(scenario.clients));
    }
  }
  for (const auto& [client, level] : variant.client_isolation) {
    if (ClientIndex(scenario, client) < 0) {
      throw InputError(pos, where + " sets the isolation of unknown client \"" + client +
                                "\"; clients are " + ClientNames(scenario));
    }
  }
  for (const auto& [client, policy] : variant.retry) {
    if (ClientIndex(scenario, client) < 0) {
      throw InputError(pos, where + " sets a retry policy for unknown client \"" + client +
                                "\"; clients are " + ClientNames(scenario));
    }
  }

  Additions additions;
  additions.first.resize(scenario.clients.size());
  std::map<std::string, int> added_client;  // added step name -> client
  for (size_t i = 0; i < variant.add_steps.size(); ++i) {
    const Variant::AddedStep& add = variant.add_steps[i];
    const SourcePos add_pos = add.step.pos.line > 0 ? add.step.pos : pos;
    const int client = ClientIndex(scenario, add.client);
    if (client < 0) {
      throw InputError(add_pos, where + " adds step \"" + add.step.name +
                                    "\" to unknown client \"" + add.client + "\"; clients are " +
                                    ClientNames(scenario));
    }
    if (add.step.name.empty()) {
      throw InputError(add_pos, where + " adds a step without a name to client " + add.client +
                                    "; expected a unique step name");
    }
    if (scenario.FindStep(add.step.name).first >= 0 || added_client.count(add.step.name)) {
      throw InputError(add_pos, where + " adds step \"" + add.step.name +
                                    "\", but a step of that name already exists; expected a "
                                    "new, unique step name");
    }
    if (add.after.empty()) {
      additions.first[client].push_back(static_cast<int>(i));
    } else {
      auto [anchor_client, anchor_step] = scenario.FindStep(add.after);
      if (anchor_client < 0) {
        auto it = added_client.find(add.after);
        if (it != added_client.end()) anchor_client = it->second;
      }
      if (anchor_client != client) {
        std::vector<std::string> own;
        for (const Step& step : scenario.clients[client].steps) own.push_back(step.name);
        throw InputError(add_pos, where + " adds step \"" + add.step.name + "\" after \"" +
                                      add.after + "\", which is not a step of client " +
                                      add.client + "; expected one of " + Join(own));
      }
      additions.after[add.after].push_back(static_cast<int>(i));
    }
    added_client[add.step.name] = client;
  }
  return additions;
}

void EmitAdded(const Additions& additions, const Variant& variant, int index,
               const std::function<void(int)>& out);

// Calls `out` for each step added after step `name`, and after those (chains).
void EmitAddedAfter(const Additions& additions, const Variant& variant, const std::string& name,
                    const std::function<void(int)>& out) {
  auto it = additions.after.find(name);
  if (it == additions.after.end()) return;
  for (int index : it->second) EmitAdded(additions, variant, index, out);
}

// Calls `out` for added step `index`, then for the steps added after it.
void EmitAdded(const Additions& additions, const Variant& variant, int index,
               const std::function<void(int)>& out) {
  out(index);
  EmitAddedAfter(additions, variant, variant.add_steps[index].step.name, out);
}

}  // namespace

Plan MakePlan(const Scenario& scenario, const Variant* variant, const Schedule& schedule) {
  Plan plan;
  plan.scenario = &scenario;
  plan.variant = variant != nullptr ? variant->name : "baseline";
  plan.schedule = schedule.name;
  plan.setup_sql = scenario.setup_sql;
  plan.clients = scenario.clients;
  plan.checks = scenario.checks;

  Additions additions;
  additions.first.resize(scenario.clients.size());
  if (variant != nullptr) {
    additions = CheckVariant(scenario, *variant);
    plan.setup_sql.insert(plan.setup_sql.end(), variant->extra_setup.begin(),
                          variant->extra_setup.end());
  }

  // Clients: replaced steps in place, added steps in their places.
  for (size_t c = 0; c < plan.clients.size(); ++c) {
    Client& client = plan.clients[c];
    std::vector<Step> steps;
    auto add_step = [&](int index) { steps.push_back(variant->add_steps[index].step); };
    for (int index : additions.first[c]) EmitAdded(additions, *variant, index, add_step);
    for (const Step& original : client.steps) {
      Step step = original;
      if (variant != nullptr) {
        auto it = variant->replace_steps.find(original.name);
        if (it != variant->replace_steps.end()) {
          step = it->second;
          step.name = original.name;
        }
      }
      steps.push_back(step);
      if (variant != nullptr) EmitAddedAfter(additions, *variant, original.name, add_step);
    }
    client.steps = std::move(steps);

    std::optional<Isolation> level;
    if (variant != nullptr) {
      auto it = variant->client_isolation.find(client.name);
      if (it != variant->client_isolation.end()) {
        level = it->second;
      } else if (variant->isolation) {
        level = variant->isolation;
      }
      auto retry = variant->retry.find(client.name);
      if (retry != variant->retry.end()) client.retry = retry->second;
    }
    if (!level) level = client.isolation;
    plan.isolation.push_back(level.value_or(Isolation::kDefault));
    client.isolation = level;
  }

  // Step name -> (client, step) in the planned clients.
  std::map<std::string, std::pair<int, const Step*>> steps;
  for (size_t c = 0; c < plan.clients.size(); ++c) {
    for (const Step& step : plan.clients[c].steps) {
      steps.emplace(step.name, std::make_pair(static_cast<int>(c), &step));
    }
  }
  std::set<std::string> added_names;
  if (variant != nullptr) {
    for (const Variant::AddedStep& add : variant->add_steps) added_names.insert(add.step.name);
  }

  // The interleaving.
  auto planned = [&](const std::string& name, const ScheduleEntry& entry) {
    const auto& [client, step] = steps.at(name);
    plan.order.push_back(PlannedStep{client, *step, entry});
  };
  auto add_planned = [&](int index) {
    ScheduleEntry entry;
    entry.step = variant->add_steps[index].step.name;
    entry.pos = variant->add_steps[index].step.pos;
    planned(entry.step, entry);
  };
  std::vector<bool> client_seen(plan.clients.size(), false);
  for (const ScheduleEntry& entry : schedule.entries) {
    SourcePos pos = entry.pos.line > 0 ? entry.pos : schedule.pos;
    if (pos.file.empty()) pos.file = scenario.path;
    if (added_names.count(entry.step)) {
      throw InputError(pos, "schedule \"" + schedule.name + "\" names step \"" + entry.step +
                                "\", which variant \"" + plan.variant +
                                "\" adds; schedules list only the scenario's own steps (added "
                                "steps run right after their `after` step)");
    }
    auto it = steps.find(entry.step);
    if (it == steps.end()) {
      throw InputError(pos, "unknown step \"" + entry.step + "\" in schedule \"" + schedule.name +
                                "\"; client steps are " + StepNames(scenario.clients));
    }
    const int client = it->second.first;
    if (!client_seen[client]) {
      client_seen[client] = true;
      for (int index : additions.first[client]) EmitAdded(additions, *variant, index, add_planned);
    }
    planned(entry.step, entry);
    if (variant != nullptr) EmitAddedAfter(additions, *variant, entry.step, add_planned);
  }
  return plan;
}

const Variant* FindVariant(const Scenario& scenario, const std::string& name) {
  for (const Variant& variant : scenario.variants) {
    if (variant.name == name) return &variant;
  }
  if (scenario.variants.empty() && (name.empty() || name == "baseline")) return nullptr;
  std::vector<std::string> names;
  for (const Variant& variant : scenario.variants) names.push_back("\"" + variant.name + "\"");
  const std::string known = names.empty() ? "this scenario declares no variants (only \"baseline\")"
                                          : "variants of this scenario are " + Join(names);
  const std::string what = name.empty() ? "no variant given" : "unknown variant \"" + name + "\"";
  throw InputError(SourcePos{scenario.path}, what + "; " + known);
}

std::vector<const Variant*> VariantsToRun(const Scenario& scenario) {
  std::vector<const Variant*> out;
  for (const Variant& variant : scenario.variants) out.push_back(&variant);
  if (out.empty()) out.push_back(nullptr);
  return out;
}

std::vector<std::vector<std::string>> ClientStepNames(const Plan& plan) {
  std::vector<std::vector<std::string>> out;
  for (const Client& client : plan.clients) {
    std::vector<std::string> names;
    for (const Step& step : client.steps) names.push_back(step.name);
    out.push_back(std::move(names));
  }
  return out;
}

const Step* FindPlannedStep(const Plan& plan, const std::string& name) {
  for (const Client& client : plan.clients)
    for (const Step& step : client.steps)
      if (step.name == name) return &step;
  return nullptr;
}

}  // namespace interleave
