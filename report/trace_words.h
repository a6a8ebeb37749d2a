// The words both the text timeline (sim/text_printer.cc) and the GUI
// (gui/trace_words.cc) put on a trace, so that the terminal and the classroom
// say the same thing: SQL split into statements, a step's result as one
// phrase, whom a waiting step waits for and what released it, the level each
// client ran at, where snapshots were taken, the timeline's row numbers and
// where the anomaly shows with the sentences that explain it. No layout, no
// colour, no glyphs: each caller adds its own.
// Thread-safety: pure functions of their arguments.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "sim/model/scenario.h"
#include "sim/model/trace.h"
#include "sim/judge/verdict.h"
#include "sim/model/sql_text.h"
#include "sim/model/transaction_end.h"

namespace interleave {

// SQL ------------------------------------------------------------------------

// `text` ending in exactly one full stop.
std::string Sentence(std::string text);

// Results and errors ---------------------------------------------------------

std::string ValueText(const std::optional<std::string>& value);  // "NULL" for null
// "price=40" / "id=1, price=40" / "(id=1, price=40) (id=2, price=50)" /
// "no rows"; more than `max_rows` rows end in "and N more rows".
std::string RowsInline(const StatementResult& result, size_t max_rows = 4);
// "ERROR 40001 could not serialize access due to concurrent update".
std::string ErrorLine(const DbError& error);
// What the step returned, as one phrase: "price=40", "UPDATE 1",
// "UPDATE 1, price=40" (RETURNING); empty when every result only repeats its
// statement's keyword (BEGIN, COMMIT, SET): then `*plain_ok` is true.
std::string ResultText(const StepTrace& step, bool* plain_ok);
// "expected 30, got 60" ("true" and "nothing" stand in for empty values).
std::string CheckNumbers(const CheckResult& check);

// Clients, steps, waiting and releasing --------------------------------------

bool ValidStep(const Trace& trace, int step);  // an index into trace.steps
// The trace's name of `client`, or "client N" when it has none.
std::string ClientName(const Trace& trace, int client);
// The scenario's definition of a step as `variant` runs it (or null); null
// `variant`: the scenario as written.
const Step* StepDef(const Scenario& scenario, const Variant* variant, const std::string& name);
// Whom a waiting step waits for: "alex (a3)" or "alex (a3), sam (c2)".
std::string BlockersText(const Trace& trace, const StepTrace& step);
// " (released by a4)"; for a step that completed after its own sending (a
// deadlock resolved by aborting the other side), the blocker's step that
// ended just before it: " (released when alex's a3 failed)". May be empty.
std::string ReleasedText(const Trace& trace, const StepTrace& step);
// "releases robin's b2": the waiting steps that completed once `step` was
// sent (`completed_only` false: also those released that never completed);
// empty when it released nobody.
std::string ReleasesText(const Trace& trace, const StepTrace& step, bool completed_only = true);

// Isolation levels and snapshots ---------------------------------------------

// The level a client's transactions ran at: the run's level, unless the
// client's own SQL asks for one (BEGIN ISOLATION LEVEL ..., SET TRANSACTION).
Isolation ClientLevel(const Scenario& scenario, const Trace& trace, int client);
// Steps at which a REPEATABLE READ or SERIALIZABLE transaction took its
// snapshot: its first statement after BEGIN that needs one (BEGIN, SET, LOCK,
// SAVEPOINT and SHOW do not).
std::set<int> SnapshotSteps(const Scenario& scenario, const Trace& trace);

// Row numbers ----------------------------------------------------------------

bool IsStepEvent(TraceEvent::Kind kind);
// The trace's events, or events rebuilt from its steps when it has none
// (sending order, waits completing after the step that released them).
std::vector<TraceEvent> EffectiveEvents(const Trace& trace);
// Row numbers of the timeline (#1, #2 ...): one per step event; `done` is the
// row where a step's result appears.
struct RowNumbers {
  std::vector<int> sent;  // by step index; -1 when not shown
  std::vector<int> done;  // by step index; -1 when it has not completed
};
RowNumbers NumberRows(const Trace& trace, const std::vector<TraceEvent>& events);
// The row of `step`'s result, or -1.
int DoneRow(const RowNumbers& rows, int step);

// The anomaly ----------------------------------------------------------------

// Where the anomaly becomes visible and what it is tied to.
struct AnomalyMark {
  // What the first sentence says, for a caller that leads it with a marker.
  enum class Lead {
    kAborted,     // "alex was aborted here (40001) and not retried: ..."
    kCheckReads,  // "Check c uses what a2 (x=1) and b2 (x=2) read."
    kExplain,     // the failed check's explanation, with its numbers
    kLastWrite,   // "#8 l3 is laptop's last committed write before the check failed."
  };
  int step = -1;  // shown with this step's result; -1: after the timeline
  Lead lead = Lead::kExplain;
  std::string headline;                // "lost update (P4)", "aborted, not retried"
  std::vector<std::string> sentences;  // what happened, with #row references
};
// Derives the marks from the failed check, its ${step.column} references, the
// last committed write and the reads before it, or from the steps aborted
// without a retry. States only what the trace shows.
std::vector<AnomalyMark> AnomalyMarks(const Scenario& scenario, const Variant* variant,
                                      const Trace& trace, const Verdict& verdict,
                                      const RowNumbers& rows);

}  // namespace interleave
