// Tests of the TOML scenario parser (sim/parse/toml_parser.h), the scenario
// loader (sim/parse/scenario_loader.h) and the names in sim/model/scenario.h.
// No database.
#include "sim/parse/toml_parser.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "sim/model/scenario.h"
#include "sim/parse/scenario_loader.h"

namespace interleave {
namespace {

namespace fs = std::filesystem;

// A valid scenario; tests change one thing in it. Line numbers matter: the
// comments give them. It ends with a newline, so appended text starts at 35.
const char kBase[] = R"toml(title = "Lost update"
anomaly = "lost update (P4)"
story = "Two co-owners edit the same coupon."
setup = "CREATE TABLE coupons (id int PRIMARY KEY, price int); INSERT INTO coupons VALUES (1, 50);"
show = ["coupons"]

[[clients]]  # line 7
name = "alex"
isolation = "read committed"
  [[clients.steps]]  # line 10
  name = "a1"
  sql = "BEGIN"
  [[clients.steps]]  # line 13
  name = "a2"
  sql = "SELECT price FROM coupons WHERE id = 1"
  [[clients.steps]]  # line 16
  name = "a3"
  sql = "UPDATE coupons SET price = ${a2.price} - 10 WHERE id = 1; COMMIT"

[[clients]]  # line 20
name = "robin"
  [[clients.steps]]  # line 22
  name = "r1"
  sql = "BEGIN"
  [[clients.steps]]  # line 25
  name = "r2"
  sql = "SELECT price FROM coupons WHERE id = 1"
  [[clients.steps]]  # line 28
  name = "r3"
  sql = "UPDATE coupons SET price = ${r2.price} - 20 WHERE id = 1; COMMIT"

[[schedules]]  # line 32
name = "interleaved"
steps = "a1 r1 a2 r2 a3 r3"
)toml";

// `text` with the one occurrence of `from` replaced by `to`.
std::string With(const std::string& from, const std::string& to, std::string text = kBase) {
  const size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  EXPECT_EQ(text.find(from, at + 1), std::string::npos) << from << " is not unique";
  if (at == std::string::npos) return text;
  return text.replace(at, from.size(), to);
}

// The error message loading `text` gives (the parser's checks, then those that
// need a variant applied), or "no error".
std::string ErrorOf(const std::string& text) {
  try {
    LoadScenarioText(text, "x.toml");
  } catch (const InputError& error) {
    return error.what();
  } catch (const std::exception& error) {
    return std::string("unexpected exception: ") + error.what();
  }
  return "no error";
}

TEST(TomlParserTest, BaseScenarioParses) {
  const Scenario s = ParseScenarioText(kBase, "x.toml");
  EXPECT_EQ(s.path, "x.toml");
  ASSERT_EQ(s.clients.size(), 2u);
  EXPECT_EQ(s.clients[0].name, "alex");
  EXPECT_EQ(s.clients[0].isolation, Isolation::kReadCommitted);
  EXPECT_FALSE(s.clients[1].isolation.has_value());
  ASSERT_EQ(s.clients[1].steps.size(), 3u);
  EXPECT_EQ(s.clients[1].steps[2].name, "r3");
  EXPECT_EQ(s.clients[1].steps[2].pos.ToString(), "x.toml:28:3");
  EXPECT_EQ(s.clients[0].pos.ToString(), "x.toml:7:1");
  ASSERT_EQ(s.schedules.size(), 1u);
  ASSERT_EQ(s.schedules[0].entries.size(), 6u);
  EXPECT_EQ(s.schedules[0].entries[2].step, "a2");
  EXPECT_EQ(s.schedules[0].entries[2].pos.ToString(), "x.toml:34:16");
  EXPECT_TRUE(s.variants.empty());
  EXPECT_TRUE(s.checks.empty());
  EXPECT_FALSE(s.is_isolation_spec);
}

TEST(TomlParserTest, FullExample) {
  const std::string text = R"toml(title = "Lost update: two co-owners edit the same coupon"
anomaly = "lost update (P4)"
app = "PeakPeeps"
story = """
Alex and Robin both lower the price of coupon 1."""
setup = ["CREATE TABLE coupons (id int PRIMARY KEY, price int)",
         "INSERT INTO coupons VALUES (1, 50)"]
teardown = "DROP TABLE coupons"
show = ["coupons"]

[[clients]]
name = "alex"
isolation = "repeatable read"
retry = { on = ["40001", "40P01"], max_attempts = 3 }
setup = "SET lock_timeout = '5s'"
teardown = ["RESET lock_timeout"]
  [[clients.steps]]
  name = "a1"
  sql = "BEGIN"
  note = "starts"
  [[clients.steps]]
  name = "a2"
  sql = "SELECT price FROM coupons WHERE id = 1"
  [[clients.steps]]
  name = "a3"
  sql = "UPDATE coupons SET price = ${a2.price} - 10 WHERE id = 1"
  if_found = "a2"
  if = "${price} > 10"
  [[clients.steps]]
  name = "a4"
  sql = "COMMIT"

[[clients]]
name = "robin"
  [[clients.steps]]
  name = "r1"
  sql = "BEGIN"
  [[clients.steps]]
  name = "r2"
  sql = "SELECT price FROM coupons WHERE id = 1"
  [[clients.steps]]
  name = "r3"
  sql = "INSERT INTO coupons VALUES (2, 10)"
  if_empty = "r2"
  [[clients.steps]]
  name = "r4"
  sql = "COMMIT"

[[schedules]]
name = "interleaved"
steps = ["a1", "r1", "a2", "r2", "a3", "r3", "a4", "r4"]
description = "both read before either writes"

[[schedules]]
name = "serial"
steps = """
a1 a2 a3 a4
r1 r2 r3 r4"""

[[variants]]
name = "baseline"
description = "as written"
expect = "anomaly"

[[variants]]
name = "for-update"
description = "the read takes a row lock"
isolation = "serializable"
client_isolation = { robin = "rc" }
setup = ["ALTER TABLE coupons ADD CHECK (price >= 0)"]
expect = "prevented-by-wait"
why = "robin's FOR UPDATE waits for alex's lock"
retry = { robin = { on = ["40001"], max_attempts = 2 } }
  [variants.replace]
  a2 = "SELECT price FROM coupons WHERE id = 1 FOR UPDATE"
  r2 = { sql = "SELECT price FROM coupons WHERE id = 1 FOR UPDATE", note = "waits" }
  [[variants.add]]
  client = "alex"
  after = "a1"
  name = "a1x"
  sql = "SET LOCAL lock_timeout = '1s'"
  [[variants.add]]
  client = "robin"
  name = "r0"
  sql = "SELECT 1"
  note = "warms up"
  [[variants.add]]
  client = "robin"
  after = "r0"
  name = "r0b"
  sql = "SELECT ${r0.x}"

[[checks]]
name = "both edits kept"
sql = "SELECT price FROM coupons WHERE id = 1"
expect_any = ["30", "40"]
explain = "One co-owner's edit was lost."

[[checks]]
name = "read matches"
sql = "SELECT ${a2.price} = 50"
expect_any = "t"
explain = "Alex read the committed price."
)toml";
  const Scenario s = ParseScenarioText(text, "dir/full.toml");
  EXPECT_EQ(s.path, "dir/full.toml");
  EXPECT_EQ(s.title, "Lost update: two co-owners edit the same coupon");
  EXPECT_EQ(s.anomaly, "lost update (P4)");
  EXPECT_EQ(s.app, "PeakPeeps");
  EXPECT_EQ(s.story, "Alex and Robin both lower the price of coupon 1.");
  EXPECT_EQ(s.setup_sql,
            (std::vector<std::string>{"CREATE TABLE coupons (id int PRIMARY KEY, price int)",
                                      "INSERT INTO coupons VALUES (1, 50)"}));
  EXPECT_EQ(s.teardown_sql, std::vector<std::string>{"DROP TABLE coupons"});
  EXPECT_EQ(s.show_tables, std::vector<std::string>{"coupons"});

