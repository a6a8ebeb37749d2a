// `interleave explore FILE`: every interleaving of every variant, tallied;
// one run per class of interleavings that differ only in the order of
// commuting steps unless --exhaustive.
#include <unistd.h>

#include <algorithm>
#include <chrono>

#include "cli/cli.h"
#include "cli/cli_args.h"
#include "db/engine.h"
#include "report/explore_printer.h"
#include "sim/parse/scenario_loader.h"
#include "sim/run/explorer.h"

namespace interleave {
namespace {

const char* kExploreHelp = R"(Usage: interleave explore FILE [options]

Runs every interleaving of the clients' steps that keeps each client's own
order, for the baseline and each fix, each from the setup's exact state, and
counts how each ended: anomaly, prevented by a wait, prevented by an abort,
no conflict, aborted without retry, error. Some listed orders cannot happen:
a client's next step comes while its previous one still waits for a lock.
Those run in the order PostgreSQL allows and are counted apart.

Interleavings that differ only in the order of adjacent steps that commute
give the same run, so by default explore runs one per class and counts it
for every interleaving it stands for: the tallies are those of running them
all. Which steps commute it learns from each run (the rows each step read
and wrote); steps that waited, failed, ended a transaction or branch commute
with nothing in that run. A run stands for every order of its steps that keeps
the steps that conflicted in it in order; the interleavings are taken in
order, and one that no run stands for yet is run. Runs that are not recorded
(--no-explain) are never grouped.

Options:
  --variant NAME        explore only this variant
  -j N                  run N interleavings at once (default: 1)
  --db URL              use this server instead of the private one
  --json                print the tallies and every interleaving as JSON
  --step-timeout MS     cancel a step that neither completes nor waits
                        within MS milliseconds (default 10000)
  --show N              list N simplest anomalous interleavings (default 5)
  --exhaustive          run every interleaving, not one per class
)";

}  // namespace

int ExploreCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  CliArgs cli(args,
              {"--variant", "--db", "--engine", "-j", "--jobs", "--step-timeout", "--setup-timeout",
               "--show"},
              {"--json", "--no-explain", "--exhaustive", "--help", "-h", "--allow-superuser"});
  if (cli.Has("--help") || cli.Has("-h")) {
    out << kExploreHelp << kSetupTimeoutHelp << kEngineOptionsHelp << kAllowSuperuserHelp;
    return kExitOk;
  }
  if (cli.positional().size() != 1) {
    err << "interleave explore: expected exactly one scenario file (see interleave explore "
           "--help)\n";
    return kExitBadInput;
  }
  const EngineKind engine = ChosenEngine(cli);
  Scenario scenario = LoadScenario(cli.positional()[0]);
  if (!RunsOn(scenario, EngineName(engine))) {
    throw InputError(scenario.path + " runs on PostgreSQL only; expected --engine postgresql");
  }
  scenario = ForEngine(scenario, EngineName(engine));
  ExploreOptions options;
  options.jobs = cli.GetInt("-j", cli.GetInt("--jobs", 1));
  options.only_variant = cli.Get("--variant");
  ReadTimeLimits(cli, &options.run);
  options.run.capture_state = false;
  options.run.explain = !cli.Has("--no-explain");
  options.reduce = !cli.Has("--exhaustive");
  if (scenario.is_isolation_spec) {
    options.run.isolation_spec_settings = true;
    options.run.spec_name = scenario.title;
  }
  if (!options.only_variant.empty()) FindVariant(scenario, options.only_variant);
  CheckExplorable(scenario, options);
  bool progress = isatty(STDERR_FILENO) && !cli.Has("--json");
  if (progress) {
    options.progress = [&err](size_t done, size_t total) {
      const int width = 40;
      int filled = static_cast<int>(width * done / std::max<size_t>(total, 1));
      err << "\r[" << std::string(filled, '#') << std::string(width - filled, '.') << "] " << done
          << "/" << total << std::flush;
      if (done == total) err << "\r" << std::string(width + 30, ' ') << "\r" << std::flush;
    };
  }
  std::shared_ptr<Target> target = OpenTarget(cli, err);
  auto start = std::chrono::steady_clock::now();
  auto results = Explore(scenario, *target, options);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (cli.Has("--json")) {
    out << FormatExploreJson(scenario, results);
  } else {
    out << FormatExploreText(scenario, results, static_cast<size_t>(cli.GetInt("--show", 5)),
                             seconds, options.jobs);
  }
  return kExitOk;
}

}  // namespace interleave
