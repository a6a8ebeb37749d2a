// Setting up and tearing down one run. Before the first step: the scratch
// database is emptied as its engine does it (Dialect::ResetSql; except for
// isolation specs, which keep their database as the reference tool does), the
// setup SQL runs on the control connection (or, when the last run's setup was
// the same and provably restorable, its tables are put back from a snapshot:
// sim/run/setup_snapshot.h), and each reused session is put
// back in a known state (PostgreSQL: DISCARD ALL, a short deadlock_timeout;
// MariaDB: the default innodb_lock_wait_timeout; then the client's isolation
// level, READ COMMITTED when it sets none on MariaDB as on PostgreSQL; then
// its own setup SQL). After the last: each session's teardown SQL, then the
// scenario's. Transactions a run left prepared are rolled back at its end (when
// any text it sent says PREPARE) and before the next reset. Rows that setup and teardown statements
// return are kept in the trace, as isolationtester prints them; a setup error ends the run.
// Thread-safety: none; called on the run's thread.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "db/engine.h"
#include "sim/model/trace.h"
#include "sim/plan/plan.h"
#include "sim/run/time_limit.h"

namespace interleave {

// The deadlock_timeout every session of a scenario starts with.
constexpr int kDeadlockTimeoutMs = 50;

class SetupSnapshot;

// Resets the database and runs the plan's setup SQL. Returns false (with
// trace->setup_error set) when a statement failed or passed its time limit
// (`control` enforces it: a TimeLimitedControl). When `snapshot` holds one
// of a setup of `key` (SetupSnapshot::KeyOf) that still applies, its tables
// are put back instead and `*restored` is set; otherwise the caller takes
// one (SetupSnapshot::Capture) once the tables are as the run starts.
bool SetUpDatabase(const Plan& plan, ControlConnection& control, SetupSnapshot* snapshot,
                   const std::string& key, bool* restored, Trace* trace);

// Puts client number `client`'s session in its starting state (on
// PostgreSQL outside a transaction block: DISCARD ALL's statements and the
// settings in one round trip), each
// statement cancelled past `limit`. Returns false (with trace->setup_error
// set) when a statement failed. `reset`, when given, is the first of those
// statements already sent (ResetSentAhead): its answer is collected instead.
bool SetUpSession(const Plan& plan, size_t client, ClientConnection& session,
                  std::chrono::milliseconds limit, Trace* trace,
                  std::unique_ptr<SentStatement> reset = nullptr);

// Sends the first statement SetUpSession would send on `session` (the reset
// and the settings), when that one does not depend on the database (a
// scenario's session on PostgreSQL, idle outside a transaction block), so
// that it runs while the control connection sets up the database; null
// otherwise. Throws DbFailure when it cannot be sent.
std::unique_ptr<SentStatement> ResetSentAhead(const Plan& plan, size_t client,
                                              ClientConnection& session,
                                              std::chrono::milliseconds limit);

// Whether `session` is known to be idle outside any transaction block (on
// PostgreSQL, as libpq last heard; false when the engine does not say).
bool IdleOutsideTransaction(const ClientConnection& session);

// Runs each session's teardown SQL (`sessions` by client number; each
// statement cancelled past `limit`), then the scenario's on the control
// connection. A statement cancelled at its limit fails the run
// (trace->run_error).
void TearDown(const Plan& plan, const std::vector<ClientConnection*>& sessions,
              ControlConnection& control, std::chrono::milliseconds limit, Trace* trace);

}  // namespace interleave