  ASSERT_EQ(s.clients.size(), 2u);
  const Client& alex = s.clients[0];
  EXPECT_EQ(alex.isolation, Isolation::kRepeatableRead);
  EXPECT_EQ(alex.retry.sqlstates, (std::vector<std::string>{"40001", "40P01"}));
  EXPECT_EQ(alex.retry.max_attempts, 3);
  EXPECT_EQ(alex.setup_sql, std::vector<std::string>{"SET lock_timeout = '5s'"});
  EXPECT_EQ(alex.teardown_sql, std::vector<std::string>{"RESET lock_timeout"});
  EXPECT_EQ(alex.pos.ToString(), "dir/full.toml:11:1");
  ASSERT_EQ(alex.steps.size(), 4u);
  EXPECT_EQ(alex.steps[0].note, "starts");
  EXPECT_EQ(alex.steps[2].if_found, "a2");
  EXPECT_EQ(alex.steps[2].condition, "${price} > 10");
  EXPECT_EQ(s.clients[1].retry.max_attempts, 1);
  EXPECT_TRUE(s.clients[1].retry.sqlstates.empty());
  EXPECT_EQ(s.clients[1].steps[2].if_empty, "r2");
  EXPECT_EQ(s.FindClient("robin"), &s.clients[1]);
  EXPECT_EQ(s.FindClient("nobody"), nullptr);
  EXPECT_EQ(s.FindStep("r3"), std::make_pair(1, 2));
  EXPECT_EQ(s.FindStep("zz"), std::make_pair(-1, -1));

  ASSERT_EQ(s.schedules.size(), 2u);
  EXPECT_EQ(s.schedules[0].description, "both read before either writes");
  EXPECT_EQ(s.schedules[0].entries[1].pos.ToString(), "dir/full.toml:51:16");
  ASSERT_EQ(s.schedules[1].entries.size(), 8u);
  EXPECT_EQ(s.schedules[1].entries[4].step, "r1");
  EXPECT_EQ(s.schedules[1].entries[4].pos.ToString(), "dir/full.toml:58:1");
  EXPECT_EQ(s.schedules[1].entries[5].pos.ToString(), "dir/full.toml:58:4");

