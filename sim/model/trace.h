// The trace of one run: what really happened, in order. Plain data that every
// printer and the GUI read; none of them talks to the database.
// Thread-safety: plain values; a finished Trace is immutable.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "db/engine.h"
#include "db/result.h"
#include "sim/model/history.h"
#include "sim/model/lock_snapshot.h"
#include "sim/model/scenario.h"

namespace interleave {

// StepTrace::wait_kind of a SERIALIZABLE READ ONLY DEFERRABLE transaction
// waiting for a safe snapshot (no lock is involved).
inline constexpr const char* kSafeSnapshotWait = "safe snapshot";

// How a step ended.
enum class StepStatus {
  kCompleted,  // all statements succeeded
  kFailed,     // the server reported an error (see error)
  kSkipped,    // application logic decided not to run it
  kCancelled,  // it hung (neither done nor blocked) and was cancelled
  kNotRun,     // the run stopped before it (e.g. after an error elsewhere)
};
std::string StepStatusName(StepStatus status);

struct StepTrace {
  int index = 0;   // position in the run's order of sending (0-based)
  int client = 0;  // client index in the scenario
  std::string client_name;
  std::string step_name;
  std::string sql;  // as sent, after ${var} substitution
  int attempt = 1;  // 2, 3 ... for a retried transaction
  StepStatus status = StepStatus::kNotRun;
  std::string skip_reason;
  bool blocked = false;                 // PostgreSQL said it waited for a lock
  std::vector<int> blocked_by_clients;  // whom it waited for (pg_blocking_pids)
  std::vector<int> blocked_by_steps;    // the steps of those clients last sent
  std::string wait_kind;      // "lock", or kSafeSnapshotWait (DEFERRABLE); empty if it never waited
  int released_by = -1;       // index of the step after whose sending it completed
  int completion_order = -1;  // 0-based order in which steps completed
  std::vector<StatementResult> results;
  std::optional<DbError> error;
  std::vector<std::string> notices;         // "NOTICE:  text"
  std::vector<Notification> notifications;  // LISTEN/NOTIFY received by its end
  double duration_ms = 0;                   // send to completion, wall time
  double waiting_detected_ms = -1;          // send to "found waiting" (-1: never)
  // isolationtester markers honoured for this step (spec files only)
  bool forced_waiting = false;
  // The locks every client held and waited for once this step completed or
  // was found waiting (and the steps already waiting were looked at again).
  LockSnapshot locks;
  // A step that waited: its client's locks once it completed (with either
  // lock capture), so that what it took after the wait is told on it.
  LockSnapshot locks_when_done;
};

// Events in the order they happened, for printers that narrate.
struct TraceEvent {
  enum class Kind {
    kCompleted,       // step sent and completed without waiting
    kWaiting,         // step sent and found waiting
    kCompletedLater,  // a waiting step completed
    kSkipped,
    kCancelled,  // a hung step was cancelled
    kRetry,      // a client starts a retry of its transaction
    kNotice,     // a notice arrived (spec output prints it in order)
  };
  Kind kind;
  int step = -1;     // index into Trace::steps
  std::string text;  // for notices and retries
  int client = -1;   // the client it concerns (always set for retries)
};

// The result of one check after the schedule.
struct CheckResult {
  std::string name;
  bool passed = false;
  std::string value;     // what the check's SQL returned
  std::string expected;  // "30 or 40" (text form of expect_any), or "true"
  std::string explain;
  std::string sql;  // after ${var} substitution
  std::optional<DbError> error;
};

// A table's committed contents after the run.
struct TableState {
  std::string table;
  StatementResult contents;
};

struct Trace {
  std::string scenario_title;
  std::string scenario_path;
  std::string variant;   // "baseline" for no fix
  std::string schedule;  // schedule name, or the order as text
  std::vector<std::string> client_names;
  std::vector<int> client_backends;  // each client's server process (backend_id)
  std::vector<Isolation> client_isolation;
  // The engine the run happened on and the version its server reported
  // ("15.18"); the version is empty for a trace made without a server.
  EngineKind engine = EngineKind::kPostgreSql;
  std::string server_version;
  std::vector<StepTrace> steps;  // in order of sending
  std::vector<TraceEvent> events;
  std::vector<CheckResult> checks;
  std::vector<TableState> initial_state;
  std::vector<TableState> final_state;
  std::vector<StatementResult> setup_results;     // rows that setup SQL returned
  std::vector<StatementResult> teardown_results;  // rows that teardown SQL returned
  // The schedule could not run as listed (a client's next step came while its
  // previous one still waited for a lock); `steps` has the order that ran.
  bool reordered = false;
  std::optional<DbError> setup_error;  // setup failed: nothing ran
  std::string run_error;               // e.g. lost connection, step limit
  double duration_ms = 0;
  // What each transaction read and wrote, as the server reported it (see
  // sim/explain/recorder.h); `explained` is false when it was not recorded
  // (isolation specs, --no-explain) and `explain_note` then says why, or
  // what the record could not see.
  bool explained = false;
  History history;
  std::string explain_note;

  // "r1 w2 c1 ..." style: step names in sending order.
  std::string OrderText() const;
};

}  // namespace interleave
