// Tests of the isolationtester-compatible printer, from hand-made Traces (no
// database): result set layout, every event kind, setup and teardown rows,
// setup failure. A last test rebuilds Traces from each shared expected output
// and checks that printing them gives that output back byte for byte.
#include "report/isolation_printer.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "sim/parse/spec_parser.h"
#include "sim/plan/interleavings.h"

namespace interleave {
namespace {

namespace fs = std::filesystem;

using Row = std::vector<std::optional<std::string>>;

StatementResult Rows(std::vector<std::string> columns, std::vector<Row> rows,
                     std::string tag = "SELECT") {
  StatementResult r;
  r.command_tag = std::move(tag);
  r.columns = std::move(columns);
  r.rows = std::move(rows);
  return r;
}

StatementResult Command(std::string tag) {
  StatementResult r;
  r.command_tag = std::move(tag);
  return r;
}

TEST(FormatResultSet, AlignsLikePQprint) {
  // Numbers right-aligned, text left-aligned; every column padded to its
  // widest value or name, the last one too.
  EXPECT_EQ(FormatResultSet(Rows({"id", "data", "n"}, {{"1", "foo", "10"}, {"22", "x", "-3.5"}})),
            "id|data|   n\n"
            "--+----+----\n"
            " 1|foo |  10\n"
            "22|x   |-3.5\n"
            "(2 rows)\n\n");
  EXPECT_EQ(FormatResultSet(Rows({"pg_advisory_unlock"}, {{"t"}})),
            "pg_advisory_unlock\n"
            "------------------\n"
            "t                 \n"
            "(1 row)\n\n");
  EXPECT_EQ(FormatResultSet(Rows({"key", "data"}, {})),
            "key|data\n"
            "---+----\n"
            "(0 rows)\n\n");
}

TEST(FormatResultSet, NullsAndEmptyValuesAreBlank) {
  // A column of NULLs (void results, e.g. pg_advisory_lock) counts as numeric.
  EXPECT_EQ(FormatResultSet(Rows({"pg_advisory_lock", "sess"}, {{std::nullopt, "1"}, {"", "2"}})),
            "pg_advisory_lock|sess\n"
            "----------------+----\n"
            "                |   1\n"
            "                |   2\n"
            "(2 rows)\n\n");
  EXPECT_EQ(FormatResultSet(Rows({"s"}, {{"abc"}, {std::nullopt}})),
            "s  \n"
            "---\n"
            "abc\n"
            "   \n"
            "(2 rows)\n\n");
}

TEST(FormatResultSet, NumericDetection) {
  auto aligned_right = [](const std::string& value) {
    // Header "h" padded in a column of width 12: right-aligned iff numeric.
    const std::string out = FormatResultSet(Rows({"h"}, {{value}, {"123456789012"}}));
    return out.rfind("           h\n", 0) == 0;
  };
  EXPECT_TRUE(aligned_right("12-22-2008"));
  EXPECT_TRUE(aligned_right("1e5"));
  EXPECT_TRUE(aligned_right("-1.50"));
  EXPECT_TRUE(aligned_right(" 42"));
  EXPECT_FALSE(aligned_right("E5"));
  EXPECT_FALSE(aligned_right("e5"));
  EXPECT_FALSE(aligned_right("1."));
  EXPECT_FALSE(aligned_right("-"));
  EXPECT_FALSE(aligned_right("1,5"));
  EXPECT_FALSE(aligned_right("t"));
  EXPECT_FALSE(aligned_right("\xc3\xa9"));  // non-ASCII
}

TEST(FormatResultSet, WidthCountsBytes) {
  EXPECT_EQ(FormatResultSet(Rows({"v"}, {{"\xc3\xa9"}, {"ab"}})),
            "v \n"
            "--\n"
            "\xc3\xa9\n"
            "ab\n"
            "(2 rows)\n\n");
}

TEST(FormatResultSet, CommandsPrintNothing) { EXPECT_EQ(FormatResultSet(Command("UPDATE 1")), ""); }

TEST(FormatStepError, SeverityAndPrimaryMessageOnly) {
  DbError e;
  e.sqlstate = "40001";
  e.severity = "ERROR";
  e.message = "could not serialize access due to concurrent update";
  e.detail = "Reason code: xyz";
  e.hint = "Retry.";
  EXPECT_EQ(FormatStepError(e), "ERROR:  could not serialize access due to concurrent update\n");
  DbError lost;
  lost.message = "server closed the connection unexpectedly";
  EXPECT_EQ(FormatStepError(lost), "server closed the connection unexpectedly\n\n");
}

TEST(FormatStepError, TheServersFatalErrorThenLibpqsOwnText) {
  DbError fatal;
  fatal.severity = "FATAL";
  fatal.message = "terminating connection due to administrator command";
  DbError lost;
  lost.severity = "ERROR";
  lost.message = "server closed the connection unexpectedly";
  lost.library_text =
      "server closed the connection unexpectedly\n\tThis probably means the server terminated "
      "abnormally\n\tbefore or while processing the request.\n";
  fatal.further.push_back(lost);
  EXPECT_EQ(FormatStepError(fatal),
            "FATAL:  terminating connection due to administrator command\n"
            "server closed the connection unexpectedly\n\tThis probably means the server "
            "terminated abnormally\n\tbefore or while processing the request.\n\n");
}

TEST(FormatIsolation, NotificationsFollowTheStepsResultsNamingTheSender) {
  Trace trace;
  trace.client_names = {"s1", "s2"};
  trace.client_backends = {101, 102};
  StepTrace step;
  step.client_name = "s1";
  step.step_name = "poll";
  step.sql = "SELECT 1;";
  step.results.push_back(Rows({"?column?"}, {{std::string("1")}}));
  step.notifications = {{"c1", "hello", 102}, {"c2", "", 999}};
  trace.steps.push_back(step);
  trace.events.push_back({TraceEvent::Kind::kCompleted, 0, ""});
  EXPECT_EQ(FormatIsolationPermutation(trace),
            "\nstarting permutation: poll\nstep poll: SELECT 1;\n?column?\n--------\n       "
            "1\n(1 row)\n\ns1: NOTIFY \"c1\" with payload \"hello\" from s2\n"
            "s1: NOTIFY \"c2\" with payload \"\" from PID 999\n");
}

TEST(FormatIsolation, ApplicationNameNoticesOnlyForLongSpecNames) {
  Scenario spec = ParseSpecText("session s1\nstep one { SELECT 1; }\n", "short.spec");
  spec.title = "short";
  EXPECT_EQ(ApplicationNameNotices(spec), "");
  // isolation/ + 52 characters is 62 bytes: only "/s1" makes it too long.
  spec.title = std::string(52, 'm');
  const std::string login = "isolation/" + spec.title;
  EXPECT_EQ(ApplicationNameNotices(spec), "s1: NOTICE:  identifier \"" + login +
                                              "/s1\" will be truncated to \"" + login + "/\"\n");
  // Longer than 63 bytes at login: one notice per connection (control and s1).
  spec.title = std::string(60, 'n');
  const std::string clipped = ("isolation/" + spec.title).substr(0, 63);
  const std::string at_login = "NOTICE:  identifier \"isolation/" + spec.title +
                               "\" will be truncated to \"" + clipped + "\"\n";
  EXPECT_EQ(ApplicationNameNotices(spec), at_login + at_login + "s1: NOTICE:  identifier \"" +
                                              clipped + "/s1\" will be truncated to \"" + clipped +
                                              "\"\n");
}

Scenario TwoSessions() {
  return ParseSpecText(
      "setup { CREATE TABLE t (k int, v text); }\n"
      "teardown { DROP TABLE t; }\n"
      "session s1\nsetup { BEGIN; }\n"
      "step s1u { UPDATE t SET v = 'a'; }\nstep s1s { SELECT * FROM t; }\nstep s1c { COMMIT; }\n"
      "session s2\nsetup { BEGIN; }\n"
      "step s2u { UPDATE t SET v = 'b'; }\nstep s2c { COMMIT; }\n",
      "two.spec");
}

StepTrace MakeStep(int index, int client, const std::string& name, const std::string& sql) {
  StepTrace s;
  s.index = index;
  s.client = client;
  s.client_name = client == 0 ? "s1" : "s2";
  s.step_name = name;
  s.sql = sql;
  s.status = StepStatus::kCompleted;
  return s;
}

TEST(FormatIsolation, HeaderAndPermutations) {
  const Scenario spec = TwoSessions();
  Trace t;
  t.schedule = "s1u s2u s1s s1c s2c";
  t.steps.push_back(MakeStep(0, 0, "s1u", "UPDATE t SET v = 'a';"));
  t.steps.back().results = {Command("UPDATE 1")};
  t.steps.push_back(MakeStep(1, 1, "s2u", "UPDATE t SET v = 'b';"));
  t.steps.back().blocked = true;
  t.steps.back().status = StepStatus::kFailed;
  t.steps.back().error = DbError{"40001", "ERROR", "could not serialize access", "", ""};
  t.steps.push_back(MakeStep(2, 0, "s1s", "SELECT * FROM t;"));
  t.steps.back().results = {Rows({"k", "v"}, {{"1", "a"}}), Rows({"?column?"}, {{"2"}, {"3"}})};
  t.steps.push_back(MakeStep(3, 0, "s1c", "COMMIT;"));
  t.steps.push_back(MakeStep(4, 1, "s2c", "COMMIT;"));
  using K = TraceEvent::Kind;
  t.events = {
      {K::kCompleted, 0, ""},
      {K::kWaiting, 1, ""},
      {K::kNotice, 2, "s1: NOTICE:  hello\n"},
      {K::kNotice, 2, "s1: NOTICE:  no newline"},
      {K::kCompleted, 2, ""},
      {K::kCompleted, 3, ""},
      {K::kCompletedLater, 1, ""},
      {K::kSkipped, 4, ""},
      {K::kRetry, 4, "retry"},
      {K::kCompleted, 4, ""},
  };
  Trace second;
  second.schedule = "s2c";
  second.steps.push_back(MakeStep(0, 1, "s2c", "COMMIT;"));
  second.events = {{K::kCompleted, 0, ""}};

  EXPECT_EQ(FormatIsolationRun(spec, {t, second}),
            "Parsed test spec with 2 sessions\n"
            "\n"
            "starting permutation: s1u s2u s1s s1c s2c\n"
            "step s1u: UPDATE t SET v = 'a';\n"
            "step s2u: UPDATE t SET v = 'b'; <waiting ...>\n"
            "s1: NOTICE:  hello\n"
            "s1: NOTICE:  no newline\n"
            "step s1s: SELECT * FROM t;\n"
            "k|v\n"
            "-+-\n"
            "1|a\n"
            "(1 row)\n"
            "\n"
            "?column?\n"
            "--------\n"
            "       2\n"
            "       3\n"
            "(2 rows)\n"
            "\n"
            "step s1c: COMMIT;\n"
            "step s2u: <... completed>\n"
            "ERROR:  could not serialize access\n"
            "step s2c: COMMIT;\n"
            "\n"
            "starting permutation: s2c\n"
            "step s2c: COMMIT;\n");

  std::ostringstream out;
  PrintIsolationRun(out, spec, {second});
  EXPECT_EQ(out.str(),
            "Parsed test spec with 2 sessions\n\nstarting permutation: s2c\nstep s2c: COMMIT;\n");
}

TEST(FormatIsolation, ResultsBeforeAnErrorInOneStep) {
  Trace t;
  t.schedule = "s1s";
  t.steps.push_back(MakeStep(0, 0, "s1s", "SELECT 1 AS a; SELECT 1/0;"));
  t.steps.back().results = {Rows({"a"}, {{"1"}})};
  t.steps.back().error = DbError{"22012", "ERROR", "division by zero", "", ""};
  t.events = {{TraceEvent::Kind::kCompleted, 0, ""}};
  EXPECT_EQ(FormatIsolationPermutation(t),
            "\nstarting permutation: s1s\n"
            "step s1s: SELECT 1 AS a; SELECT 1/0;\n"
            "a\n-\n1\n(1 row)\n\n"
            "ERROR:  division by zero\n");
}

TEST(FormatIsolation, CancelledStep) {
  Trace t;
  t.steps.push_back(MakeStep(0, 0, "s1l", "SELECT pg_sleep(1000);"));
  t.steps.back().status = StepStatus::kCancelled;
  t.steps.back().error =
      DbError{"57014", "ERROR", "canceling statement due to user request", "", ""};
  t.steps.back().duration_ms = 300500;
  using K = TraceEvent::Kind;
  t.events = {{K::kCancelled, 0, "isolationtester: canceling step s1l after 300 seconds\n"},
              {K::kCompleted, 0, ""}};
  // Without a schedule name the step list comes from the steps.
  EXPECT_EQ(FormatIsolationPermutation(t),
            "\nstarting permutation: s1l\n"
            "isolationtester: canceling step s1l after 300 seconds\n"
            "step s1l: SELECT pg_sleep(1000);\n"
            "ERROR:  canceling statement due to user request\n");
  t.events[0].text.clear();  // the printer makes the line from the step
  EXPECT_NE(FormatIsolationPermutation(t).find(
                "\nisolationtester: canceling step s1l after 300 seconds\nstep s1l: "),
            std::string::npos);
}

TEST(FormatIsolation, SetupAndTeardownRows) {
  Trace t;
  t.schedule = "s2b";
  t.setup_results = {Rows({"pg_advisory_lock"}, {{std::nullopt}})};
  t.teardown_results = {Rows({"pg_advisory_unlock_all"}, {{std::nullopt}})};
  t.steps.push_back(MakeStep(0, 1, "s2b", "BEGIN;"));
  t.events = {{TraceEvent::Kind::kCompleted, 0, ""}};
  EXPECT_EQ(FormatIsolationPermutation(t),
            "\nstarting permutation: s2b\n"
            "pg_advisory_lock\n----------------\n                \n(1 row)\n\n"
            "step s2b: BEGIN;\n"
            "pg_advisory_unlock_all\n----------------------\n                      \n(1 row)\n\n");
}

TEST(FormatIsolation, SetupFailureEndsTheOutput) {
  const Scenario spec = TwoSessions();
  Trace failed;
  failed.schedule = "s1u s2u";
  failed.setup_error = DbError{"42P07", "ERROR", "relation \"t\" already exists", "in setup", ""};
  Trace never;
  never.schedule = "s2u s1u";
  EXPECT_EQ(FormatIsolationRun(spec, {failed, never}),
            "Parsed test spec with 2 sessions\n"
            "\n"
            "starting permutation: s1u s2u\n"
            "setup failed: ERROR:  relation \"t\" already exists\n");
}

TEST(FormatIsolation, WarnsAboutUnusedSteps) {
  const Scenario spec = ParseSpecText(
      "session s1\nstep b { }\nstep a { }\nsession s2\nstep c { }\npermutation c\n", "u.spec");
  EXPECT_EQ(FormatIsolationHeader(spec),
            "unused step name: a\nunused step name: b\nParsed test spec with 2 sessions\n");
}

// ---------------------------------------------------------------------------
// Round trip of the reference outputs: rebuild Traces from expected/*.out
// (step lines are matched with the parsed spec's SQL, result sets are read
// back from their aligned columns), print them, and compare byte for byte.

const fs::path kSharedDir = fs::path(INTERLEAVE_SOURCE_DIR) / ".." / "shared" / "pg-isolation";

class OutputReader {
 public:
  OutputReader(const Scenario& spec, std::string text) : spec_(spec), text_(std::move(text)) {}

