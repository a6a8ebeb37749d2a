// Exploration: every interleaving of the clients' steps that keeps each
// client's order (C(n+m, n) for two clients), for each variant, each run from
// the setup's exact state on `jobs` workers (each with its own scratch
// database and connections).
//
// By default interleavings that differ only in the order of adjacent steps
// that commute are run once per class (partial-order reduction); each
// outcome then says how many interleavings its run stands for, and the
// tallies count interleavings, so they add up to the exhaustive count.
// Which steps commute is learned from each run itself
// (sim/run/run_conflicts.h): the interleavings are walked in enumeration
// order, and one that no earlier run stands for is run; its run then stands
// for every order of its steps that keeps the steps that conflicted in it in
// order. `reduce = false` runs every interleaving.
// Results are in enumeration order whatever the number of workers, and the
// same for one worker or several (several workers run some interleavings
// ahead, and drop those an earlier run turns out to stand for).
// Thread-safety: Explore() is called from one thread; it runs workers itself.
#pragma once

#include <cstdint>
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
  // Run one interleaving per class of interleavings that differ only in the
  // order of commuting steps; false: run every interleaving. Runs that are
  // not recorded (`run.explain` off) are never reduced.
  bool reduce = true;
};

struct InterleavingOutcome {
  std::string listed;      // the order as enumerated
  std::string ran;         // the order that really ran (differs when reordered)
  bool reordered = false;  // could not run as listed
  int switches = 0;        // changes of client along the listed order
  // How many interleavings this run stands for: those equivalent to `listed`
  // up to the order of commuting steps (1 when every interleaving runs).
  std::uint64_t orders = 1;
  Verdict verdict;
};

struct VariantExploration {
  std::string variant;
  const Variant* variant_def = nullptr;
  // One per run, in enumeration order: every interleaving, or with the
  // reduction the first interleaving of each class.
  std::vector<InterleavingOutcome> outcomes;
  // Whether the interleavings were grouped into classes (`reduce`), and then
  // in how many rounds (batches handed to the workers) the runs were made
  // and how many pairs of steps of different clients conflicted in some run.
  bool reduced = false;
  int rounds = 0;
  size_t conflicting_pairs = 0;
  // Runs made, counting those made ahead on another worker whose
  // interleaving an earlier run turned out to stand for (they are not among
  // `outcomes`).
  size_t runs = 0;
  // Tallies of interleavings (each outcome counted `orders` times) over the
  // interleavings that ran as listed.
  std::uint64_t ran_as_listed = 0;
  std::uint64_t anomalies = 0;
  std::uint64_t prevented_by_wait = 0;
  std::uint64_t prevented_by_abort = 0;
  std::uint64_t no_conflict = 0;
  std::uint64_t aborted_without_retry = 0;
  std::uint64_t errors = 0;
  std::uint64_t reordered = 0;  // counted apart
  // What the dependency graph says of the interleavings that ran as listed:
  // how many were "serializable", how many of each Adya class of the finding
  // each run is reported by ("G0", "G1a", "G1b", "G1c", "G-single",
  // "G2-item", "G2"), and how many were "not recorded" (no graph). Only the
  // classes that occur, in that order; the counts add up to ran_as_listed.
  std::vector<std::pair<std::string, std::uint64_t>> graph_classes;
  // The textbook names of the reported findings ("lost update", "write
  // skew" ...), most frequent first (ties by name); findings without one are
  // not listed.
  std::vector<std::pair<std::string, std::uint64_t>> textbook_names;
  // The interleavings the outcomes stand for (the sum of their `orders`).
  std::uint64_t Interleavings() const;
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
