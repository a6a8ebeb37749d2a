// Parser for the TOML scenario format (see toml_parser.h), built on toml++.
// It reads the document in one pass per part (top level, clients, their
// references, schedules, variants, checks) and throws at the first problem.
// Thread-safety: a Parser is used by one call only; no shared state.
//
// Index:
//   [SECTION] Text positions: toml++ line/column and places inside strings
//   [SECTION] Message helpers
//   [SECTION] Parser: typed access to TOML values, with errors
//   [SECTION] Parser: the scenario's parts
//   [SECTION] Entry points
#include "sim/parse/toml_parser.h"

// toml++ 3.3 asserts (and so aborts, in builds without NDEBUG) on some bad
// input, e.g. the table header "[}x]", where release builds report a parse
// error. A user's typo must give the error, never an abort.
#ifndef TOML_ASSERT
#define TOML_ASSERT(expr) static_cast<void>(0)
#endif
#include <toml++/toml.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string_view>
#include <utility>
#include <vector>

#include "sim/plan/plan.h"

namespace interleave {

namespace {

namespace fs = std::filesystem;

//-----------------------------------------------------------------------------
// [SECTION] Text positions: toml++ line/column and places inside strings
//-----------------------------------------------------------------------------

// The raw text of the document, to turn toml++ positions into SourcePos and to
// point inside string values (a step name in "a1 b1 a2", a ${step.column}).
// toml++ counts columns in code points, 1-based; so does SourcePos.
class SourceText {
 public:
  SourceText(std::string_view text, std::string path) : text_(text), path_(std::move(path)) {
    line_starts_.push_back(0);
    for (size_t i = 0; i < text_.size(); ++i) {
      if (text_[i] == '\n') line_starts_.push_back(i + 1);
    }
  }

  const std::string& path() const { return path_; }

  SourcePos At(const toml::source_position& p) const {
    return SourcePos{path_, static_cast<int>(p.line), static_cast<int>(p.column)};
  }
  SourcePos Of(const toml::node& node) const { return At(node.source().begin); }
  SourcePos Of(const toml::key& key) const { return At(key.source().begin); }

  // The text from a toml++ position to the end of its line (without it).
  std::string_view RestOfLine(const toml::source_position& p) const {
    const size_t offset = ToOffset(p);
    if (offset >= text_.size()) return {};
    const size_t end = text_.find('\n', offset);
    return text_.substr(offset, end == std::string_view::npos ? end : end - offset);
  }

  // The position of the character at byte `offset` of string value `node`,
  // where `needle` starts. Exact when the string has no escapes; otherwise the
  // same occurrence of `needle` in the raw text; otherwise the string's start.
  SourcePos InString(const toml::node& node, size_t offset, std::string_view needle) const {
    const toml::source_region& region = node.source();
    const size_t begin = ToOffset(region.begin);
    const size_t end = ToOffset(region.end);
    if (!node.is_string() || begin == std::string_view::npos || end == std::string_view::npos ||
        end <= begin) {
      return Of(node);
    }
    const std::string_view raw = text_.substr(begin, end - begin);
    size_t delimiter = 0;
    if (raw.substr(0, 3) == "\"\"\"" || raw.substr(0, 3) == "'''") {
      delimiter = 3;
    } else if (raw.substr(0, 1) == "\"" || raw.substr(0, 1) == "'") {
      delimiter = 1;
    }
    if (delimiter == 0 || raw.size() < 2 * delimiter) return Of(node);
    size_t start = delimiter;
    if (delimiter == 3) {  // a newline right after the opening """ is not part of the value
      if (raw.substr(start, 1) == "\n") {
        start += 1;
      } else if (raw.substr(start, 2) == "\r\n") {
        start += 2;
      }
    }
    if (start > raw.size() - delimiter) return Of(node);
    const std::string_view content = raw.substr(start, raw.size() - delimiter - start);
    const std::string& value = node.as_string()->get();
    if (content == value && offset <= content.size()) return ToPos(begin + start + offset);
    // Escapes or line continuations: find the same occurrence of the needle.
    if (needle.empty()) return Of(node);
    int occurrence = 0;
    for (size_t at = value.find(needle); at != std::string::npos && at < offset;
         at = value.find(needle, at + 1)) {
      ++occurrence;
    }
    size_t found = content.find(needle);
    while (found != std::string_view::npos && occurrence > 0) {
      found = content.find(needle, found + 1);
      --occurrence;
    }
    if (found == std::string_view::npos) return Of(node);
    return ToPos(begin + start + found);
  }

 private:
  static bool IsContinuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

  // Byte offset of a toml++ position, or npos.
  size_t ToOffset(const toml::source_position& p) const {
    if (p.line == 0 || p.line > line_starts_.size() || p.column == 0) {
      return std::string_view::npos;
    }
    size_t at = line_starts_[p.line - 1];
    for (size_t column = 1; column < p.column; ++column) {
      if (at >= text_.size() || text_[at] == '\n') return at;  // end of line
      ++at;
      while (at < text_.size() && IsContinuation(text_[at])) ++at;
    }
    return at;
  }

  SourcePos ToPos(size_t offset) const {
    const size_t line =
        std::upper_bound(line_starts_.begin(), line_starts_.end(), offset) - line_starts_.begin();
    int column = 1;
    for (size_t i = line_starts_[line - 1]; i < offset && i < text_.size(); ++i) {
      if (!IsContinuation(text_[i])) ++column;
    }
    return SourcePos{path_, static_cast<int>(line), column};
  }

  std::string_view text_;
  std::string path_;
  std::vector<size_t> line_starts_;
};

//-----------------------------------------------------------------------------
// [SECTION] Message helpers
//-----------------------------------------------------------------------------

std::string Join(const std::vector<std::string>& items, const std::string& separator = ", ") {
  std::string out;
  for (const std::string& item : items) {
    if (!out.empty()) out += separator;
    out += item;
  }
  return out;
}

std::string Quote(std::string_view text) { return "\"" + std::string(text) + "\""; }

// "a string", "an integer", ...
std::string TypeName(const toml::node& node) {
  switch (node.type()) {
    case toml::node_type::string:
      return "a string";
    case toml::node_type::integer:
      return "an integer";
    case toml::node_type::floating_point:
      return "a floating-point number";
    case toml::node_type::boolean:
      return "a boolean";
    case toml::node_type::date:
      return "a date";
    case toml::node_type::time:
      return "a time";
    case toml::node_type::date_time:
      return "a date-time";
    case toml::node_type::table:
      return "a table";
    case toml::node_type::array:
      return "an array";
    case toml::node_type::none:
      break;
  }
  return "nothing";
}

size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t above = row[j];
      const size_t cost = std::tolower(static_cast<unsigned char>(a[i - 1])) ==
                                  std::tolower(static_cast<unsigned char>(b[j - 1]))
                              ? 0
                              : 1;
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + cost});
      diagonal = above;
    }
  }
  return row[b.size()];
}

