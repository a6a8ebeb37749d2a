// The locks the clients of a run held and waited for at one moment (after a
// step was sent and completed or was found waiting), on the scenario's
// tables, as the server reported them (ControlConnection::Locks), with
// clients named by their index in the scenario rather than by server id.
// What the server could not tell is said in `unavailable`, never guessed.
// Thread-safety: plain values.
#pragma once

#include <string>
#include <vector>

#include "db/engine.h"

namespace interleave {

// One lock of one client (see ServerLock for what each field means).
struct ClientLock {
  int client = -1;  // index in the scenario's clients
  ServerLock::Scope scope = ServerLock::Scope::kTable;
  std::string mode;
  std::string table;
  std::string row;
  bool after_last = false;
  bool by_write = false;
  bool granted = true;
  std::vector<int> waits_for;  // clients this lock waits for (granted false)
};

struct LockSnapshot {
  // False when locks were not asked for (RunOptions::capture_locks) or the
  // step was not sent (skipped).
  bool captured = false;
  std::vector<ClientLock> locks;  // by client, then granted before waiting
  std::string unavailable;        // what the server could not tell
  double capture_ms = 0;          // how long asking took

  // The locks of `client`, in order.
  std::vector<ClientLock> Of(int client) const;
};

// "table", "row", "gap", "next-key", "insert-intention", "predicate".
const char* LockScopeName(ServerLock::Scope scope);

}  // namespace interleave
