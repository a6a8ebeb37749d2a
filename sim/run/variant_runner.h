// The one way plans are run: a scratch database, one connection per client
// of a scenario (kept open across runs, as isolationtester keeps them across
// permutations), and each plan run on them from its fresh setup and judged.
// `interleave run`, `check`, `explore`, the tests and the benchmarks all run
// their plans through a VariantRunner (or RunPlans, its one-call form).
// Thread-safety: one thread at a time; runners on different scratch
// databases may run in parallel.
// Ownership: owns its connections and, when made from a Target, its scratch
// database; borrows the scenario, which must outlive it.
#pragma once

#include <memory>
#include <vector>

#include "db/engine.h"
#include "sim/model/scenario.h"
#include "sim/plan/plan.h"
#include "sim/run/run.h"
#include "sim/run/run_connections.h"

namespace interleave {

class VariantRunner {
 public:
  // Makes a scratch database in `target` and connects `scenario`'s clients.
  // Throws DbFailure.
  VariantRunner(Target& target, const Scenario& scenario, const RunOptions& options);
  // The same in `scratch` (borrowed; must outlive the runner).
  VariantRunner(ScratchDatabase& scratch, const Scenario& scenario, const RunOptions& options);
  ~VariantRunner();
  VariantRunner(const VariantRunner&) = delete;
  VariantRunner& operator=(const VariantRunner&) = delete;

  // Runs `plan` (of this runner's scenario) to its end and judges it. The
  // result's `variant` is the plan's variant, or for an isolation spec the
  // permutation's name.
  VariantResult RunPlan(const Plan& plan);
  // A run of `plan` on this runner's connections, for a caller that steps it
  // (Run::Next) or times its phases. It must end before the next starts.
  std::unique_ptr<Run> Start(const Plan& plan);

  RunConnections& connections() { return *connections_; }
  const RunOptions& options() const { return options_; }

 private:
  const Scenario& scenario_;
  RunOptions options_;
  std::unique_ptr<ScratchDatabase> owned_scratch_;
  std::unique_ptr<RunConnections> connections_;
};

// Runs every plan in `plans` (all made from one scenario) one after
// another on one scratch database of `target`, and judges each.
std::vector<VariantResult> RunPlans(Target& target, const std::vector<Plan>& plans,
                                    const RunOptions& options);

}  // namespace interleave
