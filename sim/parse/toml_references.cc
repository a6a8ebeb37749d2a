// The references of steps: if_empty, if_found and ${step.column} name other
// steps; client steps must name a step the same client runs earlier (the rule
// is CheckReferenceIsEarlier, sim/model/scenario.h). Also the form of
// ${...} variables. Thread-safety: see the builder.
#include <algorithm>
#include <cctype>

#include "sim/parse/toml_scenario_builder.h"

namespace interleave::toml_parse {

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
