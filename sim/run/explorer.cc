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

// One run's result as a worker hands it back.
struct RunResult {
  InterleavingOutcome outcome;
  StepConflicts conflicts;
};

// Every interleaving in enumeration order (AllInterleavings' order, which is
// lexicographic), and where each stands in it.
struct OrderList {
  std::vector<ClientOrder> orders;
  std::map<ClientOrder, size_t> index;
};

OrderList AllOrders(const std::vector<size_t>& steps_per_client) {
  StepConflicts all(steps_per_client);
  for (size_t c = 0; c < steps_per_client.size(); ++c) {
    for (size_t s = 0; s < steps_per_client[c]; ++s) all.AddWithAll(c, s);
  }
  OrderList list;
  list.orders = CanonicalOrders(all);
  for (size_t i = 0; i < list.orders.size(); ++i) list.index.emplace(list.orders[i], i);
  return list;
}

// One variant's exploration in progress. With the reduction, the
// interleavings are taken in enumeration order: one that no run so far
// stands for is run, and its run then stands for its class (the
// interleavings equivalent to it under the conflicts that run showed).
// Runs made ahead of the first interleaving not yet accounted for (on other
// workers) wait in `ahead` until the walk reaches them; one whose
// interleaving an earlier run turned out to stand for is dropped, so the
// outcomes are those of one worker.
struct VariantProgress {
  const Variant* variant = nullptr;
  StepUnits units;
  std::vector<bool> covered;  // by a run accepted so far
  size_t next = 0;            // every interleaving before it is accounted for
  std::map<size_t, RunResult> ahead;
  std::vector<InterleavingOutcome> outcomes;  // accepted, in enumeration order
  StepConflicts seen;                         // the union of every run's conflicts
  StepConflicts always;                       // the conflicts every run showed: predicts classes
  size_t runs = 0;
  size_t dropped = 0;  // runs made ahead that an earlier run stood for
  int rounds = 0;
  bool settled = false;
};

// Accepts the run of interleaving `item`: it stands for every interleaving
// of its class not accounted for yet.
void Accept(VariantProgress& state, const OrderList& all, size_t item, RunResult result) {
  std::uint64_t orders = 0;
  ForEachOrderInClass(all.orders[item], result.conflicts, [&](const ClientOrder& order) {
    auto found = all.index.find(order);
    if (found == all.index.end() || state.covered[found->second]) return;
    state.covered[found->second] = true;
    ++orders;
  });
  result.outcome.orders = orders;
  state.outcomes.push_back(std::move(result.outcome));
}