  ASSERT_EQ(s.variants.size(), 2u);
  EXPECT_EQ(s.variants[0].name, "baseline");
  EXPECT_EQ(s.variants[0].expect, Expectation::kAnomaly);
  const Variant& fix = s.variants[1];
  EXPECT_EQ(fix.description, "the read takes a row lock");
  EXPECT_EQ(fix.isolation, Isolation::kSerializable);
  EXPECT_EQ(fix.client_isolation.at("robin"), Isolation::kReadCommitted);
  EXPECT_EQ(fix.extra_setup,
            std::vector<std::string>{"ALTER TABLE coupons ADD CHECK (price >= 0)"});
  EXPECT_EQ(fix.expect, Expectation::kPreventedByWait);
  EXPECT_EQ(fix.expect_why, "robin's FOR UPDATE waits for alex's lock");
  EXPECT_EQ(fix.retry.at("robin").sqlstates, std::vector<std::string>{"40001"});
  EXPECT_EQ(fix.retry.at("robin").max_attempts, 2);
  ASSERT_EQ(fix.replace_steps.size(), 2u);
  EXPECT_EQ(fix.replace_steps.at("a2").sql, "SELECT price FROM coupons WHERE id = 1 FOR UPDATE");
  EXPECT_EQ(fix.replace_steps.at("a2").name, "a2");
  EXPECT_EQ(fix.replace_steps.at("r2").note, "waits");
  ASSERT_EQ(fix.add_steps.size(), 3u);
  EXPECT_EQ(fix.add_steps[0].client, "alex");
  EXPECT_EQ(fix.add_steps[0].after, "a1");
  EXPECT_EQ(fix.add_steps[0].step.name, "a1x");
  EXPECT_EQ(fix.add_steps[1].after, "");
  EXPECT_EQ(fix.add_steps[1].step.note, "warms up");
  EXPECT_EQ(fix.add_steps[2].after, "r0");

  ASSERT_EQ(s.checks.size(), 2u);
  EXPECT_EQ(s.checks[0].name, "both edits kept");
  EXPECT_EQ(s.checks[0].expect_any, (std::vector<std::string>{"30", "40"}));
  EXPECT_EQ(s.checks[0].explain, "One co-owner's edit was lost.");
  EXPECT_EQ(s.checks[1].expect_any, std::vector<std::string>{"t"});
}

// --- TOML syntax -------------------------------------------------------------

TEST(TomlParserTest, SyntaxErrorHasPosition) {
  EXPECT_EQ(ErrorOf(With("name = \"robin\"", "name = \"robin")),
            "x.toml:21:14: error: invalid TOML: the string is not closed on this line; expected "
            "a closing quote (\"), or \"\"\"...\"\"\" for text over several lines");
  EXPECT_EQ(ErrorOf(With("name = \"robin\"", "name = robin")),
            "x.toml:21:8: error: invalid TOML: robin is not a value; expected a quoted string "
            "(\"robin\"), a number, true or false, an array [...] or a table {...}");
  EXPECT_EQ(ErrorOf(With("show = [\"coupons\"]", "show = [\"coupons\"]\nshow = 1")),
            "x.toml:6:8: error: invalid TOML in key-value pair: cannot redefine existing array "
            "'show'; expected valid TOML (https://toml.io/en/v1.0.0)");
}

TEST(TomlParserTest, EveryPrefixParsesOrGivesOnePositionedError) {
  // Truncated files must never crash or throw anything but an InputError
  // that points into the file.
  const std::string text = kBase;
  for (size_t size = 0; size <= text.size(); ++size) {
    const std::string error = ErrorOf(text.substr(0, size));
    if (error == "no error") continue;
    EXPECT_EQ(error.rfind("x.toml:", 0), 0u) << size << ": " << error;
    EXPECT_NE(error.find(": error: "), std::string::npos) << size << ": " << error;
  }
  EXPECT_EQ(ErrorOf(""),
            "x.toml:1:1: error: the top level is missing required key \"title\" (a "
            "string: the scenario's title)");
}

// --- Unknown keys ------------------------------------------------------------

TEST(TomlParserTest, UnknownKeys) {
  EXPECT_EQ(ErrorOf(With("show = ", "shows = ")),
            "x.toml:5:1: error: unknown key \"shows\" in the top level (did you mean \"show\"?); "
            "allowed keys are title, anomaly, app, story, setup, setup_file, teardown, show, "
            "clients, schedules, variants, checks, engines");
  EXPECT_EQ(ErrorOf(With("isolation = \"read committed\"", "isolaton = \"read committed\"")),
            "x.toml:9:1: error: unknown key \"isolaton\" in client \"alex\" (did you mean "
            "\"isolation\"?); allowed keys are name, isolation, retry, setup, teardown, steps");
  EXPECT_EQ(ErrorOf(With("  name = \"a1\"\n", "  name = \"a1\"\n  wait = true\n")),
            "x.toml:12:3: error: unknown key \"wait\" in step \"a1\"; "
            "allowed keys are name, sql, if_empty, if_found, if, note");
  EXPECT_EQ(
      ErrorOf(With("name = \"interleaved\"", "name = \"interleaved\"\norder = 1")),
      "x.toml:34:1: error: unknown key \"order\" in schedule \"interleaved\"; allowed keys are "
      "name, steps, description");
  EXPECT_EQ(ErrorOf(std::string(kBase) + "[[variants]]\nname = \"v\"\nexpected = \"anomaly\"\n"),
            "x.toml:37:1: error: unknown key \"expected\" in variant \"v\" (did you mean "
            "\"expect\"?); allowed keys are name, description, isolation, client_isolation, "
            "setup, expect, why, retry, replace, add");
  EXPECT_EQ(ErrorOf(std::string(kBase) +
                    "[[variants]]\nname = \"v\"\n[variants.replace]\na2 = { sql = \"x\", "
                    "notes = \"y\" }\n"),
            "x.toml:38:19: error: unknown key \"notes\" in replace.a2 of variant \"v\" (did you "
            "mean \"note\"?); allowed keys are sql, if_empty, if_found, if, note");
  EXPECT_EQ(ErrorOf(With("name = \"robin\"",
                         "name = \"robin\"\nretry = { on = [\"40001\"], attempts = 2 }")),
            "x.toml:22:27: error: unknown key \"attempts\" in \"retry\" of client \"robin\"; "
            "allowed keys are on, max_attempts");
  EXPECT_EQ(ErrorOf(std::string(kBase) +
                    "[[checks]]\nname = \"c\"\nsql = \"SELECT true\"\nexplain = \"e\"\nwhy = 1\n"),
            "x.toml:39:1: error: unknown key \"why\" in check \"c\"; allowed keys are name, "
            "sql, expect_any, explain");
}

