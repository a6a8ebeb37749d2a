// Values a run's steps read, for `${column}` and `${step.column}` in later
// SQL. Every column of a step's results is kept under its own name and under
// "step.column" (the first row's value; NULL when the result had no row);
// a later read of the same name replaces it. Substituted values are SQL
// literals: numbers bare, text quoted, NULL as NULL.
// Thread-safety: none; one run's thread.
// Ownership: a value type.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "db/result.h"

namespace interleave {

class StepVariables {
 public:
  // Keeps every column of `results`, read by the step named `step_name`.
  void Record(const std::string& step_name, const std::vector<StatementResult>& results);
  // Forgets every value (an application that starts its transaction again).
  void Clear() { values_.clear(); }
  // `text` with each ${name} replaced by its value as an SQL literal. A name
  // without a value is left as written, and the first such name is put in
  // `missing` (when it is empty).
  std::string Substitute(const std::string& text, std::string* missing) const;

 private:
  std::map<std::string, std::optional<std::string>> values_;
};

// A value read earlier, as an SQL literal: numbers bare, text quoted.
std::string SqlLiteral(const std::optional<std::string>& value);

}  // namespace interleave
