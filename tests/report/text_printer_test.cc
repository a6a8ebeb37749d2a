// Tests of the text timeline on hand-built traces: width, markers as words,
// waits with cause and completion, snapshots, verdicts, colour rules.
#include "report/text_printer.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <sstream>

#include "sim/run/wait_attribution.h"
#include "tests/sample_traces.h"

namespace interleave {
namespace {

using sample::Result;

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) lines.push_back(line);
  return lines;
}

std::string StripAnsi(const std::string& text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\x1b' && i + 1 < text.size() && text[i + 1] == '[') {
      i += 2;
      while (i < text.size() && !(text[i] >= 0x40 && text[i] <= 0x7E)) ++i;
      continue;
    }
    out += text[i];
  }
  return out;
}

// The first line containing `part`, or "".
std::string LineWith(const std::string& text, const std::string& part) {
  for (const std::string& line : Lines(text))
    if (line.find(part) != std::string::npos) return line;
  return "";
}

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// The text with every run of whitespace (line ends too) made one space: for
// full-width paragraphs, whose wrapping does not matter.
std::string Words(const std::string& text) {
  std::istringstream in(text);
  std::string word, words;
  while (in >> word) words += (words.empty() ? "" : " ") + word;
  return words;
}

// The line after the first line containing `part`, or "".
std::string LineAfter(const std::string& text, const std::string& part) {
  std::vector<std::string> lines = Lines(text);
  for (size_t i = 0; i + 1 < lines.size(); ++i)
    if (lines[i].find(part) != std::string::npos) return lines[i + 1];
  return "";
}

class TextPrinterTest : public ::testing::Test {
 protected:
  TextPrinterTest() : scenario_(sample::LostUpdateScenario()) {}

  std::vector<VariantResult> AllVariants() {
    return {Result(scenario_, sample::BaselineTrace(), nullptr),
            Result(scenario_, sample::ForUpdateTrace(), &scenario_.variants[0]),
            Result(scenario_, sample::RepeatableReadTrace(true), &scenario_.variants[1])};
  }

  Scenario scenario_;
};

TEST(DisplayWidthTest, CountsColumnsNotBytes) {
  EXPECT_EQ(DisplayWidth("abc"), 3);
  EXPECT_EQ(DisplayWidth("time ↓"), 6);
  EXPECT_EQ(DisplayWidth("⏳ waits"), 8);  // the hourglass takes two columns
  EXPECT_EQ(DisplayWidth("\x1b[1;38;5;166mred\x1b[0m"), 3);
  EXPECT_EQ(DisplayWidth("日本"), 4);
}

TEST_F(TextPrinterTest, NoLineIsWiderThanTheWidth) {
  for (int width : {40, 60, 80, 100, 132}) {
    for (bool color : {false, true}) {
      TextOptions options;
      options.width = width;
      options.color = color;
      std::string text = FormatRunText(scenario_, AllVariants(), options);
      for (const std::string& line : Lines(text))
        EXPECT_LE(DisplayWidth(line), width) << "width " << width << ": " << line;
    }
  }
}

TEST_F(TextPrinterTest, WithoutColourThereAreNoEscapesAndEveryMarkerIsText) {
  TextOptions options;
  std::string text = FormatRunText(scenario_, AllVariants(), options);
  EXPECT_FALSE(Contains(text, "\x1b[")) << text;
  EXPECT_TRUE(Contains(text, "Two clerks raise the same price"));
  EXPECT_TRUE(Contains(text, "Anomaly: lost update (P4)"));
  EXPECT_TRUE(Contains(text, "time ↓"));
  EXPECT_TRUE(Contains(text, "#1 "));
  EXPECT_TRUE(Contains(text, "alex (READ COMMITTED)"));
  EXPECT_TRUE(Contains(text, "robin (REPEATABLE READ)"));
  EXPECT_TRUE(Contains(text, "<<< lost update (P4)"));
  EXPECT_TRUE(Contains(text, "VERDICT anomaly — lost update (P4): robin's update overwrote"));
  EXPECT_TRUE(Contains(text, "VERDICT prevented-by-wait — robin's b2 waited for alex (a2)"));
  EXPECT_TRUE(Contains(text, "VERDICT prevented-by-abort — robin was aborted at b3"));
  EXPECT_TRUE(Contains(text, "✗ ERROR 40001 could not serialize"));
  EXPECT_TRUE(Contains(text, "✗ FAILED both_raises_kept: any serial order gives 60; got 40"));
  EXPECT_TRUE(Contains(text, "✓ held both_raises_kept: any serial order gives 60; got 60"));
}

