// Application logic: what the application around a client does with its
// next step before anything reaches the server. `if_empty` / `if_found` skip
// a step unless an earlier step of the same client returned no row / a row;
// `if` skips it unless an SQL boolean (with ${name} values) is true on the
// control connection; ${name} in the step's SQL is replaced by a value the
// client read. A step that needs a value from a transaction that already
// failed is skipped (the application never gets there); one that needs a
// value nobody read fails without being sent.
// Thread-safety: none; used on the run's thread.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "db/engine.h"
#include "sim/model/scenario.h"
#include "sim/model/trace.h"
#include "sim/run/step_variables.h"

namespace interleave {

// What one client's application remembers during one attempt of its
// transaction. A value type, owned by the run.
struct ApplicationMemory {
  StepVariables values;                     // "col" and "step.col"
  std::map<std::string, int> step_by_name;  // latest trace index
  std::string failed_step;                  // first step of this attempt that failed
  // A new attempt starts from nothing.
  void Forget() {
    values.Clear();
    step_by_name.clear();
    failed_step.clear();
  }
};

// What happens to a step.
struct StepDecision {
  std::string sql;  // the step's SQL with its values substituted
  bool skip = false;
  std::string skip_reason;
  std::optional<DbError> error;  // the step fails without being sent
  bool send() const { return !skip && !error; }
};

// Decides `step` of the client named `client_name`, given what the client
// remembers and the run's steps so far (`steps`, indexed by trace index).
StepDecision DecideStep(const Step& step, const std::string& client_name,
                        const ApplicationMemory& memory, const std::vector<StepTrace>& steps,
                        ControlConnection& control);

}  // namespace interleave
