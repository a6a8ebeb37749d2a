// `interleave list PATH...`: the catalogue in the terminal. For each scenario
// found: its file, title, anomaly and app, then one line per variant with its
// expected outcome, isolation and fix. Reads files only; needs no server.
#include <algorithm>

#include "report/catalogue_markdown.h"
#include "cli/cli.h"
#include "cli/cli_args.h"
#include "sim/plan/plan.h"
#include "sim/parse/scenario_loader.h"
#include "sim/model/source_pos.h"
#include "util/text_util.h"
#include "util/utf8.h"

namespace interleave {
namespace {

const char* kListHelp = R"(Usage: interleave list PATH... [options]

Lists the scenarios found in PATH (scenario files, or folders searched
recursively for *.toml and *.spec): title, anomaly, and each variant with its
expected outcome, the isolation level it runs at and, below it, the fix it
applies. Reads the files only; needs no server.

Options:
  --width N   line width (default 100)
)";

// Cuts `text` to `width` display columns, ending in "...".
std::string Cut(const std::string& text, size_t width) {
  if (Utf8Length(text) <= width) return text;
  if (width <= 3) return std::string(width, '.');
  return Utf8Prefix(text, width - 3) + "...";
}

// Splits `text` into lines of at most `width` columns, at spaces.
std::vector<std::string> Wrap(const std::string& text, size_t width) {
  std::vector<std::string> lines;
  std::string line;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find(' ', start);
    if (end == std::string::npos) end = text.size();
    std::string word = text.substr(start, end - start);
    start = end + 1;
    if (!line.empty() && Utf8Length(line) + 1 + Utf8Length(word) > width) {
      lines.push_back(line);
      line.clear();
    }
    line += (line.empty() ? "" : " ") + word;
  }
  if (!line.empty()) lines.push_back(line);
  return lines;
}

void ListScenario(const Scenario& scenario, size_t width, std::ostream& out) {
  out << scenario.path << "\n";
  out << "  " << CollapseWhitespace(scenario.title) << "\n";
  out << "  anomaly: " << (scenario.anomaly.empty() ? "-" : CollapseWhitespace(scenario.anomaly));
  if (!scenario.app.empty()) out << "   app: " << scenario.app;
  out << "\n";
  if (scenario.is_isolation_spec) {
    out << "  PostgreSQL isolation spec: every permutation it lists (no expectations)\n\n";
    return;
  }
  std::vector<const Variant*> variants = VariantsToRun(scenario);
  size_t name_width = 0;
  size_t outcome_width = 0;
  for (const Variant* variant : variants) {
    name_width = std::max(name_width, Utf8Length(variant ? variant->name : "baseline"));
    outcome_width = std::max(outcome_width, Utf8Length(VariantOutcomeText(variant)));
  }
  for (const Variant* variant : variants) {
    out << Cut("    " + PadUtf8(variant ? variant->name : "baseline", name_width) + "  " +
                   PadUtf8(VariantOutcomeText(variant), outcome_width) + "  " +
                   VariantIsolationText(scenario, variant),
               width)
        << "\n";
    if (variant && !variant->description.empty()) {
      for (const std::string& line : Wrap(CollapseWhitespace(variant->description), width - 8))
        out << "        " << line << "\n";
    }
  }
  out << "\n";
}

}  // namespace

int ListCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  CliArgs cli(args, {"--width"}, {"--help", "-h"});
  if (cli.Has("--help") || cli.Has("-h")) {
    out << kListHelp;
    return kExitOk;
  }
  if (cli.positional().empty()) {
    err << "interleave list: expected scenario files or folders (see interleave list --help)\n";
    return kExitBadInput;
  }
  const size_t width = static_cast<size_t>(std::max(40, cli.GetInt("--width", 100)));
  std::vector<std::string> files = FindScenarioFiles(cli.positional());
  if (files.empty()) {
    err << "interleave list: no scenario files (*.toml, *.spec) found in the paths given\n";
    return kExitBadInput;
  }
  std::vector<Scenario> scenarios;
  for (const std::string& file : files) scenarios.push_back(LoadScenario(file));
  int variants = 0;
  for (const Scenario& scenario : scenarios) {
    ListScenario(scenario, width, out);
    if (!scenario.is_isolation_spec) variants += static_cast<int>(VariantsToRun(scenario).size());
  }
  out << scenarios.size() << " scenario file" << (scenarios.size() == 1 ? "" : "s") << ", "
      << variants << " variant" << (variants == 1 ? "" : "s") << "\n";
  return kExitOk;
}

}  // namespace interleave