TEST_F(TextPrinterTest, StepsShowTheirSqlAsSentAndWhatTheyReturned) {
  TextOptions options;
  std::string text = FormatRunText(scenario_, {AllVariants()[0]}, options);
  // A read shows its value on its row; a write shows its SQL and its tag.
  EXPECT_TRUE(Contains(LineWith(text, "#3 "), "a2 SELECT price FROM products WHERE id = 1"));
  EXPECT_TRUE(Contains(LineAfter(text, "#3 "), "→ price=10")) << text;
  std::string write = LineWith(text, "#7 ");
  EXPECT_TRUE(Contains(write, "b3 UPDATE products SET price = 10 + 30")) << text;
  EXPECT_TRUE(Contains(text, "→ UPDATE 1"));
  EXPECT_TRUE(Contains(text, "Order: a1 b1 a2 b2 a3 a4 b3 b4"));
}

TEST_F(TextPrinterTest, EachClientHasItsOwnColumn) {
  TextOptions options;
  std::string text = FormatRunText(scenario_, {AllVariants()[0]}, options);
  std::string alex = LineWith(text, "a1 BEGIN");
  std::string robin = LineWith(text, "b1 BEGIN");
  ASSERT_FALSE(alex.empty());
  ASSERT_FALSE(robin.empty());
  EXPECT_GT(DisplayWidth(robin.substr(0, robin.find("b1 BEGIN"))),
            DisplayWidth(alex.substr(0, alex.find("a1 BEGIN"))) + 20);
  EXPECT_LT(LineWith(text, "alex (READ COMMITTED)").find("alex"),
            LineWith(text, "alex (READ COMMITTED)").find("robin (READ COMMITTED)"));
}

TEST_F(TextPrinterTest, BlockedStepShowsWhomItWaitsForAndWhereItCompleted) {
  TextOptions options;
  std::string text = FormatRunText(scenario_, {AllVariants()[1]}, options);
  std::string sent = LineWith(text, "#4 ");
  EXPECT_TRUE(Contains(sent, "b2 SELECT price FROM products WHERE id = 1")) << text;
  EXPECT_TRUE(Contains(LineAfter(text, "#4 "), "FOR UPDATE")) << text;
  EXPECT_TRUE(Contains(text, "⏳ waits for alex (a2)")) << text;
  std::string later = LineWith(text, "#7 ");
  EXPECT_TRUE(Contains(later, "… b2 completes (released by a4)")) << text;
  EXPECT_TRUE(Contains(text, "→ price=30"));
  EXPECT_TRUE(Contains(text, "releases robin's b2"));
  EXPECT_TRUE(Contains(text, "Order: a1 b1 a2 b2(waits) a3 a4 b2(done) b3 b4"));
  // The completion is drawn in robin's column, not alex's.
  EXPECT_GT(later.find("… b2"), later.find("#7") + 20);
}

TEST_F(TextPrinterTest, AnomalyMarkerIsTiedToItsPartnerWithRowNumbers) {
  TextOptions options;
  std::string text = FormatRunText(scenario_, {AllVariants()[0]}, options);
  std::string words = Words(text);
  EXPECT_TRUE(Contains(words,
                       "<<< lost update (P4) — #7 b3 is robin's last committed write "
                       "before the check failed."))
      << text;
  EXPECT_TRUE(Contains(words,
                       "b3 wrote a value computed from what b2 read at #4 (price=10); "
                       "after that read, alex's a3 wrote at #5 and committed at a4 #6."))
      << text;
  // The marker comes right after b3's row and before b4's.
  std::vector<std::string> lines = Lines(text);
  size_t b3 = 0, marker = 0, b4 = 0;
  for (size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].rfind("#7 ", 0) == 0) b3 = i;
    if (lines[i].rfind("<<<", 0) == 0) marker = i;
    if (lines[i].rfind("#8 ", 0) == 0) b4 = i;
  }
  EXPECT_LT(b3, marker);
  EXPECT_LT(marker, b4);
}

