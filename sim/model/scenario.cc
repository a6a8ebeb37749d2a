// Names of isolation levels and expectations, and look-ups in a Scenario.
// Thread-safety: pure functions and const methods.
#include "sim/model/scenario.h"

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

}  // namespace interleave
