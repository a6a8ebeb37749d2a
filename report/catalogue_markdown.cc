// Rendering the scenario catalogue (scenarios/README.md) from scenario files,
// and the isolation/outcome texts that `interleave list` shares.
// Thread-safety: pure functions.
#include "report/catalogue_markdown.h"

#include <algorithm>
#include <array>
#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <sstream>

#include "sim/plan/plan.h"
#include "sim/run/run.h"
#include "util/text_util.h"

namespace interleave {

namespace {

namespace fs = std::filesystem;

// Text safe inside a Markdown table cell.
std::string Cell(const std::string& text) {
  std::string out;
  for (char c : CollapseWhitespace(text)) {
    if (c == '|') out += '\\';
    out += c;
  }
  return out;
}

// `path` relative to `base`, with '/' separators.
std::string Relative(const std::string& path, const std::string& base) {
  fs::path absolute = fs::absolute(path).lexically_normal();
  fs::path root = fs::absolute(base).lexically_normal();
  fs::path relative = absolute.lexically_relative(root);
  if (relative.empty()) relative = absolute;
  return relative.generic_string();
}

// The first folder of a relative path ("textbook/x.toml" -> "textbook"), or "".
std::string FirstFolder(const std::string& relative) {
  size_t slash = relative.find('/');
  return slash == std::string::npos ? "" : relative.substr(0, slash);
}

struct Entry {
  const Scenario* scenario;
  std::string relative;  // path relative to base_dir
};

struct Section {
  std::string folder;
  std::string heading;
  bool is_app = false;
  std::vector<Entry> entries;
};

// "lost update (P4)" linked to its file.
std::string ScenarioLink(const Entry& entry) {
  return "[" + Cell(entry.scenario->title) + "](" + entry.relative + ")";
}

// A variant that changes nothing but the isolation level of every client
// (and perhaps adds a retry): its level, or nullopt.
std::optional<Isolation> PureLevel(const Scenario& scenario, const Variant* variant, bool* retry) {
  *retry = false;
  bool clients_set_level = false;
  for (const Client& client : scenario.clients)
    if (client.isolation) clients_set_level = true;
  if (!variant) return clients_set_level ? std::nullopt : std::optional(Isolation::kDefault);
  if (!variant->isolation && clients_set_level) return std::nullopt;
  if (!variant->replace_steps.empty() || !variant->add_steps.empty() ||
      !variant->extra_setup.empty() || !variant->client_isolation.empty()) {
    return std::nullopt;
  }
  for (const auto& [client, policy] : variant->retry)
    if (policy.max_attempts > 1) *retry = true;
  return variant->isolation.value_or(Isolation::kDefault);
}

// Column of the isolation matrix: 0 RU, 1 RC (and the default), 2 RR, 3 SER.
int LevelColumn(Isolation level) {
  switch (level) {
    case Isolation::kReadUncommitted:
      return 0;
    case Isolation::kDefault:
    case Isolation::kReadCommitted:
      return 1;
    case Isolation::kRepeatableRead:
      return 2;
    case Isolation::kSerializable:
      return 3;
  }
  return 1;
}

void WriteMatrix(std::ostringstream& out, const Section& section) {
  std::vector<std::pair<const Entry*, std::array<std::string, 4>>> rows;
  for (const Entry& entry : section.entries) {
    const Scenario& scenario = *entry.scenario;
    if (scenario.is_isolation_spec) continue;
    std::array<std::string, 4> cells;
    bool any = false;
    for (const Variant* variant : VariantsToRun(scenario)) {
      bool retry = false;
      std::optional<Isolation> level = PureLevel(scenario, variant, &retry);
      if (!level || !variant || !variant->expect) continue;
      std::string& cell = cells[LevelColumn(*level)];
      std::string text =
          std::string(retry ? "with retry: " : "") + "`" + ExpectationName(*variant->expect) + "`";
      cell += (cell.empty() ? "" : "; ") + text;
      any = true;
    }
    if (any) rows.push_back({&entry, cells});
  }
  if (rows.empty()) return;
  out << "What each isolation level alone does (variants that change nothing else):\n\n";
  out << "| Anomaly | READ UNCOMMITTED | READ COMMITTED | REPEATABLE READ | SERIALIZABLE |\n";
  out << "|---|---|---|---|---|\n";
  for (const auto& [entry, cells] : rows) {
    out << "| [" << Cell(entry->scenario->anomaly) << "](" << entry->relative << ")";
    for (const std::string& cell : cells) out << " | " << (cell.empty() ? "-" : cell);
    out << " |\n";
  }
  out << "\n";
}

void WriteSection(std::ostringstream& out, const Section& section) {
  out << "## " << section.heading << "\n\n";
  WriteMatrix(out, section);
  out << "| Anomaly | Scenario | Fix (variant) | Isolation | Expected outcome |\n";
  out << "|---|---|---|---|---|\n";
  for (const Entry& entry : section.entries) {
    const Scenario& scenario = *entry.scenario;
    if (scenario.is_isolation_spec) {
      out << "| " << Cell(scenario.anomaly.empty() ? "-" : scenario.anomaly) << " | "
          << ScenarioLink(entry) << " | PostgreSQL isolation spec: every permutation | - | "
          << "(no expect) |\n";
      continue;
    }
    bool first = true;
    for (const Variant* variant : VariantsToRun(scenario)) {
      std::string fix = "`" + (variant ? variant->name : std::string("baseline")) + "`";
      if (variant && !variant->description.empty()) fix += ": " + Cell(variant->description);
      out << "| " << (first ? Cell(scenario.anomaly) : "") << " | "
          << (first ? ScenarioLink(entry) : "") << " | " << fix << " | "
          << Cell(VariantIsolationText(scenario, variant)) << " | "
          << Cell(VariantOutcomeText(variant)) << " |\n";
      first = false;
    }
  }
  out << "\n";
}

std::string Capitalized(std::string text) {
  if (!text.empty() && text[0] >= 'a' && text[0] <= 'z') text[0] = static_cast<char>(text[0] - 32);
  return text;
}

}  // namespace

std::string VariantIsolationText(const Scenario& scenario, const Variant* variant) {
  if (scenario.is_isolation_spec) return "-";
  Plan plan = MakePlan(scenario, variant, FindSchedule(scenario, ""));
  bool retry = false;
  for (const Client& client : plan.clients)
    if (client.retry.max_attempts > 1) retry = true;
  std::string text;
  std::set<Isolation> levels(plan.isolation.begin(), plan.isolation.end());
  if (levels.size() <= 1) {
    text = IsolationName(levels.empty() ? Isolation::kDefault : *levels.begin());
  } else {
    for (size_t c = 0; c < plan.clients.size(); ++c)
      text += (c ? ", " : "") + plan.clients[c].name + ": " + IsolationName(plan.isolation[c]);
  }
  return retry ? text + " + retry" : text;
}

std::string VariantOutcomeText(const Variant* variant) {
  if (!variant || !variant->expect) return "(no expect)";
  return ExpectationName(*variant->expect);
}

std::string FormatCatalogue(const std::vector<Scenario>& scenarios, const std::string& base_dir) {
  std::map<std::string, Section> sections;
  for (const Scenario& scenario : scenarios) {
    Entry entry{&scenario, Relative(scenario.path, base_dir)};
    Section& section = sections[FirstFolder(entry.relative)];
    section.folder = FirstFolder(entry.relative);
    section.entries.push_back(entry);
  }
  std::vector<Section*> order;
  for (auto& [folder, section] : sections) {
    std::set<std::string> apps;
    for (const Entry& entry : section.entries) apps.insert(entry.scenario->app);
    section.is_app = apps.size() == 1 && !apps.begin()->empty();
    section.heading = section.is_app   ? *apps.begin() + " (" + folder + "/)"
                      : folder.empty() ? std::string("Other scenarios")
                                       : Capitalized(folder) + " (" + folder + "/)";
    std::sort(section.entries.begin(), section.entries.end(),
              [](const Entry& a, const Entry& b) { return a.relative < b.relative; });
    order.push_back(&section);
  }
  std::stable_sort(order.begin(), order.end(),
                   [](const Section* a, const Section* b) { return a->is_app < b->is_app; });

  int variants = 0;
  for (const Scenario& scenario : scenarios)
    if (!scenario.is_isolation_spec) variants += static_cast<int>(VariantsToRun(scenario).size());

  std::ostringstream out;
  out << "# Scenario catalogue\n\n";
  out << "<!-- Generated by `interleave catalogue scenarios --write scenarios/README.md` from the\n"
         "     scenario files. Do not edit by hand: tests/sim/catalogue_test.cc fails when this\n"
         "     page no longer matches the files. -->\n\n";
  out << "Every row is one variant of a scenario: the fix it applies (or none), the isolation\n"
         "level its clients run at, and the outcome PostgreSQL really gives on the scenario's\n"
         "first schedule, as recorded in the file's `expect` (with the reason in its `why`).\n"
         "`interleave check scenarios/` runs them all against a real server and fails when any\n"
         "verdict differs; `interleave run FILE` shows one as a timeline.\n\n";
  out << scenarios.size() << " scenario files, " << variants << " variants.\n\n";
  out << "Outcomes:\n\n"
         "- `anomaly`: a check failed; the interleaving broke the rule the scenario states.\n"
         "- `prevented-by-wait`: every check held, and a client waited for another's lock.\n"
         "- `prevented-by-abort`: every check held, and a client was aborted (serialization\n"
         "  failure 40001, deadlock 40P01, unique violation 23505, ...), retried or not.\n"
         "- `prevented`: every check held with no wait and no abort (a snapshot, or an\n"
         "  interleaving that was never a problem).\n"
         "- `aborted-without-retry`: a check failed because an aborted client's work was\n"
         "  lost: the fix needs a retry.\n"
         "- `error`: the run itself failed.\n\n";
  for (const Section* section : order) WriteSection(out, *section);
  return out.str();
}

}  // namespace interleave
