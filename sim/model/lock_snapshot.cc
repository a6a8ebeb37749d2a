#include "sim/model/lock_snapshot.h"

namespace interleave {

std::vector<ClientLock> LockSnapshot::Of(int client) const {
  std::vector<ClientLock> own;
  for (const ClientLock& lock : locks) {
    if (lock.client == client) own.push_back(lock);
  }
  return own;
}

const char* LockScopeName(ServerLock::Scope scope) {
  switch (scope) {
    case ServerLock::Scope::kTable:
      return "table";
    case ServerLock::Scope::kRow:
      return "row";
    case ServerLock::Scope::kGap:
      return "gap";
    case ServerLock::Scope::kNextKey:
      return "next-key";
    case ServerLock::Scope::kInsertIntention:
      return "insert-intention";
    case ServerLock::Scope::kPredicate:
      return "predicate";
  }
  return "table";
}

}  // namespace interleave