TEST_F(TextPrinterTest, SnapshotIsMarkedAtTheFirstStatementNotAtBegin) {
  TextOptions options;
  std::string text = FormatRunText(scenario_, {AllVariants()[2]}, options);
  std::vector<std::string> lines = Lines(text);
  int marks = 0;
  for (size_t i = 0; i < lines.size(); ++i) {
    if (!Contains(lines[i], "[snapshot taken here]")) continue;
    ++marks;
    // The lines above hold the step that took the snapshot: a read, not BEGIN.
    ASSERT_GT(i, 1u);
    EXPECT_TRUE(Contains(lines[i - 1] + lines[i - 2], "SELECT price")) << lines[i - 1];
    EXPECT_FALSE(Contains(lines[i - 1], "BEGIN")) << lines[i - 1];
  }
  EXPECT_EQ(marks, 3);  // alex, robin, and robin's retry
  EXPECT_TRUE(Contains(text, "b1 (try 2) BEGIN"));
  EXPECT_TRUE(Contains(Words(text), "Order: a1 b1 a2 b2 a3 a4 b3 b4(skipped) b1' b2' b3' b4'"))
      << text;
  EXPECT_TRUE(Contains(text, "↻ robin got 40001 at b3"));
  EXPECT_TRUE(Contains(text, "b4 skipped: robin's transaction"));
}

TEST_F(TextPrinterTest, ReadCommittedHasNoSnapshotMarks) {
  TextOptions options;
  std::string text = FormatRunText(scenario_, {AllVariants()[0]}, options);
  EXPECT_FALSE(Contains(text, "snapshot"));
}

TEST_F(TextPrinterTest, StatesChecksExpectationAndComparison) {
  TextOptions options;
  std::string text = FormatRunText(scenario_, AllVariants(), options);
  EXPECT_TRUE(Contains(text, "Starting state (the same for every variant)"));
  EXPECT_TRUE(Contains(text, "Final state (baseline)"));
  EXPECT_TRUE(Contains(text, "Final state (for-update)"));
  // A verdict that matches its expectation says so on the expectation's line.
  EXPECT_TRUE(Contains(text,
                       "✓ As expected: prevented-by-wait — the row lock makes robin's read "
                       "wait"));
  EXPECT_FALSE(Contains(text, "The verdict matches the expectation."));
  EXPECT_TRUE(Contains(text, "Fix: Read with SELECT ... FOR UPDATE"));
  std::string comparison = Words(text.substr(text.find("Comparison:")));
  EXPECT_TRUE(Contains(comparison, "started from the same state")) << comparison;
  EXPECT_TRUE(Contains(comparison, "baseline │ nothing: the")) << comparison;
}

TEST_F(TextPrinterTest, NotesShowUnlessWrittenForSqlTheVariantReplaced) {
  TextOptions options;
  Scenario scenario = scenario_;
  scenario.clients[1].steps[2].note = "computes the new price in the application";
  Step atomic = scenario.clients[1].steps[2];  // the parser copies the note along
  atomic.sql = "UPDATE products SET price = price + 30 WHERE id = 1";
  scenario.variants[0].replace_steps["b3"] = atomic;
  std::string baseline =
      FormatRunText(scenario, {Result(scenario, sample::BaselineTrace(), nullptr)}, options);
  EXPECT_TRUE(Contains(baseline, "note: computes the new price")) << baseline;
  std::string replaced = FormatRunText(
      scenario, {Result(scenario, sample::ForUpdateTrace(), &scenario.variants[0])}, options);
  EXPECT_FALSE(Contains(replaced, "note:")) << replaced;
  scenario.variants[0].replace_steps["b3"].note = "lets the database add 30";
  replaced = FormatRunText(
      scenario, {Result(scenario, sample::ForUpdateTrace(), &scenario.variants[0])}, options);
  EXPECT_TRUE(Contains(replaced, "note: lets the database add 30")) << replaced;
}

TEST_F(TextPrinterTest, DefaultLevelIsNamedInTheHeader) {
  TextOptions options;
  Trace trace = sample::BaselineTrace();
  trace.client_isolation = {Isolation::kDefault, Isolation::kDefault};
  std::string text = FormatRunText(scenario_, {Result(scenario_, trace, nullptr)}, options);
  EXPECT_TRUE(Contains(text, "alex (READ COMMITTED, the default)")) << text;
}

