#include "sim/run/explorer.h"

#include <algorithm>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>

#include "db/db_failure.h"
#include "db/engine.h"
#include "sim/parse/spec_parser.h"
#include "sim/plan/commuting_orders.h"
#include "sim/plan/interleavings.h"
#include "sim/plan/plan.h"
#include "sim/run/run_conflicts.h"
#include "sim/run/run_failure.h"
#include "sim/run/variant_runner.h"
#include "util/worker_pool.h"

namespace interleave {
namespace {

int CountSwitches(const Scenario& scenario, const Schedule& schedule) {
  int switches = 0;
  int previous = -1;
  for (const auto& entry : schedule.entries) {
    int client = scenario.FindStep(entry.step).first;
    if (previous >= 0 && client != previous) ++switches;
    previous = client;
  }
  return switches;
}

constexpr const char* kSerializable = "serializable";
constexpr const char* kNotRecorded = "not recorded";

void TallyGraphClasses(VariantExploration& exploration) {
  std::map<std::string, std::uint64_t> classes;
  std::map<std::string, std::uint64_t> names;
  for (const auto& outcome : exploration.outcomes) {
    if (outcome.reordered) continue;
    classes[GraphClassName(outcome.verdict)] += outcome.orders;
    if (outcome.verdict.explanation) {
      const Finding* reported = outcome.verdict.explanation->Reported();
      if (reported && !reported->anomaly.empty()) names[reported->anomaly] += outcome.orders;
    }
  }
  std::vector<std::string> order = {kSerializable};
  for (AdyaClass adya : {AdyaClass::kG0, AdyaClass::kG1a, AdyaClass::kG1b, AdyaClass::kG1c,
                         AdyaClass::kGSingle, AdyaClass::kG2Item, AdyaClass::kG2}) {
    order.emplace_back(AdyaClassName(adya));
  }
  order.emplace_back(kNotRecorded);
  for (const std::string& name : order) {
    auto found = classes.find(name);
    if (found != classes.end()) exploration.graph_classes.emplace_back(name, found->second);
  }
  exploration.textbook_names.assign(names.begin(), names.end());
  std::stable_sort(exploration.textbook_names.begin(), exploration.textbook_names.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
}

void Tally(VariantExploration& exploration) {
  TallyGraphClasses(exploration);
  for (const auto& outcome : exploration.outcomes) {
    const std::uint64_t orders = outcome.orders;
    if (outcome.reordered) {
      exploration.reordered += orders;
      continue;
    }
    exploration.ran_as_listed += orders;
    switch (outcome.verdict.kind) {
      case Verdict::Kind::kAnomaly:
        exploration.anomalies += orders;
        break;
      case Verdict::Kind::kAbortedWithoutRetry:
        exploration.aborted_without_retry += orders;
        break;
      case Verdict::Kind::kError:
        exploration.errors += orders;
        break;
      case Verdict::Kind::kPrevented:
        if (outcome.verdict.how == Verdict::How::kWait) {
          exploration.prevented_by_wait += orders;
        } else if (outcome.verdict.how == Verdict::How::kAbort) {
          exploration.prevented_by_abort += orders;
        } else {
          exploration.no_conflict += orders;
        }
        break;
    }
  }
}

// The schedule that runs the clients' steps in `order`.
Schedule ScheduleOf(const Scenario& scenario, const ClientOrder& order) {
  Schedule schedule;
  schedule.pos = SourcePos{scenario.path, 0, 0};
  std::vector<size_t> piles(scenario.clients.size(), 0);
  for (std::uint8_t client : order) {
    const Step& step = scenario.clients[client].steps[piles[client]++];
    if (!schedule.name.empty()) schedule.name += ' ';
    schedule.name += step.name;
    ScheduleEntry entry;
    entry.step = step.name;
    entry.pos = step.pos;
    schedule.entries.push_back(std::move(entry));
  }
  return schedule;
}

// Every pair of steps of different clients conflicting: every interleaving
// is its own class.
StepConflicts AllConflicting(const StepUnits& units) {
  StepConflicts conflicts(units.steps_per_client);
  for (size_t c = 0; c < units.steps_per_client.size(); ++c) {
    for (size_t s = 0; s < units.steps_per_client[c]; ++s) conflicts.AddWithAll(c, s);
  }
  return conflicts;
}

// One variant's exploration in progress: the conflicts learned so far and
// the runs made, by order.
struct VariantProgress {
  const Variant* variant = nullptr;
  StepUnits units;
  StepConflicts conflicts;
  std::map<ClientOrder, InterleavingOutcome> runs;
  std::vector<ClientOrder> classes;  // the representatives, once settled
  bool settled = false;
  int rounds = 0;
};

// One run's result as a worker hands it back.
struct RunResult {
  InterleavingOutcome outcome;
  StepConflicts conflicts;
};

}  // namespace

std::string GraphClassName(const Verdict& verdict) {
  if (!verdict.explanation) return kNotRecorded;
  const Finding* reported = verdict.explanation->Reported();
  if (!reported) return kSerializable;
  return std::string(AdyaClassName(reported->adya));
}

std::uint64_t VariantExploration::Interleavings() const {
  std::uint64_t total = 0;
  for (const auto& outcome : outcomes) total += outcome.orders;
  return total;
}

std::vector<const InterleavingOutcome*> VariantExploration::Simplest(size_t count) const {
  std::vector<const InterleavingOutcome*> anomalous;
  for (const auto& outcome : outcomes) {
    if (!outcome.reordered && outcome.verdict.kind == Verdict::Kind::kAnomaly) {
      anomalous.push_back(&outcome);
    }
  }
  std::stable_sort(anomalous.begin(), anomalous.end(),
                   [](const InterleavingOutcome* a, const InterleavingOutcome* b) {
                     return a->switches < b->switches;
                   });
  if (anomalous.size() > count) anomalous.resize(count);
  return anomalous;
}

size_t CountScenarioInterleavings(const Scenario& scenario) {
  return static_cast<size_t>(CountInterleavings(scenario));
}

void CheckExplorable(const Scenario& scenario, const ExploreOptions& options) {
  size_t count = CountScenarioInterleavings(scenario);
  if (count > options.max_interleavings) {
    throw InputError(SourcePos{scenario.path, 0, 0},
                     "the clients' steps have " + std::to_string(count) +
                         " interleavings, more than the " +
                         std::to_string(options.max_interleavings) +
                         " explore runs; split the scenario or run chosen schedules");
  }
}

// Why the reduction is sound. Call two steps of different clients
// independent in a run when one only began a transaction at once, or neither
// is marked as conflicting with everything and their footprints (rows and
// tables read and written) do not overlap, as run_conflicts.h describes.
// Running two adjacent independent steps in the other order, from the same
// state, gives each the same results and leaves the same state: neither reads
// what the other writes, no lock of one stands in the other's way (a step
// that waited conflicts with everything), and what a snapshot sees changes
// only at a transaction's end, which conflicts with everything but BEGIN. So the run of
// an interleaving and the run of one obtained by swapping two adjacent steps
// that were independent in it are the same run with those two steps
// exchanged, with the same footprints; by induction, every interleaving of a
// class (the closure under such swaps) has the run of its representative, and
// the same outcome. The classes are formed under a relation learned from the
// runs, so the rounds repeat until no run shows a conflict outside it: then
// the representative of every class under the final relation has been run,
// and each of its runs showed only conflicts the relation holds, which is
// what the induction needs. The relation only grows, so this ends (at worst
// with every pair conflicting, which is exhaustive exploration).
std::vector<VariantExploration> Explore(const Scenario& scenario, Target& target,
                                        const ExploreOptions& options) {
  CheckExplorable(scenario, options);
  std::vector<const Variant*> variants;
  if (options.only_variant.empty()) {
    variants = VariantsToRun(scenario);
  } else {
    variants.push_back(FindVariant(scenario, options.only_variant));
  }
  const bool reduce = options.reduce && options.run.explain;
  std::vector<VariantProgress> progress(variants.size());
  std::vector<VariantExploration> explorations(variants.size());
  ClientOrder first;
  for (size_t c = 0; c < scenario.clients.size(); ++c) {
    first.insert(first.end(), scenario.clients[c].steps.size(), static_cast<std::uint8_t>(c));
  }
  const Schedule first_schedule = ScheduleOf(scenario, first);
  for (size_t v = 0; v < variants.size(); ++v) {
    // A variant that does not fit is bad input, found before any run.
    Plan plan = MakePlan(scenario, variants[v], first_schedule);
    progress[v].variant = variants[v];
    progress[v].units = UnitsOf(scenario, plan);
    progress[v].conflicts = reduce ? StepConflicts(progress[v].units.steps_per_client)
                                   : AllConflicting(progress[v].units);
    explorations[v].variant = plan.variant;
    explorations[v].variant_def = variants[v];
    explorations[v].reduced = reduce;
  }

  const int jobs = std::max(1, options.jobs);
  // The scratch databases are made here, one after another; each worker
  // connects to its own on its own thread.
  std::vector<std::unique_ptr<ScratchDatabase>> scratches;
  for (int j = 0; j < jobs; ++j) scratches.push_back(target.CreateScratch());
  std::vector<std::unique_ptr<VariantRunner>> runners(jobs);
  std::vector<std::pair<size_t, ClientOrder>> batch;  // (variant, order)

  std::function<RunResult(size_t, int)> run_one = [&](size_t item, int worker) {
    if (!runners[worker]) {
      runners[worker] = std::make_unique<VariantRunner>(*scratches[worker], scenario, options.run);
    }
    const auto& [v, order] = batch[item];
    const Schedule schedule = ScheduleOf(scenario, order);
    const Plan plan = MakePlan(scenario, progress[v].variant, schedule);
    VariantResult result = runners[worker]->RunPlan(plan);
    // Counting the rest as errors would hide it: the exploration stops.
    if (ServerFailed(result.trace)) throw DbFailure(RunFailureText(result.trace));
    RunResult run;
    run.outcome.listed = schedule.name;
    run.outcome.ran = result.trace.OrderText();
    run.outcome.reordered = result.trace.reordered;
    run.outcome.switches = CountSwitches(scenario, schedule);
    run.outcome.verdict = std::move(result.verdict);
    if (reduce) run.conflicts = ConflictsOfRun(plan, result.trace, progress[v].units);
    return run;
  };
  size_t done_before = 0;
  try {
    WorkerPool pool(jobs);
    while (true) {
      batch.clear();
      for (size_t v = 0; v < progress.size(); ++v) {
        VariantProgress& state = progress[v];
        if (state.settled) continue;
        std::vector<ClientOrder> classes = CanonicalOrders(state.conflicts);
        size_t before = batch.size();
        for (const ClientOrder& order : classes) {
          if (!state.runs.count(order)) batch.emplace_back(v, order);
        }
        if (batch.size() == before) {
          state.settled = true;
          state.classes = std::move(classes);
        } else {
          ++state.rounds;
        }
      }
      if (batch.empty()) break;
      std::function<void(size_t, size_t)> round_progress;
      if (options.progress) {
        round_progress = [&](size_t done, size_t total) {
          options.progress(done_before + done, done_before + total);
        };
      }
      std::vector<RunResult> results =
          RunAll<RunResult>(pool, batch.size(), run_one, round_progress);
      done_before += batch.size();
      for (size_t item = 0; item < batch.size(); ++item) {
        VariantProgress& state = progress[batch[item].first];
        if (reduce) state.conflicts.Merge(results[item].conflicts);
        state.runs.emplace(batch[item].second, std::move(results[item].outcome));
      }
    }
  } catch (const DbFailure&) {
    throw;
  } catch (const InputError&) {
    throw;
  } catch (const std::exception& error) {
    throw DbFailure(error.what());
  }
  for (size_t v = 0; v < progress.size(); ++v) {
    VariantProgress& state = progress[v];
    VariantExploration& exploration = explorations[v];
    exploration.rounds = state.rounds;
    exploration.runs = state.runs.size();
    exploration.conflicting_pairs = state.conflicts.ConflictCount();
    for (const ClientOrder& order : state.classes) {
      InterleavingOutcome outcome = std::move(state.runs.at(order));
      outcome.orders = reduce ? OrdersInClass(order, state.conflicts) : 1;
      exploration.outcomes.push_back(std::move(outcome));
    }
    Tally(exploration);
  }
  return explorations;
}

}  // namespace interleave
