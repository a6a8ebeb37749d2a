// What must be undone however the process ends: scratch databases to drop,
// the private server to stop. On SIGINT, SIGTERM or SIGHUP a watcher thread
// runs the registered actions (newest first) and exits with 128+signal; at
// normal exit the owners undo their own work and unregister.
// Install() must be called from main() before any other thread starts: it
// blocks those signals so that only the watcher receives them.
// Thread-safety: all members are thread-safe.
#pragma once

#include <functional>

namespace interleave {

class CleanupRegistry {
 public:
  // Blocks the signals in the calling thread (inherited by new threads) and
  // starts the watcher. Idempotent.
  static void Install();
  // Registers an action; returns its id.
  static int Add(std::function<void()> action);
  // Forgets an action (its owner did the work itself).
  static void Remove(int id);
  // Runs all actions now (newest first) and forgets them.
  static void RunAll();
};

}  // namespace interleave