// --- Value types -------------------------------------------------------------

TEST(TomlParserTest, WrongTypes) {
  EXPECT_EQ(ErrorOf(With("title = \"Lost update\"", "title = 5")),
            "x.toml:1:9: error: \"title\" in the top level must be a string, not an integer");
  EXPECT_EQ(ErrorOf(With("sql = \"BEGIN\"\n  [[clients.steps]]  # line 13",
                         "sql = true\n  [[clients.steps]]  # line 13")),
            "x.toml:12:9: error: \"sql\" in step \"a1\" must be a string, not a boolean");
  EXPECT_EQ(ErrorOf(With("show = [\"coupons\"]", "show = [\"coupons\", 2]")),
            "x.toml:5:20: error: element 2 of \"show\" in the top level must be a string, not "
            "an integer");
  EXPECT_EQ(ErrorOf(With("steps = \"a1 r1 a2 r2 a3 r3\"", "steps = 12")),
            "x.toml:34:9: error: \"steps\" in schedule \"interleaved\" must be a string of step "
            "names (\"a1 b1 a2\") or an array of step names, not an integer");
  EXPECT_EQ(ErrorOf(With("name = \"robin\"",
                         "name = \"robin\"\nretry = { on = [\"40001\"], max_attempts = \"3\" }")),
            "x.toml:22:42: error: \"max_attempts\" in \"retry\" of client \"robin\" must be an "
            "integer, not a string");
  EXPECT_EQ(ErrorOf(With("name = \"robin\"", "name = \"robin\"\nretry = 3")),
            "x.toml:22:9: error: \"retry\" in client \"robin\" must be a table like { on = "
            "[\"40001\", \"40P01\"], max_attempts = 3 }, not an integer");
  EXPECT_EQ(ErrorOf(With("[[schedules]]  # line 32", "[schedules]")),
            "x.toml:32:1: error: \"schedules\" in the top level must be an array of tables "
            "([[schedules]]), not a table");
  EXPECT_EQ(ErrorOf(std::string(kBase) + "[[variants]]\nname = \"v\"\nreplace = [\"a2\"]\n"),
            "x.toml:37:11: error: \"replace\" in variant \"v\" must be a table of step name = "
            "new SQL, not an array");
}

TEST(TomlParserTest, BadValues) {
  EXPECT_EQ(ErrorOf(With("name = \"robin\"",
                         "name = \"robin\"\nretry = { on = [\"40001\"], max_attempts = 0 }")),
            "x.toml:22:42: error: \"max_attempts\" in \"retry\" of client \"robin\" is 0; "
            "expected the number of attempts in all, from 1 (no retry) to 1000");
  EXPECT_EQ(ErrorOf(With("name = \"robin\"",
                         "name = \"robin\"\nretry = { on = [\"40001\", \"dead\"], max_attempts = 2 "
                         "}")),
            "x.toml:22:26: error: retry SQLSTATE \"dead\" in client \"robin\" is not valid; "
            "expected five digits or capital letters, e.g. \"40001\" (serialization failure) or "
            "\"40P01\" (deadlock)");
  EXPECT_EQ(ErrorOf(With("sql = \"BEGIN\"\n  [[clients.steps]]  # line 13",
                         "sql = \"  \"\n  [[clients.steps]]  # line 13")),
            "x.toml:12:9: error: \"sql\" in step \"a1\" is empty; expected the SQL the client "
            "sends");
  EXPECT_EQ(ErrorOf(With("name = \"alex\"", "name = \"alex smith\"")),
            "x.toml:8:8: error: client name \"alex smith\" is not valid; expected a letter or '_' "
            "followed by letters, digits or '_', e.g. \"alex\"");
  EXPECT_EQ(ErrorOf(With("name = \"a1\"", "name = \"a.1\"")),
            "x.toml:11:10: error: step name \"a.1\" is not valid; expected letters, digits, '_' "
            "or '-', e.g. \"a1\"");
}

// --- Missing keys ------------------------------------------------------------

