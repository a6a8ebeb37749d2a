// Command-line arguments of one subcommand: flags, options with values and
// positional arguments, checked against what the subcommand accepts.
// Thread-safety: plain value.
#pragma once

#include <map>
#include <memory>
#include <ostream>
#include <set>
#include <string>
#include <vector>

#include "db/engine.h"
#include "sim/run/run.h"

namespace interleave {

class CliArgs {
 public:
  // `with_value`: options taking a value ("--db"); `flags`: options without.
  // Throws InputError naming an unknown option or a missing value.
  CliArgs(const std::vector<std::string>& args, const std::set<std::string>& with_value,
          const std::set<std::string>& flags, const std::set<std::string>& repeatable = {});

  bool Has(const std::string& name) const;
  std::string Get(const std::string& name, const std::string& fallback = "") const;
  std::vector<std::string> GetAll(const std::string& name) const;
  int GetInt(const std::string& name, int fallback) const;
  const std::vector<std::string>& positional() const { return positional_; }

 private:
  std::map<std::string, std::vector<std::string>> values_;
  std::set<std::string> flags_;
  std::vector<std::string> positional_;
};

// The engine the runs of a command happen on: --engine (postgresql or
// mariadb), else the engine --db (or INTERLEAVE_DB) names, else PostgreSQL.
// Throws InputError for an unknown engine name.
EngineKind ChosenEngine(const CliArgs& cli);

// The engines of a command that can run on several, one after the other:
// --engine as a comma-separated list ("postgresql,mariadb"; "both" is the
// two), else the one ChosenEngine gives. Throws InputError for an unknown or
// repeated name, and for --db with more than one engine.
std::vector<EngineKind> ChosenEngines(const CliArgs& cli);

// Where the runs of a command happen, for --db, --engine and
// --allow-superuser (see Target::Open); what the target does differently is
// written to `err` once. `specs_only`: only isolation specs run there.
// Throws DbFailure.
std::shared_ptr<Target> OpenTarget(const CliArgs& cli, std::ostream& err, bool specs_only = false);
// The same with `options` (--allow-superuser is read from `cli`).
std::shared_ptr<Target> OpenTarget(const CliArgs& cli, std::ostream& err, OpenOptions options);
// The help text of --allow-superuser.
extern const char* const kAllowSuperuserHelp;

// --step-timeout and --setup-timeout, as the commands that take both read
// them into `options`. Throws InputError for a value that is not a positive
// whole number of milliseconds.
void ReadTimeLimits(const CliArgs& cli, RunOptions* options);
extern const char* const kSetupTimeoutHelp;

// The help text of --engine and --no-explain, for the commands that take them.
extern const char* const kEngineOptionsHelp;

}  // namespace interleave
