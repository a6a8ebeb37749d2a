#include "db/mariadb/maria_client_connection.h"

#include <mysql.h>
#include <poll.h>

#include <cerrno>

#include "db/db_failure.h"
#include "db/mariadb/maria_command_tag.h"
#include "db/mariadb/maria_errors.h"

namespace interleave {
namespace {

// A setting's value as MariaDB SQL: a number as it is, anything else as a
// single-quoted string literal.
std::string SettingValue(const std::string& value) {
  bool number = !value.empty() && value.find_first_not_of("0123456789.") == std::string::npos;
  if (number) return value;
  std::string text = "'";
  for (char c : value) {
    if (c == '\'' || c == '\\') text += '\\';
    text += c;
  }
  return text + "'";
}

// The socket events among `wanted` (MYSQL_WAIT_*) that have occurred;
// waits up to `timeout_ms` (-1: as long as it takes).
int OccurredEvents(int fd, int wanted, int timeout_ms) {
  if (fd < 0) return MYSQL_WAIT_READ;  // closed: the resumed call reports it
  pollfd entry{fd, 0, 0};
  if (wanted & MYSQL_WAIT_READ) entry.events |= POLLIN;
  if (wanted & MYSQL_WAIT_WRITE) entry.events |= POLLOUT;
  if (wanted & MYSQL_WAIT_EXCEPT) entry.events |= POLLPRI;
  int ready;
  do {
    ready = poll(&entry, 1, timeout_ms);
  } while (ready < 0 && errno == EINTR);
  if (ready <= 0) return 0;
  int events = 0;
  // A hang-up or error is reported as readable: the connector's read then
  // sees the broken connection.
  if (entry.revents & (POLLIN | POLLHUP | POLLERR)) events |= MYSQL_WAIT_READ;
  if (entry.revents & POLLOUT) events |= MYSQL_WAIT_WRITE;
  if (entry.revents & POLLPRI) events |= MYSQL_WAIT_EXCEPT;
  return events & (wanted | MYSQL_WAIT_READ);
}

}  // namespace

MariaClientConnection::MariaClientConnection(const MariaConnParams& params,
                                             const ConnectionSettings& settings)
    : params_(params) {
  mysql_ = ConnectMaria(params_, true);
  thread_id_ = static_cast<int>(mysql_thread_id(mysql_));
  for (const auto& [name, value] : settings.parameters) {
    std::string sql = "SET SESSION " + name + " = " + SettingValue(value);
    if (mysql_real_query(mysql_, sql.data(), sql.size()) != 0) {
      std::string message = mysql_error(mysql_);
      mysql_close(mysql_);
      mysql_ = nullptr;
      throw DbFailure("cannot apply " + name + "=" + value + ": " + message);
    }
  }
}

MariaClientConnection::~MariaClientConnection() {
  if (result_) mysql_free_result(result_);
  if (mysql_) mysql_close(mysql_);
}

int MariaClientConnection::socket() const { return static_cast<int>(mysql_get_socket(mysql_)); }

bool MariaClientConnection::connection_ok() const { return mysql_ && !lost_; }

void MariaClientConnection::SetNoticeHandler(std::function<void(const std::string&)> handler) {}

void MariaClientConnection::Send(const std::string& sql) {
  if (lost_) throw DbFailure("the connection to the server was lost");
  outcome_ = StepOutcome{};
  statement_words_ = MariaStatementWords(sql);
  statement_index_ = 0;
  busy_ = true;
  phase_ = Phase::kQuery;
  int status = mysql_real_query_start(&int_return_, mysql_, sql.data(), sql.size());
  if (status == 0 && int_return_ != 0 && IsConnectionLost(mysql_errno(mysql_))) {
    busy_ = false;
    phase_ = Phase::kIdle;
    lost_ = true;
    throw DbFailure(std::string("cannot send: ") + mysql_error(mysql_));
  }
  Advance(status);
}

bool MariaClientConnection::Advance(int status) {
  while (true) {
    if (status != 0) {
      wait_status_ = status;
      return false;
    }
    switch (phase_) {
      case Phase::kIdle:
      case Phase::kDone:
        return true;
      case Phase::kQuery:
        if (int_return_ != 0) {
          RecordError();
          phase_ = Phase::kDone;
          return true;
        }
        phase_ = Phase::kStore;
        status = mysql_store_result_start(&result_, mysql_);
        break;
      case Phase::kStore:
        if (!result_ && mysql_field_count(mysql_) != 0) {
          RecordError();
          phase_ = Phase::kDone;
          return true;
        }
        RecordResult();
        if (!mysql_more_results(mysql_)) {
          phase_ = Phase::kDone;
          return true;
        }
        phase_ = Phase::kNext;
        status = mysql_next_result_start(&int_return_, mysql_);
        break;
      case Phase::kNext:
        if (int_return_ > 0) {
          RecordError();
          phase_ = Phase::kDone;
          return true;
        }
        if (int_return_ < 0) {
          phase_ = Phase::kDone;
          return true;
        }
        phase_ = Phase::kStore;
        status = mysql_store_result_start(&result_, mysql_);
        break;
    }
  }
}

bool MariaClientConnection::Resume(int events) {
  int status = 0;
  switch (phase_) {
    case Phase::kQuery:
      status = mysql_real_query_cont(&int_return_, mysql_, events);
      break;
    case Phase::kStore:
      status = mysql_store_result_cont(&result_, mysql_, events);
      break;
    case Phase::kNext:
      status = mysql_next_result_cont(&int_return_, mysql_, events);
      break;
    case Phase::kIdle:
    case Phase::kDone:
      return true;
  }
  return Advance(status);
}

void MariaClientConnection::RecordError() {
  if (IsConnectionLost(mysql_errno(mysql_))) lost_ = true;
  if (!outcome_.error) outcome_.error = ErrorFromMaria(mysql_);
}

void MariaClientConnection::RecordResult() {
  StatementResult statement;
  if (result_) {
    unsigned columns = mysql_num_fields(result_);
    MYSQL_FIELD* fields = mysql_fetch_fields(result_);
    for (unsigned c = 0; c < columns; ++c) statement.columns.push_back(fields[c].name);
    while (MYSQL_ROW row = mysql_fetch_row(result_)) {
      unsigned long* lengths = mysql_fetch_lengths(result_);
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
    statement.command_tag = "SELECT " + std::to_string(statement.rows.size());
    mysql_free_result(result_);
    result_ = nullptr;
  } else {
    static const std::vector<std::string> kNoWords;
    const auto& words =
        statement_index_ < statement_words_.size() ? statement_words_[statement_index_] : kNoWords;
    statement.command_tag = MariaCommandTag(words, mysql_affected_rows(mysql_));
  }
  ++statement_index_;
  outcome_.results.push_back(std::move(statement));
}

bool MariaClientConnection::Poll() {
  if (!busy_ || phase_ == Phase::kDone || phase_ == Phase::kIdle) return true;
  int events = OccurredEvents(socket(), wait_status_, 0);
  if (events == 0) return false;
  return Resume(events);
}

StepOutcome MariaClientConnection::Collect() {
  while (busy_ && phase_ != Phase::kDone && phase_ != Phase::kIdle) {
    int events = OccurredEvents(socket(), wait_status_, -1);
    if (events != 0) Resume(events);
  }
  busy_ = false;
  phase_ = Phase::kIdle;
  StepOutcome outcome = std::move(outcome_);
  outcome_ = StepOutcome{};
  return outcome;
}

StepOutcome MariaClientConnection::Execute(const std::string& sql) {
  Send(sql);
  return Collect();
}

bool MariaClientConnection::Cancel() {
  try {
    MYSQL* killer = ConnectMaria(params_, false);
    std::string sql = "KILL QUERY " + std::to_string(thread_id_);
    bool ok = mysql_real_query(killer, sql.data(), sql.size()) == 0;
    mysql_close(killer);
    return ok;
  } catch (const DbFailure&) {
    return false;
  }
}

}  // namespace interleave
