// (c) Permutations per second on the shared PostgreSQL isolation specs
// (../shared/pg-isolation/specs, read in place, never copied), in-process on
// one server started once, and PostgreSQL's own isolationtester (the
// reference tool, shipped with postgresql-client-15) on the same server in the
// same program run. Each permutation runs the spec's setup and teardown; each
// spec gets fresh connections, as with the reference runner.
//   BM_SharedSpecs/{all,lock_wait}       ours as `interleave run` does it: a
//                                        scratch database per spec
//   BM_SpecsVsReference/{all,lock_wait}  ours and isolationtester spec by spec,
//                                        back to back on one database (as
//                                        pg_isolation_regress runs them), so
//                                        both see the same machine load
//   BM_SpecVsReference/NAME              the same for one spec
// lock_wait: the specs whose expected output has "<waiting ...>".
// Counters: perm_per_s, ms_per_perm, runs_perm_per_s (the runs without
// scratch database and connections), vs_readme_x (over the ~48
// permutations/s of the reference's README); ours_/ref_perm_per_s and
// speedup_x (reference time / ours); run_errors (runs that reported an error),
// ref_errors (non-zero exits). Without the shared folder the program says so
// and skips; without isolationtester the comparisons are skipped.
#include <benchmark/benchmark.h>

#include <chrono>
#include <iostream>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "bench/bench_support.h"
#include "db/engine.h"
#include "sim/parse/spec_parser.h"
#include "sim/plan/plan.h"
#include "sim/run/run.h"
#include "sim/run/variant_runner.h"
#include "sim/plan/interleavings.h"

