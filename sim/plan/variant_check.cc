// CheckVariants: each variant's step references against its planned clients.
// Thread-safety: pure functions of their arguments.
#include "sim/plan/variant_check.h"

#include "sim/plan/plan.h"

namespace interleave {

void CheckVariants(const Scenario& scenario) {
  for (const Variant& variant : scenario.variants) {
    if (variant.step_references.empty()) continue;
    const Plan plan = MakePlan(scenario, &variant, Schedule{});
    for (size_t c = 0; c < plan.clients.size(); ++c) {
      const std::vector<Step>& steps = plan.clients[c].steps;
      for (size_t s = 0; s < steps.size(); ++s) {
        auto it = variant.step_references.find(steps[s].name);
        if (it == variant.step_references.end()) continue;
        for (const StepReference& reference : it->second) {
          CheckReferenceIsEarlier(plan.clients, static_cast<int>(c), s, reference);
        }
      }
    }
  }
}

}  // namespace interleave
