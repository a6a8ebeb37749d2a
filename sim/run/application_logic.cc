#include "sim/run/application_logic.h"

namespace interleave {
namespace {

bool ReturnedRows(const StepTrace& step) {
  for (const auto& result : step.results) {
    if (!result.rows.empty()) return true;
  }
  return false;
}

std::string AlreadyFailed(const std::string& client_name, const ApplicationMemory& memory) {
  return client_name + "'s transaction already failed at " + memory.failed_step +
         ", so the application does not get here";
}

// Whether the application skips `step` (and why), or fails it (`error`).
bool Skip(const Step& step, const std::string& client_name, const ApplicationMemory& memory,
          const std::vector<StepTrace>& steps, ControlConnection& control, std::string* reason,
          std::optional<DbError>* error) {
  auto earlier = [&](const std::string& name) -> const StepTrace* {
    auto it = memory.step_by_name.find(name);
    return it == memory.step_by_name.end() ? nullptr : &steps[it->second];
  };
  if (!step.if_empty.empty()) {
    const StepTrace* read = earlier(step.if_empty);
    if (read && ReturnedRows(*read)) {
      *reason = step.if_empty + " found a row, so the application skips this step";
      return true;
    }
  }
  if (!step.if_found.empty()) {
    const StepTrace* read = earlier(step.if_found);
    if (!read || !ReturnedRows(*read)) {
      *reason = step.if_found + " found no row, so the application skips this step";
      return true;
    }
  }
  if (!step.condition.empty()) {
    std::string missing;
    std::string condition = memory.values.Substitute(step.condition, &missing);
    if (!missing.empty() && !memory.failed_step.empty()) {
      *reason = AlreadyFailed(client_name, memory);
      return true;
    }
    if (!missing.empty()) {
      *error = DbError{"", "ERROR",
                       "no value for ${" + missing + "} in the condition of " + step.name, "", ""};
      return false;
    }
    StepOutcome outcome = control.Execute(Dialect::BooleanSql(control.engine(), condition));
    if (outcome.error) {
      *error = outcome.error;
      error->value().message = "condition of " + step.name + ": " + error->value().message;
      return false;
    }
    const auto& rows = outcome.results.back().rows;
    bool holds = !rows.empty() && rows[0][0] && Dialect::IsTrue(control.engine(), *rows[0][0]);
    if (!holds) {
      *reason = "the application's condition " + condition + " is false";
      return true;
    }
  }
  return false;
}

}  // namespace

StepDecision DecideStep(const Step& step, const std::string& client_name,
                        const ApplicationMemory& memory, const std::vector<StepTrace>& steps,
                        ControlConnection& control) {
  StepDecision decision;
  decision.skip =
      Skip(step, client_name, memory, steps, control, &decision.skip_reason, &decision.error);
  std::string missing;
  decision.sql = memory.values.Substitute(step.sql, &missing);
  if (missing.empty() || decision.error || decision.skip) return decision;
  if (!memory.failed_step.empty()) {
    // The value would have come from a step of a transaction that already
    // failed: the application never gets this far.
    decision.skip = true;
    decision.skip_reason = AlreadyFailed(client_name, memory);
  } else {
    decision.error = DbError{"", "ERROR",
                             "no value for ${" + missing + "}: no earlier step of " + client_name +
                                 " read a column by that name",
                             "", ""};
  }
  return decision;
}

}  // namespace interleave
