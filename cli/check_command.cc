// `interleave check PATH...`: runs every variant of every scenario found and
// compares each verdict with the variant's `expect`. The regression gate for
// a scenario library (and for an application developer's own fixes, pointed at
// their own server with --db). Exit 0 when everything matches, 1 on any
// mismatch, 2 on bad input, 3 when the server cannot be used.
#include <algorithm>
#include <fstream>

#include "cli/cli.h"
#include "cli/cli_args.h"
#include "cli/suite_runner.h"
#include "db/db_failure.h"
#include "db/engine.h"
#include "report/check_report.h"
#include "sim/model/source_pos.h"
#include "sim/parse/scenario_loader.h"
#include "sim/plan/plan.h"
#include "sim/run/run.h"
#include "sim/run/run_failure.h"
#include "util/worker_pool.h"

namespace interleave {
namespace {

const char* kCheckHelp = R"(Usage: interleave check PATH... [options]

Runs every variant of every scenario found in PATH (scenario files, or folders
searched recursively for *.toml and *.spec), each from the same freshly set-up
state on the scenario's first schedule, and compares each verdict with the
variant's `expect` (on MariaDB, its MariaDB `expect` where it gives one; a
scenario marked engines = ["postgresql"] is skipped there). Prints a table (scenario, variant, expected, actual,
result) and one MISMATCH line for each verdict that differs from its
expectation. A variant without `expect` is reported but not counted;
PostgreSQL isolation specs have no expectations and are skipped.

Options:
  --db URL              use this server instead of the private one (also
                        INTERLEAVE_DB or libpq's PG* variables); runs happen
                        in scratch databases created and dropped there
  --junit FILE          also write the results as JUnit XML to FILE
  -j N, --jobs N        run N scenario files at a time (default 1); the
                        verdicts do not depend on N
  --step-timeout MS     cancel a step that neither completes nor waits for a
                        lock within MS milliseconds (default 10000)
  -v, --verbose         print every verdict's sentence, not only mismatches

Suite mode, for PostgreSQL isolation specs (as pg_isolation_regress runs them):
  --expected DIR        run each .spec in PATH, compare its isolationtester
                        output with DIR/NAME.out or DIR/NAME_N.out (white
                        space ignored), print ok or FAILED and a short diff
                        per spec; -j defaults to 2 per CPU
  --results DIR         write each output to DIR/NAME.out (and the diffs of
                        failed specs to DIR/regression.diffs)

Exit status: 0 every expectation matched, 1 a verdict differed from its
expectation, 2 bad input, 3 the server could not be used or failed during a
run, 130 interrupted (Ctrl-C).
)";

struct Job {
  Scenario scenario;  // as the chosen engine runs it
  bool runs = true;   // false: not on the chosen engine
  std::vector<CheckRow> rows;
};

// Checks that every variant of `scenario` can be planned on its first
// schedule, so that bad input is reported before any server starts.
void Validate(const Scenario& scenario) {
  if (scenario.is_isolation_spec) return;
  const Schedule& schedule = FindSchedule(scenario, "");
  for (const Variant* variant : VariantsToRun(scenario)) MakePlan(scenario, variant, schedule);
}

std::vector<CheckRow> RunJob(const Job& job, Target& target, const RunOptions& options) {
  std::vector<CheckRow> rows;
  if (!job.runs) {
    rows.push_back(MakeSkippedRow(
        job.scenario,
        std::string("skipped on ") + EngineName(target.engine()) + ": PostgreSQL only"));
    return rows;
  }
  if (job.scenario.is_isolation_spec) {
    rows.push_back(MakeSkippedRow(
        job.scenario, "a PostgreSQL isolation spec has no expectations; use interleave run"));
    return rows;
  }
  for (const VariantResult& result : RunScenario(job.scenario, target, options)) {
    // A mismatch the server caused is no verdict: the check stops (exit 3).
    if (ServerFailed(result.trace))
      throw DbFailure(job.scenario.path + ": " + RunFailureText(result.trace));
    rows.push_back(MakeCheckRow(job.scenario, result));
  }
  return rows;
}

// Runs the jobs on `jobs` threads; rethrows the exception of the first job
// (in file order) that threw.
void RunJobs(std::vector<Job>& all, Target& target, const RunOptions& options, int jobs) {
  int threads = std::min<int>(jobs, static_cast<int>(all.size()));
  if (threads > 1) {
    // The first scratch database also clears leftovers of killed runs; make it
    // here, on one thread, before the workers make theirs.
    target.CreateScratch();
  }
  WorkerPool pool(threads);
  std::vector<std::vector<CheckRow>> rows = RunAll<std::vector<CheckRow>>(
      pool, all.size(), [&](size_t i, int /*worker*/) { return RunJob(all[i], target, options); });
  for (size_t i = 0; i < all.size(); ++i) all[i].rows = std::move(rows[i]);
}

}  // namespace

int CheckCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  CliArgs cli(args,
              {"--db", "--engine", "--junit", "-j", "--jobs", "--step-timeout", "--setup-timeout",
               "--expected", "--results"},
              {"--verbose", "-v", "--no-explain", "--help", "-h", "--allow-superuser"});
  if (cli.Has("--help") || cli.Has("-h")) {
    out << kCheckHelp << kSetupTimeoutHelp << kEngineOptionsHelp << kAllowSuperuserHelp;
    return kExitOk;
  }
  if (cli.Has("--expected")) return SuiteCheckCommand(cli, out, err);
  if (cli.Has("--results")) throw InputError("--results goes with --expected DIR");
  if (cli.positional().empty()) {
    err << "interleave check: expected scenario files or folders (see interleave check --help)\n";
    return kExitBadInput;
  }
  if (cli.Has("-j") && cli.Has("--jobs")) throw InputError("give -j or --jobs, not both");
  const int jobs = cli.Has("-j") ? cli.GetInt("-j", 1) : cli.GetInt("--jobs", 1);
  RunOptions options;
  ReadTimeLimits(cli, &options);
  options.explain = !cli.Has("--no-explain");
  const EngineKind engine = ChosenEngine(cli);
  const bool verbose = cli.Has("--verbose") || cli.Has("-v");

  std::vector<std::string> files = FindScenarioFiles(cli.positional());
  if (files.empty()) {
    err << "interleave check: no scenario files (*.toml, *.spec) found in the paths given\n";
    return kExitBadInput;
  }
  // Load and validate everything first: one bad file is bad input, reported
  // (with every other bad file) before anything runs.
  std::vector<Job> all;
  bool bad = false;
  for (const std::string& file : files) {
    try {
      Job job{LoadScenario(file), true, {}};
      job.runs = RunsOn(job.scenario, EngineName(engine));
      job.scenario = ForEngine(job.scenario, EngineName(engine));
      Validate(job.scenario);
      all.push_back(std::move(job));
    } catch (const InputError& error) {
      err << error.what() << "\n";
      bad = true;
    }
  }
  if (bad) return kExitBadInput;

  bool specs_only = true;
  for (const Job& job : all) specs_only = specs_only && job.scenario.is_isolation_spec;
  std::shared_ptr<Target> target = OpenTarget(cli, err, specs_only);
  RunJobs(all, *target, options, jobs);

  std::vector<CheckRow> rows;
  for (const Job& job : all) rows.insert(rows.end(), job.rows.begin(), job.rows.end());
  out << FormatCheckTable(rows);
  if (verbose) {
    out << "\n";
    for (const CheckRow& row : rows)
      out << row.file << " [" << row.variant << "] " << (row.actual.empty() ? "-" : row.actual)
          << ": " << row.summary << "\n";
  }
  int skipped_here = 0;
  for (const Job& job : all) skipped_here += job.runs ? 0 : 1;
  if (skipped_here > 0) {
    out << "\n"
        << skipped_here << " scenario file" << (skipped_here == 1 ? "" : "s") << " skipped on "
        << EngineName(engine) << ": PostgreSQL only\n";
  }
  bool mismatch = false;
  for (const CheckRow& row : rows) {
    if (row.status != CheckRow::Status::kMismatch) continue;
    if (!mismatch) out << "\n";
    mismatch = true;
    out << FormatMismatchLine(row) << "\n";
  }
  out << "\n" << FormatCheckTotals(rows, static_cast<int>(all.size())) << "\n";

  if (cli.Has("--junit")) {
    const std::string path = cli.Get("--junit");
    std::ofstream junit(path, std::ios::binary | std::ios::trunc);
    junit << FormatJUnit(rows);
    junit.close();
    if (!junit) {
      err << "interleave check: cannot write the JUnit report to " << path << "\n";
      return kExitBadInput;
    }
  }
  return mismatch ? kExitMismatch : kExitOk;
}

}  // namespace interleave
