// A Plan: one variant applied to a scenario and one interleaving chosen. It is
// what the scheduler executes. Thread-safety: plain values.
#pragma once

#include <string>
#include <vector>

#include "sim/model/scenario.h"

namespace interleave {

struct PlannedStep {
  int client = 0;
  Step step;
  ScheduleEntry entry;  // markers (spec files)
};

struct Plan {
  const Scenario* scenario = nullptr;
  std::string variant;   // variant name; "baseline" when none
  std::string schedule;  // schedule name
  std::vector<std::string> setup_sql;  // scenario setup, then the variant's
  std::vector<Client> clients;         // with the variant's changes applied
  std::vector<Isolation> isolation;    // per client
  std::vector<PlannedStep> order;      // the interleaving
  std::vector<Check> checks;
};

// Applies `variant` (may be null: the scenario as written) and `schedule`.
// Throws InputError when the variant or schedule does not fit the scenario.
Plan MakePlan(const Scenario& scenario, const Variant* variant, const Schedule& schedule);

// The variant named `name` ("" or "baseline" without such a variant: null).
// Throws InputError naming the variants that exist when there is none.
const Variant* FindVariant(const Scenario& scenario, const std::string& name);

// All variants to run: the declared ones, or a single null (no fix) entry.
std::vector<const Variant*> VariantsToRun(const Scenario& scenario);

// The client steps of a plan as they stand after the variant is applied
// (used to enumerate interleavings).
std::vector<std::vector<std::string>> ClientStepNames(const Plan& plan);

// The step named `name` as the plan runs it (the variant applied), or null.
const Step* FindPlannedStep(const Plan& plan, const std::string& name);

}  // namespace interleave
