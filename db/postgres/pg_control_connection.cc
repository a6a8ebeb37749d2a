#include "db/postgres/pg_control_connection.h"

#include <pqxx/pqxx>
#include <sstream>

#include "db/db_failure.h"
#include "db/postgres/pg_errors.h"

namespace interleave {

PgControlConnection::PgControlConnection(const std::string& conninfo) {
  try {
    conn_ = std::make_unique<pqxx::connection>(conninfo);
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

std::vector<int> PgControlConnection::BlockingClients(int pid) { return PidList("blocking_pids", pid); }

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

}  // namespace interleave
