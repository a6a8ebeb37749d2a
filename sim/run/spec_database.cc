// The database an isolation spec runs in (see spec_database.h).
#include "sim/run/spec_database.h"

#include <algorithm>
#include <cctype>

namespace interleave {
namespace {

bool IdentifierChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$';
}

bool NamesWord(const std::string& sql, const std::string& word) {
  std::string lower = sql;
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  for (size_t at = lower.find(word); at != std::string::npos; at = lower.find(word, at + 1)) {
    const bool starts = at == 0 || !IdentifierChar(lower[at - 1]);
    const size_t end = at + word.size();
    const bool ends = end == lower.size() || !IdentifierChar(lower[end]);
    if (starts && ends) return true;
  }
  return false;
}

}  // namespace

std::string SpecDatabaseName(const Scenario& scenario) {
  if (!scenario.is_isolation_spec) return "";
  const std::string word = kIsolationSuiteDatabase;
  auto any = [&](const std::vector<std::string>& texts) {
    return std::any_of(texts.begin(), texts.end(),
                       [&](const std::string& sql) { return NamesWord(sql, word); });
  };
  if (any(scenario.setup_sql) || any(scenario.teardown_sql)) return word;
  for (const Client& client : scenario.clients) {
    if (any(client.setup_sql) || any(client.teardown_sql)) return word;
    for (const Step& step : client.steps)
      if (NamesWord(step.sql, word)) return word;
  }
  return "";
}

std::unique_ptr<ScratchDatabase> CreateScratchFor(const Scenario& scenario, Target& target) {
  const std::string name = SpecDatabaseName(scenario);
  return name.empty() ? target.CreateScratch() : target.CreateScratchNamed(name);
}

}  // namespace interleave