  // Returns "" on success, else what could not be read.
  std::string Read(std::vector<Trace>* traces) {
    while (At("unused step name: ")) Line();
    if (!At("Parsed test spec with ")) return "no 'Parsed test spec' line";
    Line();
    while (p_ < text_.size()) {
      const std::string start = "\nstarting permutation: ";
      if (!At(start)) return "expected a permutation at offset " + std::to_string(p_);
      ++p_;
      Trace trace;
      trace.schedule = Line().substr(start.size() - 1);
      int target = -1;
      while (p_ < text_.size() && !At(start)) {
        if (std::string why = ReadItem(trace, &target); !why.empty()) return why;
      }
      traces->push_back(std::move(trace));
    }
    return "";
  }

 private:
  bool At(const std::string& s) const { return text_.compare(p_, s.size(), s) == 0; }

  std::string PeekLine(size_t from) const {
    const size_t nl = text_.find('\n', from);
    return text_.substr(from, nl == std::string::npos ? std::string::npos : nl - from);
  }

  std::string Line() {
    std::string line = PeekLine(p_);
    p_ += line.size() + 1;
    return line;
  }

  std::string ReadItem(Trace& trace, int* target) {
    using K = TraceEvent::Kind;
    const std::string line = PeekLine(p_);
    if (line.rfind("step ", 0) == 0) {
      const size_t colon = line.find(": ");
      const std::string name = line.substr(5, colon - 5);
      const auto [c, s] = spec_.FindStep(name);
      if (c < 0) return "unknown step in line: " + line;
      p_ += colon + 2;
      if (At("<... completed>\n")) {
        Line();
        for (int i = static_cast<int>(trace.steps.size()) - 1; i >= 0; --i) {
          if (trace.steps[i].step_name == name) {
            trace.events.push_back({K::kCompletedLater, i, ""});
            *target = i;
            return "";
          }
        }
        return "completion of a step never sent: " + name;
      }
      const std::string& sql = spec_.clients[c].steps[s].sql;
      StepTrace step;
      step.index = static_cast<int>(trace.steps.size());
      step.client = c;
      step.step_name = name;
      step.sql = sql;
      trace.steps.push_back(step);
      if (At(sql + " <waiting ...>\n")) {
        p_ += sql.size() + 15;
        trace.events.push_back({K::kWaiting, step.index, ""});
        *target = -1;
        return "";
      }
      if (At(sql + "\n")) {
        p_ += sql.size() + 1;
        trace.events.push_back({K::kCompleted, step.index, ""});
        *target = step.index;
        return "";
      }
      return "step line does not show the spec's SQL: " + line;
    }
    const std::string next =
        p_ + line.size() + 1 < text_.size() ? PeekLine(p_ + line.size() + 1) : std::string();
    if (!next.empty() && next.size() == line.size() &&
        next.find_first_not_of("-+") == std::string::npos) {
      StatementResult result;
      if (std::string why = ReadResultSet(&result); !why.empty()) return why;
      if (*target >= 0) {
        trace.steps[*target].results.push_back(std::move(result));
      } else if (trace.events.empty()) {
        trace.setup_results.push_back(std::move(result));
      } else {
        trace.teardown_results.push_back(std::move(result));
      }
      return "";
    }
    const size_t sep = line.find(":  ");
    if (sep != std::string::npos && line.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ") == sep) {
      if (*target < 0) return "error line without a step: " + line;
      trace.steps[*target].error = DbError{"", line.substr(0, sep), line.substr(sep + 3), "", ""};
      Line();
      return "";
    }
    if (line.find(": NOTICE:  ") != std::string::npos ||
        line.find(": WARNING:  ") != std::string::npos) {
      trace.events.push_back({K::kNotice, -1, Line() + "\n"});
      *target = -1;
      return "";
    }
    if (line.rfind("isolationtester: canceling step ", 0) == 0) {
      trace.events.push_back({K::kCancelled, -1, Line() + "\n"});
      return "";
    }
    return "unrecognised line: " + line;
  }

