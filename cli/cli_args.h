// Command-line arguments of one subcommand: flags, options with values and
// positional arguments, checked against what the subcommand accepts.
// Thread-safety: plain value.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

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

}  // namespace interleave
