// Exhaustive exploration: every interleaving of the clients' steps that keeps
// each client's order (C(n+m, n) for two clients), for each variant, each run
// from the setup's exact state on `jobs` workers (each with its own scratch
// database and connections). Results are in enumeration order whatever the
// number of workers.
// Thread-safety: Explore() is called from one thread; it runs workers itself.
#pragma once

#include <functional>
#include <string>
#include <utility>
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
  // What the dependency graph says of the interleavings that ran as listed:
  // how many were "serializable", how many of each Adya class of the finding
  // each run is reported by ("G0", "G1a", "G1b", "G1c", "G-single",
  // "G2-item", "G2"), and how many were "not recorded" (no graph). Only the
  // classes that occur, in that order; the counts add up to ran_as_listed.
  std::vector<std::pair<std::string, int>> graph_classes;
  // The textbook names of the reported findings ("lost update", "write
  // skew" ...), most frequent first (ties by name); findings without one are
  // not listed.
  std::vector<std::pair<std::string, int>> textbook_names;
  // Anomalous interleavings with the fewest switches between clients.
  std::vector<const InterleavingOutcome*> Simplest(size_t count) const;
};

// The graph class a verdict is counted under: "serializable", the Adya
// class of its reported finding ("G-single" ...), or "not recorded".
std::string GraphClassName(const Verdict& verdict);

// Number of interleavings of the scenario's clients' steps.
size_t CountScenarioInterleavings(const Scenario& scenario);

// Throws InputError when the scenario has more interleavings than `options`
// allows (checked before any server is started).
void CheckExplorable(const Scenario& scenario, const ExploreOptions& options);

std::vector<VariantExploration> Explore(const Scenario& scenario, Target& target,
                                        const ExploreOptions& options);

}  // namespace interleave
