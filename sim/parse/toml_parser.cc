// The TOML scenario parser's entry points (see toml_parser.h): reading the
// file, toml++ syntax errors in the scenario's wording, the order in which the
// parts are read, and the top-level keys. The parts are in toml_clients.cc,
// toml_references.cc, toml_schedules.cc, toml_variants.cc and toml_checks.cc.
// Thread-safety: reentrant; each call has its own ScenarioBuilder.
#include "sim/parse/toml_parser.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <string_view>

#include "sim/parse/toml_bare_text.h"
#include "sim/parse/toml_scenario_builder.h"

namespace interleave {

namespace toml_parse {

namespace {

namespace fs = std::filesystem;

const std::vector<std::string> kTopKeys = {
    "title", "anomaly", "app",       "story",    "setup",  "setup_file", "teardown",
    "show",  "clients", "schedules", "variants", "checks", "engines"};

}  // namespace

Scenario ScenarioBuilder::Build() {
  scenario_.path = src_.path();
  TopLevel();
  ParseClients();
  CheckClientReferences();
  CheckStepsReadWhatIsUsed();
  ParseSchedules();
  ParseVariants();
  ParseChecks();
  return std::move(scenario_);
}

std::string ScenarioBuilder::ReadSetupFile(const toml::node& node) const {
  const std::string name = String(node, "setup_file", "the top level");
  if (IsBlank(name)) {
    Fail(src_.Of(node), "\"setup_file\" is empty; expected a path relative to the scenario file");
  }
  fs::path file = name;
  if (file.is_relative()) file = fs::path(src_.path()).parent_path() / file;
  std::error_code error;
  const bool is_file = fs::is_regular_file(file, error);
  std::ifstream in(file, std::ios::binary);
  if (!is_file || !in) {
    const std::string problem =
        fs::exists(file, error) ? "is not a readable file" : "does not exist";
    Fail(src_.Of(node), "setup_file " + Quote(name) + " (" + file.string() + ") " + problem +
                            "; expected an SQL file, relative to the scenario file");
  }
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void ScenarioBuilder::TopLevel() {
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
  // Each engine's setup: its `setup`, then its `setup_file` (each a plain
  // value for every engine, or one per engine).
  std::map<std::string, std::vector<std::string>> setup_of;  // engine -> setup SQL
  std::map<std::string, std::string> file_of;                // engine -> file text
  if (setup != nullptr) {
    for (const EngineValue& value : PerEngine(*setup, "setup", what)) {
      setup_of[value.engine] = StringList(*value.node, "setup", what);
    }
  }
  if (setup_file != nullptr) {
    for (const EngineValue& value : PerEngine(*setup_file, "setup_file", what)) {
      file_of[value.engine] = ReadSetupFile(*value.node);
    }
  }
  auto setup_for = [&](const std::string& engine) {
    auto own = setup_of.count(engine) ? setup_of[engine] : setup_of["postgresql"];
    if (file_of.count(engine)) {
      own.push_back(file_of[engine]);
    } else if (file_of.count("postgresql")) {
      own.push_back(file_of["postgresql"]);
    }
    return own;
  };
  scenario_.setup_sql = setup_for("postgresql");
  for (const std::string& engine : EngineNames()) {
    if (engine != "postgresql" && (setup_of.count(engine) || file_of.count(engine))) {
      scenario_.engine_setup[engine] = setup_for(engine);
    }
  }
  if (const toml::node* node = root_.get("engines")) {
    for (const Item& item : StringItems(*node, "engines", what)) {
      if (std::find(EngineNames().begin(), EngineNames().end(), item.text) == EngineNames().end()) {
        Fail(src_.Of(*item.node), "unknown engine " + Quote(item.text) + " in \"engines\"" +
                                      DidYouMean(item.text, EngineNames()) + "; expected some of " +
                                      Join(EngineNames()));
      }
      scenario_.engines.push_back(item.text);
    }
    if (scenario_.engines.empty()) {
      Fail(src_.Of(*node),
           "\"engines\" is empty; expected the engines the scenario runs on, "
           "e.g. [\"postgresql\"]");
    }
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

}  // namespace toml_parse

namespace {

namespace fs = std::filesystem;

// toml++ says e.g. "Error while parsing key-value pair: expected '=', saw 'b'".
// `rest` is the text from where it stopped to the end of that line.
std::string SyntaxMessage(std::string_view description, std::string_view rest) {
  // toml++ quotes the character it saw as it is, a newline or a tab too; an
  // error stays one line.
  std::string text;
  for (char c : description) {
    if (c == '\n')
      text += "\\n";
    else if (c == '\r')
      text += "\\r";
    else if (c == '\t')
      text += "\\t";
    else if (static_cast<unsigned char>(c) < 0x20)
      text += '?';
    else
      text += c;
  }
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

Scenario ParseScenarioText(const std::string& text, const std::string& path) {
  const toml_parse::SourceText source(text, path);
  if (std::optional<toml_parse::BareNonAscii> bare = toml_parse::FindBareNonAscii(text)) {
    throw InputError(SourcePos{path, bare->line, bare->column},
                     "invalid TOML: '" + std::string(bare->character) +
                         "' outside a string or a comment; expected ASCII there (a key with "
                         "other characters is quoted: \"clé\" = 1)");
  }
  toml::table root;
  try {
    root = toml::parse(std::string_view(text), std::string_view(path));
  } catch (const toml::parse_error& error) {
    const toml::source_position& begin = error.source().begin;
    throw InputError(SourcePos{path, static_cast<int>(begin.line), static_cast<int>(begin.column)},
                     SyntaxMessage(error.description(), source.RestOfLine(begin)));
  }
  toml_parse::ScenarioBuilder builder(source, root);
  return builder.Build();
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
