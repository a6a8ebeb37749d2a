#include "db/mariadb/maria_control_connection.h"

#include <mysql.h>

#include <algorithm>
#include <cstdlib>

#include "db/db_failure.h"
#include "db/mariadb/maria_errors.h"

namespace interleave {

MariaControlConnection::MariaControlConnection(const MariaConnParams& params) {
  mysql_ = ConnectMaria(params, false);
  thread_id_ = static_cast<int>(mysql_thread_id(mysql_));
}

MariaControlConnection::~MariaControlConnection() {
  if (mysql_) mysql_close(mysql_);
}

StepOutcome MariaControlConnection::Execute(const std::string& sql) {
  StepOutcome outcome;
  if (mysql_real_query(mysql_, sql.data(), sql.size()) != 0) {
    outcome.error = ErrorFromMaria(mysql_);
    return outcome;
  }
  StatementResult last;
  while (true) {
    MYSQL_RES* result = mysql_store_result(mysql_);
    if (result) {
      StatementResult statement;
      unsigned columns = mysql_num_fields(result);
      MYSQL_FIELD* fields = mysql_fetch_fields(result);
      for (unsigned c = 0; c < columns; ++c) statement.columns.push_back(fields[c].name);
      while (MYSQL_ROW row = mysql_fetch_row(result)) {
        unsigned long* lengths = mysql_fetch_lengths(result);
        std::vector<std::optional<std::string>> values;
        for (unsigned c = 0; c < columns; ++c) {
          if (row[c]) {
            values.emplace_back(std::string(row[c], lengths[c]));
          } else {
            values.push_back(std::nullopt);
          }
        }
        statement.rows.push_back(std::move(values));
      }
      mysql_free_result(result);
      last = std::move(statement);
    } else if (mysql_field_count(mysql_) != 0) {
      outcome.error = ErrorFromMaria(mysql_);
      return outcome;
    } else {
      last = StatementResult{};
    }
    int next = mysql_next_result(mysql_);
    if (next > 0) {
      outcome.error = ErrorFromMaria(mysql_);
      return outcome;
    }
    if (next < 0) break;
  }
  outcome.results.push_back(std::move(last));
  return outcome;
}

void MariaControlConnection::SetClients(const std::vector<int>& thread_ids) {
  clients_ = thread_ids;
  client_list_.clear();
  for (int id : thread_ids) client_list_ += (client_list_.empty() ? "" : ",") + std::to_string(id);
}

std::vector<std::vector<std::string>> MariaControlConnection::Rows(const std::string& sql) {
  if (mysql_real_query(mysql_, sql.data(), sql.size()) != 0) {
    throw DbFailure(std::string("the lock-wait query failed: ") + mysql_error(mysql_));
  }
  std::vector<std::vector<std::string>> rows;
  MYSQL_RES* result = mysql_store_result(mysql_);
  if (!result) {
    if (mysql_field_count(mysql_) != 0) {
      throw DbFailure(std::string("the lock-wait query failed: ") + mysql_error(mysql_));
    }
    return rows;
  }
  unsigned columns = mysql_num_fields(result);
  while (MYSQL_ROW row = mysql_fetch_row(result)) {
    std::vector<std::string> values;
    for (unsigned c = 0; c < columns; ++c) values.push_back(row[c] ? row[c] : "");
    rows.push_back(std::move(values));
  }
  mysql_free_result(result);
  return rows;
}

void MariaControlConnection::RefreshRowLockWaits() {
  auto now = std::chrono::steady_clock::now();
  if (row_locks_read_ &&
      now - row_locks_read_at_ < std::chrono::milliseconds(kRowLockReadIntervalMs)) {
    return;
  }
  row_lock_waits_.clear();
  for (const auto& row :
       Rows("SELECT r.trx_mysql_thread_id, b.trx_mysql_thread_id "
            "FROM information_schema.INNODB_TRX r "
            "JOIN information_schema.INNODB_LOCK_WAITS w ON w.requesting_trx_id = r.trx_id "
            "JOIN information_schema.INNODB_TRX b ON b.trx_id = w.blocking_trx_id "
            "WHERE r.trx_state = 'LOCK WAIT' AND r.trx_mysql_thread_id IN (" +
            client_list_ +
            ") "
            "AND b.trx_mysql_thread_id IN (" +
            client_list_ + ")")) {
    int waiter = std::atoi(row[0].c_str());
    int blocker = std::atoi(row[1].c_str());
    if (waiter != blocker) row_lock_waits_.emplace_back(waiter, blocker);
  }
  row_locks_read_ = true;
  row_locks_read_at_ = std::chrono::steady_clock::now();
}

std::vector<int> MariaControlConnection::MetadataLockHolders(int thread_id) {
  if (metadata_lock_info_ < 0) {
    metadata_lock_info_ =
        Rows(
            "SELECT 1 FROM information_schema.PLUGINS WHERE PLUGIN_NAME = 'METADATA_LOCK_INFO' "
            "AND PLUGIN_STATUS = 'ACTIVE'")
                .empty()
            ? 0
            : 1;
  }
  std::string id = std::to_string(thread_id);
  std::string sql = metadata_lock_info_
                        ? "SELECT DISTINCT THREAD_ID FROM information_schema.METADATA_LOCK_INFO "
                          "WHERE TABLE_SCHEMA = DATABASE() AND THREAD_ID IN (" +
                              client_list_ + ") AND THREAD_ID <> " + id
                        : "SELECT trx_mysql_thread_id FROM information_schema.INNODB_TRX "
                          "WHERE trx_mysql_thread_id IN (" +
                              client_list_ + ") AND trx_mysql_thread_id <> " + id;
  std::vector<int> ids;
  for (const auto& row : Rows(sql)) ids.push_back(std::atoi(row[0].c_str()));
  return ids;
}

bool MariaControlConnection::IsBlocked(int thread_id) {
  return !BlockingClients(thread_id).empty();
}

std::vector<int> MariaControlConnection::BlockingClients(int thread_id) {
  if (client_list_.empty()) return {};
  auto live = Rows(
      "SELECT p.COMMAND, p.STATE, (SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS "
      "WHERE VARIABLE_NAME = 'INNODB_ROW_LOCK_CURRENT_WAITS') "
      "FROM information_schema.PROCESSLIST p WHERE p.ID = " +
      std::to_string(thread_id));
  if (live.empty() || live[0][0] != "Query") return {};  // not running a statement
  const std::string& state = live[0][1];
  std::vector<int> ids;
  if (state.rfind("Waiting for", 0) == 0 && state.size() >= 13 &&
      state.compare(state.size() - 13, 13, "metadata lock") == 0) {
    ids = MetadataLockHolders(thread_id);
  } else if (live[0][2] != "0") {
    RefreshRowLockWaits();
    for (const auto& [waiter, blocker] : row_lock_waits_) {
      if (waiter == thread_id) ids.push_back(blocker);
    }
  }
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  return ids;
}

}  // namespace interleave
