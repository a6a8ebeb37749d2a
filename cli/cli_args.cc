#include "cli/cli_args.h"

#include <algorithm>
#include <cstdlib>

#include "sim/model/source_pos.h"

namespace interleave {

CliArgs::CliArgs(const std::vector<std::string>& args, const std::set<std::string>& with_value,
                 const std::set<std::string>& flags, const std::set<std::string>& repeatable) {
  for (size_t i = 0; i < args.size(); ++i) {
    std::string arg = args[i];
    if (arg.size() < 2 || arg[0] != '-') {
      positional_.push_back(arg);
      continue;
    }
    std::string value;
    bool inline_value = false;
    // "-j2": a short option with its value attached.
    if (arg[1] != '-' && arg.size() > 2 && with_value.count(arg.substr(0, 2))) {
      value = arg.substr(2);
      arg = arg.substr(0, 2);
      inline_value = true;
    }
    if (size_t eq = arg.find('='); eq != std::string::npos && arg.rfind("--", 0) == 0) {
      value = arg.substr(eq + 1);
      arg = arg.substr(0, eq);
      inline_value = true;
    }
    if (flags.count(arg)) {
      if (inline_value) throw InputError("option " + arg + " takes no value");
      flags_.insert(arg);
    } else if (with_value.count(arg)) {
      if (!inline_value) {
        if (i + 1 >= args.size()) throw InputError("option " + arg + " needs a value");
        value = args[++i];
      }
      if (values_.count(arg) && !repeatable.count(arg)) {
        throw InputError("option " + arg + " given twice");
      }
      values_[arg].push_back(value);
    } else {
      std::string known;
      for (const auto& name : with_value) known += " " + name;
      for (const auto& name : flags) known += " " + name;
      throw InputError("unknown option " + arg + "; this command accepts:" + known);
    }
  }
}

bool CliArgs::Has(const std::string& name) const {
  return flags_.count(name) > 0 || values_.count(name) > 0;
}

std::string CliArgs::Get(const std::string& name, const std::string& fallback) const {
  auto it = values_.find(name);
  return it == values_.end() ? fallback : it->second.back();
}

std::vector<std::string> CliArgs::GetAll(const std::string& name) const {
  auto it = values_.find(name);
  return it == values_.end() ? std::vector<std::string>{} : it->second;
}

int CliArgs::GetInt(const std::string& name, int fallback) const {
  if (!Has(name)) return fallback;
  std::string text = Get(name);
  try {
    size_t used = 0;
    int value = std::stoi(text, &used);
    if (used == text.size() && value > 0) return value;
  } catch (...) {
  }
  throw InputError("option " + name + " expects a positive whole number, got \"" + text + "\"");
}

namespace {

bool NamesMariaDb(const std::string& url) {
  return url.rfind("mysql://", 0) == 0 || url.rfind("mariadb://", 0) == 0;
}

}  // namespace

const char* const kEngineOptionsHelp =
    R"(  --engine ENGINE       postgresql (default) or mariadb: without --db, the
                        tool starts that engine's private server; a scenario
                        gives each engine its own SQL and `expect` where they
                        differ, and one marked engines = ["postgresql"] does
                        not run on MariaDB
  --no-explain          do not record reads and writes for the dependency
                        graph (it is recorded on PostgreSQL only); verdicts
                        then come from the checks alone
)";

EngineKind ChosenEngine(const CliArgs& cli) {
  if (cli.Has("--engine")) {
    const std::string name = cli.Get("--engine");
    std::optional<EngineKind> engine = EngineFromName(name);
    if (!engine) {
      throw InputError("--engine expects postgresql or mariadb, got \"" + name + "\"");
    }
    return *engine;
  }
  std::string url = cli.Get("--db");
  if (url.empty()) {
    if (const char* env = std::getenv("INTERLEAVE_DB"); env) url = env;
  }
  return NamesMariaDb(url) ? EngineKind::kMariaDb : EngineKind::kPostgreSql;
}

std::vector<EngineKind> ChosenEngines(const CliArgs& cli) {
  if (!cli.Has("--engine")) return {ChosenEngine(cli)};
  std::string list = cli.Get("--engine");
  if (list == "both") list = "postgresql,mariadb";
  std::vector<EngineKind> engines;
  size_t start = 0;
  while (start <= list.size()) {
    size_t comma = list.find(',', start);
    if (comma == std::string::npos) comma = list.size();
    const std::string name = list.substr(start, comma - start);
    std::optional<EngineKind> engine = EngineFromName(name);
    if (!engine) {
      throw InputError("--engine expects postgresql or mariadb, got \"" + name + "\"");
    }
    if (std::find(engines.begin(), engines.end(), *engine) != engines.end()) {
      throw InputError("--engine names " + name + " twice");
    }
    engines.push_back(*engine);
    start = comma + 1;
  }
  if (engines.size() > 1 && cli.Has("--db")) {
    throw InputError("--db names one server, but --engine names " + std::to_string(engines.size()) +
                     " engines; leave out --db to run on each engine's private server");
  }
  return engines;
}

const char* const kSetupTimeoutHelp =
    R"(  --setup-timeout MS    cancel any other statement a run waits for (the reset
                        between variants, setup, a client's setup or teardown,
                        an `if` condition, a check) after MS milliseconds, and
                        fail that run saying which (default 60000)
)";

void ReadTimeLimits(const CliArgs& cli, RunOptions* options) {
  options->step_timeout = std::chrono::milliseconds(cli.GetInt("--step-timeout", 10000));
  options->setup_timeout = std::chrono::milliseconds(cli.GetInt("--setup-timeout", 60000));
}

const char* const kAllowSuperuserHelp =
    R"(  --allow-superuser     with a --db URL whose role is a superuser, run scenario
                        SQL as that role; without it, scenario files (not .spec
                        files) run as a temporary unprivileged role that owns
                        only the scratch database, made and dropped by the run
)";

std::shared_ptr<Target> OpenTarget(const CliArgs& cli, std::ostream& err, bool specs_only) {
  OpenOptions options;
  options.specs_only = specs_only;
  return OpenTarget(cli, err, options);
}

std::shared_ptr<Target> OpenTarget(const CliArgs& cli, std::ostream& err, OpenOptions options) {
  options.allow_superuser = cli.Has("--allow-superuser");
  std::shared_ptr<Target> target = cli.Has("--engine")
                                       ? Target::Open(cli.Get("--db"), ChosenEngine(cli), options)
                                       : Target::Open(cli.Get("--db"), options);
  for (const std::string& note : target->notes()) err << "interleave: note: " << note << "\n";
  return target;
}

}  // namespace interleave
