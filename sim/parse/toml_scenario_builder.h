// The TOML scenario parser's core: turns one parsed TOML document into a
// Scenario, part by part, and throws at the first problem. Its methods are
// defined by part:
//   toml_parser.cc     Build, the top level (title, setup, setup_file, ...)
//   toml_clients.cc    [[clients]] and their steps, retry policies
//   toml_references.cc if_empty / if_found / ${step.column} of client steps
//   toml_schedules.cc  [[schedules]]
//   toml_variants.cc   [[variants]]: isolation, retry, replace, add
//   toml_checks.cc     [[checks]]
// What needs a variant applied to the clients is checked later, by
// sim/plan/variant_check.h, from the Variant::step_references kept here.
// Thread-safety: single use, by one thread. Ownership: refers to the document
// and its SourceText, which must outlive it.
#pragma once

#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "sim/model/scenario.h"
#include "sim/parse/toml_document.h"

namespace interleave::toml_parse {

// Where a step's fields came from, to point at them in errors about references.
struct StepSource {
  const toml::node* sql = nullptr;
  const toml::node* if_empty = nullptr;
  const toml::node* if_found = nullptr;
  const toml::node* condition = nullptr;
};

// Builds the Scenario of one TOML document. Single use.
class ScenarioBuilder : private TomlDocument {
 public:
  ScenarioBuilder(const SourceText& source, const toml::table& root)
      : TomlDocument(source), src_(source), root_(root) {}
  ScenarioBuilder(const ScenarioBuilder&) = delete;
  ScenarioBuilder& operator=(const ScenarioBuilder&) = delete;

  Scenario Build();

 private:
  // toml_parser.cc
  void TopLevel();
  // The text of the file a setup_file value names. Throws for a bad one.
  std::string ReadSetupFile(const toml::node& node) const;

  // toml_clients.cc
  void ParseClients();
  void ParseClient(const toml::table& table, int index);
  void ParseStep(const toml::table& table, int client, int index);
  RetryPolicy Retry(const toml::node& node, const std::string& key, const std::string& what) const;
  // Reads sql/if_empty/if_found/if/note of a step table. With `replace`, only
  // the keys present change `step`; otherwise sql is required.
  void StepFields(const toml::table& table, const std::string& what, bool replace, Step* step,
                  StepSource* source) const;

  // toml_references.cc
  // Checks the if_empty/if_found and ${step.column} references of every
  // client step: each must name an earlier step of the same client.
  void CheckClientReferences() const;
  // Calls `out` for each reference of `step` (fields as in `source`): its
  // if_empty, if_found, then the ${step.column} in its sql, then in its if.
  // Throws for a malformed ${...}.
  void ForEachReference(const Step& step, const StepSource& source,
                        const std::function<void(const StepReference&)>& out) const;
  // Checks what steps use of earlier steps' results: an if_empty/if_found
  // step must be one that can return rows; a ${column} or ${step.column}
  // must name a column an earlier step of the client (or that step) may
  // return (its name appears in the SQL, or the SQL selects *).
  void CheckStepsReadWhatIsUsed() const;
  // Calls `out` with (step or "", column, place) for each ${...} in `node`.
  void ForEachColumnVariable(
      const toml::node* node,
      const std::function<void(const std::string& step, const std::string& column,
                               const SourcePos& pos)>& out) const;
  // Calls `out` for each ${step.column} in `node`'s text, as a reference
  // whose usage says "${step.column} in <where>".
  void ForEachStepVariable(const toml::node* node, const std::string& where,
                           const std::function<void(const StepReference&)>& out) const;

  // toml_schedules.cc
  void ParseSchedules();
  void ParseSchedule(const toml::table& table, int index);
  // The first variant whose [[variants.add]] names step `name`, or "". A
  // look at the raw tables, before the variants are checked.
  std::string VariantAdding(const std::string& name) const;

  // toml_variants.cc
  void ParseVariants();
  void ParseVariant(const toml::table& table, int index);
  void ParseReplace(const toml::table& table, const std::string& what, Variant* variant);
  void ParseAdd(const toml::node& node, const std::string& what, Variant* variant);
  // Keeps the references of a replaced or added step in the variant.
  void KeepReferences(const Step& step, const StepSource& source, Variant* variant) const;

  // toml_checks.cc
  void ParseChecks();
  void ParseCheck(const toml::table& table, int index);

  // Names for messages, and look-ups, in the clients parsed so far.
  std::string AllStepNames() const;
  std::string ClientNames() const;
  int ClientIndex(const std::string& name) const;

  const SourceText& src_;
  const toml::table& root_;
  Scenario scenario_;
  std::vector<std::vector<StepSource>> step_sources_;  // per client, per step
  std::map<std::string, int> step_owner_;              // step name -> client
  std::set<std::string> added_step_names_;             // by any variant
};

// The scenario's step names that are well formed: [A-Za-z0-9_-]+.
bool IsStepName(const std::string& name);

}  // namespace interleave::toml_parse
