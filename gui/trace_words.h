// The words the GUI puts on a trace: a step's result, whom a waiting step
// waits for and what released it, where snapshots were taken, the anomaly
// marker and the verdict's headline. The wording follows the text timeline
// (sim/text_printer.cc) so that the terminal and the classroom say the same
// thing; those helpers are private to text_printer.cc, so the ones the GUI
// needs live here (see the report for moving both onto one shared header).
// Thread-safety: pure functions of their arguments.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "sim/scenario.h"
#include "sim/trace.h"
#include "sim/verdict.h"

namespace interleave::gui {

// Whitespace runs become one space; the ends are trimmed.
std::string Collapse(const std::string& text);
// Splits SQL into statements at semicolons outside quotes and comments.
std::vector<std::string> SplitStatements(const std::string& sql);
// The first keyword of SQL, upper case ("SELECT").
std::string FirstKeyword(const std::string& sql);

std::string ValueText(const std::optional<std::string>& value);  // "NULL" for null
// "price=40" / "(id=1, price=40) (id=2, price=50)" / "no rows".
std::string RowsInline(const StatementResult& result, size_t max_rows = 4);
// "ERROR 40001 could not serialize access due to concurrent update".
std::string ErrorLine(const DbError& error);

// What the step returned as one phrase ("peepcoins=100", "UPDATE 1"); empty
// when every result only echoes its statement (BEGIN, COMMIT): then
// `*plain_ok` is true.
std::string ResultText(const StepTrace& step, bool* plain_ok);
// Every statement's complete result, for the hover: tags, columns and rows.
std::string FullResultText(const StepTrace& step);

std::string ClientName(const Trace& trace, int client);
// "phone (p3)" or "phone (p3), tablet (t2)".
std::string BlockersText(const Trace& trace, const StepTrace& step);
// " (released by p4)" or " (released when phone's p3 failed)"; may be empty.
std::string ReleasedText(const Trace& trace, const StepTrace& step);
// "releases laptop's l3", or empty when sending `step` released nobody.
std::string ReleasesText(const Trace& trace, const StepTrace& step);

// The level a client's transactions ran at (its own SQL may set one).
Isolation ClientLevel(const Scenario& scenario, const Trace& trace, int client);
// "READ COMMITTED (default)" for kDefault, else the level's name.
std::string LevelText(Isolation level);
// Steps at which a REPEATABLE READ or SERIALIZABLE transaction took its
// snapshot (its first statement after BEGIN that needs one).
std::set<int> SnapshotSteps(const Scenario& scenario, const Trace& trace);

// How a step ended its client's transaction.
enum class TransactionEnd { kNone, kCommitted, kRolledBack, kAborted };
TransactionEnd TransactionEndOf(const StepTrace& step);

// Row numbers of the timeline (#1, #2 ...): one per step event, as in the
// text timeline; `done` is the row where a step's result appears.
struct RowNumbers {
  std::vector<int> sent;  // by step index; -1 when not shown
  std::vector<int> done;  // by step index; -1 when it has not completed
};
RowNumbers NumberRows(const Trace& trace, const std::vector<TraceEvent>& events);
// The trace's events, or events rebuilt from its steps when it has none.
std::vector<TraceEvent> EffectiveEvents(const Trace& trace);
bool IsStepEvent(TraceEvent::Kind kind);

// Where the anomaly becomes visible and what it is tied to.
struct AnomalyMark {
  int step = -1;                       // drawn with this step's result; -1: after the timeline
  std::string headline;                // "lost update (P4)"
  std::vector<std::string> sentences;  // what happened, with #row references
};
std::vector<AnomalyMark> AnomalyMarks(const Scenario& scenario, const Variant* variant,
                                      const Trace& trace, const Verdict& verdict,
                                      const RowNumbers& rows);

// The verdict banner's words.
enum class VerdictTone { kBad, kGood, kNeutral };
struct VerdictWords {
  VerdictTone tone = VerdictTone::kNeutral;
  std::string headline;  // "ANOMALY: lost update (P4)" / "PREVENTED: a client waited"
  std::string summary;   // the verdict's sentence (who waited, whose update was lost)
  std::string numbers;   // "any serial order gives 30; got 60"
};
VerdictWords DescribeVerdict(const Scenario& scenario, const Trace& trace, const Verdict& verdict);
// What the banner says before the last step: the rule the checks hold.
VerdictWords DescribePending(const Scenario& scenario);

// `text` ending in exactly one full stop.
std::string Sentence(std::string text);

}  // namespace interleave::gui