  std::string ReadResultSet(StatementResult* result) {
    const std::string header = Line();
    const std::string border = Line();
    std::vector<size_t> widths;
    size_t start = 0;
    while (true) {
      const size_t plus = border.find('+', start);
      widths.push_back((plus == std::string::npos ? border.size() : plus) - start);
      if (plus == std::string::npos) break;
      start = plus + 1;
    }
    // Cut the lines into padded cells; a column whose cells end in a blank
    // is left-aligned (text), else right-aligned (numbers).
    std::vector<std::vector<std::string>> lines;
    for (std::string line = header;; line = Line()) {
      if (line.size() != border.size()) return "line not aligned with its header: " + line;
      std::vector<std::string> cells;
      size_t at = 0;
      for (size_t w : widths) {
        cells.push_back(line.substr(at, w));
        at += w + 1;
      }
      lines.push_back(std::move(cells));
      if (At("(")) break;
    }
    for (size_t j = 0; j < widths.size(); ++j) {
      bool left = false;
      for (const auto& cells : lines) left = left || (!cells[j].empty() && cells[j].back() == ' ');
      for (auto& cells : lines) {
        std::string& cell = cells[j];
        if (left) {
          cell.erase(cell.find_last_not_of(' ') + 1);
        } else {
          cell.erase(0, std::min(cell.size(), cell.find_first_not_of(' ')));
        }
      }
    }
    result->columns = lines[0];
    for (size_t i = 1; i < lines.size(); ++i) {
      Row row;
      for (auto& cell : lines[i]) {
        row.push_back(cell.empty() ? std::nullopt : std::optional<std::string>(cell));
      }
      result->rows.push_back(std::move(row));
    }
    const size_t n = result->rows.size();
    if (Line() != "(" + std::to_string(n) + (n == 1 ? " row)" : " rows)")) return "bad row count";
    if (!Line().empty()) return "no empty line after a result set";
    return "";
  }

