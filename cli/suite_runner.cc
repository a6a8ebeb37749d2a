#include "cli/suite_runner.h"

#include <sys/statvfs.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <future>
#include <memory>
#include <mutex>
#include <sstream>
#include <thread>

#include "cli/cli.h"
#include "cli/suite_runner_groups.h"
#include "db/db_failure.h"
#include "db/postgres/pg_target.h"
#include "report/isolation_printer.h"
#include "report/regress_diff.h"
#include "sim/model/source_pos.h"
#include "sim/model/sql_text.h"
#include "sim/parse/scenario_loader.h"
#include "sim/plan/interleavings.h"
#include "sim/plan/plan.h"
#include "sim/run/spec_database.h"
#include "sim/run/spec_independence.h"
#include "sim/run/variant_runner.h"
#include "util/worker_pool.h"

namespace interleave {
namespace {

namespace fs = std::filesystem;

// Lines of a failed spec's diff printed under its line (the whole diff goes
// to regression.diffs in --results, or is printed with --verbose).
constexpr int kShortDiffLines = 20;
// Room /dev/shm must have left for the private cluster to live there.
constexpr unsigned long long kTmpfsRoomBytes = 1ull << 30;
// A spec split into groups has at least this many permutations a group
// (each group connects its own sessions and reads its database twice).
constexpr size_t kMinPermutationsPerGroup = 8;
// Groups a long spec is cut into per thread of the run, at most.
constexpr size_t kGroupsPerThread = 3;

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// The statements a spec's setup and teardown blocks (its own and its
// sessions') run for each permutation: DDL that often costs more than the
// permutation's steps.
size_t SetupStatementCount(const Scenario& spec) {
  size_t count = 0;
  auto add = [&count](const std::vector<std::string>& blocks) {
    for (const std::string& sql : blocks) count += SplitStatements(sql).size();
  };
  add(spec.setup_sql);
  add(spec.teardown_sql);
  for (const Client& client : spec.clients) {
    add(client.setup_sql);
    add(client.teardown_sql);
  }
  return count;
}

// One spec to run: the spec and its permutations, planned.
struct SpecJob {
  std::unique_ptr<Scenario> spec;  // where the plans point
  std::vector<Plan> plans;
  size_t cost = 0;  // steps and setup statements over all permutations, to start long specs first
  std::string depends;  // why its permutations may not run apart ("" if they may)
  std::vector<PermutationGroup> groups;
  std::string database;  // the name of the database it must run in (SpecDatabaseName), or ""
};

// What one spec's run produced.
struct SpecRun {
  std::string output;  // isolationtester format
  std::string run_errors;
  double duration_ms = 0;
};

// What one group of a spec's permutations produced.
struct GroupRun {
  std::vector<Trace> traces;
  std::string run_errors;
  GroupBounds bounds;  // read only when the spec is split
  std::chrono::steady_clock::time_point start, end;
};

// Runs permutations `group` of `job` in order in `scratch`, which earlier
// specs may have used: like pg_isolation_regress, which runs every spec in
// one database, a spec relies on its own teardown to leave it as it was.
// With `bounds`, also reads what the database and sessions were like at
// the group's start and end (GroupsChain).
GroupRun RunGroup(const SpecJob& job, PermutationGroup group, ScratchDatabase& scratch,
                  const RunOptions& base, bool bounds) {
  RunOptions options = base;
  options.isolation_spec_settings = true;
  options.spec_name = job.spec->title;
  options.capture_state = false;
  GroupRun run;
  run.start = std::chrono::steady_clock::now();
  VariantRunner runner(scratch, *job.spec, options);
  // A bound that cannot be read leaves the group unchained (run in order).
  bool bounds_read = bounds;
  if (bounds) {
    try {
      run.bounds.start = ReadDatabaseObjects(runner.connections().control());
    } catch (const DbFailure&) {
      bounds_read = false;
      run.bounds.start.data_holders = -1;  // never chains
    }
  }
  for (size_t p = group.begin; p < group.end; ++p) {
    VariantResult result = runner.RunPlan(job.plans[p]);
    if (!result.trace.run_error.empty()) {
      run.run_errors += result.variant + ": " + result.trace.run_error + "\n";
    }
    run.traces.push_back(std::move(result.trace));
  }
  if (bounds_read) {
    RunConnections& connections = runner.connections();
    try {
      run.bounds.end = ReadDatabaseObjects(connections.control());
    } catch (const DbFailure&) {
      run.bounds.start.data_holders = -1;  // never chains
      run.end = std::chrono::steady_clock::now();
      return run;
    }
    std::vector<int> pids;
    for (size_t c = 0; c < connections.size(); ++c) {
      pids.push_back(connections.session(c).connection_ok() && !connections.session(c).busy()
                         ? connections.session(c).backend_id()
                         : -1);
    }
    run.bounds.sessions_idle_at_end = SessionsIdle(connections.control(), pids);
  }
  run.end = std::chrono::steady_clock::now();
  return run;
}

bool UsesPrivateServer(const CliArgs& cli) {
  if (cli.Has("--db") && !cli.Get("--db").empty()) return false;
  for (const char* name : {"INTERLEAVE_DB", "PGHOST", "PGDATABASE", "PGSERVICE", "PGPORT"}) {
    const char* value = getenv(name);
    if (value && (*value || std::string(name) != "INTERLEAVE_DB")) return false;
  }
  return true;
}

int DefaultJobs() {
  // Spec runs often wait (for locks, deadlock_timeout, round trips), so more
  // specs than cores keep the server busy; many more only slow down the
  // longest spec, which bounds the whole run.
  const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  return static_cast<int>(std::min(2 * cores, 16u));
}

std::string Plural(size_t n, const std::string& word) {
  return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

}  // namespace

std::vector<std::string> FindSpecFiles(const std::vector<std::string>& paths) {
  std::vector<std::string> specs;
  for (const std::string& path : paths) {
    std::error_code error;
    if (fs::is_directory(path, error)) {
      for (const std::string& file : FindScenarioFiles({path})) {
        if (fs::path(file).extension() == ".spec") specs.push_back(file);
      }
    } else if (!fs::exists(path, error)) {
      throw InputError(path + ": no such file or folder");
    } else if (fs::path(path).extension() != ".spec") {
      throw InputError(path +
                       ": --expected compares PostgreSQL isolation specs (.spec files); "
                       "check scenarios without --expected");
    } else {
      specs.push_back(path);
    }
  }
  std::sort(specs.begin(), specs.end());
  specs.erase(std::unique(specs.begin(), specs.end()), specs.end());
  if (specs.empty()) throw InputError("no PostgreSQL isolation specs (*.spec) in the paths given");
  return specs;
}

std::vector<std::string> ExpectedFiles(const std::string& expected_dir, const std::string& name) {
  std::vector<std::string> files;
  std::error_code error;
  const std::string base = (fs::path(expected_dir) / (name + ".out")).string();
  if (fs::is_regular_file(base, error)) files.push_back(base);
  for (int i = 0; i <= 9; ++i) {
    const std::string alternative =
        (fs::path(expected_dir) / (name + "_" + std::to_string(i) + ".out")).string();
    if (fs::is_regular_file(alternative, error)) files.push_back(alternative);
  }
  return files;
}

SuiteSpecResult CompareWithExpected(const std::string& name, const std::string& output,
                                    const std::string& expected_dir,
                                    const std::string& result_label) {
  SuiteSpecResult result;
  result.name = name;
  const std::vector<std::string> candidates = ExpectedFiles(expected_dir, name);
  if (candidates.empty()) {
    result.expected_path = (fs::path(expected_dir) / (name + ".out")).string();
    result.problem = "no expected output: " + result.expected_path + " does not exist";
    result.diff = UnifiedDiff("", output, result.expected_path, result_label);
    return result;
  }
  int best = -1;
  for (const std::string& candidate : candidates) {
    const std::string expected = ReadFile(candidate);
    if (SameIgnoringWhitespace(expected, output)) {
      result.passed = true;
      result.expected_path = candidate;
      return result;
    }
    const int changed = ChangedLineCount(expected, output);
    if (best < 0 || changed < best) {
      best = changed;
      result.expected_path = candidate;
    }
  }
  result.diff =
      "diff -U3 -w " + result.expected_path + " " + result_label + "\n" +
      UnifiedDiff(ReadFile(result.expected_path), output, result.expected_path, result_label);
  return result;
}

std::string TmpfsCacheDir(const CliArgs& cli) {
  if (!UsesPrivateServer(cli) || getenv("INTERLEAVE_CACHE_DIR")) return "";
  struct statvfs room;
  if (statvfs("/dev/shm", &room) != 0) return "";
  if (static_cast<unsigned long long>(room.f_bavail) * room.f_frsize < kTmpfsRoomBytes) return "";
  return "/dev/shm/interleave-" + std::to_string(geteuid());
}

std::shared_ptr<Target> OpenSpecTarget(const CliArgs& cli, std::ostream& err,
                                       std::string* tmpfs_dir, bool reads_row_locks) {
  std::string tmpfs = ChosenEngine(cli) == EngineKind::kPostgreSql ? TmpfsCacheDir(cli) : "";
  std::shared_ptr<Target> target;
  OpenOptions options;
  options.specs_only = true;
  options.no_row_locks = !reads_row_locks;
  if (!tmpfs.empty()) {
    try {
      target = PgTarget::StartPrivateIn(tmpfs, options);
    } catch (const DbFailure& failure) {
      err << "interleave: the private server could not start in " << tmpfs << " (" << failure.what()
          << "); using its folder on disk\n";
      tmpfs.clear();
    }
  }
  if (!target) target = OpenTarget(cli, err, options);
  if (tmpfs_dir) *tmpfs_dir = tmpfs;
  return target;
}

int SuiteCheckCommand(const CliArgs& cli, std::ostream& out, std::ostream& err) {
  if (ChosenEngine(cli) != EngineKind::kPostgreSql) {
    throw InputError("--expected runs PostgreSQL isolation specs; expected --engine postgresql");
  }
  const std::string expected_dir = cli.Get("--expected");
  std::error_code error;
  if (!fs::is_directory(expected_dir, error)) {
    throw InputError("--expected " + expected_dir + ": not a folder of expected outputs");
  }
  const std::string results_dir = cli.Get("--results");
  if (!results_dir.empty()) {
    fs::create_directories(results_dir, error);
    if (!fs::is_directory(results_dir) || access(results_dir.c_str(), W_OK) != 0) {
      throw InputError("--results " + results_dir + ": cannot write there");
    }
  }
  if (cli.Has("-j") && cli.Has("--jobs")) throw InputError("give -j or --jobs, not both");
  const int jobs = cli.Has("-j")       ? cli.GetInt("-j", 1)
                   : cli.Has("--jobs") ? cli.GetInt("--jobs", 1)
                                       : DefaultJobs();
  if (jobs < 1) throw InputError("-j expects a number of specs at a time, at least 1");
  RunOptions options;
  options.step_timeout = std::chrono::milliseconds(cli.GetInt("--step-timeout", 10000));
  const bool verbose = cli.Has("--verbose") || cli.Has("-v");

  // Parse and plan every spec before a server starts: bad input is reported
  // (every bad file) before anything runs.
  std::vector<SpecJob> all;
  bool bad = false;
  for (const std::string& file : FindSpecFiles(cli.positional())) {
    try {
      SpecJob job;
      job.spec = std::make_unique<Scenario>(LoadScenario(file));
      const size_t setup_statements = SetupStatementCount(*job.spec);
      for (const Schedule& schedule : SpecSchedules(*job.spec)) {
        job.plans.push_back(MakePlan(*job.spec, nullptr, schedule));
        job.cost += job.plans.back().order.size() + 1 + setup_statements;
      }
      all.push_back(std::move(job));
    } catch (const InputError& failure) {
      err << failure.what() << "\n";
      bad = true;
    }
  }
  if (bad) return kExitBadInput;

  std::string tmpfs;
  std::shared_ptr<Target> target = OpenSpecTarget(cli, err, &tmpfs, /*reads_row_locks=*/false);
  // A spec longer than its share of the run is cut into groups that run
  // at the same time, when its permutations do not depend on one another.
  size_t total_cost = 0;
  for (const SpecJob& job : all) total_cost += job.cost;
  const size_t target_cost = std::max<size_t>(1, total_cost / (jobs * kGroupsPerThread));
  struct Unit {
    size_t spec;
    size_t group;
    size_t cost;
  };
  std::vector<Unit> units;
  for (size_t i = 0; i < all.size(); ++i) {
    SpecJob& job = all[i];
    job.depends = WhyPermutationsDepend(*job.spec);
    job.database = SpecDatabaseName(*job.spec);
    job.groups =
        SplitPermutations(job.plans.size(), job.cost, target_cost, kMinPermutationsPerGroup,
                          jobs > 1 && job.depends.empty() && job.database.empty());
    if (job.groups.empty()) job.groups.push_back({0, 0});
    for (size_t g = 0; g < job.groups.size(); ++g) {
      const PermutationGroup& group = job.groups[g];
      units.push_back(
          {i, g, job.cost * (group.end - group.begin) / std::max<size_t>(1, job.plans.size())});
    }
  }
  const int threads = std::min<int>(jobs, static_cast<int>(units.size()));
  out << "============== running " << Plural(all.size(), "isolation spec") << ", " << threads
      << " at a time, on " << target->Describe() << (tmpfs.empty() ? "" : " in " + tmpfs)
      << " ==============\n"
      << std::flush;
  // One scratch database per worker, kept for every spec it runs (creating
  // a database costs more than most specs). The first also clears leftovers
  // of killed runs; it is made here, on one thread, before the others.
  std::vector<std::unique_ptr<ScratchDatabase>> scratches(threads);
  scratches[0] = target->CreateScratch();
  std::unique_ptr<ScratchDatabase> in_order_scratch;  // for a split run again in order
  std::mutex named_database_mutex;  // specs that name their database run one at a time

  // Long groups start first; lines are printed in file order as specs finish.
  std::vector<size_t> by_cost(units.size());
  for (size_t u = 0; u < units.size(); ++u) by_cost[u] = u;
  std::stable_sort(by_cost.begin(), by_cost.end(),
                   [&](size_t a, size_t b) { return units[a].cost > units[b].cost; });
  const auto suite_start = std::chrono::steady_clock::now();
  std::vector<SuiteSpecResult> results;
  std::string all_diffs;
  {
    WorkerPool pool(threads);
    std::vector<std::future<GroupRun>> runs(units.size());
    for (size_t u : by_cost) {
      runs[u] = pool.Submit([&, u](int worker) {
        const SpecJob& job = all[units[u].spec];
        if (!job.database.empty()) {
          // It runs in a database of that name, one such spec at a time.
          std::lock_guard<std::mutex> lock(named_database_mutex);
          std::unique_ptr<ScratchDatabase> named;
          try {
            named = target->CreateScratchNamed(job.database);
          } catch (const DbFailure& failure) {
            GroupRun refused;
            refused.run_errors = failure.what();
            refused.start = refused.end = std::chrono::steady_clock::now();
            return refused;
          }
          return RunGroup(job, job.groups[units[u].group], *named, options, false);
        }
        if (!scratches[worker]) scratches[worker] = target->CreateScratch();
        return RunGroup(job, job.groups[units[u].group], *scratches[worker], options,
                        job.groups.size() > 1);
      });
    }
    size_t next_unit = 0;
    for (size_t i = 0; i < all.size(); ++i) {
      SpecRun run;
      std::string note;  // how its permutations ran, for --verbose
      {
        std::vector<GroupRun> groups;
        for (; next_unit < units.size() && units[next_unit].spec == i; ++next_unit) {
          groups.push_back(runs[next_unit].get());
        }
        std::vector<GroupBounds> bounds;
        for (const GroupRun& group : groups) bounds.push_back(group.bounds);
        if (groups.size() == 1 && !all[i].depends.empty() && all[i].cost > target_cost) {
          note = "its permutations run in order: " + all[i].depends;
        }
        if (groups.size() > 1) {
          note = "its " + Plural(all[i].plans.size(), "permutation") + " ran in " +
                 std::to_string(groups.size()) + " groups at once";
        }
        if (groups.size() > 1 && !GroupsChain(bounds)) {
          // The groups did not start where the ones before them ended: what
          // they printed is not what one run in order prints. Run in order.
          if (!in_order_scratch) in_order_scratch = target->CreateScratch();
          groups.clear();
          groups.push_back(
              RunGroup(all[i], {0, all[i].plans.size()}, *in_order_scratch, options, false));
          note =
              "its permutations, run apart, did not leave the database as they found it; "
              "they ran again in order";
        }
        std::vector<Trace> traces;
        auto first = groups.front().start, last = groups.front().end;
        for (GroupRun& group : groups) {
          for (Trace& trace : group.traces) traces.push_back(std::move(trace));
          run.run_errors += group.run_errors;
          first = std::min(first, group.start);
          last = std::max(last, group.end);
        }
        run.output = FormatIsolationRun(*all[i].spec, traces);
        run.duration_ms = std::chrono::duration<double, std::milli>(last - first).count();
      }
      const std::string& name = all[i].spec->title;
      std::string result_path;
      if (!results_dir.empty()) {
        result_path = (fs::path(results_dir) / (name + ".out")).string();
        std::ofstream file(result_path, std::ios::binary | std::ios::trunc);
        file << run.output;
        file.close();
        if (!file) throw InputError("--results: cannot write " + result_path);
      }
      SuiteSpecResult result = CompareWithExpected(
          name, run.output, expected_dir,
          result_path.empty() ? "(output of " + all[i].spec->path + ")" : result_path);
      result.spec_path = all[i].spec->path;
      result.result_path = result_path;
      result.duration_ms = run.duration_ms;
      if (!run.run_errors.empty()) {
        result.problem += (result.problem.empty() ? "" : "; ") + run.run_errors;
        while (!result.problem.empty() && result.problem.back() == '\n') result.problem.pop_back();
      }
      out << FormatSuiteLine(result) << "\n";
      if (verbose && !note.empty()) out << "     " << note << "\n";
      if (!result.passed) {
        if (!result.problem.empty()) out << result.problem << "\n";
        out << ShortenDiff(result.diff, verbose ? 0 : kShortDiffLines);
        all_diffs += result.diff;
      }
      out << std::flush;
      results.push_back(std::move(result));
    }
  }
  const double suite_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - suite_start)
          .count();
  out << "\n" << FormatSuiteSummary(results);
  char elapsed[64];
  std::snprintf(elapsed, sizeof elapsed, "%.2f s", suite_ms / 1000);
  out << Plural(all.size(), "spec") << " in " << elapsed << "\n";

  bool failed = false;
  for (const SuiteSpecResult& result : results) failed = failed || !result.passed;
  if (!results_dir.empty()) {
    const std::string diffs_path = (fs::path(results_dir) / "regression.diffs").string();
    if (failed) {
      std::ofstream(diffs_path, std::ios::binary | std::ios::trunc) << all_diffs;
      out << "\nThe differences that caused some tests to fail can be viewed in the\nfile \""
          << diffs_path << "\".\n";
    } else {
      fs::remove(diffs_path, error);
    }
  }
  if (cli.Has("--junit")) {
    const std::string path = cli.Get("--junit");
    std::ofstream junit(path, std::ios::binary | std::ios::trunc);
    junit << FormatSuiteJUnit(results);
    junit.close();
    if (!junit) {
      err << "interleave check: cannot write the JUnit report to " << path << "\n";
      return kExitBadInput;
    }
  }
  return failed ? kExitMismatch : kExitOk;
}

}  // namespace interleave
