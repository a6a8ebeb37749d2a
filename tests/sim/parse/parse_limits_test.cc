// Parse-time checks of what would otherwise fail only at run time, each one
// line with file:line:column: names longer than PostgreSQL's 63 bytes, too
// many clients, ${...} naming a column no earlier step reads, if_empty /
// if_found on a step that returns no rows, NUL characters, and COPY FROM
// STDIN / TO STDOUT (nothing feeds a step's stdin). Also: the schedule of a
// long scenario on one line is found in the file quickly (linear).
#include <gtest/gtest.h>

#include <string>

#include "sim/model/source_pos.h"
#include "sim/parse/scenario_loader.h"
#include "sim/parse/spec_parser.h"

namespace interleave {
namespace {

// Two clients; `a_steps` / `b_steps` are their step arrays' contents.
std::string Toml(const std::string& a_steps, const std::string& b_steps,
                 const std::string& top = "setup = \"CREATE TABLE t (id int, v int)\"",
                 const std::string& a_name = "a") {
  return "title = \"t\"\nanomaly = \"none\"\nstory = \"s\"\n" + top + "\n[[clients]]\nname = \"" +
         a_name + "\"\nsteps = [ " + a_steps + " ]\n[[clients]]\nname = \"b\"\nsteps = [ " +
         b_steps + " ]\n[[schedules]]\nname = \"s\"\nsteps = \"a1 b1\"\n";
}

std::string ErrorOf(const std::string& text) {
  try {
    LoadScenarioText(text, "x.toml");
  } catch (const InputError& error) {
    return error.what();
  }
  return "no error";
}

const std::string kB1 = "{ name = \"b1\", sql = \"SELECT 1\" }";

TEST(ParseLimitsTest, ABaseScenarioHasNoError) {
  EXPECT_EQ(ErrorOf(Toml("{ name = \"a1\", sql = \"SELECT v FROM t\" }", kB1)), "no error");
}

TEST(ParseLimitsTest, NamesOverSixtyThreeBytes) {
  EXPECT_EQ(ErrorOf(Toml("{ name = \"a1\", sql = \"SELECT 1\" }", kB1,
                         "setup = \"CREATE TABLE t (id int)\"", std::string(64, 'n'))),
            "x.toml:6:8: error: the client name is 64 bytes long; expected at most 63 "
            "(PostgreSQL's limit on names)");
  EXPECT_EQ(ErrorOf(Toml("{ name = \"a1\", sql = \"SELECT 1\" }", kB1,
                         "setup = \"CREATE TABLE t (id int)\"", std::string(63, 'n'))),
            "no error");
  EXPECT_EQ(ErrorOf(Toml("{ name = \"a1\", sql = \"SELECT 1\" }, { name = \"" +
                             std::string(70, 's') + "\", sql = \"SELECT 1\" }",
                         kB1)),
            "x.toml:7:55: error: the step name is 70 bytes long; expected at most 63");
}

TEST(ParseLimitsTest, AtMostFiftyClients) {
  std::string text = "title = \"t\"\nanomaly = \"none\"\nstory = \"s\"\nsetup = \"SELECT 1\"\n";
  for (int c = 0; c < 51; ++c) {
    text += "[[clients]]\nname = \"c" + std::to_string(c) + "\"\nsteps = [ { name = \"s" +
            std::to_string(c) + "\", sql = \"SELECT 1\" } ]\n";
  }
  EXPECT_EQ(ErrorOf(text),
            "x.toml:155:1: error: the scenario has 51 clients; expected at most 50 (each client "
            "is a connection of its own)");
}

TEST(ParseLimitsTest, AVariableNamingAColumnNoEarlierStepReads) {
  EXPECT_EQ(ErrorOf(Toml("{ name = \"a0\", sql = \"SELECT v FROM t\" }, { name = \"a1\", sql = "
                         "\"UPDATE t SET v = ${nosuch}\" }",
                         kB1)),
            "x.toml:7:92: error: ${nosuch} in step \"a1\": no earlier step of client a reads a "
            "column named \"nosuch\"; expected a column an earlier step of a returns");
  EXPECT_EQ(ErrorOf(Toml("{ name = \"a0\", sql = \"SELECT v FROM t\" }, { name = \"a1\", sql = "
                         "\"UPDATE t SET v = ${a0.id}\" }",
                         kB1)),
            "x.toml:7:92: error: ${a0.id} in step \"a1\": step \"a0\" reads no column named "
            "\"id\"; expected a column its SQL returns");
  // Found: the column is named, or the step selects *.
  EXPECT_EQ(ErrorOf(Toml("{ name = \"a0\", sql = \"SELECT * FROM t\" }, { name = \"a1\", sql = "
                         "\"UPDATE t SET v = ${anything}\" }",
                         kB1)),
            "x.toml:13:9: error: schedule \"s\" is missing step a0; expected every step of "
            "every client exactly once")
      << "(an error past the references: the variable passed)";
}

TEST(ParseLimitsTest, IfEmptyOnAStepThatReturnsNoRows) {
  EXPECT_EQ(ErrorOf(Toml("{ name = \"a0\", sql = \"UPDATE t SET v = 1\" }, { name = \"a1\", sql = "
                         "\"SELECT 1\", if_empty = \"a0\" }",
                         kB1)),
            "x.toml:7:100: error: if_empty of step \"a1\" names \"a0\", which returns no rows "
            "(UPDATE); expected a step that reads: a SELECT, or a statement with RETURNING");
  EXPECT_EQ(ErrorOf(Toml("{ name = \"a0\", sql = \"UPDATE t SET v = 1 RETURNING v\" }, { name = "
                         "\"a1\", sql = \"SELECT 1\", if_found = \"a0\" }, "
                         "{ name = \"a2\", sql = \"SELECT 2\" }",
                         kB1))
                .find("if_found"),
            std::string::npos);
}

TEST(ParseLimitsTest, NulCharacters) {
  EXPECT_EQ(ErrorOf(Toml("{ name = \"a1\", sql = \"SELECT 1\\u0000; DROP TABLE t\" }", kB1)),
            "x.toml:7:32: error: \"sql\" in step \"a1\" holds a NUL character (\\u0000, after 8 "
            "bytes); expected text without one: the server would read only what comes before "
            "it");
}

TEST(ParseLimitsTest, CopyFromStdinOrToStdout) {
  EXPECT_EQ(ErrorOf(Toml("{ name = \"a1\", sql = \"COPY t FROM STDIN\" }", kB1)),
            "x.toml:7:32: error: \"sql\" in step \"a1\" copies from STDIN (COPY t FROM STDIN); "
            "expected SQL the tool can send: it has no data to feed a COPY and does not read "
            "one; use INSERT ... VALUES instead");
  EXPECT_NE(ErrorOf(Toml("{ name = \"a1\", sql = \"SELECT 1\" }", kB1,
                         "setup = \"CREATE TABLE t (id int); copy t to stdout\""))
                .find("x.toml:4:9: error: \"setup\" in the top level copies to STDOUT"),
            std::string::npos);
  // A string that only mentions it is fine.
  EXPECT_EQ(ErrorOf(Toml("{ name = \"a1\", sql = \"SELECT 'COPY t FROM STDIN'\" }", kB1)),
            "no error");
}

TEST(ParseLimitsTest, SpecSessionNamesAndCount) {
  std::string spec = "setup { CREATE TABLE t (id int); }\n";
  spec += "session " + std::string(64, 's') + "\nstep s1 { SELECT 1; }\n";
  try {
    ParseSpecText(spec, "x.spec");
    FAIL() << "no error";
  } catch (const InputError& error) {
    EXPECT_EQ(std::string(error.what()),
              "x.spec:2:9: error: the session name is 64 bytes long; expected at most 63 "
              "(PostgreSQL's limit on names)");
  }
}

}  // namespace
}  // namespace interleave