// " (did you mean "x"?)" when one candidate is close to `word`, else "".
std::string DidYouMean(std::string_view word, const std::vector<std::string>& candidates) {
  std::string best;
  size_t best_distance = 3;
  for (const std::string& candidate : candidates) {
    size_t distance = EditDistance(word, candidate);
    // "setup_sql" for "setup": one begins with the other.
    const size_t shorter = std::min(word.size(), candidate.size());
    if (shorter >= 4 && word.substr(0, shorter) == std::string_view(candidate).substr(0, shorter)) {
      distance = std::min<size_t>(distance, 2);
    }
    if (distance < best_distance && distance < candidate.size()) {
      best = candidate;
      best_distance = distance;
    }
  }
  return best.empty() ? "" : " (did you mean " + Quote(best) + "?)";
}

bool IsClientName(const std::string& name) {
  if (name.empty() || std::isdigit(static_cast<unsigned char>(name[0]))) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
  });
}

bool IsStepName(const std::string& name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-';
  });
}

bool IsSqlstate(const std::string& code) {
  return code.size() == 5 && std::all_of(code.begin(), code.end(), [](char c) {
           return std::isdigit(static_cast<unsigned char>(c)) ||
                  std::isupper(static_cast<unsigned char>(c));
         });
}

bool IsBlank(const std::string& text) {
  return std::all_of(text.begin(), text.end(),
                     [](char c) { return std::isspace(static_cast<unsigned char>(c)); });
}

std::string LineOf(const SourcePos& pos) { return "line " + std::to_string(pos.line); }

const std::vector<std::string> kTopKeys = {"title",   "anomaly",    "app",      "story",
                                           "setup",   "setup_file", "teardown", "show",
                                           "clients", "schedules",  "variants", "checks"};
const std::vector<std::string> kClientKeys = {"name",  "isolation", "retry",
                                              "setup", "teardown",  "steps"};
const std::vector<std::string> kStepKeys = {"name", "sql", "if_empty", "if_found", "if", "note"};
const std::vector<std::string> kReplaceKeys = {"sql", "if_empty", "if_found", "if", "note"};
const std::vector<std::string> kAddKeys = {"client",   "after",    "name", "sql",
                                           "if_empty", "if_found", "if",   "note"};
const std::vector<std::string> kRetryKeys = {"on", "max_attempts"};
const std::vector<std::string> kScheduleKeys = {"name", "steps", "description"};
const std::vector<std::string> kVariantKeys = {
    "name",   "description", "isolation", "client_isolation", "setup",
    "expect", "why",         "retry",     "replace",          "add"};
const std::vector<std::string> kCheckKeys = {"name", "sql", "expect_any", "explain"};

const char kIsolationNames[] = "read uncommitted, read committed, repeatable read, serializable";
const char kExpectationNames[] =
    "anomaly, prevented, prevented-by-wait, prevented-by-abort, aborted-without-retry, error";

//-----------------------------------------------------------------------------
// [SECTION] Parser: typed access to TOML values, with errors
//-----------------------------------------------------------------------------

// Where a step's fields came from, to point at them in errors about references.
struct StepSource {
  const toml::node* sql = nullptr;
  const toml::node* if_empty = nullptr;
  const toml::node* if_found = nullptr;
  const toml::node* condition = nullptr;
};

// A string value and the node it came from.
struct Item {
  std::string text;
  const toml::node* node = nullptr;
};

// Turns one parsed TOML document into a Scenario. Holds references to the
// document and its text, which must outlive it. Single use.
class Parser {
 public:
  Parser(const SourceText& source, const toml::table& root) : src_(source), root_(root) {}
  Parser(const Parser&) = delete;
  Parser& operator=(const Parser&) = delete;

  Scenario Parse();

 private:
  [[noreturn]] void Fail(const SourcePos& pos, const std::string& message) const {
    throw InputError(pos, message);
  }

  // `kind "name"` when the table has a usable name, else `fallback`: how
  // messages call a table before its name is checked.
  static std::string Describe(const toml::table& table, const std::string& kind,
                              const std::string& fallback) {
    const toml::node* name = table.get("name");
    if (name == nullptr || !name->is_string() || IsBlank(name->as_string()->get())) {
      return fallback;
    }
    return kind + " " + Quote(name->as_string()->get());
  }

