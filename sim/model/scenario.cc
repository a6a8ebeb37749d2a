// Names of isolation levels and expectations, look-ups in a Scenario, and the
// rule that a step names only earlier steps of its own client.
// Thread-safety: pure functions and const methods.
#include "sim/model/scenario.h"

#include <algorithm>
#include <cctype>

namespace interleave {

namespace {

// Lower case, '-' and '_' read as spaces, runs of spaces collapsed, trimmed:
// "Read_Committed " -> "read committed".
std::string Normalize(const std::string& text) {
  std::string out;
  bool space = false;
  for (char c : text) {
    unsigned char u = static_cast<unsigned char>(c);
    if (std::isspace(u) || c == '-' || c == '_') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += static_cast<char>(std::tolower(u));
  }
  return out;
}

std::string JoinNames(std::vector<std::string>::const_iterator begin,
                      std::vector<std::string>::const_iterator end) {
  std::string out;
  for (auto it = begin; it != end; ++it) {
    if (!out.empty()) out += ", ";
    out += *it;
  }
  return out;
}

}  // namespace

std::string IsolationName(Isolation level) {
  switch (level) {
    case Isolation::kDefault:
      return "READ COMMITTED (default)";
    case Isolation::kReadUncommitted:
      return "READ UNCOMMITTED";
    case Isolation::kReadCommitted:
      return "READ COMMITTED";
    case Isolation::kRepeatableRead:
      return "REPEATABLE READ";
    case Isolation::kSerializable:
      return "SERIALIZABLE";
  }
  return "READ COMMITTED (default)";
}

std::string IsolationSql(Isolation level) {
  if (level == Isolation::kDefault) return "";
  return "ISOLATION LEVEL " + IsolationName(level);
}

std::optional<Isolation> ParseIsolation(const std::string& text) {
  const std::string name = Normalize(text);
  if (name == "read uncommitted" || name == "ru") return Isolation::kReadUncommitted;
  if (name == "read committed" || name == "rc") return Isolation::kReadCommitted;
  if (name == "repeatable read" || name == "rr") return Isolation::kRepeatableRead;
  if (name == "serializable") return Isolation::kSerializable;
  return std::nullopt;
}

std::string ExpectationName(Expectation e) {
  switch (e) {
    case Expectation::kAnomaly:
      return "anomaly";
    case Expectation::kPrevented:
      return "prevented";
    case Expectation::kPreventedByWait:
      return "prevented-by-wait";
    case Expectation::kPreventedByAbort:
      return "prevented-by-abort";
    case Expectation::kAbortedWithoutRetry:
      return "aborted-without-retry";
    case Expectation::kError:
      return "error";
  }
  return "error";
}

std::optional<Expectation> ParseExpectation(const std::string& text) {
  const std::string name = Normalize(text);
  for (Expectation e :
       {Expectation::kAnomaly, Expectation::kPrevented, Expectation::kPreventedByWait,
        Expectation::kPreventedByAbort, Expectation::kAbortedWithoutRetry, Expectation::kError}) {
    if (Normalize(ExpectationName(e)) == name) return e;
  }
  return std::nullopt;
}

const Client* Scenario::FindClient(const std::string& name) const {
  for (const Client& client : clients) {
    if (client.name == name) return &client;
  }
  return nullptr;
}

std::pair<int, int> Scenario::FindStep(const std::string& step_name) const {
  for (size_t c = 0; c < clients.size(); ++c) {
    const std::vector<Step>& steps = clients[c].steps;
    for (size_t s = 0; s < steps.size(); ++s) {
      if (steps[s].name == step_name) return {static_cast<int>(c), static_cast<int>(s)};
    }
  }
  return {-1, -1};
}

void CheckReferenceIsEarlier(const std::vector<Client>& clients, int client, size_t index,
                             const StepReference& reference) {
  const std::vector<Step>& steps = clients[client].steps;
  for (size_t s = 0; s < index && s < steps.size(); ++s) {
    if (steps[s].name == reference.step) return;
  }
  std::vector<std::string> order;
  for (const Step& step : steps) order.push_back(step.name);
  const auto earlier_end =
      order.begin() + static_cast<std::ptrdiff_t>(std::min(index, order.size()));
  const std::string& name = reference.step;
  const std::string& client_name = clients[client].name;
  const std::string expected = index == 0 ? "expected an earlier step of client " + client_name +
                                                ", but \"" + order[0] + "\" is its first step"
                                          : "expected an earlier step of client " + client_name +
                                                " (" + JoinNames(order.begin(), earlier_end) + ")";
  if (index < order.size() && name == order[index]) {
    throw InputError(reference.pos, reference.usage + " names the step itself; " + expected);
  }
  if (std::find(earlier_end, order.end(), name) != order.end()) {
    throw InputError(reference.pos, reference.usage + " names \"" + name + "\", which client " +
                                        client_name + " runs later; " + expected);
  }
  for (size_t c = 0; c < clients.size(); ++c) {
    if (static_cast<int>(c) == client) continue;
    for (const Step& step : clients[c].steps) {
      if (step.name == name) {
        throw InputError(reference.pos, reference.usage + " names \"" + name +
                                            "\", a step of client " + clients[c].name + "; " +
                                            expected);
      }
    }
  }
  throw InputError(reference.pos,
                   reference.usage + " names unknown step \"" + name + "\"; " + expected);
}

bool RunsOn(const Scenario& scenario, const std::string& engine) {
  if (scenario.is_isolation_spec) return engine == "postgresql";
  return scenario.engines.empty() || std::find(scenario.engines.begin(), scenario.engines.end(),
                                               engine) != scenario.engines.end();
}

namespace {

void StepForEngine(const std::string& engine, Step* step) {
  if (auto it = step->engine_sql.find(engine); it != step->engine_sql.end()) {
    step->sql = it->second;
  }
  step->engine_sql.clear();
}

}  // namespace

Scenario ForEngine(const Scenario& scenario, const std::string& engine) {
  Scenario out = scenario;
  if (auto it = out.engine_setup.find(engine); it != out.engine_setup.end()) {
    out.setup_sql = it->second;
  }
  out.engine_setup.clear();
  for (Client& client : out.clients) {
    for (Step& step : client.steps) StepForEngine(engine, &step);
  }
  for (Variant& variant : out.variants) {
    for (auto& [name, step] : variant.replace_steps) StepForEngine(engine, &step);
    for (Variant::AddedStep& added : variant.add_steps) StepForEngine(engine, &added.step);
    if (auto it = variant.engine_expect.find(engine); it != variant.engine_expect.end()) {
      variant.expect = it->second;
    }
    if (auto it = variant.engine_why.find(engine); it != variant.engine_why.end()) {
      variant.expect_why = it->second;
    }
    if (auto it = variant.engine_setup.find(engine); it != variant.engine_setup.end()) {
      variant.extra_setup = it->second;
    }
    variant.engine_expect.clear();
    variant.engine_why.clear();
    variant.engine_setup.clear();
  }
  return out;
}

}  // namespace interleave