TEST_F(TextPrinterTest, LevelSetInTheClientsSqlWins) {
  TextOptions options;
  Trace trace = sample::RepeatableReadTrace(false);
  trace.client_isolation = {Isolation::kDefault, Isolation::kDefault};
  trace.steps[0].sql = "BEGIN ISOLATION LEVEL SERIALIZABLE";
  trace.steps[1].sql = "START TRANSACTION ISOLATION LEVEL REPEATABLE READ";
  std::string text = FormatRunText(scenario_, {Result(scenario_, trace, nullptr)}, options);
  EXPECT_TRUE(Contains(text, "alex (SERIALIZABLE)")) << text;
  EXPECT_TRUE(Contains(text, "robin (REPEATABLE READ)")) << text;
  EXPECT_NE(LineAfter(text, "#3 ").find("[snapshot taken here]"), std::string::npos) << text;
}

TEST_F(TextPrinterTest, DeadlockShowsBothWaitsTheVictimAndWhatReleasedTheSurvivor) {
  sample::TraceBuilder b({"alex", "robin"}, Isolation::kReadCommitted, "deadlock");
  b.Done(0, "a1", "UPDATE t SET v = 1 WHERE id = 1", {sample::Tag("UPDATE 1")});
  int b1 = b.Done(1, "b1", "UPDATE t SET v = 2 WHERE id = 2", {sample::Tag("UPDATE 1")});
  int a2 = b.Waits(0, "a2", "UPDATE t SET v = 1 WHERE id = 2", 1, b1);
  int b2 = b.Waits(1, "b2", "UPDATE t SET v = 2 WHERE id = 1", 0, a2);
  b.Released(a2, b2, {},
             sample::Error("40P01", "deadlock detected",
                           "Process 4242 waits for ShareLock on transaction 901; blocked by "
                           "process 4243."));
  b.Released(b2, b2, {sample::Tag("UPDATE 1")});
  Scenario scenario;
  TextOptions options;
  Trace trace = b.trace();
  // The scheduler saw a2 fail first, so b2 names it as its releaser; then,
  // once the run is over, the victim loses its releaser.
  trace.steps[b2].released_by = a2;
  TellDeadlocks(trace);
  std::string text = FormatRunText(scenario, {Result(scenario, trace, nullptr)}, options);
  EXPECT_TRUE(Contains(text, "⏳ waits for robin (b1)")) << text;
  // b2's wait closes the cycle; nobody released the victim a2: PostgreSQL
  // aborted it, and that abort is what let b2 go on.
  EXPECT_TRUE(Contains(text, "⏳ waits for alex (a2), while alex's a2 waits")) << text;
  EXPECT_FALSE(Contains(text, "releases alex's a2")) << text;
  EXPECT_TRUE(Contains(text, "… a2 fails: PostgreSQL's deadlock check")) << text;
  EXPECT_TRUE(Contains(text, "releases robin's b2")) << text;
  EXPECT_TRUE(Contains(text, "✗ ERROR 40P01 deadlock detected")) << text;
  EXPECT_FALSE(Contains(text, "Process 4242")) << text;  // ids only, not for students
  EXPECT_TRUE(Contains(text, "b2 completes (released by a2's abort)")) << text;
  EXPECT_TRUE(Contains(Words(text), "PostgreSQL detected the deadlock and chose the victim"));
  EXPECT_TRUE(Contains(Words(text), "chose alex as the deadlock victim")) << text;
}

TEST_F(TextPrinterTest, UniqueViolationKeepsItsDetail) {
  sample::TraceBuilder b({"alex", "robin"}, Isolation::kReadCommitted, "unique");
  b.Done(0, "a1", "INSERT INTO users VALUES ('sam')", {sample::Tag("INSERT 0 1")});
  b.Failed(1, "b1", "INSERT INTO users VALUES ('sam')",
           sample::Error("23505", "duplicate key value violates unique constraint",
                         "Key (name)=(sam) already exists."));
  Scenario scenario;
  TextOptions options;
  std::string text = FormatRunText(scenario, {Result(scenario, b.trace(), nullptr)}, options);
  EXPECT_TRUE(Contains(text, "Key (name)=(sam) already exists.")) << text;
  EXPECT_TRUE(Contains(text, "→ INSERT 0 1")) << text;
}

