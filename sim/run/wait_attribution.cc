#include "sim/run/wait_attribution.h"

#include <algorithm>
#include <array>

#include "sim/model/transaction_end.h"

namespace interleave {

namespace {

// PostgreSQL's table lock modes, weakest first (the manual's table 13.2).
constexpr std::array<const char*, 8> kTableModes = {
    "ACCESS SHARE", "ROW SHARE",           "ROW EXCLUSIVE", "SHARE UPDATE EXCLUSIVE",
    "SHARE",        "SHARE ROW EXCLUSIVE", "EXCLUSIVE",     "ACCESS EXCLUSIVE"};

// Per mode (by index above), the modes it conflicts with, as bits.
constexpr std::array<unsigned, 8> kConflicts = {
    0b10000000,  // ACCESS SHARE: ACCESS EXCLUSIVE
    0b11000000,  // ROW SHARE: EXCLUSIVE, ACCESS EXCLUSIVE
    0b11110000,  // ROW EXCLUSIVE: SHARE and stronger
    0b11111000,  // SHARE UPDATE EXCLUSIVE: itself and stronger
    0b11101100,  // SHARE: ROW EXCLUSIVE, SHARE UPDATE EXCLUSIVE, SHARE ROW EXCLUSIVE and stronger
    0b11111100,  // SHARE ROW EXCLUSIVE: ROW EXCLUSIVE and stronger
    0b11111110,  // EXCLUSIVE: all but ACCESS SHARE
    0b11111111,  // ACCESS EXCLUSIVE: all
};

int TableModeIndex(const std::string& mode) {
  for (size_t i = 0; i < kTableModes.size(); ++i)
    if (mode == kTableModes[i]) return static_cast<int>(i);
  return -1;
}

// What a waiting step waits for: a row, or a table in a mode.
struct WaitTarget {
  bool table_lock = false;
  std::string table;
  std::string row;
  std::string mode;
};

bool Contains(const std::vector<int>& values, int value) {
  return std::find(values.begin(), values.end(), value) != values.end();
}

// Whether `write` was made by step `step` of `client`'s attempt `attempt`.
bool WrittenBy(const History& history, const WriteEvent& write, int client, int attempt,
               const std::string& step) {
  const TxnRecord* txn = history.Txn(write.txn);
  return txn && txn->client == client && txn->attempt == attempt && write.step == step;
}

// The locks `waiter` was refused while it waited for `holder`; else the rows
// it wrote once it got them (from the history).
std::vector<WaitTarget> TargetsOf(const Trace& trace, const StepTrace& waiter, int holder) {
  std::vector<WaitTarget> targets;
  for (const ClientLock& lock : waiter.locks.locks) {
    if (lock.client != waiter.client || lock.granted) continue;
    if (!lock.waits_for.empty() && !Contains(lock.waits_for, holder)) continue;
    if (lock.scope == ServerLock::Scope::kPredicate) continue;
    bool table_lock = lock.scope == ServerLock::Scope::kTable;
    if (!table_lock && lock.row.empty()) continue;
    targets.push_back({table_lock, lock.table, lock.row, lock.mode});
  }
  if (!targets.empty()) return targets;
  for (const WriteEvent& write : trace.history.writes) {
    if (WrittenBy(trace.history, write, waiter.client, waiter.attempt, waiter.step_name))
      targets.push_back({false, write.table, write.key, ""});
  }
  return targets;
}

// Whether step `step` of `holder` wrote, or is seen holding, what one of
// `targets` waited for.
bool TookLock(const Trace& trace, const StepTrace& step, int holder,
              const std::vector<WaitTarget>& targets) {
  for (const WaitTarget& target : targets) {
    if (!target.table_lock) {
      for (const WriteEvent& write : trace.history.writes) {
        if (WrittenBy(trace.history, write, holder, step.attempt, step.step_name) &&
            write.table == target.table && write.key == target.row)
          return true;
      }
    }
    for (const LockSnapshot* snapshot : {&step.locks, &step.locks_when_done}) {
      for (const ClientLock& lock : snapshot->locks) {
        if (lock.client != holder || !lock.granted || lock.table != target.table) continue;
        bool table_lock = lock.scope == ServerLock::Scope::kTable;
        if (table_lock != target.table_lock || lock.scope == ServerLock::Scope::kPredicate)
          continue;
        if (table_lock ? TableModesConflict(target.mode, lock.mode) : lock.row == target.row)
          return true;
      }
    }
  }
  return false;
}

// The steps of `holder`'s transaction up to `last` (its latest step sent),
// in order.
std::vector<const StepTrace*> TransactionSteps(const Trace& trace, int holder, int last) {
  std::vector<const StepTrace*> steps;
  const int attempt = trace.steps[last].attempt;
  for (int i = last; i >= 0; --i) {
    const StepTrace& step = trace.steps[i];
    if (step.client != holder) continue;
    if (step.attempt != attempt) break;
    if (i != last && TransactionEndOf(step) != TransactionEnd::kNone) break;
    steps.push_back(&step);
  }
  std::reverse(steps.begin(), steps.end());
  return steps;
}

// Moves the completion event of step `moved` to just before that of `before`.
void MoveEventBefore(Trace& trace, int moved, int before) {
  auto is_completion = [](const TraceEvent& event, int step) {
    return event.step == step && (event.kind == TraceEvent::Kind::kCompletedLater ||
                                  event.kind == TraceEvent::Kind::kCompleted);
  };
  auto& events = trace.events;
  auto from = std::find_if(events.begin(), events.end(),
                           [&](const TraceEvent& e) { return is_completion(e, moved); });
  auto to = std::find_if(events.begin(), events.end(),
                         [&](const TraceEvent& e) { return is_completion(e, before); });
  if (from == events.end() || to == events.end() || to > from) return;
  std::rotate(to, from, from + 1);
}

}  // namespace

bool TableModesConflict(const std::string& a, const std::string& b) {
  int x = TableModeIndex(a), y = TableModeIndex(b);
  if (x < 0 || y < 0) return true;
  return (kConflicts[x] >> y) & 1u;
}

void NameLockTakers(Trace& trace) {
  const int count = static_cast<int>(trace.steps.size());
  for (StepTrace& waiter : trace.steps) {
    if (!waiter.blocked || waiter.wait_kind != "lock") continue;
    for (size_t i = 0; i < waiter.blocked_by_clients.size() && i < waiter.blocked_by_steps.size();
         ++i) {
      const int holder = waiter.blocked_by_clients[i];
      const int last = waiter.blocked_by_steps[i];
      if (last < 0 || last >= count || trace.steps[last].client != holder) continue;
      std::vector<WaitTarget> targets = TargetsOf(trace, waiter, holder);
      if (targets.empty()) continue;
      for (const StepTrace* step : TransactionSteps(trace, holder, last)) {
        if (TookLock(trace, *step, holder, targets)) {
          waiter.blocked_by_steps[i] = step->index;
          break;
        }
      }
    }
  }
}

void TellDeadlocks(Trace& trace) {
  for (StepTrace& victim : trace.steps) {
    if (!victim.blocked || victim.status != StepStatus::kFailed || !victim.error ||
        victim.error->sqlstate != "40P01")
      continue;
    victim.released_by = -1;
    for (StepTrace& other : trace.steps) {
      if (other.index == victim.index || !other.blocked || other.released_by != victim.index ||
          other.completion_order < 0 || other.completion_order > victim.completion_order)
        continue;
      // The victim's abort came first: shift the completions in between.
      const int first = other.completion_order;
      for (StepTrace& step : trace.steps)
        if (step.completion_order >= first && step.completion_order < victim.completion_order)
          ++step.completion_order;
      victim.completion_order = first;
      MoveEventBefore(trace, victim.index, other.index);
    }
  }
}

}  // namespace interleave