  const Scenario& spec_;
  std::string text_;
  size_t p_ = 0;
};

TEST(FormatIsolationShared, ReproducesEveryExpectedOutput) {
  if (!fs::is_directory(kSharedDir / "expected")) {
    GTEST_SKIP() << "shared PostgreSQL isolation outputs not found at " << kSharedDir
                 << " (they live outside the repository, in ../shared/pg-isolation)";
  }
  int files = 0;
  for (const auto& entry : fs::directory_iterator(kSharedDir / "expected")) {
    if (entry.path().extension() != ".out") continue;
    std::string stem = entry.path().stem().string();
    if (stem.size() > 2 && stem.compare(stem.size() - 2, 2, "_1") == 0)
      stem.resize(stem.size() - 2);
    SCOPED_TRACE(entry.path().string());
    const Scenario spec = ParseSpecFile((kSharedDir / "specs" / (stem + ".spec")).string());
    std::ifstream in(entry.path(), std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    std::vector<Trace> traces;
    OutputReader reader(spec, text.str());
    const std::string why = reader.Read(&traces);
    ASSERT_EQ(why, "");
    EXPECT_EQ(traces.size(), SpecSchedules(spec).size());
    EXPECT_EQ(FormatIsolationRun(spec, traces), text.str());
    ++files;
  }
  EXPECT_EQ(files, 40);
}

}  // namespace
}  // namespace interleave
