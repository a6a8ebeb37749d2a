#include "sim/run/explorer.h"

#include "sim/run/run_failure.h"

#include <algorithm>
#include <functional>
#include <map>
#include <memory>

#include "db/db_failure.h"
#include "db/engine.h"
#include "sim/parse/spec_parser.h"
#include "sim/plan/interleavings.h"
#include "sim/plan/plan.h"
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
  std::map<std::string, int> classes;
  std::map<std::string, int> names;
  for (const auto& outcome : exploration.outcomes) {
    if (outcome.reordered) continue;
    ++classes[GraphClassName(outcome.verdict)];
    if (outcome.verdict.explanation) {
      const Finding* reported = outcome.verdict.explanation->Reported();
      if (reported && !reported->anomaly.empty()) ++names[reported->anomaly];
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
    if (outcome.reordered) {
      ++exploration.reordered;
      continue;
    }
    ++exploration.ran_as_listed;
    switch (outcome.verdict.kind) {
      case Verdict::Kind::kAnomaly:
        ++exploration.anomalies;
        break;
      case Verdict::Kind::kAbortedWithoutRetry:
        ++exploration.aborted_without_retry;
        break;
      case Verdict::Kind::kError:
        ++exploration.errors;
        break;
      case Verdict::Kind::kPrevented:
        if (outcome.verdict.how == Verdict::How::kWait) {
          ++exploration.prevented_by_wait;
        } else if (outcome.verdict.how == Verdict::How::kAbort) {
          ++exploration.prevented_by_abort;
        } else {
          ++exploration.no_conflict;
        }
        break;
    }
  }
}

}  // namespace

std::string GraphClassName(const Verdict& verdict) {
  if (!verdict.explanation) return kNotRecorded;
  const Finding* reported = verdict.explanation->Reported();
  if (!reported) return kSerializable;
  return std::string(AdyaClassName(reported->adya));
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

std::vector<VariantExploration> Explore(const Scenario& scenario, Target& target,
                                        const ExploreOptions& options) {
  CheckExplorable(scenario, options);
  std::vector<Schedule> interleavings = AllInterleavings(scenario);
  std::vector<const Variant*> variants;
  if (options.only_variant.empty()) {
    variants = VariantsToRun(scenario);
  } else {
    variants.push_back(FindVariant(scenario, options.only_variant));
  }
  // Plans first: a variant that does not fit is bad input, found before any run.
  std::vector<std::vector<Plan>> plans(variants.size());
  for (size_t v = 0; v < variants.size(); ++v) {
    for (const auto& schedule : interleavings) {
      plans[v].push_back(MakePlan(scenario, variants[v], schedule));
    }
  }

  std::vector<VariantExploration> explorations(variants.size());
  for (size_t v = 0; v < variants.size(); ++v) {
    explorations[v].variant = plans[v].empty() ? "" : plans[v][0].variant;
    explorations[v].variant_def = variants[v];
    explorations[v].outcomes.resize(interleavings.size());
  }
  const size_t total = variants.size() * interleavings.size();
  const int jobs =
      std::max(1, std::min<int>(options.jobs, static_cast<int>(std::max<size_t>(total, 1))));
  // The scratch databases are made here, one after another; each worker
  // connects to its own on its own thread.
  std::vector<std::unique_ptr<ScratchDatabase>> scratches;
  for (int j = 0; j < jobs; ++j) scratches.push_back(target.CreateScratch());
  std::vector<std::unique_ptr<VariantRunner>> runners(jobs);

  std::function<InterleavingOutcome(size_t, int)> run_one = [&](size_t item, int worker) {
    if (!runners[worker]) {
      runners[worker] = std::make_unique<VariantRunner>(*scratches[worker], scenario, options.run);
    }
    size_t v = item / interleavings.size();
    size_t i = item % interleavings.size();
    VariantResult result = runners[worker]->RunPlan(plans[v][i]);
    // Counting the rest as errors would hide it: the exploration stops.
    if (ServerFailed(result.trace)) throw DbFailure(RunFailureText(result.trace));
    InterleavingOutcome outcome;
    outcome.listed = interleavings[i].name;
    outcome.ran = result.trace.OrderText();
    outcome.reordered = result.trace.reordered;
    outcome.switches = CountSwitches(scenario, interleavings[i]);
    outcome.verdict = std::move(result.verdict);
    return outcome;
  };
  std::vector<InterleavingOutcome> outcomes;
  try {
    WorkerPool pool(jobs);
    outcomes = RunAll<InterleavingOutcome>(pool, total, run_one, options.progress);
  } catch (const DbFailure&) {
    throw;
  } catch (const std::exception& error) {
    throw DbFailure(error.what());
  }
  for (size_t item = 0; item < total; ++item) {
    explorations[item / interleavings.size()].outcomes[item % interleavings.size()] =
        std::move(outcomes[item]);
  }
  for (auto& exploration : explorations) Tally(exploration);
  return explorations;
}

}  // namespace interleave
