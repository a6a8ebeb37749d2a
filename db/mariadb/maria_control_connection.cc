#include "db/mariadb/maria_control_connection.h"

#include <mysql.h>

#include <algorithm>
#include <cstdlib>
#include <map>
#include <tuple>

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

namespace {

// `text` as a quoted SQL string literal.
std::string Literal(const std::string& text) {
  std::string quoted = "'";
  for (char c : text) {
    if (c == '\'' || c == '\\') quoted += '\\';
    quoted += c;
  }
  return quoted + "'";
}

}  // namespace

std::vector<InnodbColumn> MariaControlConnection::IndexColumns(const std::string& table,
                                                               const std::string& index) {
  auto columns_of = [&](const std::string& name) {
    std::vector<InnodbColumn> columns;
    for (const auto& row :
         Rows("SELECT s.COLUMN_NAME, c.DATA_TYPE, c.COLUMN_TYPE LIKE '%unsigned%' "
              "FROM information_schema.STATISTICS s JOIN information_schema.COLUMNS c "
              "ON c.TABLE_SCHEMA = s.TABLE_SCHEMA AND c.TABLE_NAME = s.TABLE_NAME "
              "AND c.COLUMN_NAME = s.COLUMN_NAME WHERE s.TABLE_SCHEMA = DATABASE() "
              "AND s.TABLE_NAME = " +
              Literal(table) + " AND s.INDEX_NAME = " + Literal(name) +
              " ORDER BY s.SEQ_IN_INDEX")) {
      columns.push_back({row[0], row[1], row[2] == "1"});
    }
    return columns;
  };
  std::vector<InnodbColumn> columns = columns_of(index);
  if (columns.empty() || index == "PRIMARY") return columns;
  std::vector<InnodbColumn> primary = columns_of("PRIMARY");
  if (primary.empty()) return {};  // rows identified by InnoDB's hidden row id
  for (const auto& column : primary) {
    bool present = false;
    for (const auto& own : columns) present = present || own.name == column.name;
    if (!present) columns.push_back(column);
  }
  return columns;
}

LockReport MariaControlConnection::Locks(const std::vector<int>& only_backends) {
  LockReport report;
  if (client_list_.empty()) return report;
  // InnoDB's status lists every transaction's locks at once; the filter is ours.
  const std::vector<int>& wanted = only_backends.empty() ? clients_ : only_backends;
  auto settings = Rows("SELECT DATABASE(), @@innodb_status_output_locks");
  auto status = Rows("SHOW ENGINE INNODB STATUS");
  if (settings.empty() || status.empty() || status[0].size() < 3) {
    report.unavailable = "the server did not show its InnoDB status";
    return report;
  }
  if (settings[0][1] != "1") {
    report.unavailable =
        "the locks clients hold are listed only with innodb_status_output_locks=ON; only the "
        "locks they wait for are shown";
  }
  std::map<std::pair<std::string, std::string>, std::vector<InnodbColumn>> columns;
  bool refreshed = false;
  for (const InnodbStatusLock& parsed : ParseInnodbStatusLocks(status[0][2], settings[0][0])) {
    if (std::find(wanted.begin(), wanted.end(), parsed.thread_id) == wanted.end()) continue;
    ServerLock lock;
    lock.backend_id = parsed.thread_id;
    lock.scope = parsed.scope;
    lock.mode = parsed.mode;
    lock.table = parsed.table;
    lock.granted = parsed.granted;
    lock.after_last = parsed.supremum;
    if (parsed.scope != ServerLock::Scope::kTable && !parsed.supremum) {
      auto key = std::make_pair(parsed.table, parsed.index);
      if (!columns.count(key)) columns[key] = IndexColumns(parsed.table, parsed.index);
      lock.row = InnodbRecordKey(parsed.fields, columns[key]);
      if (lock.row.empty()) {
        std::string note = "some records of " + parsed.table + " (index " + parsed.index +
                           ") are not named: their key is not an integer or a string";
        if (report.unavailable.find(note) == std::string::npos)
          report.unavailable += (report.unavailable.empty() ? "" : "; ") + note;
      }
    }
    if (!lock.granted) {
      if (!refreshed) RefreshRowLockWaits();
      refreshed = true;
      for (const auto& [waiter, blocker] : row_lock_waits_) {
        if (waiter == lock.backend_id) lock.waits_for.push_back(blocker);
      }
      std::sort(lock.waits_for.begin(), lock.waits_for.end());
      lock.waits_for.erase(std::unique(lock.waits_for.begin(), lock.waits_for.end()),
                           lock.waits_for.end());
    }
    report.locks.push_back(lock);
  }
  // A waiting lock is printed twice (under "TRX HAS BEEN WAITING" and in the
  // transaction's list).
  auto order = [](const ServerLock& lock) {
    return std::make_tuple(lock.backend_id, !lock.granted, lock.table, static_cast<int>(lock.scope),
                           lock.row, lock.after_last, lock.mode);
  };
  std::stable_sort(report.locks.begin(), report.locks.end(),
                   [&](const ServerLock& a, const ServerLock& b) { return order(a) < order(b); });
  report.locks.erase(
      std::unique(report.locks.begin(), report.locks.end(),
                  [&](const ServerLock& a, const ServerLock& b) { return order(a) == order(b); }),
      report.locks.end());
  return report;
}

}  // namespace interleave
