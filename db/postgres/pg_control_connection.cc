#include "db/postgres/pg_control_connection.h"

#include <pqxx/pqxx>
#include <sstream>

#include "db/db_failure.h"
#include "db/postgres/pg_errors.h"
#include "db/postgres/pg_lock_report.h"

namespace interleave {

PgControlConnection::PgControlConnection(const std::string& conninfo) {
  try {
    conn_ = std::make_unique<pqxx::connection>(conninfo);
    quiet_ = std::make_unique<pqxx::quiet_errorhandler>(*conn_);
    conn_->prepare("is_blocked", "SELECT pg_catalog.pg_isolation_test_session_is_blocked($1, $2)");
    conn_->prepare("blocking_pids", "SELECT pg_catalog.unnest(pg_catalog.pg_blocking_pids($1))");
    conn_->prepare("safe_snapshot_blocking_pids",
                   "SELECT pg_catalog.unnest(pg_catalog.pg_safe_snapshot_blocking_pids($1))");
  } catch (const std::exception& error) {
    throw DbFailure(std::string("cannot connect: ") + error.what());
  }
}

PgControlConnection::~PgControlConnection() = default;

int PgControlConnection::backend_id() const { return conn_->backendpid(); }

StepOutcome PgControlConnection::Execute(const std::string& sql) {
  StepOutcome outcome;
  try {
    pqxx::nontransaction tx(*conn_);
    pqxx::result result = tx.exec(sql);
    StatementResult statement;
    for (pqxx::row::size_type c = 0; c < result.columns(); ++c) {
      statement.columns.push_back(result.column_name(c));
    }
    for (const auto& row : result) {
      std::vector<std::optional<std::string>> values;
      for (const auto& field : row) {
        if (field.is_null()) {
          values.push_back(std::nullopt);
        } else {
          values.emplace_back(field.c_str());
        }
      }
      statement.rows.push_back(std::move(values));
    }
    outcome.results.push_back(std::move(statement));
  } catch (const std::exception& error) {
    outcome.error = ErrorFromException(error);
  }
  return outcome;
}

void PgControlConnection::SetClients(const std::vector<int>& pids) {
  std::ostringstream array;
  array << "{";
  for (size_t i = 0; i < pids.size(); ++i) array << (i ? "," : "") << pids[i];
  array << "}";
  pid_array_ = array.str();
}

bool PgControlConnection::IsBlocked(int pid) {
  try {
    pqxx::nontransaction tx(*conn_);
    pqxx::result result = tx.exec_prepared("is_blocked", pid, pid_array_);
    return result[0][0].as<bool>();
  } catch (const std::exception& error) {
    throw DbFailure(std::string("the lock-wait query failed: ") + error.what());
  }
}

std::vector<int> PgControlConnection::BlockingClients(int pid) {
  return PidList("blocking_pids", pid);
}

std::vector<int> PgControlConnection::SafeSnapshotBlockers(int pid) {
  return PidList("safe_snapshot_blocking_pids", pid);
}

std::vector<int> PgControlConnection::PidList(const std::string& statement, int pid) {
  std::vector<int> pids;
  try {
    pqxx::nontransaction tx(*conn_);
    for (const auto& row : tx.exec_prepared(statement, pid)) pids.push_back(row[0].as<int>());
  } catch (const std::exception&) {
    // Who blocks is told when known; a failed look-up leaves it unsaid.
  }
  return pids;
}

bool PgControlConnection::HaveRowLockReader() {
  if (row_lock_reader_ >= 0) return row_lock_reader_ == 1;
  const std::string schema = kPgRowLocksSchema;
  auto callable = [&] {
    pqxx::nontransaction tx(*conn_);
    return tx
        .exec("SELECT pg_catalog.to_regprocedure(" + tx.quote(schema + ".pgrowlocks(text)") +
              ") IS NOT NULL")[0][0]
        .as<bool>();
  };
  try {
    row_lock_reader_ = callable() ? 1 : 0;
    if (!row_lock_reader_) {
      // A superuser's connection (a server --db names, an isolation spec's
      // run) may add it; the private server's scratch databases have it.
      pqxx::nontransaction tx(*conn_);
      tx.exec("CREATE SCHEMA IF NOT EXISTS " + tx.quote_name(schema) +
              "; CREATE EXTENSION IF NOT EXISTS pgrowlocks SCHEMA " + tx.quote_name(schema));
      row_lock_reader_ = callable() ? 1 : 0;
    }
  } catch (const pqxx::broken_connection& error) {
    throw DbFailure(std::string("the lock query failed: ") + error.what());
  } catch (const std::exception&) {
    row_lock_reader_ = 0;  // not installed, or not allowed: Locks() says so
  }
  return row_lock_reader_ == 1;
}

LockReport PgControlConnection::Locks(const std::vector<int>& only_backends) {
  std::string pids = pid_array_;
  if (!only_backends.empty()) {
    pids = "{";
    for (size_t i = 0; i < only_backends.size(); ++i)
      pids += (i ? "," : "") + std::to_string(only_backends[i]);
    pids += "}";
  }
  return ReadPgLocks(*conn_, pids, HaveRowLockReader() ? kPgRowLocksSchema : "");
}

}  // namespace interleave