  // Table entries in the order they appear in the file.
  std::vector<std::pair<const toml::key*, const toml::node*>> Entries(
      const toml::table& table) const {
    std::vector<std::pair<const toml::key*, const toml::node*>> entries;
    for (auto&& [key, value] : table) entries.emplace_back(&key, &value);
    std::stable_sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) {
      const toml::source_position& pa = a.first->source().begin;
      const toml::source_position& pb = b.first->source().begin;
      return std::make_pair(pa.line, pa.column) < std::make_pair(pb.line, pb.column);
    });
    return entries;
  }

  void CheckKeys(const toml::table& table, const std::string& what,
                 const std::vector<std::string>& allowed) const {
    for (const auto& [key, value] : Entries(table)) {
      if (std::find(allowed.begin(), allowed.end(), key->str()) != allowed.end()) continue;
      Fail(src_.Of(*key), "unknown key " + Quote(key->str()) + " in " + what +
                              DidYouMean(key->str(), allowed) + "; allowed keys are " +
                              Join(allowed));
    }
  }

  // The value of a required key; `expected` describes it for the message.
  const toml::node& Require(const toml::table& table, const std::string& key,
                            const std::string& what, const std::string& expected) const {
    const toml::node* node = table.get(key);
    if (node == nullptr) {
      Fail(src_.Of(table), what + " is missing required key " + Quote(key) + " (" + expected + ")");
    }
    return *node;
  }

  [[noreturn]] void WrongType(const toml::node& node, const std::string& key,
                              const std::string& what, const std::string& expected) const {
    Fail(src_.Of(node),
         Quote(key) + " in " + what + " must be " + expected + ", not " + TypeName(node));
  }

  std::string String(const toml::node& node, const std::string& key,
                     const std::string& what) const {
    if (!node.is_string()) WrongType(node, key, what, "a string");
    return node.as_string()->get();
  }

  // A string that must not be empty (names, SQL, sentences).
  std::string NonEmptyString(const toml::node& node, const std::string& key,
                             const std::string& what, const std::string& expected) const {
    std::string text = String(node, key, what);
    if (IsBlank(text)) {
      Fail(src_.Of(node), Quote(key) + " in " + what + " is empty; expected " + expected);
    }
    return text;
  }

  std::string RequiredString(const toml::table& table, const std::string& key,
                             const std::string& what, const std::string& expected) const {
    return NonEmptyString(Require(table, key, what, "a string: " + expected), key, what, expected);
  }

  // Absent: "". Present: must be a string.
  std::string OptionalString(const toml::table& table, const std::string& key,
                             const std::string& what) const {
    const toml::node* node = table.get(key);
    return node == nullptr ? "" : String(*node, key, what);
  }

  // A string, or an array of strings.
  std::vector<Item> StringItems(const toml::node& node, const std::string& key,
                                const std::string& what) const {
    if (node.is_string()) return {Item{node.as_string()->get(), &node}};
    const toml::array* array = node.as_array();
    if (array == nullptr) WrongType(node, key, what, "a string or an array of strings");
    std::vector<Item> items;
    for (size_t i = 0; i < array->size(); ++i) {
      const toml::node& element = *array->get(i);
      if (!element.is_string()) {
        Fail(src_.Of(element), "element " + std::to_string(i + 1) + " of " + Quote(key) + " in " +
                                   what + " must be a string, not " + TypeName(element));
      }
      items.push_back(Item{element.as_string()->get(), &element});
    }
    return items;
  }

  std::vector<std::string> StringList(const toml::node& node, const std::string& key,
                                      const std::string& what) const {
    std::vector<std::string> out;
    for (Item& item : StringItems(node, key, what)) out.push_back(std::move(item.text));
    return out;
  }

  const toml::table& Table(const toml::node& node, const std::string& key, const std::string& what,
                           const std::string& expected) const {
    if (!node.is_table()) WrongType(node, key, what, expected);
    return *node.as_table();
  }

  // [[key]] tables (or an inline array of inline tables).
  std::vector<const toml::table*> Tables(const toml::node& node, const std::string& key,
                                         const std::string& what) const {
    const std::string expected = "an array of tables ([[" + key + "]])";
    const toml::array* array = node.as_array();
    if (array == nullptr) WrongType(node, key, what, expected);
    std::vector<const toml::table*> tables;
    for (size_t i = 0; i < array->size(); ++i) {
      const toml::node& element = *array->get(i);
      if (!element.is_table()) {
        Fail(src_.Of(element), "element " + std::to_string(i + 1) + " of " + Quote(key) + " in " +
                                   what + " must be a table, not " + TypeName(element));
      }
      tables.push_back(element.as_table());
    }
    return tables;
  }

  Isolation IsolationValue(const toml::node& node, const std::string& key,
                           const std::string& what) const {
    const std::string text = String(node, key, what);
    std::optional<Isolation> level = ParseIsolation(text);
    if (!level) {
      Fail(src_.Of(node), "unknown isolation level " + Quote(text) + " in " + what +
                              "; expected one of " + kIsolationNames);
    }
    return *level;
  }

  RetryPolicy Retry(const toml::node& node, const std::string& key, const std::string& what) const {
    const std::string expected = "a table like { on = [\"40001\", \"40P01\"], max_attempts = 3 }";
    const toml::table& table = Table(node, key, what, expected);
    const std::string where = Quote(key) + " of " + what;
    CheckKeys(table, where, kRetryKeys);
    RetryPolicy policy;
    const toml::node& on =
        Require(table, "on", where, "the SQLSTATEs to retry on, e.g. [\"40001\", \"40P01\"]");
    for (const Item& item : StringItems(on, "on", where)) {
      if (!IsSqlstate(item.text)) {
        Fail(src_.Of(*item.node), "retry SQLSTATE " + Quote(item.text) + " in " + what +
                                      " is not valid; expected five digits or capital letters, "
                                      "e.g. \"40001\" (serialization failure) or \"40P01\" "
                                      "(deadlock)");
      }
      policy.sqlstates.push_back(item.text);
    }
    if (policy.sqlstates.empty()) {
      Fail(src_.Of(on),
           "\"on\" in " + where + " is empty; expected at least one SQLSTATE, e.g. [\"40001\"]");
    }
    const toml::node& attempts =
        Require(table, "max_attempts", where, "an integer: how many attempts in all, at least 1");
    if (!attempts.is_integer()) WrongType(attempts, "max_attempts", where, "an integer");
    const int64_t count = attempts.as_integer()->get();
    if (count < 1 || count > 1000) {
      Fail(src_.Of(attempts), "\"max_attempts\" in " + where + " is " + std::to_string(count) +
                                  "; expected the number of attempts in all, from 1 (no retry) "
                                  "to 1000");
    }
    policy.max_attempts = static_cast<int>(count);
    return policy;
  }

  // Reads sql/if_empty/if_found/if/note of a step table. With `replace`, only
  // the keys present change `step`; otherwise sql is required.
  void StepFields(const toml::table& table, const std::string& what, bool replace, Step* step,
                  StepSource* source) const {
    const toml::node* sql = table.get("sql");
    if (sql == nullptr && !replace) {
      Require(table, "sql", what, "a string: the SQL the client sends");
    }
    if (sql != nullptr) {
      step->sql = NonEmptyString(*sql, "sql", what, "the SQL the client sends");
      source->sql = sql;
    }
    if (const toml::node* node = table.get("if_empty")) {
      step->if_empty = String(*node, "if_empty", what);
      source->if_empty = node;
    }
    if (const toml::node* node = table.get("if_found")) {
      step->if_found = String(*node, "if_found", what);
      source->if_found = node;
    }
    if (const toml::node* node = table.get("if")) {
      step->condition = String(*node, "if", what);
      source->condition = node;
    }
    if (const toml::node* node = table.get("note")) step->note = String(*node, "note", what);
  }

  //---------------------------------------------------------------------------
  // [SECTION] Parser: the scenario's parts
  //---------------------------------------------------------------------------

  void TopLevel();
  void ParseClients();
  void ParseClient(const toml::table& table, int index);
  void ParseStep(const toml::table& table, int client, int index);
  void CheckClientReferences();
  void ParseSchedules();
  void ParseSchedule(const toml::table& table, int index);
  void ParseVariants();
  void ParseVariant(const toml::table& table, int index);
  void ParseReplace(const toml::table& table, const std::string& what, Variant* variant,
                    std::map<std::string, StepSource>* sources);
  void ParseAdd(const toml::node& node, const std::string& what, Variant* variant,
                std::map<std::string, StepSource>* sources);
  void ParseChecks();
  void ParseCheck(const toml::table& table, int index);

  // Checks a step's if_empty/if_found and ${step.column} references against
  // `order`, the steps of its client (index = the step's place there).
  // `owner` maps every step name that exists here to its client.
  void CheckStepReferences(const Step& step, const StepSource& source, int client,
                           const std::vector<std::string>& order, size_t index,
                           const std::map<std::string, int>& owner) const;
  void CheckEarlier(const std::string& name, const SourcePos& pos, const std::string& usage,
                    int client, const std::vector<std::string>& order, size_t index,
                    const std::map<std::string, int>& owner) const;
  // Calls `check(name, pos, usage)` for each ${step.column} in `node`'s text.
  template <typename Check>
  void ForEachStepVariable(const toml::node* node, const std::string& where, Check check) const;

  // The first variant whose [[variants.add]] names step `name`, or "". A
  // look at the raw tables, before the variants are checked.
  std::string VariantAdding(const std::string& name) const {
    const toml::array* variants = root_["variants"].as_array();
    if (variants == nullptr) return "";
    for (const toml::node& variant : *variants) {
      const toml::array* adds =
          variant.as_table() ? (*variant.as_table())["add"].as_array() : nullptr;
      if (adds == nullptr) continue;
      for (const toml::node& add : *adds) {
        const toml::table* fields = add.as_table();
        if (fields == nullptr || (*fields)["name"].value_or(std::string()) != name) continue;
        return (*variant.as_table())["name"].value_or(std::string("?"));
      }
    }
    return "";
  }

  std::string AllStepNames() const {
    std::vector<std::string> names;
    for (const Client& client : scenario_.clients) {
      for (const Step& step : client.steps) names.push_back(step.name);
    }
    return Join(names);
  }
  std::string ClientNames() const {
    std::vector<std::string> names;
    for (const Client& client : scenario_.clients) names.push_back(client.name);
    return Join(names);
  }
  int ClientIndex(const std::string& name) const {
    for (size_t i = 0; i < scenario_.clients.size(); ++i) {
      if (scenario_.clients[i].name == name) return static_cast<int>(i);
    }
    return -1;
  }

  const SourceText& src_;
  const toml::table& root_;
  Scenario scenario_;
  std::vector<std::vector<StepSource>> step_sources_;  // per client, per step
  std::map<std::string, int> step_owner_;              // step name -> client
  std::set<std::string> added_step_names_;             // by any variant
};

