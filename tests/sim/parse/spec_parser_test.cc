// Tests of the isolation spec parser and of the interleaving enumeration:
// every shared PostgreSQL spec parses, its permutations (named or generated)
// are the ones its expected output starts, and inline specs pin down the
// grammar, the markers, the SQL trimming and the error positions.
#include "sim/parse/spec_parser.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "sim/plan/interleavings.h"

namespace interleave {
namespace {

namespace fs = std::filesystem;

const fs::path kSharedDir = fs::path(INTERLEAVE_SOURCE_DIR) / ".." / "shared" / "pg-isolation";

std::string ReadAll(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::vector<fs::path> SharedSpecs() {
  std::vector<fs::path> specs;
  for (const auto& entry : fs::directory_iterator(kSharedDir / "specs")) {
    if (entry.path().extension() == ".spec") specs.push_back(entry.path());
  }
  std::sort(specs.begin(), specs.end());
  return specs;
}

// The step lists of the "starting permutation:" lines of an expected output.
std::vector<std::string> StartedPermutations(const std::string& out) {
  std::vector<std::string> names;
  std::istringstream lines(out);
  std::string line;
  const std::string prefix = "starting permutation: ";
  while (std::getline(lines, line)) {
    if (line.rfind(prefix, 0) == 0) names.push_back(line.substr(prefix.size()));
  }
  return names;
}

std::vector<std::string> Names(const std::vector<Schedule>& schedules) {
  std::vector<std::string> names;
  for (const Schedule& s : schedules) names.push_back(s.name);
  return names;
}

// The InputError message of parsing `text` as "t.spec", or "" if it parses.
std::string ErrorOf(const std::string& text) {
  try {
    ParseSpecText(text, "t.spec");
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

#define SKIP_WITHOUT_SHARED()                                                         \
  if (!fs::is_directory(kSharedDir / "specs")) {                                      \
    GTEST_SKIP() << "shared PostgreSQL isolation specs not found at " << kSharedDir   \
                 << " (they live outside the repository, in ../shared/pg-isolation)"; \
  }

TEST(SpecParserShared, ParsesAllSharedSpecs) {
  SKIP_WITHOUT_SHARED();
  const std::vector<fs::path> specs = SharedSpecs();
  EXPECT_EQ(specs.size(), 38u);
  for (const fs::path& path : specs) {
    SCOPED_TRACE(path.string());
    Scenario spec;
    ASSERT_NO_THROW(spec = ParseSpecFile(path.string()));
    EXPECT_TRUE(spec.is_isolation_spec);
    EXPECT_EQ(spec.title, path.stem().string());
    EXPECT_EQ(spec.path, path.string());
    EXPECT_FALSE(spec.clients.empty());
    for (const Client& client : spec.clients) {
      EXPECT_FALSE(client.steps.empty());
      for (const Step& step : client.steps) {
        EXPECT_EQ(spec.FindStep(step.name).first >= 0, true);
        EXPECT_GT(step.pos.line, 0);
      }
    }
  }
}

// Named permutations and generated interleavings, in the order the reference
// tool runs them, are exactly the "starting permutation" lines it printed.
TEST(SpecParserShared, SchedulesMatchExpectedOutputs) {
  SKIP_WITHOUT_SHARED();
  int generated = 0;
  for (const fs::path& path : SharedSpecs()) {
    SCOPED_TRACE(path.string());
    const fs::path expected = kSharedDir / "expected" / (path.stem().string() + ".out");
    ASSERT_TRUE(fs::exists(expected));
    const Scenario spec = ParseSpecFile(path.string());
    if (spec.schedules.empty()) {
      ++generated;
      EXPECT_EQ(CountInterleavings(spec), AllInterleavings(spec).size());
    }
    EXPECT_EQ(Names(SpecSchedules(spec)), StartedPermutations(ReadAll(expected)));
  }
  EXPECT_EQ(generated, 11);
}

TEST(SpecParserShared, KeepsSqlAsIsolationtesterPrintsIt) {
  SKIP_WITHOUT_SHARED();
  const Scenario skew = ParseSpecFile((kSharedDir / "specs" / "simple-write-skew.spec").string());
  ASSERT_EQ(skew.clients.size(), 2u);
  EXPECT_EQ(skew.clients[1].steps[0].sql, "UPDATE test SET t = 'pear' WHERE t = 'apple'");
  EXPECT_EQ(skew.clients[0].setup_sql,
            std::vector<std::string>{"BEGIN ISOLATION LEVEL SERIALIZABLE;"});
  ASSERT_EQ(skew.setup_sql.size(), 1u);
  EXPECT_EQ(skew.setup_sql[0],
            "\n  CREATE TABLE test (i int PRIMARY KEY, t text);\n"
            "  INSERT INTO test VALUES (5, 'apple'), (7, 'pear'), (11, 'banana');\n");

  const Scenario merge = ParseSpecFile((kSharedDir / "specs" / "merge-update.spec").string());
  const auto [client, step] = merge.FindStep("merge1");
  ASSERT_GE(client, 0);
  const std::string& sql = merge.clients[client].steps[step].sql;
  EXPECT_EQ(sql.substr(0, 22), "\n  MERGE INTO target t");
  EXPECT_EQ(sql.substr(sql.size() - 7), "s.val;\n");

  const Scenario hard = ParseSpecFile((kSharedDir / "specs" / "deadlock-hard.spec").string());
  ASSERT_EQ(hard.schedules.size(), 1u);
  const auto& entries = hard.schedules[0].entries;
  ASSERT_EQ(entries.size(), 24u);
  EXPECT_EQ(entries[14].step, "s7a8");
  EXPECT_EQ(entries[14].wait_for_steps, std::vector<std::string>{"s8a1"});
  EXPECT_EQ(entries[15].step, "s8a1");
  EXPECT_TRUE(entries[15].report_waiting_at_once);
  EXPECT_EQ(hard.schedules[0].pos.line, 79);
}

TEST(SpecParserShared, NoticesMarker) {
  SKIP_WITHOUT_SHARED();
  const Scenario spec =
      ParseSpecFile((kSharedDir / "specs" / "insert-conflict-specconflict.spec").string());
  ASSERT_EQ(spec.schedules.size(), 5u);
  const Schedule& last = spec.schedules[4];
  const auto it = std::find_if(last.entries.begin(), last.entries.end(),
                               [](const ScheduleEntry& e) { return e.step == "s2_upsert"; });
  ASSERT_NE(it, last.entries.end());
  ASSERT_EQ(it->notice_blockers.size(), 1u);
  EXPECT_EQ(it->notice_blockers[0].step, "s1_upsert");
  EXPECT_EQ(it->notice_blockers[0].notices, 10);
  EXPECT_TRUE(it->wait_for_steps.empty());
}

const char kSmall[] = R"(# a comment
setup { CREATE TABLE t (i int); }
setup
{
  INSERT INTO t VALUES (1);
}
teardown { DROP TABLE t; }

session s1
setup { BEGIN; }
step s1a { SELECT * FROM t; }   # trailing comment
step "s1 b" { COMMIT; }
teardown { RESET ALL; }

session "s""2"
step s2a	{	UPDATE t SET i = 2;	 }
step s2b { }

permutation s1a s2a(*) "s1 b"
permutation s2a(s1a, *, s1a notices 2)
  s1a ("s2b")   # continues on the next line
  "s1 b" s2b
)";

TEST(SpecParser, ParsesGrammar) {
  const Scenario spec = ParseSpecText(kSmall, "/some/dir/small.spec");
  EXPECT_EQ(spec.title, "small");
  EXPECT_EQ(spec.path, "/some/dir/small.spec");
  EXPECT_TRUE(spec.is_isolation_spec);
  EXPECT_EQ(spec.setup_sql, (std::vector<std::string>{"CREATE TABLE t (i int);",
                                                      "\n  INSERT INTO t VALUES (1);\n"}));
  EXPECT_EQ(spec.teardown_sql, std::vector<std::string>{"DROP TABLE t;"});
  ASSERT_EQ(spec.clients.size(), 2u);

  const Client& s1 = spec.clients[0];
  EXPECT_EQ(s1.name, "s1");
  EXPECT_EQ(s1.pos.line, 9);
  EXPECT_EQ(s1.setup_sql, std::vector<std::string>{"BEGIN;"});
  EXPECT_EQ(s1.teardown_sql, std::vector<std::string>{"RESET ALL;"});
  ASSERT_EQ(s1.steps.size(), 2u);
  EXPECT_EQ(s1.steps[0].name, "s1a");
  EXPECT_EQ(s1.steps[0].sql, "SELECT * FROM t;");
  EXPECT_EQ(s1.steps[0].pos.file, "/some/dir/small.spec");
  EXPECT_EQ(s1.steps[0].pos.line, 11);
  EXPECT_EQ(s1.steps[0].pos.column, 1);
  EXPECT_EQ(s1.steps[1].name, "s1 b");

  const Client& s2 = spec.clients[1];
  EXPECT_EQ(s2.name, "s\"2");
  EXPECT_TRUE(s2.setup_sql.empty());
  EXPECT_TRUE(s2.teardown_sql.empty());
  EXPECT_EQ(s2.steps[0].sql, "UPDATE t SET i = 2;");
  EXPECT_EQ(s2.steps[1].sql, "");

  ASSERT_EQ(spec.schedules.size(), 2u);
  const Schedule& p1 = spec.schedules[0];
  EXPECT_EQ(p1.name, "s1a s2a s1 b");
  EXPECT_EQ(p1.pos.line, 19);
  ASSERT_EQ(p1.entries.size(), 3u);
  EXPECT_FALSE(p1.entries[0].report_waiting_at_once);
  EXPECT_TRUE(p1.entries[1].report_waiting_at_once);
  EXPECT_EQ(p1.entries[1].pos.line, 19);
  EXPECT_EQ(p1.entries[1].pos.column, 17);

  const Schedule& p2 = spec.schedules[1];
  EXPECT_EQ(p2.name, "s2a s1a s1 b s2b");
  ASSERT_EQ(p2.entries.size(), 4u);
  const ScheduleEntry& marked = p2.entries[0];
  EXPECT_TRUE(marked.report_waiting_at_once);
  EXPECT_EQ(marked.wait_for_steps, std::vector<std::string>{"s1a"});
  ASSERT_EQ(marked.notice_blockers.size(), 1u);
  EXPECT_EQ(marked.notice_blockers[0].step, "s1a");
  EXPECT_EQ(marked.notice_blockers[0].notices, 2);
  EXPECT_EQ(p2.entries[1].wait_for_steps, std::vector<std::string>{"s2b"});
  EXPECT_EQ(p2.entries[1].pos.line, 21);
  EXPECT_EQ(p2.entries[2].step, "s1 b");
  EXPECT_TRUE(p2.entries[3].wait_for_steps.empty());
}

TEST(SpecParser, TrimsOnlySpacesAndTabsAroundSql) {
  const Scenario spec = ParseSpecText(
      "session s\nstep a {\t  SELECT 1;  \t}\nstep b {\n  SELECT 2;\n  }\nstep c {}\n"
      "step d {SELECT 'x  '  ;}\nstep e {\r\n SELECT 3;\r\n}\n",
      "t.spec");
  const auto& steps = spec.clients[0].steps;
  ASSERT_EQ(steps.size(), 5u);
  EXPECT_EQ(steps[0].sql, "SELECT 1;");
  EXPECT_EQ(steps[1].sql, "\n  SELECT 2;\n");
  EXPECT_EQ(steps[2].sql, "");
  EXPECT_EQ(steps[3].sql, "SELECT 'x  '  ;");
  EXPECT_EQ(steps[4].sql, "\n SELECT 3;\r\n");
  // Lines are counted inside SQL blocks.
  EXPECT_EQ(steps[2].pos.line, 6);
  EXPECT_EQ(steps[4].pos.line, 8);
}

TEST(SpecParser, SqlEndsAtFirstClosingBrace) {
  // As in the reference scanner, there is no nesting: the first '}' ends it.
  EXPECT_EQ(ErrorOf("session s\nstep a { SELECT '{1,2}'::int[]; }\n"),
            "t.spec:2:23: error: unexpected character \"'\"; expected a keyword (setup, "
            "teardown, session, step, permutation), a name, a { SQL block } or a comment (#)");
}

TEST(SpecParser, KeywordsAreNamesWhenQuoted) {
  const Scenario spec = ParseSpecText(
      "session \"session\"\nstep \"step\" { }\nstep steps { }\npermutation \"step\" steps\n",
      "t.spec");
  EXPECT_EQ(spec.clients[0].name, "session");
  EXPECT_EQ(spec.clients[0].steps[0].name, "step");
  EXPECT_EQ(spec.schedules[0].name, "step steps");
}

TEST(SpecParser, ErrorsPointAtTheProblem) {
  EXPECT_EQ(ErrorOf(""),
            "t.spec:1:1: error: expected 'setup', 'teardown' or 'session', found end of file");
  EXPECT_EQ(ErrorOf("session s\nstep a { }\npermutation a b\n"),
            "t.spec:3:15: error: undefined step \"b\" in permutation; expected the name of a "
            "step that a session defines");
  EXPECT_EQ(ErrorOf("session s1\nstep a { }\nsession s2\n  step a { }\n"),
            "t.spec:4:8: error: duplicate step name \"a\" (first defined at line 2); step names "
            "must be unique across sessions");
  EXPECT_EQ(ErrorOf("session s1\nstep a { }\nsession s1\nstep b { }\n"),
            "t.spec:3:9: error: duplicate session name \"s1\" (first defined at line 1)");
  EXPECT_EQ(ErrorOf("session s\nstep a {\n  SELECT 1;\n"),
            "t.spec:2:8: error: unterminated SQL block: expected '}' before the end of the file");
  EXPECT_EQ(ErrorOf("session \"s\nstep a { }\n"),
            "t.spec:1:11: error: unexpected newline in quoted name: expected a closing '\"'");
  EXPECT_EQ(ErrorOf("session \"s"),
            "t.spec:1:9: error: unterminated quoted name: expected a closing '\"'");
  EXPECT_EQ(ErrorOf("session s\nteardown { }\n"),
            "t.spec:2:1: error: expected 'step' (session \"s\" needs at least one step), found "
            "keyword 'teardown'");
  EXPECT_EQ(ErrorOf("session s\nsetup { }\nsetup { }\nstep a { }\n"),
            "t.spec:3:1: error: a session has at most one setup block; expected 'step', found "
            "keyword 'setup'");
  EXPECT_EQ(ErrorOf("session s\nstep a SELECT 1;\n"),
            "t.spec:2:8: error: expected a { SQL block } after step \"a\", found name \"SELECT\"");
  EXPECT_EQ(ErrorOf("session s\nstep setup { }\n"),
            "t.spec:2:6: error: expected a step name after 'step' (quote a name that is a "
            "keyword: \"setup\"), found keyword 'setup'");
  EXPECT_EQ(ErrorOf("teardown { }\nteardown { }\nsession s\nstep a { }\n"),
            "t.spec:2:1: error: only one global teardown block is allowed; expected 'session', "
            "found keyword 'teardown'");
  EXPECT_EQ(ErrorOf("teardown { }\nsetup { }\nsession s\nstep a { }\n"),
            "t.spec:2:1: error: global setup blocks must come before the global teardown block; "
            "expected 'session', found keyword 'setup'");
  EXPECT_EQ(ErrorOf("session s\nstep a { }\nsetup { }\n"),
            "t.spec:3:1: error: expected 'step', 'teardown', 'session', 'permutation' or the end "
            "of the file, found keyword 'setup'");
  EXPECT_EQ(ErrorOf("session s\nstep a { }\npermutation a\nsession t\nstep b { }\n"),
            "t.spec:4:1: error: sessions must come before the permutation lines, found keyword "
            "'session'");
  EXPECT_EQ(ErrorOf("session s\nstep a { }\npermutation\n"),
            "t.spec:4:1: error: expected a step name after 'permutation', found end of file");
  EXPECT_EQ(ErrorOf("session s\nstep a { }\n@\n"),
            "t.spec:3:1: error: unexpected character \"@\"; expected a keyword (setup, teardown, "
            "session, step, permutation), a name, a { SQL block } or a comment (#)");
}

TEST(SpecParser, MarkerErrors) {
  const std::string head = "session s1\nstep a { }\nstep b { }\nsession s2\nstep c { }\n";
  EXPECT_EQ(ErrorOf(head + "permutation a()\n"),
            "t.spec:6:15: error: expected a marker of step \"a\": '*', a step name, or a step "
            "name followed by 'notices N', found ')'");
  EXPECT_EQ(ErrorOf(head + "permutation a(c b\n"),
            "t.spec:6:17: error: expected ',' or ')' after a marker of step \"a\", found name "
            "\"b\"");
  EXPECT_EQ(ErrorOf(head + "permutation a(c notices) c\n"),
            "t.spec:6:24: error: expected a number of notices after 'notices', found ')'");
  EXPECT_EQ(ErrorOf(head + "permutation a(c) b\n"),
            "t.spec:6:15: error: undefined blocking step \"c\" referenced in permutation step "
            "\"a\"; expected a step of the same permutation line");
  EXPECT_EQ(ErrorOf(head + "permutation a(b) b c\n"),
            "t.spec:6:15: error: permutation step \"a\" cannot block on its own session (\"b\" "
            "is a step of the same session); expected a step of another session");
  EXPECT_EQ(ErrorOf(head + "permutation a(x) c\n"),
            "t.spec:6:15: error: undefined blocking step \"x\" referenced in permutation step "
            "\"a\"; expected a step of the same permutation line");
  // A notices marker may name a step of the same session, even the step
  // itself; a blocker may come later in the line.
  EXPECT_EQ(ErrorOf(head + "permutation a(b notices 1) b\npermutation c(c notices 2) a(c)\n"), "");
  // As in isolationtester, a step cannot wait for itself to end.
  EXPECT_EQ(ErrorOf(head + "permutation c(c)\n"),
            "t.spec:6:15: error: permutation step \"c\" cannot block on its own session (\"c\" "
            "is a step of the same session); expected a step of another session");
  EXPECT_EQ(ErrorOf(head + "permutation a(c notices 99999999999) c\n"),
            "t.spec:6:25: error: number 99999999999 is too large");
}

TEST(SpecParser, FileErrors) {
  try {
    ParseSpecFile("/nonexistent/dir/x.spec");
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()).rfind("/nonexistent/dir/x.spec: error: cannot read", 0), 0u)
        << e.what();
  }
}

TEST(SpecParser, UnusedSteps) {
  const std::string head = "session s\nstep z { }\nstep a { }\nsession t\nstep b { }\n";
  EXPECT_TRUE(UnusedSpecSteps(ParseSpecText(head, "t.spec")).empty());
  EXPECT_EQ(UnusedSpecSteps(ParseSpecText(head + "permutation b\n", "t.spec")),
            (std::vector<std::string>{"a", "z"}));
}

}  // namespace
}  // namespace interleave
