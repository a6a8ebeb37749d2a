// `interleave run FILE`: one scenario, every variant (or one), as a timeline,
// JSON, or (for isolation specs) the reference tool's output format.
#include <unistd.h>

#include <fstream>

#include "cli/cli.h"
#include "cli/cli_args.h"
#include "cli/suite_runner.h"
#include "db/engine.h"
#include "report/engine_comparison.h"
#include "report/html_page.h"
#include "report/isolation_printer.h"
#include "report/json_printer.h"
#include "report/text_printer.h"
#include "sim/parse/scenario_loader.h"
#include "sim/parse/spec_parser.h"
#include "sim/plan/interleavings.h"
#include "sim/run/run.h"
#include "sim/run/run_failure.h"
#include "sim/run/variant_runner.h"
#include "util/phase_log.h"

namespace interleave {
namespace {

const char* kRunHelp = R"(Usage: interleave run FILE [options]

Replays the scenario's schedule against PostgreSQL (or MariaDB) for the baseline and each
fix (variant), each from the same freshly set-up state, and prints the
interleaving as a timeline (one column per client, time going down, each step
with its result), then the checks and the verdict.

FILE is a scenario (.toml) or a PostgreSQL isolation spec (.spec: every
permutation it lists, or every interleaving when it lists none).

Options:
  --variant NAME        run only this variant; "baseline" names the scenario's
                        first variant (its no-fix one, whatever it is named)
                        unless a variant is called "baseline"
  --full                print every variant in full (by default the variants
                        after the first fold the steps that read the same)
  --schedule NAME       run this schedule instead of the first
  --db URL              use this server instead of the private one (also
                        INTERLEAVE_DB or libpq's PG* variables); runs happen
                        in a scratch database created and dropped there
  --json                print traces and verdicts as JSON
  --format FORMAT       text (default), json, or isolationtester (specs)
  --step-timeout MS     cancel a step that neither completes nor waits for a
                        lock within MS milliseconds (default 10000)
  --width N             text width (default 100)
  --no-color            plain text even on a terminal (NO_COLOR works too)
  --html OUT.html       also write the run as one self-contained web page
                        (variants side by side, arrow keys step through it)
  --locks               after every step, read which locks every client holds
                        and waits for (JSON: "locks" on each step); by
                        default only after the steps that could take or wait
                        for a lock, the step's own client's
  --no-locks            do not read locks at all
  --engine postgresql,mariadb (or --engine both)
                        run the variants on each engine, one after the other,
                        each on its private server, and end with a table of
                        what each engine did (JSON: "engine" and
                        "server_version" on each variant); not with --db or
                        --html
)";

// Every permutation the spec lists (or every interleaving), on one set of
// connections, as the reference tool runs them.
std::vector<VariantResult> RunSpec(const Scenario& spec, Target& target,
                                   const RunOptions& options) {
  std::vector<Plan> plans;
  for (const Schedule& schedule : SpecSchedules(spec)) {
    plans.push_back(MakePlan(spec, nullptr, schedule));
  }
  return RunPlans(target, plans, options);
}

}  // namespace

int RunCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  CliArgs cli(args,
              {"--variant", "--schedule", "--db", "--engine", "--format", "--step-timeout",
               "--width", "--html"},
              {"--json", "--no-color", "--no-explain", "--full", "--locks", "--no-locks", "--help",
               "-h", "--allow-superuser"});
  if (cli.Has("--help") || cli.Has("-h")) {
    out << kRunHelp << kEngineOptionsHelp << kAllowSuperuserHelp;
    return kExitOk;
  }
  if (cli.positional().size() != 1) {
    err << "interleave run: expected exactly one scenario file (see interleave run --help)\n";
    return kExitBadInput;
  }
  std::string format = cli.Has("--json") ? "json" : cli.Get("--format", "text");
  if (format != "text" && format != "json" && format != "isolationtester") {
    throw InputError("--format expects text, json or isolationtester, got \"" + format + "\"");
  }
  const std::vector<EngineKind> engines = ChosenEngines(cli);
  const bool several = engines.size() > 1;
  const Scenario loaded = LoadScenario(cli.positional()[0]);
  NotePhase("scenario parsed");
  // The scenario as each engine runs it (its own SQL and `expect`).
  std::vector<Scenario> scenarios;
  for (EngineKind engine : engines) {
    if (!RunsOn(loaded, EngineName(engine))) {
      throw InputError(loaded.path + " runs on PostgreSQL only" +
                       (loaded.is_isolation_spec ? " (a PostgreSQL isolation spec)"
                                                 : " (engines = [\"postgresql\"])") +
                       "; expected --engine postgresql");
    }
    scenarios.push_back(ForEngine(loaded, EngineName(engine)));
  }
  const Scenario& scenario = scenarios.front();
  if (format == "isolationtester" && !scenario.is_isolation_spec) {
    throw InputError("--format isolationtester is for PostgreSQL isolation specs (.spec files)");
  }
  if (several && cli.Has("--html")) {
    throw InputError("--html writes one engine's run; expected a single --engine with --html");
  }
  RunOptions options;
  options.step_timeout = std::chrono::milliseconds(cli.GetInt("--step-timeout", 10000));
  options.explain = !cli.Has("--no-explain");
  options.capture_locks = cli.Has("--locks") && !cli.Has("--no-locks");
  // The isolationtester format shows no locks: nothing to read them for.
  options.capture_step_locks = !cli.Has("--no-locks") && format != "isolationtester";
  if (scenario.is_isolation_spec) {
    options.isolation_spec_settings = true;
    options.spec_name = scenario.title;
    options.capture_state = false;
  }
  // Validate the choice of variant and schedule before starting a server.
  // "baseline" is the first variant (the no-fix one) unless one has that name.
  std::string variant = cli.Get("--variant");
  if (variant == "baseline" && !scenario.variants.empty()) {
    bool named = false;
    for (const Variant& v : scenario.variants) named = named || v.name == "baseline";
    if (!named) variant = scenario.variants.front().name;
  }
  if (!scenario.is_isolation_spec) {
    FindSchedule(scenario, cli.Get("--schedule"));
    if (cli.Has("--variant")) FindVariant(scenario, variant);
  }