// Moves `state.next` past the interleavings accounted for, accepting the
// runs made ahead that it reaches; true when every interleaving is.
bool Advance(VariantProgress& state, const OrderList& all) {
  while (state.next < all.orders.size()) {
    if (state.covered[state.next]) {
      state.dropped += state.ahead.erase(state.next);
      ++state.next;
      continue;
    }
    auto found = state.ahead.find(state.next);
    if (found == state.ahead.end()) return false;
    RunResult result = std::move(found->second);
    state.ahead.erase(found);
    Accept(state, all, state.next, std::move(result));
  }
  return true;
}

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
// only at a transaction's end, which conflicts with everything but BEGIN. So
// the run of an interleaving and the run of one obtained by swapping two
// adjacent steps that were independent in it are the same run with those two
// steps exchanged, with the same footprints, so the same steps are
// independent in it; by induction, every interleaving of the class of a run
// (the closure of its interleaving under such swaps: the orders of its steps
// that keep every two of its conflicting steps in order) has that run, and
// the same outcome. Each run's own conflicts make its class, so a step that
// waits in one interleaving does not split the classes of the others. The
// classes partition the interleavings; walking them in enumeration order and
// running each one no accepted run stands for runs the first of every class
// exactly once.
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
  std::vector<size_t> steps_per_client;
  for (const Client& client : scenario.clients) steps_per_client.push_back(client.steps.size());
  const OrderList all = AllOrders(steps_per_client);
  for (size_t v = 0; v < variants.size(); ++v) {
    // A variant that does not fit is bad input, found before any run.
    Plan plan = MakePlan(scenario, variants[v], first_schedule);
    progress[v].variant = variants[v];
    progress[v].units = UnitsOf(scenario, plan);
    progress[v].covered.assign(all.orders.size(), false);
    progress[v].seen = StepConflicts(progress[v].units.steps_per_client);
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
  // How many runs a round may make ahead of the first interleaving not
  // accounted for: enough to keep the workers busy, few enough that most
  // are not dropped. It doubles after a round in which none was dropped
  // and halves after one in which some were.
  const size_t min_ahead = jobs > 1 ? static_cast<size_t>(jobs) : 0;
  const size_t max_ahead = 16 * min_ahead;
  size_t ahead_per_round = 2 * min_ahead;
  size_t dropped_before = 0;
  constexpr size_t kLookAhead = 4096;  // interleavings looked at per round
  try {
    WorkerPool pool(jobs);
    if (!reduce) {
      // Every interleaving of every variant, in one round.
      for (size_t v = 0; v < progress.size(); ++v) {
        for (const ClientOrder& order : all.orders) batch.emplace_back(v, order);
      }
      std::vector<RunResult> results =
          RunAll<RunResult>(pool, batch.size(), run_one, options.progress);
      for (size_t item = 0; item < batch.size(); ++item) {
        VariantProgress& state = progress[batch[item].first];
        state.outcomes.push_back(std::move(results[item].outcome));
        ++state.runs;
        state.rounds = 1;
      }
    }
    while (reduce) {
      batch.clear();
      std::vector<size_t> items;  // the interleaving of each batch entry
      std::vector<std::vector<size_t>> chosen(progress.size());
      // Each variant's first interleaving not accounted for: certainly run.
      for (size_t v = 0; v < progress.size(); ++v) {
        VariantProgress& state = progress[v];
        if (state.settled) continue;
        if (Advance(state, all)) {
          state.settled = true;
          continue;
        }
        chosen[v].push_back(state.next);
        ++state.rounds;
      }
      // Then runs ahead, each of an interleaving that the conflicts every
      // run showed so far do not put in a class already chosen.
      std::vector<size_t> looked(progress.size(), 0);
      for (size_t added = 0; added < ahead_per_round;) {
        bool any = false;
        for (size_t v = 0; v < progress.size() && added < ahead_per_round; ++v) {
          VariantProgress& state = progress[v];
          if (state.settled || state.runs == 0) continue;
          size_t& i = looked[v];
          if (i == 0) i = state.next + 1;
          const size_t stop = std::min(all.orders.size(), state.next + kLookAhead);
          for (; i < stop; ++i) {
            if (state.covered[i] || state.ahead.count(i)) continue;
            bool predicted = false;
            for (size_t c : chosen[v]) {
              if (SameClass(all.orders[i], all.orders[c], state.always)) predicted = true;
            }
            if (predicted) continue;
            chosen[v].push_back(i++);
            ++added;
            any = true;
            break;
          }
        }
        if (!any) break;
      }
      for (size_t v = 0; v < progress.size(); ++v) {
        for (size_t i : chosen[v]) {
          batch.emplace_back(v, all.orders[i]);
          items.push_back(i);
        }
      }
      if (batch.empty()) break;
      std::vector<RunResult> results = RunAll<RunResult>(pool, batch.size(), run_one);
      for (size_t item = 0; item < batch.size(); ++item) {
        VariantProgress& state = progress[batch[item].first];
        state.seen.Merge(results[item].conflicts);
        if (state.runs == 0) {
          state.always = results[item].conflicts;
        } else {
          state.always.Intersect(results[item].conflicts);
        }
        ++state.runs;
        state.ahead.emplace(items[item], std::move(results[item]));
      }
      size_t dropped = 0;
      for (const VariantProgress& state : progress) dropped += state.dropped;
      ahead_per_round = dropped > dropped_before ? std::max(min_ahead, ahead_per_round / 2)
                                                 : std::min(max_ahead, ahead_per_round * 2);
      dropped_before = dropped;
      if (options.progress) {
        size_t done = 0;
        for (const VariantProgress& state : progress) {
          done += static_cast<size_t>(std::count(state.covered.begin(), state.covered.end(), true));
        }
        options.progress(done, all.orders.size() * progress.size());
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
    exploration.runs = state.runs;
    exploration.conflicting_pairs = state.seen.ConflictCount();
    exploration.outcomes = std::move(state.outcomes);
    Tally(exploration);
  }
  return explorations;
}

}  // namespace interleave
