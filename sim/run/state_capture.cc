#include "sim/run/state_capture.h"

#include <chrono>

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

LockSnapshot CaptureLocks(ControlConnection& control, const std::vector<int>& backend_ids) {
  const auto start = std::chrono::steady_clock::now();
  auto client_of = [&](int backend) {
    for (size_t c = 0; c < backend_ids.size(); ++c) {
      if (backend_ids[c] == backend) return static_cast<int>(c);
    }
    return -1;
  };
  LockReport report = control.Locks();
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

}  // namespace interleave
