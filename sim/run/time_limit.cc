#include "sim/run/time_limit.h"

#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <thread>

namespace interleave {
namespace {

using Clock = std::chrono::steady_clock;

// The watchdog's state, made once and never destroyed (its thread may still
// wait on it while the process exits).
struct WatchdogState {
  std::mutex mutex;
  std::condition_variable changed;
  std::map<long, std::pair<Clock::time_point, std::function<void()>>> armed;
  long next_id = 1;
  long firing = 0;  // the id whose cancel runs now, or 0
  std::thread thread;

  void Loop() {
    std::unique_lock<std::mutex> lock(mutex);
    for (;;) {
      if (armed.empty()) {
        changed.wait(lock);
        continue;
      }
      auto first = armed.begin();
      for (auto it = armed.begin(); it != armed.end(); ++it) {
        if (it->second.first < first->second.first) first = it;
      }
      if (Clock::now() < first->second.first) {
        changed.wait_until(lock, first->second.first);
        continue;
      }
      std::function<void()> cancel = std::move(first->second.second);
      firing = first->first;
      armed.erase(first);
      lock.unlock();
      try {
        cancel();
      } catch (...) {
        // A cancel that cannot reach the server leaves the connection's own
        // failure to be reported.
      }
      lock.lock();
      firing = 0;
      changed.notify_all();
    }
  }
};

WatchdogState& State() {
  static WatchdogState* state = [] {
    auto* made = new WatchdogState();
    made->thread = std::thread([made] { made->Loop(); });
    made->thread.detach();
    return made;
  }();
  return *state;
}

std::string CancelSql(EngineKind engine, int backend, bool end_connection) {
  if (engine == EngineKind::kMariaDb)
    return std::string(end_connection ? "KILL CONNECTION " : "KILL QUERY ") +
           std::to_string(backend);
  return std::string("SELECT pg_catalog.") +
         (end_connection ? "pg_terminate_backend(" : "pg_cancel_backend(") +
         std::to_string(backend) + ")";
}

std::string Seconds(std::chrono::milliseconds limit) {
  const long long ms = limit.count();
  if (ms % 1000 == 0) return std::to_string(ms / 1000) + " s";
  return std::to_string(ms) + " ms";
}

}  // namespace

std::string TimeLimitMessage(std::chrono::milliseconds limit) {
  return "did not finish within " + Seconds(limit) + ", so it was cancelled";
}

bool IsTimeLimitError(const DbError& error) {
  return error.sqlstate == "57014" &&
         error.message.find(", so it was cancelled") != std::string::npos;
}

Watchdog& Watchdog::Get() {
  static Watchdog watchdog;
  State();
  return watchdog;
}

long Watchdog::Arm(std::chrono::milliseconds after, std::function<void()> cancel) {
  WatchdogState& state = State();
  std::lock_guard<std::mutex> lock(state.mutex);
  long id = state.next_id++;
  state.armed[id] = {Clock::now() + after, std::move(cancel)};
  state.changed.notify_all();
  return id;
}

bool Watchdog::Disarm(long id) {
  WatchdogState& state = State();
  std::unique_lock<std::mutex> lock(state.mutex);
  if (state.armed.erase(id) > 0) return false;
  state.changed.wait(lock, [&] { return state.firing != id; });
  return true;
}

StepOutcome ExecuteWithin(ClientConnection& session, const std::string& sql,
                          std::chrono::milliseconds limit) {
  Watchdog& watchdog = Watchdog::Get();
  long id = watchdog.Arm(limit, [&session] { session.Cancel(); });
  StepOutcome outcome = session.Execute(sql);
  if (watchdog.Disarm(id) && outcome.error) {
    outcome.error = DbError{"57014", "ERROR", TimeLimitMessage(limit), "", ""};
  }
  return outcome;
}

SentStatement::SentStatement(ClientConnection& session, const std::string& sql,
                             std::chrono::milliseconds limit)
    : session_(session), sql_(sql), limit_(limit) {
  watch_ = Watchdog::Get().Arm(limit, [&session] { session.Cancel(); });
  try {
    session.Send(sql);
  } catch (...) {
    Watchdog::Get().Disarm(watch_);
    collected_ = true;
    throw;
  }
}

SentStatement::~SentStatement() {
  if (collected_) return;
  try {
    Collect();
  } catch (...) {
    // The connection is repaired before the next run.
  }
}

StepOutcome SentStatement::Collect() {
  collected_ = true;
  StepOutcome outcome = session_.Collect();
  if (Watchdog::Get().Disarm(watch_) && outcome.error) {
    outcome.error = DbError{"57014", "ERROR", TimeLimitMessage(limit_), "", ""};
  }
  return outcome;
}

TimeLimitedControl::TimeLimitedControl(ControlConnection& inner, ScratchDatabase& scratch,
                                       ConnectionSettings settings, std::chrono::milliseconds limit)
    : inner_(inner), scratch_(scratch), settings_(std::move(settings)), limit_(limit) {}

StepOutcome TimeLimitedControl::Execute(const std::string& sql) {
  Watchdog& watchdog = Watchdog::Get();
  // Cancelled from a connection of its own, as the same role (a role may
  // cancel and end its own sessions).
  auto stop = [this](bool end_connection) {
    return [this, end_connection, backend = inner_.backend_id(), engine = inner_.engine()] {
      std::unique_ptr<ControlConnection> side = scratch_.ConnectControl(settings_);
      side->Execute(CancelSql(engine, backend, end_connection));
    };
  };
  long cancel = watchdog.Arm(limit_, stop(false));
  long end = watchdog.Arm(2 * limit_, stop(true));
  StepOutcome outcome = inner_.Execute(sql);
  bool ended = watchdog.Disarm(end);
  bool cancelled = watchdog.Disarm(cancel);
  if ((cancelled || ended) && outcome.error) {
    std::string message = TimeLimitMessage(limit_);
    if (ended) message += "; it outlived the cancel, so its connection was ended";
    outcome.error = DbError{"57014", "ERROR", message, "", ""};
  }
  return outcome;
}

}  // namespace interleave
