// `interleave catalogue PATH... [--write FILE | --check FILE]`: renders the
// scenario catalogue (scenarios/README.md) from the scenario files, prints it,
// writes it, or checks that a written one is up to date. Needs no server.
#include <filesystem>
#include <fstream>
#include <sstream>

#include "report/catalogue_markdown.h"
#include "cli/cli.h"
#include "cli/cli_args.h"
#include "sim/parse/scenario_loader.h"
#include "sim/model/source_pos.h"

namespace interleave {
namespace {

const char* kCatalogueHelp = R"(Usage: interleave catalogue PATH... [options]

Renders the scenario catalogue, a Markdown page with one table row per variant
(anomaly, scenario, fix, isolation level, expected outcome), from the scenario
files found in PATH (files, or folders searched recursively). The library's
page is made with

  interleave catalogue scenarios --write scenarios/README.md

Options:
  --write FILE   write the page to FILE (links relative to FILE's folder)
  --check FILE   compare FILE with the page it should hold; exit 1 if stale
  --base DIR     make links relative to DIR (default: FILE's folder, or the
                 current folder when printing)
)";

std::string ReadFile(const std::string& path, bool* ok) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  *ok = static_cast<bool>(in) || in.eof();
  return text.str();
}

}  // namespace

int CatalogueCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  CliArgs cli(args, {"--write", "--check", "--base"}, {"--help", "-h"});
  if (cli.Has("--help") || cli.Has("-h")) {
    out << kCatalogueHelp;
    return kExitOk;
  }
  if (cli.positional().empty()) {
    err << "interleave catalogue: expected scenario files or folders (see interleave catalogue "
           "--help)\n";
    return kExitBadInput;
  }
  if (cli.Has("--write") && cli.Has("--check"))
    throw InputError("give --write or --check, not both");
  const std::string file = cli.Has("--write") ? cli.Get("--write") : cli.Get("--check");
  std::string base = cli.Get("--base");
  if (base.empty()) {
    base = file.empty() ? "." : std::filesystem::path(file).parent_path().string();
    if (base.empty()) base = ".";
  }

  std::vector<Scenario> scenarios;
  for (const std::string& path : FindScenarioFiles(cli.positional()))
    scenarios.push_back(LoadScenario(path));
  const std::string page = FormatCatalogue(scenarios, base);

  if (cli.Has("--check")) {
    bool ok = false;
    std::string current = ReadFile(file, &ok);
    if (!ok) {
      err << "interleave catalogue: cannot read " << file << "\n";
      return kExitBadInput;
    }
    if (current != page) {
      err << file << " is stale: it no longer matches the scenario files; run\n"
          << "  interleave catalogue " << cli.positional().front() << " --write " << file << "\n";
      return kExitMismatch;
    }
    out << file << " is up to date (" << scenarios.size() << " scenario files)\n";
    return kExitOk;
  }
  if (cli.Has("--write")) {
    std::ofstream write(file, std::ios::binary | std::ios::trunc);
    write << page;
    write.close();
    if (!write) {
      err << "interleave catalogue: cannot write " << file << "\n";
      return kExitBadInput;
    }
    out << "wrote " << file << " (" << scenarios.size() << " scenario files)\n";
    return kExitOk;
  }
  out << page;
  return kExitOk;
}

}  // namespace interleave