TEST_F(TextPrinterTest, SpecClientSetupIsShownAndItsTransactionTakesSnapshots) {
  Scenario scenario;
  scenario.is_isolation_spec = true;
  Client s1;
  s1.name = "s1";
  s1.setup_sql = {"BEGIN ISOLATION LEVEL SERIALIZABLE;"};
  scenario.clients = {s1};
  sample::TraceBuilder b({"s1"}, Isolation::kDefault, "s1r s1c");
  b.Done(0, "s1r", "SELECT count(*) FROM t;", {sample::Rows({"count"}, {{"0"}})});
  b.Done(0, "s1c", "COMMIT;", {sample::Tag("COMMIT")});
  b.trace().schedule = "s1r s1c";
  TextOptions options;
  std::string text = FormatRunText(scenario, {Result(scenario, b.trace(), nullptr)}, options);
  EXPECT_TRUE(Contains(text, "Before the schedule, s1 runs: BEGIN ISOLATION LEVEL SERIALIZABLE;"))
      << text;
  EXPECT_TRUE(Contains(text, "s1 (SERIALIZABLE)")) << text;
  EXPECT_TRUE(Contains(LineAfter(text, "#1 "), "[snapshot taken here]")) << text;
  EXPECT_FALSE(Contains(text, "Fix:")) << text;  // a permutation is not a fix
}

TEST_F(TextPrinterTest, MismatchedExpectationIsSaid) {
  TextOptions options;
  Scenario scenario = scenario_;
  scenario.variants[0].expect = Expectation::kAnomaly;
  std::string text = FormatRunText(
      scenario, {Result(scenario, sample::ForUpdateTrace(), &scenario.variants[0])}, options);
  EXPECT_TRUE(Contains(text, "MISMATCH: expected anomaly but got prevented-by-wait")) << text;
}

TEST_F(TextPrinterTest, AbortedWithoutRetryIsMarkedAtTheAbort) {
  TextOptions options;
  Scenario scenario = scenario_;
  scenario.variants[1].retry.clear();
  scenario.variants[1].expect = Expectation::kAbortedWithoutRetry;
  std::string text = FormatRunText(
      scenario, {Result(scenario, sample::RepeatableReadTrace(false), &scenario.variants[1])},
      options);
  EXPECT_TRUE(Contains(text, "<<< robin was aborted here (40001) and not retried")) << text;
  EXPECT_TRUE(Contains(text, "VERDICT aborted-without-retry"));
  EXPECT_TRUE(Contains(text, "ROLLBACK (the transaction had failed"));
}

TEST_F(TextPrinterTest, ManyClientsUseNarrowerColumnsThenTags) {
  sample::TraceBuilder three({"alex", "robin", "sam"}, Isolation::kReadCommitted, "three");
  three.Done(0, "a1", "UPDATE products SET price = price + 20 WHERE id = 1",
             {sample::Tag("UPDATE 1")});
  three.Done(1, "b1", "UPDATE products SET price = price + 30 WHERE id = 1",
             {sample::Tag("UPDATE 1")});
  three.Done(2, "c1", "SELECT price FROM products WHERE id = 1",
             {sample::Rows({"price"}, {{"60"}})});
  Scenario scenario;
  TextOptions options;
  std::string text = FormatRunText(scenario, {Result(scenario, three.trace(), nullptr)}, options);
  EXPECT_TRUE(Contains(text, "sam")) << text;
  std::string c1 = LineWith(text, "c1 SELECT");
  EXPECT_GT(c1.find("c1"), LineWith(text, "b1 UPDATE").find("b1"));
  for (const std::string& line : Lines(text)) EXPECT_LE(DisplayWidth(line), 100) << line;

  sample::TraceBuilder six({"c0", "c1", "c2", "c3", "c4", "c5"}, Isolation::kSerializable, "six");
  for (int c = 0; c < 6; ++c)
    six.Done(c, "s" + std::to_string(c), "SELECT count(*) FROM products WHERE price > 10",
             {sample::Rows({"count"}, {{"1"}})});
  options.width = 60;
  text = FormatRunText(scenario, {Result(scenario, six.trace(), nullptr)}, options);
  EXPECT_TRUE(Contains(text, "Clients: c0 (SERIALIZABLE)")) << text;
  EXPECT_TRUE(Contains(LineWith(text, "#6 "), "c5")) << text;
  for (const std::string& line : Lines(text)) EXPECT_LE(DisplayWidth(line), 60) << line;
}

