// Exhaustive exploration: every interleaving of the clients' steps that keeps
// each client's order (C(n+m, n) for two clients), for each variant, each run
// from the setup's exact state on `jobs` workers (each with its own scratch
// database and connections). Results are in enumeration order whatever the
// number of workers.
// Thread-safety: Explore() is called from one thread; it runs workers itself.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "sim/judge/verdict.h"
#include "sim/run/run.h"

namespace interleave {

class Target;

struct ExploreOptions {
  int jobs = 1;
  RunOptions run;
  std::string only_variant;
  // Called from the exploring thread after each finished interleaving.
  std::function<void(size_t done, size_t total)> progress;
  // Give up (bad input) above this many interleavings per variant.
  size_t max_interleavings = 200000;
};

struct InterleavingOutcome {
  std::string listed;      // the order as enumerated
  std::string ran;         // the order that really ran (differs when reordered)
  bool reordered = false;  // could not run as listed
  int switches = 0;        // changes of client along the listed order
  Verdict verdict;
};

struct VariantExploration {
  std::string variant;
  const Variant* variant_def = nullptr;
  std::vector<InterleavingOutcome> outcomes;
  // Tallies over the interleavings that ran as listed.
  int ran_as_listed = 0;
  int anomalies = 0;
  int prevented_by_wait = 0;
  int prevented_by_abort = 0;
  int no_conflict = 0;
  int aborted_without_retry = 0;
  int errors = 0;
  int reordered = 0;  // counted apart
  // Anomalous interleavings with the fewest switches between clients.
  std::vector<const InterleavingOutcome*> Simplest(size_t count) const;
};

// Number of interleavings of the scenario's clients' steps.
size_t CountScenarioInterleavings(const Scenario& scenario);

// Throws InputError when the scenario has more interleavings than `options`
// allows (checked before any server is started).
void CheckExplorable(const Scenario& scenario, const ExploreOptions& options);

std::vector<VariantExploration> Explore(const Scenario& scenario, Target& target,
                                        const ExploreOptions& options);

}  // namespace interleave