TEST(TomlParserTest, MissingRequiredKeys) {
  EXPECT_EQ(ErrorOf(With("title = \"Lost update\"\n", "")),
            "x.toml:1:1: error: the top level is missing required key \"title\" (a string: the "
            "scenario's title)");
  EXPECT_EQ(ErrorOf(With("name = \"robin\"\n", "")),
            "x.toml:20:1: error: [[clients]] #2 is missing required key \"name\" (a string: the "
            "client's name, e.g. \"alex\")");
  EXPECT_EQ(ErrorOf(With("  sql = \"BEGIN\"\n  [[clients.steps]]  # line 13",
                         "  [[clients.steps]]  # line 13")),
            "x.toml:10:3: error: step \"a1\" is missing required key \"sql\" (a string: the SQL "
            "the client sends)");
  EXPECT_EQ(ErrorOf(With("setup = \"CREATE", "setup_sql = \"CREATE")),
            "x.toml:4:1: error: unknown key \"setup_sql\" in the top level (did you mean "
            "\"setup\"?); allowed keys are title, anomaly, app, story, setup, setup_file, "
            "teardown, show, clients, schedules, variants, checks, engines");
  EXPECT_EQ(ErrorOf(With("setup = \"CREATE TABLE coupons (id int PRIMARY KEY, price int); "
                         "INSERT INTO coupons VALUES (1, 50);\"\n",
                         "")),
            "x.toml:1:1: error: the top level is missing required key \"setup\" (the SQL that "
            "creates the tables: a string or an array of strings; or setup_file = "
            "\"schema.sql\")");
  EXPECT_EQ(ErrorOf(With("[[schedules]]  # line 32\nname = \"interleaved\"\nsteps = \"a1 r1 a2 "
                         "r2 a3 r3\"\n",
                         "")),
            "x.toml:1:1: error: the top level is missing required key \"schedules\" "
            "([[schedules]] tables, at least one, e.g. name = \"interleaved\" and steps = \"a1 b1 "
            "a2 b2\")");
  EXPECT_EQ(ErrorOf(std::string(kBase) + "[[checks]]\nname = \"c\"\nsql = \"SELECT true\"\n"),
            "x.toml:35:1: error: check \"c\" is missing required key \"explain\" (a string: the "
            "sentence shown when the check fails)");
  EXPECT_EQ(ErrorOf(std::string(kBase) + "[[variants]]\ndescription = \"d\"\n"),
            "x.toml:35:1: error: [[variants]] #1 is missing required key \"name\" (a string: the "
            "variant's name, e.g. \"for-update\")");
}

// --- Duplicate names ---------------------------------------------------------

TEST(TomlParserTest, DuplicateNames) {
  EXPECT_EQ(ErrorOf(With("name = \"robin\"", "name = \"alex\"")),
            "x.toml:21:8: error: duplicate client name \"alex\" (the first is at line 7); "
            "expected each client to have its own name");
  EXPECT_EQ(ErrorOf(With("name = \"r2\"", "name = \"a2\"")),
            "x.toml:26:10: error: duplicate step name \"a2\" (client alex has it at line 13); "
            "expected step names to be unique across all clients");
  EXPECT_EQ(ErrorOf(std::string(kBase) +
                    "[[schedules]]\nname = \"interleaved\"\nsteps = \"a1 a2 a3 r1 r2 r3\"\n"),
            "x.toml:36:8: error: duplicate schedule name \"interleaved\" (the first is at line "
            "32); expected each schedule to have its own name");
  EXPECT_EQ(
      ErrorOf(std::string(kBase) + "[[variants]]\nname = \"v\"\n[[variants]]\nname = \"v\"\n"),
      "x.toml:38:8: error: duplicate variant name \"v\" (the first is at line 35); "
      "expected each variant to have its own name");
  EXPECT_EQ(ErrorOf(std::string(kBase) +
                    "[[checks]]\nname = \"c\"\nsql = \"SELECT true\"\nexplain = \"e\"\n"
                    "[[checks]]\nname = \"c\"\nsql = \"SELECT true\"\nexplain = \"e\"\n"),
            "x.toml:40:8: error: duplicate check name \"c\" (the first is at line 35); expected "
            "each check to have its own name");
}

// --- Clients and steps -------------------------------------------------------

TEST(TomlParserTest, AtLeastTwoClients) {
  const size_t robin = std::string(kBase).find("[[clients]]  # line 20");
  const size_t schedules = std::string(kBase).find("[[schedules]]");
  std::string one = kBase;
  one.erase(robin, schedules - robin);
  one = With("steps = \"a1 r1 a2 r2 a3 r3\"", "steps = \"a1 a2 a3\"", one);
  EXPECT_EQ(ErrorOf(one),
            "x.toml:7:1: error: the scenario has only one client (alex); expected at least two "
            "[[clients]], whose steps interleave");
}

TEST(TomlParserTest, ConditionsMustNameEarlierStepsOfTheSameClient) {
  const std::string a3 = "  name = \"a3\"\n";
  EXPECT_EQ(ErrorOf(With(a3, a3 + "  if_empty = \"a9\"\n")),
            "x.toml:18:14: error: if_empty of step \"a3\" names unknown step \"a9\"; expected an "
            "earlier step of client alex (a1, a2)");
  EXPECT_EQ(ErrorOf(With(a3, a3 + "  if_found = \"r2\"\n")),
            "x.toml:18:14: error: if_found of step \"a3\" names \"r2\", a step of client robin; "
            "expected an earlier step of client alex (a1, a2)");
  EXPECT_EQ(ErrorOf(With(a3, a3 + "  if_found = \"a3\"\n")),
            "x.toml:18:14: error: if_found of step \"a3\" names the step itself; expected an "
            "earlier step of client alex (a1, a2)");
  const std::string a1 = "  name = \"a1\"\n";
  EXPECT_EQ(ErrorOf(With(a1, a1 + "  if_empty = \"a2\"\n")),
            "x.toml:12:14: error: if_empty of step \"a1\" names \"a2\", which client alex runs "
            "later; expected an earlier step of client alex, but \"a1\" is its first step");
}

