#include "sim/run/run_setup.h"

#include <optional>
#include <string>

#include "db/postgres/pg_client_connection.h"
#include "sim/run/setup_snapshot.h"
#include "sim/run/time_limit.h"
#include "util/text_util.h"

namespace interleave {
namespace {

// What DISCARD ALL does, statement by statement (PostgreSQL's documentation
// of DISCARD).
constexpr const char* kDiscardAllSql =
    "CLOSE ALL; SET SESSION AUTHORIZATION DEFAULT; RESET ALL; DEALLOCATE ALL; UNLISTEN *; "
    "SELECT pg_catalog.pg_advisory_unlock_all(); DISCARD PLANS; DISCARD TEMP; DISCARD SEQUENCES";

bool IsSpec(const Plan& plan) { return plan.scenario && plan.scenario->is_isolation_spec; }

std::string FileOf(const Plan& plan) {
  return plan.scenario && !plan.scenario->path.empty() ? plan.scenario->path + ": " : "";
}

// A statement cancelled at its time limit says which part of which file it
// was ("x.toml: setup did not finish within 60 s, so it was cancelled").
void NameThePart(const Plan& plan, const std::string& part, DbError* error) {
  if (IsTimeLimitError(*error)) error->message = FileOf(plan) + part + " " + error->message;
}

// Keeps the last result of `outcome` when it returned rows.
void KeepRows(StepOutcome outcome, std::vector<StatementResult>* into) {
  if (!outcome.error && !outcome.results.empty() && outcome.results.back().has_rows()) {
    into->push_back(outcome.results.back());
  }
}

// Rolls back the transactions a run left prepared (PREPARE TRANSACTION) in
// the scratch database: they would hold their locks past the run, make the
// next reset wait, and keep the database from being dropped.
void EndPreparedTransactions(ControlConnection& control) {
  if (control.engine() != EngineKind::kPostgreSql) return;
  StepOutcome prepared = control.Execute(
      "SELECT pg_catalog.quote_literal(gid) FROM pg_catalog.pg_prepared_xacts WHERE database = "
      "pg_catalog.current_database()");
  if (prepared.error || prepared.results.empty()) return;
  for (const auto& row : prepared.results.back().rows) {
    if (!row.empty() && row[0]) control.Execute("ROLLBACK PREPARED " + *row[0]);
  }
}

// Whether the run may have left a prepared transaction: only a PREPARE
// TRANSACTION sent as such makes one (functions cannot), so a run none of
// whose texts says PREPARE left none. (The next run's reset checks again.)
bool MayHavePrepared(const Plan& plan, const Trace& trace) {
  auto says = [](const std::string& text) {
    return AsciiUpper(text).find("PREPARE") != std::string::npos;
  };
  for (const std::string& sql : plan.setup_sql)
    if (says(sql)) return true;
  for (const Client& client : plan.clients) {
    for (const std::string& sql : client.setup_sql)
      if (says(sql)) return true;
    for (const std::string& sql : client.teardown_sql)
      if (says(sql)) return true;
  }
  for (const StepTrace& step : trace.steps)
    if (says(step.sql)) return true;
  return false;
}

}  // namespace

bool IdleOutsideTransaction(const ClientConnection& session) {
  const auto* postgres = dynamic_cast<const PgClientConnection*>(&session);
  return postgres && postgres->idle_outside_transaction();
}

bool SetUpDatabase(const Plan& plan, ControlConnection& control, SetupSnapshot* snapshot,
                   const std::string& key, bool* restored, Trace* trace) {
  *restored = false;
  if (!IsSpec(plan) && snapshot && snapshot->Restore(key)) {
    // The tables as the same setup left them, in one round trip.
    *restored = true;
    trace->setup_results = snapshot->setup_results();
    return true;
  }
  if (!IsSpec(plan)) {
    // Every run starts from exactly what the setup makes.
    EndPreparedTransactions(control);
    StepOutcome reset = control.Execute(Dialect::ResetSql(control.engine()));
    if (reset.error) {
      trace->setup_error = reset.error;
      NameThePart(plan,
                  "emptying the scratch database before the run (a transaction of the previous "
                  "run may still hold a lock)",
                  &*trace->setup_error);
      return false;
    }
  }
  for (const auto& sql : plan.setup_sql) {
    StepOutcome outcome = control.Execute(sql);
    if (outcome.error) {
      trace->setup_error = outcome.error;
      trace->setup_error->detail = "in setup: " + sql;
      NameThePart(plan, "setup", &*trace->setup_error);
      return false;
    }
    KeepRows(std::move(outcome), &trace->setup_results);
  }
  return true;
}

namespace {

// The statements that put a session in its starting state, in order.
std::vector<std::string> SessionStatements(const Plan& plan, size_t client,
                                           const ClientConnection& session) {
  const bool spec = IsSpec(plan);
  std::vector<std::string> statements;
  // A reused session starts from defaults (isolation specs keep their
  // sessions as they are, like the reference tool).
  const EngineKind engine = session.engine();
  if (!spec && engine == EngineKind::kMariaDb) {
    // InnoDB has no deadlock_timeout: it looks for a deadlock as soon as a
    // lock wait begins (see Scheduler::SetDeadlockTimeout). A scenario's
    // default level is READ COMMITTED on every engine, as on PostgreSQL
    // (MariaDB's own default is REPEATABLE READ).
    const Isolation level = plan.isolation[client] == Isolation::kDefault
                                ? Isolation::kReadCommitted
                                : plan.isolation[client];
    statements.push_back("SET SESSION innodb_lock_wait_timeout = DEFAULT; " +
                         Dialect::SessionIsolationSql(engine, IsolationSql(level)));
  } else if (!spec) {
    // A role that may not set deadlock_timeout keeps the server's (the
    // target says so to the user once).
    std::string settings =
        session.may_set_deadlock_timeout()
            ? "SET deadlock_timeout = '" + std::to_string(kDeadlockTimeoutMs) + "ms'"
            : "";
    if (plan.isolation[client] != Isolation::kDefault) {
      settings += (settings.empty() ? "" : "; ") +
                  Dialect::SessionIsolationSql(engine, IsolationSql(plan.isolation[client]));
    }
    if (IdleOutsideTransaction(session)) {
      // DISCARD ALL refuses a multi-statement string; what it does, as its
      // documentation spells it, does not, so the reset and the settings
      // take one round trip. Only outside a transaction block, where DISCARD
      // ALL would run.
      statements.push_back(std::string(kDiscardAllSql) + (settings.empty() ? "" : "; " + settings));
    } else {
      statements.push_back("DISCARD ALL");  // fails inside a transaction block, saying so
      if (!settings.empty()) statements.push_back(settings);
    }
  } else if (plan.isolation[client] != Isolation::kDefault) {
    statements.push_back(
        Dialect::SessionIsolationSql(engine, IsolationSql(plan.isolation[client])));
  }
  for (const auto& sql : plan.clients[client].setup_sql) statements.push_back(sql);
  return statements;
}

}  // namespace

std::unique_ptr<SentStatement> ResetSentAhead(const Plan& plan, size_t client,
                                              ClientConnection& session,
                                              std::chrono::milliseconds limit) {
  if (IsSpec(plan) || session.engine() != EngineKind::kPostgreSql ||
      !IdleOutsideTransaction(session) || session.busy()) {
    return nullptr;
  }
  std::vector<std::string> statements = SessionStatements(plan, client, session);
  if (statements.empty()) return nullptr;
  return std::make_unique<SentStatement>(session, statements.front(), limit);
}

bool SetUpSession(const Plan& plan, size_t client, ClientConnection& session,
                  std::chrono::milliseconds limit, Trace* trace,
                  std::unique_ptr<SentStatement> reset) {
  const bool spec = IsSpec(plan);
  std::vector<std::string> statements;
  if (reset) {
    // Sent when the session was idle: the reset and the settings.
    statements.push_back(reset->sql());
    for (const auto& sql : plan.clients[client].setup_sql) statements.push_back(sql);
  } else {
    statements = SessionStatements(plan, client, session);
  }
  for (size_t i = 0; i < statements.size(); ++i) {
    const std::string& sql = statements[i];
    StepOutcome outcome = i == 0 && reset ? reset->Collect() : ExecuteWithin(session, sql, limit);
    if (outcome.error) {
      trace->setup_error = outcome.error;
      trace->setup_error->detail = "in setup of " + plan.clients[client].name + ": " + sql;
      NameThePart(plan, "the setup of " + plan.clients[client].name, &*trace->setup_error);
      return false;
    }
    if (spec) KeepRows(std::move(outcome), &trace->setup_results);
  }
  return true;
}

void TearDown(const Plan& plan, const std::vector<ClientConnection*>& sessions,
              ControlConnection& control, std::chrono::milliseconds limit, Trace* trace) {
  auto fail_at_limit = [&](const std::optional<DbError>& error, const std::string& part) {
    if (!error || !IsTimeLimitError(*error) || !trace->run_error.empty()) return;
    DbError named = *error;
    NameThePart(plan, part, &named);
    trace->run_error = named.message;
  };
  for (size_t c = 0; c < sessions.size(); ++c) {
    for (const auto& sql : plan.clients[c].teardown_sql) {
      StepOutcome outcome = ExecuteWithin(*sessions[c], sql, limit);
      fail_at_limit(outcome.error, "the teardown of " + plan.clients[c].name);
      if (!outcome.results.empty())
        outcome.results.erase(outcome.results.begin(), outcome.results.end() - 1);
      KeepRows(std::move(outcome), &trace->teardown_results);
    }
  }
  if (!IsSpec(plan) && MayHavePrepared(plan, *trace)) EndPreparedTransactions(control);
  if (plan.scenario) {
    for (const auto& sql : plan.scenario->teardown_sql) {
      StepOutcome outcome = control.Execute(sql);
      fail_at_limit(outcome.error, "teardown");
      KeepRows(std::move(outcome), &trace->teardown_results);
    }
  }
}

}  // namespace interleave