  // The page's file is opened before the run, so that a path that cannot be
  // written is reported before a server starts.
  std::ofstream html;
  if (cli.Has("--html")) {
    html.open(cli.Get("--html"), std::ios::binary | std::ios::trunc);
    if (!html) {
      err << "interleave run: cannot write the HTML page to " << cli.Get("--html") << "\n";
      return kExitBadInput;
    }
  }

  // Each engine in turn, on its own server, the same variants each from a
  // fresh setup.
  std::vector<EngineRun> runs;
  for (size_t i = 0; i < engines.size(); ++i) {
    std::shared_ptr<Target> target =
        several ? Target::Open("", engines[i])
        : scenarios[i].is_isolation_spec
            // on tmpfs when there is room, as in suite mode
            ? OpenSpecTarget(cli, err, nullptr, options.capture_locks || options.capture_step_locks)
            : OpenTarget(cli, err, false);
    EngineRun run;
    run.engine = target->engine();
    run.scenario = &scenarios[i];
    run.results = scenarios[i].is_isolation_spec
                      ? RunSpec(scenarios[i], *target, options)
                      : RunScenario(scenarios[i], *target, options, variant, cli.Get("--schedule"));
    run.server_version = target->server_version();
    run.where = target->Describe();
    runs.push_back(std::move(run));
  }
  std::vector<VariantResult> all;
  for (const EngineRun& run : runs) all.insert(all.end(), run.results.begin(), run.results.end());

  if (format == "json") {
    out << FormatRunJson(scenario, all);
  } else if (format == "isolationtester") {
    std::vector<Trace> traces;
    for (auto& result : all) traces.push_back(result.trace);
    out << FormatIsolationRun(scenario, traces);
  } else {
    TextOptions text;
    text.color = !cli.Has("--no-color") && ShouldUseColor(STDOUT_FILENO);
    text.width = cli.GetInt("--width", 100);
    text.full = cli.Has("--full");
    for (const EngineRun& run : runs) {
      // PostgreSQL is what the timeline speaks of unless told otherwise.
      if (several || run.engine != EngineKind::kPostgreSql) {
        out << "Engine: " << run.where << "\n\n";
      }
      out << FormatRunText(*run.scenario, run.results, text);
      if (several) out << "\n";
    }
    out << FormatEngineComparison(runs, text.width, text.color);
  }
  if (html.is_open()) {
    html << FormatRunHtml(scenario, all);
    html.close();
    if (!html) {
      err << "interleave run: cannot write the HTML page to " << cli.Get("--html") << "\n";
      return kExitBadInput;
    }
  }
  int status = kExitOk;
  for (const auto& result : all) {
    const std::string on = several ? std::string(" on ") + EngineTitle(result.trace.engine) : "";
    if (!result.trace.run_error.empty()) {
      err << "interleave: " << result.variant << on << ": " << result.trace.run_error << "\n";
    } else if (RunFailed(result.trace)) {
      err << "interleave: " << RunFailureText(result.trace) << on << "\n";
    }
    if (ServerFailed(result.trace)) {
      status = kExitServer;
    } else if (RunFailed(result.trace) && status == kExitOk) {
      status = kExitMismatch;
    }
  }
  return status;
}

}  // namespace interleave
