#include "sim/run/run.h"

#include "db/engine.h"
#include "sim/run/run_connections.h"
#include "sim/run/scheduler.h"
#include "sim/run/variant_runner.h"

namespace interleave {

Run::Run(const Plan& plan, ScratchDatabase& scratch, const RunOptions& options)
    : scheduler_(std::make_unique<Scheduler>(plan, scratch, options)) {}

Run::Run(const Plan& plan, RunConnections& connections, const RunOptions& options)
    : scheduler_(std::make_unique<Scheduler>(plan, connections, options)) {}

Run::~Run() = default;

bool Run::Next() { return scheduler_->Next(); }
bool Run::PollWaiting() { return scheduler_->PollWaiting(); }
const Trace& Run::Complete() { return scheduler_->Complete(); }
bool Run::finished() const { return scheduler_->finished(); }
size_t Run::position() const { return scheduler_->position(); }
std::vector<int> Run::WaitingClients() const { return scheduler_->WaitingClients(); }
const Trace& Run::trace() const { return scheduler_->trace(); }
const Plan& Run::plan() const { return scheduler_->plan(); }
void Run::Interrupt() { scheduler_->Interrupt(); }

const Schedule& FindSchedule(const Scenario& scenario, const std::string& name) {
  if (scenario.schedules.empty()) {
    throw InputError(SourcePos{scenario.path, 0, 0}, "the scenario has no schedule to run");
  }
  if (name.empty()) return scenario.schedules.front();
  std::string known;
  for (const auto& schedule : scenario.schedules) {
    if (schedule.name == name) return schedule;
    known += (known.empty() ? "" : ", ") + schedule.name;
  }
  throw InputError(SourcePos{scenario.path, 0, 0},
                   "no schedule named \"" + name + "\"; the scenario has: " + known);
}

std::vector<VariantResult> RunScenario(const Scenario& scenario, Target& target,
                                       const RunOptions& options, const std::string& only_variant,
                                       const std::string& schedule_name) {
  const Schedule& schedule = FindSchedule(scenario, schedule_name);
  std::vector<const Variant*> variants;
  if (only_variant.empty()) {
    variants = VariantsToRun(scenario);
  } else {
    variants.push_back(FindVariant(scenario, only_variant));
  }
  std::vector<Plan> plans;
  for (const Variant* variant : variants) plans.push_back(MakePlan(scenario, variant, schedule));
  return RunPlans(target, plans, options);
}

}  // namespace interleave