Scenario Parser::Parse() {
  scenario_.path = src_.path();
  TopLevel();
  ParseClients();
  CheckClientReferences();
  ParseSchedules();
  ParseVariants();
  ParseChecks();
  return std::move(scenario_);
}

void Parser::TopLevel() {
  const std::string what = "the top level";
  CheckKeys(root_, what, kTopKeys);
  scenario_.title = RequiredString(root_, "title", what, "the scenario's title");
  scenario_.anomaly = RequiredString(root_, "anomaly", what,
                                     "the anomaly's standard name, e.g. \"lost update (P4)\"");
  scenario_.story = RequiredString(root_, "story", what, "what happens, in plain words");
  scenario_.app = OptionalString(root_, "app", what);

  const toml::node* setup = root_.get("setup");
  const toml::node* setup_file = root_.get("setup_file");
  if (setup == nullptr && setup_file == nullptr) {
    Fail(src_.Of(root_),
         "the top level is missing required key \"setup\" (the SQL that creates the tables: a "
         "string or an array of strings; or setup_file = \"schema.sql\")");
  }
  if (setup != nullptr) scenario_.setup_sql = StringList(*setup, "setup", what);
  if (setup_file != nullptr) {
    const std::string name = String(*setup_file, "setup_file", what);
    if (IsBlank(name)) {
      Fail(src_.Of(*setup_file),
           "\"setup_file\" is empty; expected a path relative to the scenario file");
    }
    fs::path file = name;
    if (file.is_relative()) file = fs::path(src_.path()).parent_path() / file;
    std::error_code error;
    const bool is_file = fs::is_regular_file(file, error);
    std::ifstream in(file, std::ios::binary);
    if (!is_file || !in) {
      const std::string problem =
          fs::exists(file, error) ? "is not a readable file" : "does not exist";
      Fail(src_.Of(*setup_file), "setup_file " + Quote(name) + " (" + file.string() + ") " +
                                     problem +
                                     "; expected an SQL file, relative to the scenario file");
    }
    std::ostringstream text;
    text << in.rdbuf();
    scenario_.setup_sql.push_back(text.str());
  }
  if (const toml::node* node = root_.get("teardown")) {
    scenario_.teardown_sql = StringList(*node, "teardown", what);
  }
  if (const toml::node* node = root_.get("show")) {
    for (const Item& item : StringItems(*node, "show", what)) {
      if (IsBlank(item.text)) {
        Fail(src_.Of(*item.node), "empty table name in \"show\"; expected a table name");
      }
      scenario_.show_tables.push_back(item.text);
    }
  }
}

void Parser::ParseClients() {
  const toml::node& node =
      Require(root_, "clients", "the top level", "[[clients]] tables, at least two");
  const std::vector<const toml::table*> tables = Tables(node, "clients", "the top level");
  for (size_t i = 0; i < tables.size(); ++i) ParseClient(*tables[i], static_cast<int>(i));
  if (scenario_.clients.size() < 2) {
    const std::string has = scenario_.clients.empty()
                                ? "no clients"
                                : "only one client (" + scenario_.clients[0].name + ")";
    Fail(src_.Of(node),
         "the scenario has " + has + "; expected at least two [[clients]], whose steps interleave");
  }
}