TEST_F(TextPrinterTest, LongSqlIsWrappedWithinItsColumn) {
  sample::TraceBuilder b({"alex", "robin"}, Isolation::kReadCommitted, "long");
  std::string sql =
      "UPDATE products SET price = price + 1, name = 'a very long product name "
      "that goes on', description = 'and on and on' WHERE id = 1 AND price > 0";
  b.Done(0, "a1", sql, {sample::Tag("UPDATE 1")});
  b.Done(1, "b1", "SELECT 1", {sample::Rows({"?column?"}, {{"1"}})});
  Scenario scenario;
  TextOptions options;
  options.width = 80;
  std::string text = FormatRunText(scenario, {Result(scenario, b.trace(), nullptr)}, options);
  EXPECT_TRUE(Contains(text, "a1 UPDATE products SET price =")) << text;
  EXPECT_TRUE(Contains(text, "AND price > 0")) << text;
  EXPECT_FALSE(Contains(text, "…")) << text;  // nothing cut
  for (const std::string& line : Lines(text)) {
    EXPECT_LE(DisplayWidth(line), 80) << line;
    // alex's wrapped SQL stays left of robin's column separator.
    if (Contains(line, "price > 0")) {
      EXPECT_LT(line.find("price > 0"), line.find("│")) << line;
    }
  }
}

TEST_F(TextPrinterTest, ColourOnlyRepeatsTheText) {
  TextOptions plain;
  TextOptions color;
  color.color = true;
  std::string colored = FormatRunText(scenario_, AllVariants(), color);
  EXPECT_TRUE(Contains(colored, "\x1b[38;5;214m"));    // orange: waiting
  EXPECT_TRUE(Contains(colored, "\x1b[1;38;5;166m"));  // vermillion: anomaly, errors
  EXPECT_EQ(StripAnsi(colored), FormatRunText(scenario_, AllVariants(), plain));
}

TEST_F(TextPrinterTest, AsciiMarkers) {
  TextOptions options;
  options.ascii = true;
  std::string text = FormatRunText(scenario_, AllVariants(), options);
  for (unsigned char c : text) ASSERT_LT(c, 0x80) << text;
  EXPECT_TRUE(Contains(text, "[wait] waits for alex (a2)"));
  EXPECT_TRUE(Contains(text, "VERDICT anomaly - "));
}

TEST_F(TextPrinterTest, SetupErrorIsShown) {
  Trace trace = sample::BaselineTrace();
  trace.setup_error = sample::Error("42P07", "relation \"products\" already exists");
  TextOptions options;
  std::string text = FormatRunText(scenario_, {Result(scenario_, trace, nullptr)}, options);
  EXPECT_TRUE(Contains(text, "Setup failed: ERROR 42P07 relation \"products\" already exists"));
  EXPECT_TRUE(Contains(text, "VERDICT error"));
}

class ScopedEnv {
 public:
  ScopedEnv(const char* name, const char* value) : name_(name) {
    const char* old = getenv(name);
    if (old) old_ = old;
    if (value)
      setenv(name, value, 1);
    else
      unsetenv(name);
  }
  ~ScopedEnv() {
    if (old_)
      setenv(name_, old_->c_str(), 1);
    else
      unsetenv(name_);
  }

 private:
  const char* name_;
  std::optional<std::string> old_;
};

TEST(ShouldUseColorTest, NotATerminalMeansNoColour) {
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  ScopedEnv no_color("NO_COLOR", nullptr);
  ScopedEnv term("TERM", "xterm-256color");
  EXPECT_FALSE(ShouldUseColor(fds[1]));
  close(fds[0]);
  close(fds[1]);
}

TEST(ShouldUseColorTest, TerminalHonoursNoColorAndDumbTerm) {
  int master = posix_openpt(O_RDWR | O_NOCTTY);
  if (master < 0 || grantpt(master) != 0 || unlockpt(master) != 0)
    GTEST_SKIP() << "no pseudo-terminal here";
  int tty = open(ptsname(master), O_RDWR | O_NOCTTY);
  ASSERT_GE(tty, 0);
  {
    ScopedEnv no_color("NO_COLOR", nullptr);
    ScopedEnv term("TERM", "xterm-256color");
    EXPECT_TRUE(ShouldUseColor(tty));
  }
  {
    ScopedEnv no_color("NO_COLOR", "1");
    ScopedEnv term("TERM", "xterm-256color");
    EXPECT_FALSE(ShouldUseColor(tty));
  }
  {
    ScopedEnv no_color("NO_COLOR", nullptr);
    ScopedEnv term("TERM", "dumb");
    EXPECT_FALSE(ShouldUseColor(tty));
  }
  close(tty);
  close(master);
}

}  // namespace
}  // namespace interleave