namespace interleave::bench {
namespace {

using Clock = std::chrono::steady_clock;
constexpr double kReadmePermPerS = 48.0;  // isolationtester, whole PG 15 schedule

// ms per permutation of isolationtester for the specs its README names.
const std::map<std::string, double>& ReadmeMsPerPermutation() {
  static const std::map<std::string, double> reference = {
      {"simple-write-skew", 7.1},
      {"receipt-report", 8.6},
      {"lock-update-delete", 46.6},
      {"deadlock-hard", 690.0},
  };
  return reference;
}

double Seconds(Clock::duration elapsed) { return std::chrono::duration<double>(elapsed).count(); }

// A parsed spec with the plans of every permutation it runs.
struct LoadedSpec {
  std::string name;
  std::string path;
  bool lock_wait = false;
  std::unique_ptr<Scenario> scenario;  // plans point into it
  std::vector<Plan> plans;
  RunOptions options;
};

std::vector<LoadedSpec>& LoadedSpecs() {
  static std::vector<LoadedSpec> loaded;
  return loaded;
}

void LoadSpecs() {
  for (const SharedSpec& shared : SharedSpecs()) {
    LoadedSpec spec;
    spec.name = shared.name;
    spec.path = shared.path;
    spec.lock_wait = shared.lock_wait;
    spec.scenario = std::make_unique<Scenario>(ParseSpecFile(shared.path));
    for (const Schedule& schedule : SpecSchedules(*spec.scenario)) {
      spec.plans.push_back(MakePlan(*spec.scenario, nullptr, schedule));
    }
    spec.options.isolation_spec_settings = true;
    spec.options.spec_name = spec.scenario->title;
    spec.options.capture_state = false;
    LoadedSpecs().push_back(std::move(spec));
  }
}

// Fresh connections, then every permutation. Returns the runs with an error;
// adds the time of the runs alone to *runs_s.
int RunSpec(const LoadedSpec& spec, ScratchDatabase& scratch, double* runs_s) {
  VariantRunner runner(scratch, *spec.scenario, spec.options);
  auto start = Clock::now();
  int errors = 0;
  for (const Plan& plan : spec.plans) {
    // The run alone, without the verdict, as the reference tool has none.
    if (!runner.Start(plan)->Complete().run_error.empty()) ++errors;
  }
  *runs_s += Seconds(Clock::now() - start);
  return errors;
}

struct Totals {
  double seconds = 0;
  double runs_s = 0;
  double permutations = 0;
  int errors = 0;
  int specs = 0;
};

void Report(benchmark::State& state, const Totals& totals) {
  state.counters["specs"] = totals.specs;
  state.counters["permutations"] = totals.permutations / static_cast<double>(state.iterations());
  state.counters["perm_per_s"] = totals.permutations / totals.seconds;
  state.counters["ms_per_perm"] = 1e3 * totals.seconds / totals.permutations;
  state.counters["vs_readme_x"] = totals.permutations / totals.seconds / kReadmePermPerS;
  state.counters["run_errors"] = totals.errors;
  if (totals.runs_s > 0) state.counters["runs_perm_per_s"] = totals.permutations / totals.runs_s;
}

// Ours as `interleave run` does it: a scratch database per spec.
void BM_SharedSpecs(benchmark::State& state, bool lock_wait_only) {
  Totals totals;
  for (auto _ : state) {
    totals.specs = 0;
    auto start = Clock::now();
    for (const LoadedSpec& spec : LoadedSpecs()) {
      if (lock_wait_only && !spec.lock_wait) continue;
      ++totals.specs;
      totals.permutations += static_cast<double>(spec.plans.size());
      auto scratch = BenchTarget().CreateScratch();
      totals.errors += RunSpec(spec, *scratch, &totals.runs_s);
    }
    totals.seconds += Seconds(Clock::now() - start);
  }
  Report(state, totals);
}

// Ours and the reference tool, spec by spec, back to back on one database (as
// pg_isolation_regress runs them), so that both see the same load.
struct Paired {
  double ours_s = 0;
  double reference_s = 0;
  double permutations = 0;
  int ours_errors = 0;
  int reference_errors = 0;
};

void RunPaired(const LoadedSpec& spec, ScratchDatabase& scratch, const std::string& tester,
               Paired* paired) {
  double runs_s = 0;
  auto start = Clock::now();
  paired->ours_errors += RunSpec(spec, scratch, &runs_s);
  paired->ours_s += Seconds(Clock::now() - start);
  start = Clock::now();
  if (RunReferenceTester(tester, scratch.conninfo(), spec.name, spec.path) != 0) {
    ++paired->reference_errors;
  }
  paired->reference_s += Seconds(Clock::now() - start);
  paired->permutations += static_cast<double>(spec.plans.size());
}

void ReportPaired(benchmark::State& state, const Paired& paired) {
  state.counters["permutations"] = paired.permutations / static_cast<double>(state.iterations());
  state.counters["ours_perm_per_s"] = paired.permutations / paired.ours_s;
  state.counters["ref_perm_per_s"] = paired.permutations / paired.reference_s;
  state.counters["ours_ms_per_perm"] = 1e3 * paired.ours_s / paired.permutations;
  state.counters["ref_ms_per_perm"] = 1e3 * paired.reference_s / paired.permutations;
  state.counters["speedup_x"] = paired.reference_s / paired.ours_s;
  state.counters["run_errors"] = paired.ours_errors;
  state.counters["ref_errors"] = paired.reference_errors;
}

void BM_SpecsVsReference(benchmark::State& state, bool lock_wait_only) {
  const std::string tester = ReferenceTester();
  if (tester.empty()) {
    state.SkipWithError("isolationtester not found (postgresql-client-15)");
    return;
  }
  auto scratch = BenchTarget().CreateScratch();
  Paired paired;
  int specs = 0;
  for (auto _ : state) {
    specs = 0;
    for (const LoadedSpec& spec : LoadedSpecs()) {
      if (lock_wait_only && !spec.lock_wait) continue;
      ++specs;
      RunPaired(spec, *scratch, tester, &paired);
    }
  }
  state.counters["specs"] = specs;
  ReportPaired(state, paired);
}

void BM_SpecVsReference(benchmark::State& state, const LoadedSpec* spec) {
  const std::string tester = ReferenceTester();
  if (tester.empty()) {
    state.SkipWithError("isolationtester not found (postgresql-client-15)");
    return;
  }
  auto scratch = BenchTarget().CreateScratch();
  Paired paired;
  for (auto _ : state) RunPaired(*spec, *scratch, tester, &paired);
  ReportPaired(state, paired);
  auto readme = ReadmeMsPerPermutation().find(spec->name);
  if (readme != ReadmeMsPerPermutation().end()) {
    state.counters["readme_ms_per_perm"] = readme->second;
  }
  state.SetLabel(spec->lock_wait ? "lock waits" : "");
}

void BM_NoSharedSpecs(benchmark::State& state) {
  state.SkipWithError("../shared/pg-isolation not found: spec benchmarks skipped");
  for (auto _ : state) {
  }
}

void Register() {
  if (SharedSpecsDir().empty()) {
    std::cerr << "spec_throughput_bench: ../shared/pg-isolation (or INTERLEAVE_PG_ISOLATION) "
                 "not found; the spec benchmarks are skipped.\n";
    benchmark::RegisterBenchmark("BM_SharedSpecs/skipped", BM_NoSharedSpecs)->Iterations(1);
    return;
  }
  LoadSpecs();
  for (bool lock_wait_only : {false, true}) {
    std::string suffix = lock_wait_only ? "/lock_wait" : "/all";
    benchmark::RegisterBenchmark(("BM_SharedSpecs" + suffix).c_str(), BM_SharedSpecs,
                                 lock_wait_only)
        ->Iterations(2)
        ->UseRealTime()
        ->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark(("BM_SpecsVsReference" + suffix).c_str(), BM_SpecsVsReference,
                                 lock_wait_only)
        ->Iterations(2)
        ->UseRealTime()
        ->Unit(benchmark::kMillisecond);
  }
  for (const LoadedSpec& spec : LoadedSpecs()) {
    benchmark::RegisterBenchmark(("BM_SpecVsReference/" + spec.name).c_str(), BM_SpecVsReference,
                                 &spec)
        ->UseRealTime()
        ->MinTime(0.2)
        ->Unit(benchmark::kMillisecond);
  }
}

}  // namespace
}  // namespace interleave::bench

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  interleave::bench::Register();
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
