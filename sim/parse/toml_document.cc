// TomlDocument and the shared wording of TOML scenario errors: type names,
// "did you mean", lists of names.
// Thread-safety: const methods and pure functions.
#include "sim/parse/toml_document.h"

#include <algorithm>
#include <cctype>
#include <optional>

#include "sim/model/sql_text.h"

namespace interleave::toml_parse {

namespace {

const char kIsolationNames[] = "read uncommitted, read committed, repeatable read, serializable";

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

}  // namespace

std::string Join(const std::vector<std::string>& items, const std::string& separator) {
  std::string out;
  for (const std::string& item : items) {
    if (!out.empty()) out += separator;
    out += item;
  }
  return out;
}

std::string Quote(std::string_view text) { return "\"" + std::string(text) + "\""; }

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

bool IsBlank(const std::string& text) {
  return std::all_of(text.begin(), text.end(),
                     [](char c) { return std::isspace(static_cast<unsigned char>(c)); });
}

std::string LineOf(const SourcePos& pos) { return "line " + std::to_string(pos.line); }

std::string TomlDocument::Describe(const toml::table& table, const std::string& kind,
                                   const std::string& fallback) {
  const toml::node* name = table.get("name");
  if (name == nullptr || !name->is_string() || IsBlank(name->as_string()->get())) {
    return fallback;
  }
  return kind + " " + Quote(name->as_string()->get());
}

std::vector<std::pair<const toml::key*, const toml::node*>> TomlDocument::Entries(
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

const std::vector<std::string>& EngineNames() {
  static const std::vector<std::string> names = {"postgresql", "mariadb"};
  return names;
}

std::vector<EngineValue> TomlDocument::PerEngine(const toml::node& node, const std::string& key,
                                                 const std::string& what) const {
  if (!node.is_table()) return {EngineValue{"postgresql", &node}};
  const toml::table& table = *node.as_table();
  const std::string where = Quote(key) + " of " + what;
  std::vector<EngineValue> values;
  for (const auto& [engine, value] : Entries(table)) {
    if (std::find(EngineNames().begin(), EngineNames().end(), engine->str()) ==
        EngineNames().end()) {
      Fail(src_.Of(*engine), "unknown engine " + Quote(engine->str()) + " in " + where +
                                 DidYouMean(engine->str(), EngineNames()) +
                                 "; expected one value per engine, e.g. { postgresql = \"...\", "
                                 "mariadb = \"...\" } (engines: " +
                                 Join(EngineNames()) + ")");
    }
    if (engine->str() == "postgresql") {
      values.insert(values.begin(), EngineValue{"postgresql", value});
    } else {
      values.push_back(EngineValue{std::string(engine->str()), value});
    }
  }
  if (values.empty() || values.front().engine != "postgresql") {
    Fail(src_.Of(node), where +
                            " gives no value for postgresql; expected { postgresql = "
                            "\"...\", mariadb = \"...\" } (a plain value is for every engine)");
  }
  return values;
}

void TomlDocument::CheckKeys(const toml::table& table, const std::string& what,
                             const std::vector<std::string>& allowed) const {
  for (const auto& [key, value] : Entries(table)) {
    if (std::find(allowed.begin(), allowed.end(), key->str()) != allowed.end()) continue;
    Fail(src_.Of(*key), "unknown key " + Quote(key->str()) + " in " + what +
                            DidYouMean(key->str(), allowed) + "; allowed keys are " +
                            Join(allowed));
  }
}

const toml::node& TomlDocument::Require(const toml::table& table, const std::string& key,
                                        const std::string& what,
                                        const std::string& expected) const {
  const toml::node* node = table.get(key);
  if (node == nullptr) {
    Fail(src_.Of(table), what + " is missing required key " + Quote(key) + " (" + expected + ")");
  }
  return *node;
}

void TomlDocument::WrongType(const toml::node& node, const std::string& key,
                             const std::string& what, const std::string& expected) const {
  Fail(src_.Of(node),
       Quote(key) + " in " + what + " must be " + expected + ", not " + TypeName(node));
}

std::string TomlDocument::String(const toml::node& node, const std::string& key,
                                 const std::string& what) const {
  if (!node.is_string()) WrongType(node, key, what, "a string");
  CheckText(node, node.as_string()->get(), key, what);
  return node.as_string()->get();
}

void TomlDocument::CheckText(const toml::node& node, const std::string& text,
                             const std::string& key, const std::string& what) const {
  if (size_t nul = text.find('\0'); nul != std::string::npos) {
    Fail(src_.Of(node), Quote(key) + " in " + what + " holds a NUL character (\\u0000, after " +
                            std::to_string(nul) +
                            " bytes); expected text without one: the server would read only "
                            "what comes before it");
  }
  if (key != "sql" && key != "setup" && key != "teardown") return;
  for (const std::string& statement : SplitStatements(text)) {
    if (FirstKeyword(statement) != "COPY") continue;
    std::string upper = statement;
    for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    for (const char* stream : {" STDIN", " STDOUT"}) {
      size_t at = upper.find(stream);
      size_t end = at == std::string::npos ? at : at + std::string(stream).size();
      if (at == std::string::npos ||
          (end < upper.size() &&
           (std::isalnum(static_cast<unsigned char>(upper[end])) || upper[end] == '_')))
        continue;
      Fail(src_.Of(node), Quote(key) + " in " + what + " copies " +
                              (std::string(stream) == " STDIN" ? "from STDIN" : "to STDOUT") +
                              " (" + statement +
                              "); expected SQL the tool can send: it has no data to feed a COPY "
                              "and does not read one; use INSERT ... VALUES instead");
    }
  }
}

std::string TomlDocument::NonEmptyString(const toml::node& node, const std::string& key,
                                         const std::string& what,
                                         const std::string& expected) const {
  std::string text = String(node, key, what);
  if (IsBlank(text)) {
    Fail(src_.Of(node), Quote(key) + " in " + what + " is empty; expected " + expected);
  }
  return text;
}

std::string TomlDocument::RequiredString(const toml::table& table, const std::string& key,
                                         const std::string& what,
                                         const std::string& expected) const {
  return NonEmptyString(Require(table, key, what, "a string: " + expected), key, what, expected);
}

std::string TomlDocument::OptionalString(const toml::table& table, const std::string& key,
                                         const std::string& what) const {
  const toml::node* node = table.get(key);
  return node == nullptr ? "" : String(*node, key, what);
}

std::vector<Item> TomlDocument::StringItems(const toml::node& node, const std::string& key,
                                            const std::string& what) const {
  if (node.is_string()) return {Item{String(node, key, what), &node}};
  const toml::array* array = node.as_array();
  if (array == nullptr) WrongType(node, key, what, "a string or an array of strings");
  std::vector<Item> items;
  for (size_t i = 0; i < array->size(); ++i) {
    const toml::node& element = *array->get(i);
    if (!element.is_string()) {
      Fail(src_.Of(element), "element " + std::to_string(i + 1) + " of " + Quote(key) + " in " +
                                 what + " must be a string, not " + TypeName(element));
    }
    CheckText(element, element.as_string()->get(), key, what);
    items.push_back(Item{element.as_string()->get(), &element});
  }
  return items;
}

std::vector<std::string> TomlDocument::StringList(const toml::node& node, const std::string& key,
                                                  const std::string& what) const {
  std::vector<std::string> out;
  for (Item& item : StringItems(node, key, what)) out.push_back(std::move(item.text));
  return out;
}

const toml::table& TomlDocument::Table(const toml::node& node, const std::string& key,
                                       const std::string& what, const std::string& expected) const {
  if (!node.is_table()) WrongType(node, key, what, expected);
  return *node.as_table();
}

std::vector<const toml::table*> TomlDocument::Tables(const toml::node& node, const std::string& key,
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

Isolation TomlDocument::IsolationValue(const toml::node& node, const std::string& key,
                                       const std::string& what) const {
  const std::string text = String(node, key, what);
  std::optional<Isolation> level = ParseIsolation(text);
  if (!level) {
    Fail(src_.Of(node), "unknown isolation level " + Quote(text) + " in " + what +
                            "; expected one of " + kIsolationNames);
  }
  return *level;
}

}  // namespace interleave::toml_parse
