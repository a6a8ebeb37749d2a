// `interleave explore FILE`: every interleaving of every variant, tallied.
#include <unistd.h>

#include <chrono>
#include <iomanip>
#include <sstream>

#include "db/engine.h"
#include "cli/cli.h"
#include "cli/cli_args.h"
#include "sim/run/explorer.h"
#include "report/json_printer.h"
#include "report/json_writer.h"
#include "sim/parse/scenario_loader.h"

namespace interleave {
namespace {

const char* kExploreHelp = R"(Usage: interleave explore FILE [options]

Runs every interleaving of the clients' steps that keeps each client's own
order, for the baseline and each fix, each from the setup's exact state, and
counts how each ended: anomaly, prevented by a wait, prevented by an abort,
no conflict, aborted without retry, error. Some listed orders cannot happen:
a client's next step comes while its previous one still waits for a lock.
Those run in the order PostgreSQL allows and are counted apart.

Options:
  --variant NAME        explore only this variant
  -j N                  run N interleavings at once (default: 1)
  --db URL              use this server instead of the private one
  --json                print the tallies and every interleaving as JSON
  --step-timeout MS     cancel a step that neither completes nor waits
                        within MS milliseconds (default 10000)
  --show N              list N simplest anomalous interleavings (default 5)
)";

std::string Percent(int part, int whole) {
  if (whole == 0) return "";
  std::ostringstream text;
  text << std::fixed << std::setprecision(0) << 100.0 * part / whole << "%";
  return text.str();
}

std::string FormatText(const Scenario& scenario, const std::vector<VariantExploration>& results,
                       size_t show, double seconds, int jobs) {
  std::ostringstream out;
  size_t count = results.empty() ? 0 : results[0].outcomes.size();
  out << scenario.title << "\n";
  out << "Anomaly: " << scenario.anomaly << "\n";
  out << count << " interleavings of the clients' steps, each client's order kept\n\n";
  for (const auto& result : results) {
    out << "── " << result.variant;
    if (result.variant_def && !result.variant_def->description.empty()) {
      out << ": " << result.variant_def->description;
    }
    out << "\n";
    auto row = [&](const std::string& label, int value) {
      out << "   " << std::left << std::setw(34) << label << std::right << std::setw(6) << value
          << "  " << Percent(value, result.ran_as_listed) << "\n";
    };
    row("ran as listed", result.ran_as_listed);
    row("anomaly", result.anomalies);
    row("prevented by a wait", result.prevented_by_wait);
    row("prevented by an abort", result.prevented_by_abort);
    row("no conflict arose", result.no_conflict);
    row("aborted, not retried (work lost)", result.aborted_without_retry);
    row("error", result.errors);
    out << "   " << std::left << std::setw(34) << "could not run as listed" << std::right
        << std::setw(6) << result.reordered << "  (counted apart)\n";
    auto simplest = result.Simplest(show);
    if (!simplest.empty()) {
      out << "   Simplest anomalous interleavings (fewest switches between clients):\n";
      for (const auto* outcome : simplest) {
        out << "     " << outcome->listed << "   (" << outcome->switches << " switches)\n";
      }
    }
    int shown_reordered = 0;
    for (const auto& outcome : result.outcomes) {
      if (!outcome.reordered || shown_reordered >= 3) continue;
      if (shown_reordered++ == 0) out << "   Could not run as listed, for example:\n";
      out << "     listed " << outcome.listed << "\n       ran " << outcome.ran << "  → "
          << outcome.verdict.Name() << "\n";
    }
    out << "\n";
  }
  out << std::fixed << std::setprecision(2) << "Ran " << count * results.size()
      << " interleavings in " << seconds << " s with " << jobs
      << (jobs == 1 ? " worker" : " workers") << ".\n";
  return out.str();
}

std::string FormatJson(const Scenario& scenario, const std::vector<VariantExploration>& results) {
  JsonWriter json;
  json.BeginObject();
  WriteScenarioJson(json, scenario);
  json.Key("variants").BeginArray();
  for (const auto& result : results) {
    json.BeginObject();
    json.Key("name").String(result.variant);
    json.Key("interleavings").Int(static_cast<long long>(result.outcomes.size()));
    json.Key("ran_as_listed").Int(result.ran_as_listed);
    json.Key("anomaly").Int(result.anomalies);
    json.Key("prevented_by_wait").Int(result.prevented_by_wait);
    json.Key("prevented_by_abort").Int(result.prevented_by_abort);
    json.Key("no_conflict").Int(result.no_conflict);
    json.Key("aborted_without_retry").Int(result.aborted_without_retry);
    json.Key("error").Int(result.errors);
    json.Key("could_not_run_as_listed").Int(result.reordered);
    json.Key("outcomes").BeginArray();
    for (const auto& outcome : result.outcomes) {
      json.BeginObject();
      json.Key("listed").String(outcome.listed);
      json.Key("ran").String(outcome.ran);
      json.Key("reordered").Bool(outcome.reordered);
      json.Key("switches").Int(outcome.switches);
      json.Key("verdict").String(outcome.verdict.Name());
      json.EndObject();
    }
    json.EndArray();
    json.EndObject();
  }
  json.EndArray();
  json.EndObject();
  return json.str() + "\n";
}

}  // namespace

int ExploreCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  CliArgs cli(args, {"--variant", "--db", "-j", "--jobs", "--step-timeout", "--show"},
              {"--json", "--help", "-h"});
  if (cli.Has("--help") || cli.Has("-h")) {
    out << kExploreHelp;
    return kExitOk;
  }
  if (cli.positional().size() != 1) {
    err << "interleave explore: expected exactly one scenario file (see interleave explore "
           "--help)\n";
    return kExitBadInput;
  }
  Scenario scenario = LoadScenario(cli.positional()[0]);
  ExploreOptions options;
  options.jobs = cli.GetInt("-j", cli.GetInt("--jobs", 1));
  options.only_variant = cli.Get("--variant");
  options.run.step_timeout = std::chrono::milliseconds(cli.GetInt("--step-timeout", 10000));
  options.run.capture_state = false;
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
  std::shared_ptr<Target> target = Target::Open(cli.Get("--db"));
  auto start = std::chrono::steady_clock::now();
  auto results = Explore(scenario, *target, options);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (cli.Has("--json")) {
    out << FormatJson(scenario, results);
  } else {
    out << FormatText(scenario, results, static_cast<size_t>(cli.GetInt("--show", 5)), seconds,
                      options.jobs);
  }
  return kExitOk;
}

}  // namespace interleave