void Parser::ParseClient(const toml::table& table, int index) {
  std::string what = Describe(table, "client", "[[clients]] #" + std::to_string(index + 1));
  CheckKeys(table, what, kClientKeys);
  Client client;
  client.pos = src_.Of(table);
  const toml::node& name =
      Require(table, "name", what, "a string: the client's name, e.g. \"alex\"");
  client.name = String(name, "name", what);
  if (!IsClientName(client.name)) {
    Fail(src_.Of(name), "client name " + Quote(client.name) +
                            " is not valid; expected a letter "
                            "or '_' followed by letters, digits or '_', e.g. \"alex\"");
  }
  for (const Client& other : scenario_.clients) {
    if (other.name == client.name) {
      Fail(src_.Of(name), "duplicate client name " + Quote(client.name) + " (the first is at " +
                              LineOf(other.pos) + "); expected each client to have its own name");
    }
  }
  what = "client " + Quote(client.name);
  if (const toml::node* node = table.get("isolation")) {
    client.isolation = IsolationValue(*node, "isolation", what);
  }
  if (const toml::node* node = table.get("retry")) client.retry = Retry(*node, "retry", what);
  if (const toml::node* node = table.get("setup")) {
    client.setup_sql = StringList(*node, "setup", what);
  }
  if (const toml::node* node = table.get("teardown")) {
    client.teardown_sql = StringList(*node, "teardown", what);
  }
  const toml::node& steps = Require(table, "steps", what, "[[clients.steps]] tables, at least one");
  const std::vector<const toml::table*> step_tables = Tables(steps, "clients.steps", what);
  if (step_tables.empty()) {
    Fail(src_.Of(steps), what + " has no steps; expected at least one [[clients.steps]] table");
  }
  scenario_.clients.push_back(std::move(client));
  step_sources_.emplace_back();
  for (size_t i = 0; i < step_tables.size(); ++i) {
    ParseStep(*step_tables[i], index, static_cast<int>(i));
  }
}

void Parser::ParseStep(const toml::table& table, int client, int index) {
  const std::string& client_name = scenario_.clients[client].name;
  std::string what = Describe(
      table, "step",
      "[[clients.steps]] #" + std::to_string(index + 1) + " of client " + Quote(client_name));
  CheckKeys(table, what, kStepKeys);
  Step step;
  step.pos = src_.Of(table);
  const toml::node& name =
      Require(table, "name", what, "a string: a unique step name, e.g. \"a1\"");
  step.name = String(name, "name", what);
  if (!IsStepName(step.name)) {
    Fail(src_.Of(name), "step name " + Quote(step.name) +
                            " is not valid; expected letters, digits, '_' or '-', e.g. \"a1\"");
  }
  auto [other_client, other_step] = scenario_.FindStep(step.name);
  if (other_client >= 0) {
    const Step& other = scenario_.clients[other_client].steps[other_step];
    Fail(src_.Of(name), "duplicate step name " + Quote(step.name) + " (client " +
                            scenario_.clients[other_client].name + " has it at " +
                            LineOf(other.pos) +
                            "); expected step names to be unique across all clients");
  }
  what = "step " + Quote(step.name);
  StepSource source;
  StepFields(table, what, /*replace=*/false, &step, &source);
  step_owner_[step.name] = client;
  scenario_.clients[client].steps.push_back(std::move(step));
  step_sources_[client].push_back(source);
}

void Parser::CheckClientReferences() {
  for (size_t c = 0; c < scenario_.clients.size(); ++c) {
    const Client& client = scenario_.clients[c];
    std::vector<std::string> order;
    for (const Step& step : client.steps) order.push_back(step.name);
    for (size_t s = 0; s < client.steps.size(); ++s) {
      CheckStepReferences(client.steps[s], step_sources_[c][s], static_cast<int>(c), order, s,
                          step_owner_);
    }
  }
}

void Parser::CheckStepReferences(const Step& step, const StepSource& source, int client,
                                 const std::vector<std::string>& order, size_t index,
                                 const std::map<std::string, int>& owner) const {
  const std::string of_step = " of step " + Quote(step.name);
  if (source.if_empty != nullptr && !step.if_empty.empty()) {
    CheckEarlier(step.if_empty, src_.Of(*source.if_empty), "if_empty" + of_step, client, order,
                 index, owner);
  }
  if (source.if_found != nullptr && !step.if_found.empty()) {
    CheckEarlier(step.if_found, src_.Of(*source.if_found), "if_found" + of_step, client, order,
                 index, owner);
  }
  auto check = [&](const std::string& name, const SourcePos& pos, const std::string& usage) {
    CheckEarlier(name, pos, usage, client, order, index, owner);
  };
  ForEachStepVariable(source.sql, "the sql" + of_step, check);
  ForEachStepVariable(source.condition, "the if" + of_step, check);
}

void Parser::CheckEarlier(const std::string& name, const SourcePos& pos, const std::string& usage,
                          int client, const std::vector<std::string>& order, size_t index,
                          const std::map<std::string, int>& owner) const {
  const auto earlier_end = order.begin() + static_cast<std::ptrdiff_t>(index);
  if (std::find(order.begin(), earlier_end, name) != earlier_end) return;
  const std::string& client_name = scenario_.clients[client].name;
  const std::string expected =
      index == 0 ? "expected an earlier step of client " + client_name + ", but " +
                       Quote(order[0]) + " is its first step"
                 : "expected an earlier step of client " + client_name + " (" +
                       Join(std::vector<std::string>(order.begin(), earlier_end)) + ")";
  if (index < order.size() && name == order[index]) {
    Fail(pos, usage + " names the step itself; " + expected);
  }
  if (std::find(earlier_end, order.end(), name) != order.end()) {
    Fail(pos, usage + " names " + Quote(name) + ", which client " + client_name + " runs later; " +
                  expected);
  }
  auto it = owner.find(name);
  if (it != owner.end() && it->second != client) {
    Fail(pos, usage + " names " + Quote(name) + ", a step of client " +
                  scenario_.clients[it->second].name + "; " + expected);
  }
  Fail(pos, usage + " names unknown step " + Quote(name) + "; " + expected);
}

