#include "sim/run/step_variables.h"

#include <regex>

namespace interleave {

std::string SqlLiteral(const std::optional<std::string>& value) {
  if (!value) return "NULL";
  static const std::regex number("-?[0-9]+(\\.[0-9]+)?");
  if (std::regex_match(*value, number)) return *value;
  std::string quoted = "'";
  for (char c : *value) {
    quoted += c;
    if (c == '\'') quoted += '\'';
  }
  return quoted + "'";
}

void StepVariables::Record(const std::string& step_name,
                           const std::vector<StatementResult>& results) {
  for (const auto& result : results) {
    for (size_t c = 0; c < result.columns.size(); ++c) {
      std::optional<std::string> value;
      if (!result.rows.empty()) value = result.rows[0][c];
      values_[result.columns[c]] = value;
      values_[step_name + "." + result.columns[c]] = value;
    }
  }
}

std::string StepVariables::Substitute(const std::string& text, std::string* missing) const {
  if (text.find("${") == std::string::npos) return text;
  static const std::regex variable("\\$\\{([A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?)\\}");
  std::string result;
  auto begin = std::sregex_iterator(text.begin(), text.end(), variable);
  size_t last = 0;
  for (auto it = begin; it != std::sregex_iterator(); ++it) {
    result += text.substr(last, it->position() - last);
    auto found = values_.find((*it)[1]);
    if (found == values_.end()) {
      if (missing && missing->empty()) *missing = (*it)[1];
      result += it->str();
    } else {
      result += SqlLiteral(found->second);
    }
    last = it->position() + it->length();
  }
  return result + text.substr(last);
}

}  // namespace interleave
