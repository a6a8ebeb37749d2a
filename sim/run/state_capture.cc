#include "sim/run/state_capture.h"

#include <chrono>

#include "sim/model/sql_text.h"
#include "util/text_util.h"

namespace interleave {

std::vector<TableState> CaptureState(ControlConnection& control,
                                     const std::vector<std::string>& show_tables) {
  std::vector<std::string> tables = show_tables;
  if (tables.empty()) {
    StepOutcome list = control.Execute(Dialect::ListTablesSql(control.engine()));
    if (!list.error) {
      for (const auto& row : list.results.back().rows) tables.push_back(row[0].value_or(""));
    }
  }
  std::vector<TableState> state;
  for (const auto& table : tables) {
    StepOutcome contents = control.Execute("SELECT * FROM " + table + " ORDER BY 1");
    if (contents.error) continue;
    state.push_back({table, contents.results.back()});
  }
  return state;
}

LockSnapshot CaptureLocks(ControlConnection& control, const std::vector<int>& backend_ids,
                          int only_client) {
  const auto start = std::chrono::steady_clock::now();
  auto client_of = [&](int backend) {
    for (size_t c = 0; c < backend_ids.size(); ++c) {
      if (backend_ids[c] == backend) return static_cast<int>(c);
    }
    return -1;
  };
  std::vector<int> only;
  if (only_client >= 0 && only_client < static_cast<int>(backend_ids.size()))
    only.push_back(backend_ids[only_client]);
  LockReport report = control.Locks(only);
  LockSnapshot snapshot;
  snapshot.captured = true;
  snapshot.unavailable = report.unavailable;
  for (const ServerLock& lock : report.locks) {
    ClientLock own{client_of(lock.backend_id),
                   lock.scope,
                   lock.mode,
                   lock.table,
                   lock.row,
                   lock.after_last,
                   lock.by_write,
                   lock.granted,
                   {}};
    if (own.client < 0) continue;
    for (int backend : lock.waits_for) {
      int holder = client_of(backend);
      if (holder >= 0) own.waits_for.push_back(holder);
    }
    snapshot.locks.push_back(std::move(own));
  }
  snapshot.capture_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  return snapshot;
}

bool StepMayLock(const std::string& sql, bool serializable) {
  bool may_lock = false;
  for (const std::string& statement : SplitStatements(sql)) {
    const std::string word = FirstKeyword(statement);
    static const char* const kNoLock[] = {"SET",   "SAVEPOINT", "RELEASE", "SHOW",
                                          "RESET", "PREPARE",   ""};
    bool no_lock = IsTransactionControl(word);
    for (const char* keyword : kNoLock)
      if (word == keyword) no_lock = true;
    if (no_lock) continue;
    if (word != "SELECT" && word != "VALUES" && word != "TABLE" && word != "WITH") return true;
    std::string upper = " " + AsciiUpper(statement) + " ";
    for (char& c : upper)
      if (c == '(' || c == ')' || c == ',' || c == '\n' || c == '\t') c = ' ';
    auto has = [&](const char* phrase) { return upper.find(phrase) != std::string::npos; };
    if (serializable || has(" FOR UPDATE") || has(" FOR SHARE") || has(" FOR NO KEY UPDATE") ||
        has(" FOR KEY SHARE") || has(" NOWAIT") || has(" SKIP LOCKED"))
      return true;
    // A data-modifying WITH, or a function that may write or lock.
    if (word == "WITH" && (has(" INSERT ") || has(" UPDATE ") || has(" DELETE ") || has(" MERGE ")))
      return true;
    if (has("LOCK") || has("NEXTVAL") || has("SETVAL")) may_lock = true;
  }
  return may_lock;
}

}  // namespace interleave