template <typename Check>
void Parser::ForEachStepVariable(const toml::node* node, const std::string& where,
                                 Check check) const {
  if (node == nullptr || !node->is_string()) return;
  const std::string& text = node->as_string()->get();
  for (size_t at = text.find("${"); at != std::string::npos; at = text.find("${", at + 2)) {
    const size_t close = text.find('}', at + 2);
    if (close == std::string::npos) {
      Fail(src_.InString(*node, at, "${"),
           "unterminated \"${\" in " + where + "; expected ${column} or ${step.column}");
    }
    const std::string variable = text.substr(at, close - at + 1);
    const std::string inner = text.substr(at + 2, close - at - 2);
    const SourcePos pos = src_.InString(*node, at, variable);
    const bool bad_char = std::any_of(inner.begin(), inner.end(), [](char c) {
      return std::isspace(static_cast<unsigned char>(c)) || c == '$' || c == '{';
    });
    const size_t dot = inner.find('.');
    if (inner.empty() || bad_char || dot == 0 ||
        (dot != std::string::npos && dot + 1 == inner.size())) {
      Fail(pos, "malformed variable " + variable + " in " + where +
                    "; expected ${column} or ${step.column}, without spaces");
    }
    if (dot != std::string::npos) check(inner.substr(0, dot), pos, variable + " in " + where);
  }
}

void Parser::ParseSchedules() {
  const toml::node& node = Require(root_, "schedules", "the top level",
                                   "[[schedules]] tables, at least one, e.g. name = "
                                   "\"interleaved\" and steps = \"a1 b1 a2 b2\"");
  const std::vector<const toml::table*> tables = Tables(node, "schedules", "the top level");
  if (tables.empty()) {
    Fail(src_.Of(node), "\"schedules\" is empty; expected at least one [[schedules]] table");
  }
  for (size_t i = 0; i < tables.size(); ++i) ParseSchedule(*tables[i], static_cast<int>(i));
}

void Parser::ParseSchedule(const toml::table& table, int index) {
  std::string what = Describe(table, "schedule", "[[schedules]] #" + std::to_string(index + 1));
  CheckKeys(table, what, kScheduleKeys);
  Schedule schedule;
  schedule.pos = src_.Of(table);
  const toml::node& name_node =
      Require(table, "name", what, "a string: the schedule's name, e.g. \"interleaved\"");
  schedule.name = NonEmptyString(name_node, "name", what, "the schedule's name");
  for (const Schedule& other : scenario_.schedules) {
    if (other.name == schedule.name) {
      Fail(src_.Of(name_node), "duplicate schedule name " + Quote(schedule.name) +
                                   " (the first is at " + LineOf(other.pos) +
                                   "); expected each schedule to have its own name");
    }
  }
  what = "schedule " + Quote(schedule.name);
  schedule.description = OptionalString(table, "description", what);
  const toml::node& steps = Require(
      table, "steps", what, "the steps in the order they run: \"a1 b1 a2\" or [\"a1\", \"b1\"]");

  if (steps.is_string()) {
    const std::string& text = steps.as_string()->get();
    size_t at = 0;
    while (at < text.size()) {
      if (std::isspace(static_cast<unsigned char>(text[at]))) {
        ++at;
        continue;
      }
      size_t end = at;
      while (end < text.size() && !std::isspace(static_cast<unsigned char>(text[end]))) ++end;
      ScheduleEntry entry;
      entry.step = text.substr(at, end - at);
      entry.pos = src_.InString(steps, at, entry.step);
      schedule.entries.push_back(std::move(entry));
      at = end;
    }
  } else if (steps.is_array()) {
    for (const Item& item : StringItems(steps, "steps", what)) {
      ScheduleEntry entry;
      entry.step = item.text;
      entry.pos = src_.Of(*item.node);
      schedule.entries.push_back(std::move(entry));
    }
  } else {
    WrongType(steps, "steps", what,
              "a string of step names (\"a1 b1 a2\") or an array of step names");
  }

  // Every step of every client exactly once, each client's in its own order.
  std::map<std::string, size_t> seen;  // step -> entry index
  for (size_t e = 0; e < schedule.entries.size(); ++e) {
    const ScheduleEntry& entry = schedule.entries[e];
    const auto [client, step] = scenario_.FindStep(entry.step);
    if (client < 0) {
      const std::string adder = VariantAdding(entry.step);
      if (!adder.empty()) {
        Fail(entry.pos, "step " + Quote(entry.step) + " in " + what + " is added by variant " +
                            Quote(adder) +
                            "; expected only the scenario's own steps (an added step runs right "
                            "after its \"after\" step in every schedule)");
      }
      Fail(entry.pos, "unknown step " + Quote(entry.step) + " in " + what + "; client steps are " +
                          AllStepNames());
    }
    if (seen.count(entry.step)) {
      Fail(entry.pos, "step " + Quote(entry.step) + " appears twice in " + what +
                          "; expected every step of every client exactly once");
    }
    for (size_t p = 0; p < e; ++p) {
      const auto [other_client, other_step] = scenario_.FindStep(schedule.entries[p].step);
      if (other_client == client && other_step > step) {
        const std::string& earlier = schedule.entries[p].step;
        Fail(schedule.entries[p].pos,
             earlier + " comes before " + entry.step + " in " + what + ", but client " +
                 scenario_.clients[client].name + " runs " + entry.step +
                 " first; expected each client's steps in the order the client runs them");
      }
    }
    seen[entry.step] = e;
  }
  std::vector<std::string> missing;
  for (const Client& client : scenario_.clients) {
    for (const Step& step : client.steps) {
      if (!seen.count(step.name)) missing.push_back(step.name);
    }
  }
  if (!missing.empty()) {
    Fail(src_.Of(steps), what + " is missing step" + (missing.size() > 1 ? "s " : " ") +
                             Join(missing) + "; expected every step of every client exactly once");
  }
  scenario_.schedules.push_back(std::move(schedule));
}

void Parser::ParseVariants() {
  const toml::node* node = root_.get("variants");
  if (node == nullptr) return;
  const std::vector<const toml::table*> tables = Tables(*node, "variants", "the top level");
  for (size_t i = 0; i < tables.size(); ++i) ParseVariant(*tables[i], static_cast<int>(i));
}

