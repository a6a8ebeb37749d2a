// The references of steps: if_empty, if_found and ${step.column} name other
// steps; client steps must name a step the same client runs earlier (the rule
// is CheckReferenceIsEarlier, sim/model/scenario.h). Also the form of
// ${...} variables. Thread-safety: see the builder.
#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include "sim/model/sql_text.h"
#include "sim/parse/toml_scenario_builder.h"

namespace interleave::toml_parse {
namespace {

std::string Lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

bool IsWordChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// Whether `word` appears in `text` (both lower case) as a whole word.
bool HasWord(const std::string& text, const std::string& word) {
  for (size_t at = text.find(word); at != std::string::npos; at = text.find(word, at + 1)) {
    const bool starts = at == 0 || !IsWordChar(text[at - 1]);
    const size_t end = at + word.size();
    if (starts && (end >= text.size() || !IsWordChar(text[end]))) return true;
  }
  return false;
}

// Every SQL text of `step`: its own and each engine's.
std::vector<std::string> SqlTexts(const Step& step) {
  std::vector<std::string> texts = {step.sql};
  for (const auto& [engine, sql] : step.engine_sql) texts.push_back(sql);
  return texts;
}

// Whether one of `step`'s statements can return rows (a query, or a change
// with RETURNING).
bool MayReturnRows(const Step& step) {
  static const std::set<std::string> kQueries = {"SELECT", "WITH",    "VALUES", "TABLE",
                                                 "SHOW",   "EXPLAIN", "FETCH",  "CALL"};
  for (const std::string& sql : SqlTexts(step)) {
    for (const std::string& statement : SplitStatements(sql)) {
      if (kQueries.count(FirstKeyword(statement)) || HasWord(Lower(statement), "returning"))
        return true;
    }
  }
  return false;
}

// Whether `step` may return a column named `column`: the name appears in its
// SQL, or the SQL selects every column (*). Not a parser: a column it cannot
// return is still found at run time.
bool MayReadColumn(const Step& step, const std::string& column) {
  for (const std::string& sql : SqlTexts(step)) {
    const std::string lower = Lower(sql);
    if (lower.find('*') != std::string::npos || HasWord(lower, Lower(column))) return true;
  }
  return false;
}

}  // namespace

void ScenarioBuilder::CheckStepsReadWhatIsUsed() const {
  for (size_t c = 0; c < scenario_.clients.size(); ++c) {
    const Client& client = scenario_.clients[c];
    std::map<std::string, size_t> index_of;
    for (size_t e = 0; e < client.steps.size(); ++e) index_of.emplace(client.steps[e].name, e);
    auto earlier = [&](size_t s, const std::string& name) -> const Step* {
      auto it = index_of.find(name);
      return it == index_of.end() || it->second >= s ? nullptr : &client.steps[it->second];
    };
    for (size_t s = 0; s < client.steps.size(); ++s) {
      const Step& step = client.steps[s];
      const StepSource& source = step_sources_[c][s];
      const std::pair<const toml::node*, std::string> conditions[] = {
          {source.if_empty, step.if_empty}, {source.if_found, step.if_found}};
      for (const auto& [node, name] : conditions) {
        const Step* read = node == nullptr ? nullptr : earlier(s, name);
        if (read == nullptr || MayReturnRows(*read)) continue;
        Fail(src_.Of(*node), std::string(node == source.if_empty ? "if_empty" : "if_found") +
                                 " of step " + Quote(step.name) + " names " + Quote(name) +
                                 ", which returns no rows (" + FirstKeyword(read->sql) +
                                 "); expected a step that reads: a SELECT, or a statement with "
                                 "RETURNING");
      }
      for (const toml::node* node : {source.sql, source.condition}) {
        ForEachColumnVariable(node, [&](const std::string& step_name, const std::string& column,
                                        const SourcePos& pos) {
          if (!step_name.empty()) {
            const Step* read = earlier(s, step_name);
            if (read == nullptr || MayReadColumn(*read, column)) return;
            Fail(pos, "${" + step_name + "." + column + "} in step " + Quote(step.name) +
                          ": step " + Quote(step_name) + " reads no column named " + Quote(column) +
                          "; expected a column its SQL returns");
          }
          for (size_t e = s; e-- > 0;) {  // the nearest read first
            if (MayReadColumn(client.steps[e], column)) return;
          }
          Fail(pos, "${" + column + "} in step " + Quote(step.name) +
                        ": no earlier step of client " + client.name + " reads a column named " +
                        Quote(column) + "; expected a column an earlier step of " + client.name +
                        " returns");
        });
      }
    }
  }
}

void ScenarioBuilder::ForEachColumnVariable(
    const toml::node* node,
    const std::function<void(const std::string& step, const std::string& column,
                             const SourcePos& pos)>& out) const {
  if (node == nullptr || !node->is_string()) return;
  const std::string& text = node->as_string()->get();
  for (size_t at = text.find("${"); at != std::string::npos; at = text.find("${", at + 2)) {
    const size_t close = text.find('}', at + 2);
    if (close == std::string::npos) return;  // reported by ForEachStepVariable
    const std::string inner = text.substr(at + 2, close - at - 2);
    const size_t dot = inner.find('.');
    const SourcePos pos = src_.InString(*node, at, text.substr(at, close - at + 1));
    if (dot == std::string::npos) {
      out("", inner, pos);
    } else {
      out(inner.substr(0, dot), inner.substr(dot + 1), pos);
    }
  }
}

void ScenarioBuilder::CheckClientReferences() const {
  for (size_t c = 0; c < scenario_.clients.size(); ++c) {
    const Client& client = scenario_.clients[c];
    for (size_t s = 0; s < client.steps.size(); ++s) {
      ForEachReference(client.steps[s], step_sources_[c][s], [&](const StepReference& reference) {
        CheckReferenceIsEarlier(scenario_.clients, static_cast<int>(c), s, reference);
      });
    }
  }
}

void ScenarioBuilder::ForEachReference(const Step& step, const StepSource& source,
                                       const std::function<void(const StepReference&)>& out) const {
  const std::string of_step = " of step " + Quote(step.name);
  if (source.if_empty != nullptr && !step.if_empty.empty()) {
    out(StepReference{step.if_empty, "if_empty" + of_step, src_.Of(*source.if_empty)});
  }
  if (source.if_found != nullptr && !step.if_found.empty()) {
    out(StepReference{step.if_found, "if_found" + of_step, src_.Of(*source.if_found)});
  }
  ForEachStepVariable(source.sql, "the sql" + of_step, out);
  ForEachStepVariable(source.condition, "the if" + of_step, out);
}

void ScenarioBuilder::ForEachStepVariable(
    const toml::node* node, const std::string& where,
    const std::function<void(const StepReference&)>& out) const {
  if (node == nullptr || !node->is_string()) return;
  const std::string& text = node->as_string()->get();
  for (size_t at = text.find("${"); at != std::string::npos; at = text.find("${", at + 2)) {
    const size_t close = text.find('}', at + 2);
    if (close == std::string::npos) {
      Fail(src_.InString(*node, at, "${"),
           "unterminated \"${\" in " + where + "; expected ${column} or ${step.column}");
    }
    const std::string variable = text.substr(at, close - at + 1);
    const std::string inner = text.substr(at + 2, close - at - 2);
    const SourcePos pos = src_.InString(*node, at, variable);
    const bool bad_char = std::any_of(inner.begin(), inner.end(), [](char c) {
      return std::isspace(static_cast<unsigned char>(c)) || c == '$' || c == '{';
    });
    const size_t dot = inner.find('.');
    if (inner.empty() || bad_char || dot == 0 ||
        (dot != std::string::npos && dot + 1 == inner.size())) {
      Fail(pos, "malformed variable " + variable + " in " + where +
                    "; expected ${column} or ${step.column}, without spaces");
    }
    if (dot != std::string::npos) {
      out(StepReference{inner.substr(0, dot), variable + " in " + where, pos});
    }
  }
}

}  // namespace interleave::toml_parse
