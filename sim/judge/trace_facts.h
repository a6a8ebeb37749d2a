// Facts about a trace that every consumer reads the same way: which steps
// are valid, the name of each client, the last attempt each client reached,
// which writes committed, the isolation level each client ran at, where
// REPEATABLE READ and SERIALIZABLE snapshots were taken, the trace's
// events (rebuilt from the steps when it has none) and the timeline's row
// numbers. No wording beyond names; see trace_phrases.h for phrases.
// Thread-safety: pure functions of their arguments.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "sim/model/scenario.h"
#include "sim/model/trace.h"
#include "sim/plan/plan.h"

namespace interleave {

// Clients and steps -----------------------------------------------------------

bool ValidStep(const Trace& trace, int step);  // an index into trace.steps
// The trace's name of `client`, or "client N" when it has none.
std::string ClientName(const Trace& trace, int client);
// The name of the client that ran `step` (its own record first).
std::string StepClientName(const Trace& trace, const StepTrace& step);
// The definition of step `name` as it ran: from `plan` (the variant
// applied) when there is one with clients, else from the scenario as written.
// Null when neither has it.
const Step* StepAsRun(const Scenario& scenario, const Plan* plan, const std::string& name);
// Highest attempt number each client reached (clients with no step run are
// absent).
std::map<int, int> LastAttempts(const Trace& trace);

// Writes ----------------------------------------------------------------------

// A completed step with an INSERT, UPDATE, DELETE, MERGE or COPY result.
bool IsWriteStep(const StepTrace& step);
// Did the transaction of step `index` commit? False when a later step of the
// same client and attempt failed, was cancelled or rolled the transaction
// back; true without a transaction block (the write committed on its own).
// `*commit_step` is the step that committed, or -1.
bool CommittedLater(const Trace& trace, int index, int* commit_step);

// Why the application skipped `step`, true to what the step it depends on
// did: "k4 failed (25P02), so the application does not get here" rather
// than "k4 found no row" when k4 failed; "j6 was skipped, so ..." when it
// was skipped; a condition is named as written with the value it had.
std::string SkipReasonText(const Scenario& scenario, const Plan* plan, const Trace& trace,
                           const StepTrace& step);

// Isolation levels and snapshots ----------------------------------------------

// The level a client's transactions ran at: the run's level, unless the
// client's own SQL asks for one (BEGIN ISOLATION LEVEL ..., SET TRANSACTION).
Isolation ClientLevel(const Scenario& scenario, const Trace& trace, int client);
// Steps at which a REPEATABLE READ or SERIALIZABLE transaction took its
// snapshot: its first statement after BEGIN that needs one (BEGIN, SET, LOCK,
// SAVEPOINT and SHOW do not).
std::set<int> SnapshotSteps(const Scenario& scenario, const Trace& trace);
// The level of the transaction step `index` ran in (a statement outside a
// transaction block runs at the session's level); a client's transactions
// may run at different levels (BEGIN ISOLATION LEVEL ... in one of them).
Isolation StepLevel(const Scenario& scenario, const Trace& trace, int index);
// The levels a client's transactions ran at, in order, each named once:
// "READ COMMITTED", "READ COMMITTED, then REPEATABLE READ" (kDefault is
// named READ COMMITTED).
std::string ClientLevelsText(const Scenario& scenario, const Trace& trace, int client);

// Events and row numbers ------------------------------------------------------

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

}  // namespace interleave