TEST(TomlParserTest, VariablesMustNameKnownEarlierSteps) {
  EXPECT_EQ(ErrorOf(With("${a2.price} - 10", "${a9.price} - 10")),
            "x.toml:18:37: error: ${a9.price} in the sql of step \"a3\" names unknown step "
            "\"a9\"; expected an earlier step of client alex (a1, a2)");
  EXPECT_EQ(ErrorOf(With("${a2.price} - 10", "${r2.price} - 10")),
            "x.toml:18:37: error: ${r2.price} in the sql of step \"a3\" names \"r2\", a step of "
            "client robin; expected an earlier step of client alex (a1, a2)");
  // In an `if`, and in a multi-line string: the position is the variable's.
  const std::string a3 = "  name = \"a3\"\n";
  EXPECT_EQ(ErrorOf(With(a3, a3 + "  if = \"\"\"\n${price} > 0 AND\n  ${a4.price} > 0\"\"\"\n")),
            "x.toml:20:3: error: ${a4.price} in the if of step \"a3\" names unknown step \"a4\"; "
            "expected an earlier step of client alex (a1, a2)");
  EXPECT_EQ(ErrorOf(With("${a2.price} - 10", "${a2.price - 10")),
            "x.toml:18:37: error: unterminated \"${\" in the sql of step \"a3\"; expected "
            "${column} or ${step.column}");
  EXPECT_EQ(ErrorOf(With("${a2.price} - 10", "${a2.} - 10")),
            "x.toml:18:37: error: malformed variable ${a2.} in the sql of step \"a3\"; expected "
            "${column} or ${step.column}, without spaces");
  // Escapes before the variable: found in the raw text all the same.
  EXPECT_EQ(ErrorOf(With("\"UPDATE coupons SET price = ${a2.price}",
                         "\"UPDATE \\\"coupons\\\" SET price = ${a9.price}")),
            "x.toml:18:41: error: ${a9.price} in the sql of step \"a3\" names unknown step "
            "\"a9\"; expected an earlier step of client alex (a1, a2)");
  // Checks may name any step; an unknown one is an error.
  EXPECT_EQ(ErrorOf(std::string(kBase) +
                    "[[checks]]\nname = \"c\"\nsql = \"SELECT ${r3.x} = ${zz.y}\"\nexplain = "
                    "\"e\"\n"),
            "x.toml:37:25: error: ${zz.y} in the sql of check \"c\" names unknown step \"zz\"; "
            "known steps are a1, a2, a3, r1, r2, r3");
}

TEST(TomlParserTest, UnknownIsolationAndExpectation) {
  EXPECT_EQ(ErrorOf(With("isolation = \"read committed\"", "isolation = \"snapshot\"")),
            "x.toml:9:13: error: unknown isolation level \"snapshot\" in client \"alex\"; "
            "expected one of read uncommitted, read committed, repeatable read, serializable");
  EXPECT_EQ(ErrorOf(std::string(kBase) + "[[variants]]\nname = \"v\"\nexpect = \"fixed\"\n"),
            "x.toml:37:10: error: unknown expectation \"fixed\" in variant \"v\"; expected one of "
            "anomaly, prevented, prevented-by-wait, prevented-by-abort, aborted-without-retry, "
            "error");
  EXPECT_EQ(ErrorOf(std::string(kBase) +
                    "[[variants]]\nname = \"v\"\nclient_isolation = { robin = \"rr\", alex = "
                    "\"strict\" }\n"),
            "x.toml:37:43: error: unknown isolation level \"strict\" in client_isolation of "
            "variant \"v\"; expected one of read uncommitted, read committed, repeatable read, "
            "serializable");
}

// --- Schedules ---------------------------------------------------------------

TEST(TomlParserTest, ScheduleErrors) {
  const std::string steps = "steps = \"a1 r1 a2 r2 a3 r3\"";
  EXPECT_EQ(ErrorOf(With(steps, "steps = \"a1 r1 a2 r2 a9 r3\"")),
            "x.toml:34:22: error: unknown step \"a9\" in schedule \"interleaved\"; client steps "
            "are a1, a2, a3, r1, r2, r3");
  EXPECT_EQ(ErrorOf(With(steps, "steps = [\"a1\", \"r1\", \"a2\", \"r2\", \"a3\", \"x\"]")),
            "x.toml:34:40: error: unknown step \"x\" in schedule \"interleaved\"; client steps "
            "are a1, a2, a3, r1, r2, r3");
  EXPECT_EQ(ErrorOf(With(steps, "steps = \"a1 r1 a2 r2 a3 r3 a1\"")),
            "x.toml:34:28: error: step \"a1\" appears twice in schedule \"interleaved\"; expected "
            "every step of every client exactly once");
  EXPECT_EQ(ErrorOf(With(steps, "steps = \"a1 r1 a3 r2 a2 r3\"")),
            "x.toml:34:16: error: a3 comes before a2 in schedule \"interleaved\", but client "
            "alex runs a2 first; expected each client's steps in the order the client runs them");
  EXPECT_EQ(ErrorOf(With(steps, "steps = \"a1 r1 a2 r2\"")),
            "x.toml:34:9: error: schedule \"interleaved\" is missing steps a3, r3; expected every "
            "step of every client exactly once");
  EXPECT_EQ(ErrorOf(std::string(kBase) +
                    "[[variants]]\nname = \"v\"\n[[variants.add]]\nclient = \"alex\"\nname = "
                    "\"a0\"\nsql = \"SELECT 1\"\n[[schedules]]\nname = \"s2\"\nsteps = \"a0 a1 "
                    "r1 a2 r2 a3 r3\"\n"),
            "x.toml:43:10: error: step \"a0\" in schedule \"s2\" is added by variant \"v\"; "
            "expected only the scenario's own steps (an added step runs right after its "
            "\"after\" step in every schedule)");
}

