// Prints runs of a PostgreSQL isolation spec the way PostgreSQL 15's
// isolationtester does (its stdout and stderr together, as
// pg_isolation_regress captures them), so that `diff -w` against the
// reference expected/*.out files passes.
//
// The printer only reads Traces (one per permutation, in order); what it
// expects of Trace::events:
//   kCompleted      "step NAME: SQL" then the step's results
//   kWaiting        "step NAME: SQL <waiting ...>"
//   kCompletedLater "step NAME: <... completed>" then the step's results
//   kNotice         event.text verbatim ("s1: NOTICE:  text\n"; a newline is
//                   added when missing). Notices come before the event of the
//                   step that was running when they arrived, as
//                   isolationtester prints them on arrival.
//   kCancelled      event.text verbatim ("isolationtester: canceling step NAME
//                   after N seconds"), before the event that reports the step.
//   kSkipped, kRetry print nothing (isolationtester has no such thing).
// Trace::setup_results print right after the "starting permutation" line and
// Trace::teardown_results after the last event (isolationtester prints rows
// returned by setup and teardown blocks).
// A step's results are StepTrace::results (each with columns is printed as
// PQprint prints it: aligned columns separated by '|', a dashed line, the
// rows, "(N rows)" and a blank line; commands print nothing) followed by
// StepTrace::error as "SEVERITY:  message". Trace::setup_error prints
// "setup failed: SEVERITY:  message" after the events so far and ends the
// output, as isolationtester exits there.
//
// Thread-safety: pure functions. Ownership: returns values, keeps nothing.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "sim/model/scenario.h"
#include "sim/model/trace.h"

namespace interleave {

// The whole output: FormatIsolationHeader, then each permutation.
std::string FormatIsolationRun(const Scenario& spec, const std::vector<Trace>& permutations);
void PrintIsolationRun(std::ostream& out, const Scenario& spec,
                       const std::vector<Trace>& permutations);

// "unused step name: X" warnings (specs with permutation lines), then
// "Parsed test spec with N sessions", then ApplicationNameNotices.
std::string FormatIsolationHeader(const Scenario& spec);

// PostgreSQL clips identifiers (and application_name) to this many bytes.
inline constexpr size_t kMaxIdentifierBytes = 63;

// The notices the reference tester's connections get when their
// application_name (isolation/NAME, then isolation/NAME/SESSION) is longer
// than kMaxIdentifierBytes, as pg_isolation_regress records them (stdout and
// stderr together); the control connection's own notice is hidden. Empty for
// the usual short names.
std::string ApplicationNameNotices(const Scenario& spec);

// One notification a step's session received, as the reference prints it
// after the step's results: `SESSION: NOTIFY "channel" with payload "text"
// from SENDER` (a session's name, else "PID n").
std::string FormatNotification(const Trace& trace, const StepTrace& step,
                               const Notification& notification);

// "\nstarting permutation: a b c\n" and the trace's events. The step list is
// Trace::schedule when set, else the names of Trace::steps.
std::string FormatIsolationPermutation(const Trace& trace);

// One result set as libpq's PQprint prints it with header, align and
// fieldSep "|" (isolationtester's printResultSet): columns whose non-empty
// values all look numeric are right-aligned, others left-aligned; NULL and
// empty values print as blanks; widths count bytes. Empty for a result
// without columns.
std::string FormatResultSet(const StatementResult& result);

// A step's result sets, then its error line if it has one.
std::string FormatStepResults(const StepTrace& step);

// "ERROR:  message\n" for an error with a severity; else the message on its
// own line followed by an empty line (isolationtester's fallback for errors
// without fields).
std::string FormatStepError(const DbError& error);

}  // namespace interleave