void Parser::ParseVariant(const toml::table& table, int index) {
  std::string what = Describe(table, "variant", "[[variants]] #" + std::to_string(index + 1));
  CheckKeys(table, what, kVariantKeys);
  Variant variant;
  variant.pos = src_.Of(table);
  const toml::node& name_node =
      Require(table, "name", what, "a string: the variant's name, e.g. \"for-update\"");
  variant.name = NonEmptyString(name_node, "name", what, "the variant's name");
  for (const Variant& other : scenario_.variants) {
    if (other.name == variant.name) {
      Fail(src_.Of(name_node), "duplicate variant name " + Quote(variant.name) +
                                   " (the first is at " + LineOf(other.pos) +
                                   "); expected each variant to have its own name");
    }
  }
  what = "variant " + Quote(variant.name);
  variant.description = OptionalString(table, "description", what);
  if (const toml::node* node = table.get("isolation")) {
    variant.isolation = IsolationValue(*node, "isolation", what);
  }
  if (const toml::node* node = table.get("client_isolation")) {
    const toml::table& levels =
        Table(*node, "client_isolation", what, "a table of client name = isolation level");
    for (const auto& [key, value] : Entries(levels)) {
      const std::string client(key->str());
      if (ClientIndex(client) < 0) {
        Fail(src_.Of(*key), "unknown client " + Quote(client) + " in client_isolation of " + what +
                                "; clients are " + ClientNames());
      }
      variant.client_isolation[client] =
          IsolationValue(*value, client, "client_isolation of " + what);
    }
  }
  if (const toml::node* node = table.get("setup")) {
    variant.extra_setup = StringList(*node, "setup", what);
  }
  if (const toml::node* node = table.get("expect")) {
    const std::string text = String(*node, "expect", what);
    variant.expect = ParseExpectation(text);
    if (!variant.expect) {
      Fail(src_.Of(*node), "unknown expectation " + Quote(text) + " in " + what +
                               "; expected one of " + kExpectationNames);
    }
  }
  variant.expect_why = OptionalString(table, "why", what);
  if (const toml::node* node = table.get("retry")) {
    const toml::table& policies = Table(
        *node, "retry", what, "a table of client name = { on = [\"40001\"], max_attempts = 3 }");
    for (const auto& [key, value] : Entries(policies)) {
      const std::string client(key->str());
      if (ClientIndex(client) < 0) {
        Fail(src_.Of(*key), "unknown client " + Quote(client) + " in retry of " + what +
                                "; clients are " + ClientNames());
      }
      variant.retry[client] = Retry(*value, client, "retry of " + what);
    }
  }

  std::map<std::string, StepSource> sources;  // replaced and added steps
  if (const toml::node* node = table.get("replace")) {
    ParseReplace(Table(*node, "replace", what, "a table of step name = new SQL"), what, &variant,
                 &sources);
  }
  if (const toml::node* node = table.get("add")) ParseAdd(*node, what, &variant, &sources);

  // References of the replaced and added steps, in the clients as changed.
  if (!sources.empty()) {
    const Plan plan = MakePlan(scenario_, &variant, Schedule{});
    std::map<std::string, int> owner = step_owner_;
    for (const Variant::AddedStep& add : variant.add_steps) {
      owner[add.step.name] = ClientIndex(add.client);
    }
    for (size_t c = 0; c < plan.clients.size(); ++c) {
      std::vector<std::string> order;
      for (const Step& step : plan.clients[c].steps) order.push_back(step.name);
      for (size_t s = 0; s < order.size(); ++s) {
        auto it = sources.find(order[s]);
        if (it == sources.end()) continue;
        CheckStepReferences(plan.clients[c].steps[s], it->second, static_cast<int>(c), order, s,
                            owner);
      }
    }
  }
  scenario_.variants.push_back(std::move(variant));
}

void Parser::ParseReplace(const toml::table& table, const std::string& what, Variant* variant,
                          std::map<std::string, StepSource>* sources) {
  for (const auto& [key, value] : Entries(table)) {
    const std::string name(key->str());
    const auto [client, index] = scenario_.FindStep(name);
    if (client < 0) {
      Fail(src_.Of(*key), "unknown step " + Quote(name) + " in replace of " + what +
                              "; client steps are " + AllStepNames());
    }
    Step step = scenario_.clients[client].steps[index];
    StepSource source = step_sources_[client][index];
    step.pos = src_.Of(*value);
    const std::string where = "replace." + name + " of " + what;
    if (value->is_string()) {
      step.sql = NonEmptyString(*value, name, "replace of " + what, "the step's new SQL");
      step.note.clear();  // the note spoke of the SQL replaced
      source.sql = value;
    } else if (value->is_table()) {
      const toml::table& fields = *value->as_table();
      CheckKeys(fields, where, kReplaceKeys);
      if (fields.empty()) {
        Fail(src_.Of(*value),
             where + " changes nothing; expected at least one of " + Join(kReplaceKeys));
      }
      StepFields(fields, where, /*replace=*/true, &step, &source);
    } else {
      WrongType(*value, name, "replace of " + what,
                "the step's new SQL (a string) or a table like { sql = \"...\", note = \"...\" }");
    }
    (*sources)[name] = source;
    variant->replace_steps[name] = std::move(step);
  }
}

