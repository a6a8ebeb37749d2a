#include "sim/run/checks.h"

#include "sim/run/time_limit.h"

namespace interleave {
namespace {

CheckResult Evaluate(const Check& check, const StepVariables& values, ControlConnection& control) {
  CheckResult result;
  result.name = check.name;
  result.explain = check.explain;
  std::string missing;
  result.sql = values.Substitute(check.sql, &missing);
  if (!missing.empty()) {
    result.error = DbError{"", "ERROR", "no step read a value for ${" + missing + "}", "", ""};
    return result;
  }
  StepOutcome outcome = control.Execute(result.sql);
  if (outcome.error) {
    result.error = outcome.error;
    if (IsTimeLimitError(*outcome.error))
      result.error->message = "the check \"" + check.name + "\" " + outcome.error->message;
    return result;
  }
  const auto& rows = outcome.results.back().rows;
  result.value = rows.empty() ? "(no rows)" : rows[0].empty() ? "" : rows[0][0].value_or("NULL");
  if (check.expect_any.empty()) {
    result.expected = "true";
    result.passed = Dialect::IsTrue(control.engine(), result.value);
    if (result.passed) result.value = "true";
    if (Dialect::IsFalse(control.engine(), result.value)) result.value = "false";
  } else {
    for (size_t i = 0; i < check.expect_any.size(); ++i) {
      result.expected += (i ? " or " : "") + check.expect_any[i];
      if (check.expect_any[i] == result.value) result.passed = true;
    }
  }
  return result;
}

}  // namespace

std::vector<CheckResult> EvaluateChecks(const std::vector<Check>& checks,
                                        const StepVariables& values, ControlConnection& control) {
  std::vector<CheckResult> results;
  for (const auto& check : checks) results.push_back(Evaluate(check, values, control));
  return results;
}

}  // namespace interleave
