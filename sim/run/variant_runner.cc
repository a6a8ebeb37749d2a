#include "sim/run/variant_runner.h"

#include <stdexcept>

#include "sim/judge/verdict.h"
#include "sim/run/spec_database.h"
#include "util/phase_log.h"

namespace interleave {
namespace {

std::vector<std::string> ClientNames(const Scenario& scenario) {
  std::vector<std::string> names;
  for (const auto& client : scenario.clients) names.push_back(client.name);
  return names;
}

// The scenario's variant named `name`; null for the scenario as written.
const Variant* VariantNamed(const Scenario& scenario, const std::string& name) {
  for (const auto& variant : scenario.variants) {
    if (variant.name == name) return &variant;
  }
  return nullptr;
}

}  // namespace

VariantRunner::VariantRunner(Target& target, const Scenario& scenario, const RunOptions& options)
    : scenario_(scenario), options_(options), owned_scratch_(CreateScratchFor(scenario, target)) {
  connections_ =
      std::make_unique<RunConnections>(*owned_scratch_, options_, ClientNames(scenario_));
}

VariantRunner::VariantRunner(ScratchDatabase& scratch, const Scenario& scenario,
                             const RunOptions& options)
    : scenario_(scenario),
      options_(options),
      connections_(std::make_unique<RunConnections>(scratch, options, ClientNames(scenario))) {}

VariantRunner::~VariantRunner() = default;

std::unique_ptr<Run> VariantRunner::Start(const Plan& plan) {
  return std::make_unique<Run>(plan, *connections_, options_);
}

VariantResult VariantRunner::RunPlan(const Plan& plan) {
  Run run(plan, *connections_, options_);
  VariantResult result;
  result.variant = scenario_.is_isolation_spec ? plan.schedule : plan.variant;
  result.variant_def = VariantNamed(scenario_, plan.variant);
  result.trace = run.Complete();
  result.plan = plan;
  result.verdict = Judge(scenario_, result.trace);
  return result;
}

std::vector<VariantResult> RunPlans(Target& target, const std::vector<Plan>& plans,
                                    const RunOptions& options) {
  if (plans.empty()) return {};
  if (plans.front().scenario == nullptr) {
    throw std::invalid_argument("RunPlans needs plans made from a scenario");
  }
  VariantRunner runner(target, *plans.front().scenario, options);
  NotePhase("sessions connected");
  std::vector<VariantResult> results;
  for (const Plan& plan : plans) results.push_back(runner.RunPlan(plan));
  NotePhase("permutations run");
  return results;
}

}  // namespace interleave