void Parser::ParseAdd(const toml::node& node, const std::string& what, Variant* variant,
                      std::map<std::string, StepSource>* sources) {
  const std::vector<const toml::table*> tables = Tables(node, "add", what);
  for (size_t i = 0; i < tables.size(); ++i) {
    const toml::table& table = *tables[i];
    std::string where =
        Describe(table, "added step", "[[variants.add]] #" + std::to_string(i + 1)) + " of " + what;
    CheckKeys(table, where, kAddKeys);
    Variant::AddedStep add;
    add.step.pos = src_.Of(table);
    const toml::node& client_node =
        Require(table, "client", where, "a string: the client that runs the new step");
    add.client = String(client_node, "client", where);
    const int client = ClientIndex(add.client);
    if (client < 0) {
      Fail(src_.Of(client_node), "unknown client " + Quote(add.client) + " in " + where +
                                     "; clients are " + ClientNames());
    }
    const toml::node& name = Require(table, "name", where, "a string: a new, unique step name");
    add.step.name = String(name, "name", where);
    if (!IsStepName(add.step.name)) {
      Fail(src_.Of(name), "step name " + Quote(add.step.name) +
                              " is not valid; expected letters, digits, '_' or '-', e.g. \"a1x\"");
    }
    if (step_owner_.count(add.step.name)) {
      const int owner = step_owner_.at(add.step.name);
      Fail(src_.Of(name), "step " + Quote(add.step.name) + " added by " + what +
                              " already exists (a step of client " + scenario_.clients[owner].name +
                              "); expected a new step name");
    }
    for (const Variant::AddedStep& other : variant->add_steps) {
      if (other.step.name == add.step.name) {
        Fail(src_.Of(name), "step " + Quote(add.step.name) + " is added twice by " + what +
                                "; expected a new step name");
      }
    }
    where = "added step " + Quote(add.step.name) + " of " + what;
    if (const toml::node* after = table.get("after")) {
      add.after = String(*after, "after", where);
      std::vector<std::string> own;  // steps of that client it may follow
      for (const Step& step : scenario_.clients[client].steps) own.push_back(step.name);
      for (const Variant::AddedStep& other : variant->add_steps) {
        if (other.client == add.client) own.push_back(other.step.name);
      }
      if (std::find(own.begin(), own.end(), add.after) == own.end()) {
        auto it = step_owner_.find(add.after);
        const std::string problem =
            it != step_owner_.end()
                ? Quote(add.after) + ", a step of client " + scenario_.clients[it->second].name
                : "unknown step " + Quote(add.after);
        Fail(src_.Of(*after), "\"after\" in " + where + " names " + problem +
                                  "; expected a step of client " + add.client + " (" + Join(own) +
                                  "), or no \"after\" to run it before the client's first step");
      }
    }
    StepSource source;
    StepFields(table, where, /*replace=*/false, &add.step, &source);
    (*sources)[add.step.name] = source;
    added_step_names_.insert(add.step.name);
    variant->add_steps.push_back(std::move(add));
  }
}

void Parser::ParseChecks() {
  const toml::node* node = root_.get("checks");
  if (node == nullptr) return;
  const std::vector<const toml::table*> tables = Tables(*node, "checks", "the top level");
  for (size_t i = 0; i < tables.size(); ++i) ParseCheck(*tables[i], static_cast<int>(i));
}

void Parser::ParseCheck(const toml::table& table, int index) {
  std::string what = Describe(table, "check", "[[checks]] #" + std::to_string(index + 1));
  CheckKeys(table, what, kCheckKeys);
  Check check;
  check.pos = src_.Of(table);
  const toml::node& name_node =
      Require(table, "name", what, "a string: what the check asserts, e.g. \"both edits kept\"");
  check.name = NonEmptyString(name_node, "name", what, "what the check asserts");
  for (const Check& other : scenario_.checks) {
    if (other.name == check.name) {
      Fail(src_.Of(name_node), "duplicate check name " + Quote(check.name) + " (the first is at " +
                                   LineOf(other.pos) +
                                   "); expected each check to have its own name");
    }
  }
  what = "check " + Quote(check.name);
  check.sql = RequiredString(table, "sql", what,
                             "a query returning one row: a boolean, or a value for expect_any");
  if (const toml::node* node = table.get("expect_any")) {
    check.expect_any = StringList(*node, "expect_any", what);
    if (check.expect_any.empty()) {
      Fail(src_.Of(*node), "\"expect_any\" in " + what +
                               " is empty; expected the acceptable results as text, e.g. "
                               "[\"30\", \"40\"], or no expect_any for a boolean query");
    }
  }
  check.explain = RequiredString(table, "explain", what, "the sentence shown when the check fails");
  ForEachStepVariable(table.get("sql"), "the sql of " + what,
                      [&](const std::string& name, const SourcePos& pos, const std::string& usage) {
                        if (step_owner_.count(name) || added_step_names_.count(name)) return;
                        Fail(pos, usage + " names unknown step " + Quote(name) +
                                      "; known steps are " + AllStepNames());
                      });
  scenario_.checks.push_back(std::move(check));
}

// toml++ says e.g. "Error while parsing key-value pair: expected '=', saw 'b'".
// `rest` is the text from where it stopped to the end of that line.
std::string SyntaxMessage(std::string_view description, std::string_view rest) {
  std::string text(description);
  // A "..." string that runs into the end of the line: toml++ complains about
  // the newline as a control character.
  if (text.rfind("Error while parsing string", 0) == 0 &&
      text.find("control char") != std::string::npos && (rest.empty() || rest[0] == '\r')) {
    return "invalid TOML: the string is not closed on this line; expected a closing quote (\"), "
           "or \"\"\"...\"\"\" for text over several lines";
  }
  // A bare word as a value: name = robin.
  if (text.find("could not determine value type") != std::string::npos) {
    size_t length = 0;
    while (length < rest.size() && (std::isalnum(static_cast<unsigned char>(rest[length])) ||
                                    rest[length] == '_' || rest[length] == '-')) {
      ++length;
    }
    if (length > 0) {
      const std::string word(rest.substr(0, length));
      return "invalid TOML: " + word + " is not a value; expected a quoted string (\"" + word +
             "\"), a number, true or false, an array [...] or a table {...}";
    }
  }
  const std::string prefix = "Error while parsing ";
  if (text.rfind(prefix, 0) == 0)
    text = "invalid TOML in " + text.substr(prefix.size());
  else
    text = "invalid TOML: " + text;
  if (text.find("expected") == std::string::npos) {
    text += "; expected valid TOML (https://toml.io/en/v1.0.0)";
  }
  return text;
}

}  // namespace

//-----------------------------------------------------------------------------
// [SECTION] Entry points
//-----------------------------------------------------------------------------

Scenario ParseScenarioText(const std::string& text, const std::string& path) {
  const SourceText source(text, path);
  toml::table root;
  try {
    root = toml::parse(std::string_view(text), std::string_view(path));
  } catch (const toml::parse_error& error) {
    const toml::source_position& begin = error.source().begin;
    throw InputError(SourcePos{path, static_cast<int>(begin.line), static_cast<int>(begin.column)},
                     SyntaxMessage(error.description(), source.RestOfLine(begin)));
  }
  Parser parser(source, root);
  return parser.Parse();
}

Scenario ParseScenarioFile(const std::string& path) {
  std::error_code error;
  if (fs::is_directory(path, error)) {
    throw InputError(SourcePos{path}, "is a folder; expected a .toml scenario file");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    const std::string problem = fs::exists(path, error) ? "cannot be read" : "does not exist";
    throw InputError(SourcePos{path},
                     "the scenario file " + problem + "; expected a readable .toml scenario file");
  }
  std::ostringstream text;
  text << in.rdbuf();
  return ParseScenarioText(text.str(), path);
}

}  // namespace interleave