// --- Variants ----------------------------------------------------------------

TEST(TomlParserTest, VariantErrors) {
  const std::string v = std::string(kBase) + "[[variants]]\nname = \"v\"\n";  // lines 35-36
  EXPECT_EQ(ErrorOf(v + "[variants.replace]\na9 = \"SELECT 1\"\n"),
            "x.toml:38:1: error: unknown step \"a9\" in replace of variant \"v\"; client steps "
            "are a1, a2, a3, r1, r2, r3");
  EXPECT_EQ(ErrorOf(v + "[variants.replace]\na2 = { note = \"n\", if_empty = \"a9\" }\n"),
            "x.toml:38:31: error: if_empty of step \"a2\" names unknown step \"a9\"; expected an "
            "earlier step of client alex (a1)");
  EXPECT_EQ(ErrorOf(v + "[variants.replace]\na2 = {}\n"),
            "x.toml:38:6: error: replace.a2 of variant \"v\" changes nothing; expected at least "
            "one of sql, if_empty, if_found, if, note");
  EXPECT_EQ(ErrorOf(v + "client_isolation = { sam = \"rr\" }\n"),
            "x.toml:37:22: error: unknown client \"sam\" in client_isolation of variant \"v\"; "
            "clients are alex, robin");
  EXPECT_EQ(ErrorOf(v + "retry = { sam = { on = [\"40001\"], max_attempts = 2 } }\n"),
            "x.toml:37:11: error: unknown client \"sam\" in retry of variant \"v\"; clients are "
            "alex, robin");
  const std::string add = v + "[[variants.add]]\n";  // line 37
  EXPECT_EQ(ErrorOf(add + "client = \"sam\"\nname = \"s1\"\nsql = \"SELECT 1\"\n"),
            "x.toml:38:10: error: unknown client \"sam\" in added step \"s1\" of variant \"v\"; "
            "clients are alex, robin");
  EXPECT_EQ(ErrorOf(add + "client = \"alex\"\nname = \"r1\"\nsql = \"SELECT 1\"\n"),
            "x.toml:39:8: error: step \"r1\" added by variant \"v\" already exists (a step of "
            "client robin); expected a new step name");
  EXPECT_EQ(
      ErrorOf(add + "client = \"alex\"\nname = \"n\"\nsql = \"SELECT 1\"\n" + add.substr(v.size()) +
              "client = \"robin\"\nname = \"n\"\nsql = \"SELECT 2\"\n"),
      "x.toml:43:8: error: step \"n\" is added twice by variant \"v\"; expected a new step "
      "name");
  EXPECT_EQ(ErrorOf(add + "client = \"alex\"\nafter = \"r1\"\nname = \"n\"\nsql = \"SELECT 1\"\n"),
            "x.toml:39:9: error: \"after\" in added step \"n\" of variant \"v\" names \"r1\", a "
            "step of client robin; expected a step of client alex (a1, a2, a3), or no \"after\" "
            "to run it before the client's first step");
  EXPECT_EQ(ErrorOf(add + "client = \"alex\"\nafter = \"zz\"\nname = \"n\"\nsql = \"SELECT 1\"\n"),
            "x.toml:39:9: error: \"after\" in added step \"n\" of variant \"v\" names unknown "
            "step \"zz\"; expected a step of client alex (a1, a2, a3), or no \"after\" to run it "
            "before the client's first step");
  EXPECT_EQ(ErrorOf(add + "client = \"alex\"\nname = \"n\"\n"),
            "x.toml:37:1: error: added step \"n\" of variant \"v\" is missing required key \"sql\" "
            "(a string: the SQL the client sends)");
  // An added step's references are checked in the client as changed.
  EXPECT_EQ(ErrorOf(add + "client = \"alex\"\nname = \"n\"\nsql = \"SELECT ${a2.price}\"\n"),
            "x.toml:40:15: error: ${a2.price} in the sql of step \"n\" names \"a2\", which client "
            "alex runs later; expected an earlier step of client alex, but \"n\" is its first "
            "step");
  EXPECT_EQ(ErrorOf(add + "client = \"alex\"\nafter = \"a2\"\nname = \"n\"\nsql = \"SELECT "
                          "${a2.price}\"\nif_found = \"a2\"\n"),
            "no error");
}

// --- setup_file --------------------------------------------------------------

class SetupFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("toml_parser_test_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_ / "sql");
    std::ofstream(dir_ / "sql" / "schema.sql") << "CREATE TABLE t (id int);\n";
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

TEST_F(SetupFileTest, ReadsTheFileRelativeToTheScenarioAfterSetup) {
  const std::string text = With("show = [\"coupons\"]", "setup_file = \"sql/schema.sql\"");
  const Scenario s = ParseScenarioText(text, (dir_ / "s.toml").string());
  ASSERT_EQ(s.setup_sql.size(), 2u);
  EXPECT_EQ(s.setup_sql[1], "CREATE TABLE t (id int);\n");

  // Alone, without `setup`.
  const std::string alone = With(
      "setup = \"CREATE TABLE coupons (id int PRIMARY KEY, price int); INSERT INTO coupons "
      "VALUES (1, 50);\"",
      "setup_file = \"sql/schema.sql\"");
  EXPECT_EQ(ParseScenarioText(alone, (dir_ / "s.toml").string()).setup_sql,
            std::vector<std::string>{"CREATE TABLE t (id int);\n"});

  // And through ParseScenarioFile / LoadScenario.
  std::ofstream(dir_ / "s.toml") << text;
  EXPECT_EQ(LoadScenario((dir_ / "s.toml").string()).setup_sql.size(), 2u);
}

TEST_F(SetupFileTest, MissingFileIsAnErrorAtTheKey) {
  const std::string text = With("show = [\"coupons\"]", "setup_file = \"nope.sql\"");
  const std::string path = (dir_ / "s.toml").string();
  try {
    ParseScenarioText(text, path);
    FAIL() << "no error";
  } catch (const InputError& error) {
    EXPECT_EQ(std::string(error.what()),
              path + ":5:14: error: setup_file \"nope.sql\" (" + (dir_ / "nope.sql").string() +
                  ") does not exist; expected an SQL file, relative to the scenario file");
    EXPECT_EQ(error.pos().line, 5);
    EXPECT_EQ(error.pos().column, 14);
  }
}

// --- Loader ------------------------------------------------------------------

TEST_F(SetupFileTest, FindScenarioFiles) {
  fs::create_directories(dir_ / "lib" / "deep");
  std::ofstream(dir_ / "lib" / "b.toml") << "";
  std::ofstream(dir_ / "lib" / "deep" / "a.spec") << "";
  std::ofstream(dir_ / "lib" / "notes.md") << "";
  std::ofstream(dir_ / "lone.txt") << "";
  const std::string lib = (dir_ / "lib").string();
  const std::string lone = (dir_ / "lone.txt").string();
  EXPECT_EQ(FindScenarioFiles({lone, lib, lib}),
            (std::vector<std::string>{(dir_ / "lib" / "b.toml").string(),
                                      (dir_ / "lib" / "deep" / "a.spec").string(), lone}));
  const std::string missing = (dir_ / "missing").string();
  try {
    FindScenarioFiles({lib, missing});
    FAIL() << "no error";
  } catch (const InputError& error) {
    EXPECT_EQ(std::string(error.what()),
              missing +
                  ": error: no such file or folder; expected a .toml or .spec scenario "
                  "file, or a folder of them");
  }
}

TEST(ScenarioLoaderTest, UnknownExtensionAndMissingFile) {
  try {
    LoadScenario("notes.txt");
    FAIL() << "no error";
  } catch (const InputError& error) {
    EXPECT_EQ(std::string(error.what()),
              "notes.txt: error: unknown scenario file type \".txt\"; expected a .toml scenario "
              "or a PostgreSQL isolation .spec file");
  }
  try {
    LoadScenario("/nonexistent/x.toml");
    FAIL() << "no error";
  } catch (const InputError& error) {
    EXPECT_EQ(std::string(error.what()),
              "/nonexistent/x.toml: error: the scenario file does not exist; expected a "
              "readable .toml scenario file");
  }
}

// --- Names -------------------------------------------------------------------

TEST(ScenarioNamesTest, Isolation) {
  EXPECT_EQ(IsolationName(Isolation::kDefault), "READ COMMITTED (default)");
  EXPECT_EQ(IsolationName(Isolation::kRepeatableRead), "REPEATABLE READ");
  EXPECT_EQ(IsolationSql(Isolation::kSerializable), "ISOLATION LEVEL SERIALIZABLE");
  EXPECT_EQ(IsolationSql(Isolation::kReadUncommitted), "ISOLATION LEVEL READ UNCOMMITTED");
  EXPECT_EQ(IsolationSql(Isolation::kDefault), "");
  for (const char* text :
       {"read committed", "READ-COMMITTED", "read_committed", "rc", "RC", " Read  Committed "}) {
    EXPECT_EQ(ParseIsolation(text), Isolation::kReadCommitted) << text;
  }
  EXPECT_EQ(ParseIsolation("repeatable read"), Isolation::kRepeatableRead);
  EXPECT_EQ(ParseIsolation("rr"), Isolation::kRepeatableRead);
  EXPECT_EQ(ParseIsolation("Serializable"), Isolation::kSerializable);
  EXPECT_EQ(ParseIsolation("read uncommitted"), Isolation::kReadUncommitted);
  EXPECT_EQ(ParseIsolation("snapshot"), std::nullopt);
  EXPECT_EQ(ParseIsolation(""), std::nullopt);
}

TEST(ScenarioNamesTest, Expectation) {
  for (Expectation e :
       {Expectation::kAnomaly, Expectation::kPrevented, Expectation::kPreventedByWait,
        Expectation::kPreventedByAbort, Expectation::kAbortedWithoutRetry, Expectation::kError}) {
    EXPECT_EQ(ParseExpectation(ExpectationName(e)), e) << ExpectationName(e);
  }
  EXPECT_EQ(ExpectationName(Expectation::kAbortedWithoutRetry), "aborted-without-retry");
  EXPECT_EQ(ParseExpectation("Prevented_By_Wait"), Expectation::kPreventedByWait);
  EXPECT_EQ(ParseExpectation("fixed"), std::nullopt);
}

}  // namespace
}  // namespace interleave
