// Plain words for the locks a client holds and waits for (StepTrace::locks),
// as a printer or the GUI shows them beside a step: "holds FOR UPDATE on
// users id=1", "holds ROW EXCLUSIVE on users", "waits for laptop's lock on
// users id=1", InnoDB's "holds a gap lock (X) on users before id=10"; and
// one glossary line per lock mode those words use, as PostgreSQL's and
// MariaDB's manuals describe them.
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <vector>

#include "sim/model/lock_snapshot.h"

namespace interleave {

// What `lock` names: "users id=1", "users", "users before id=10", "a row of
// users", "users after its last row".
std::string LockTarget(const ClientLock& lock);

// One phrase, starting with "holds" or "waits"; clients by the names in
// `client_names` (the trace's).
std::string LockPhrase(const ClientLock& lock, const std::vector<std::string>& client_names);

// The phrases of `client`'s locks in `snapshot`, granted ones first.
std::vector<std::string> ClientLockPhrases(const LockSnapshot& snapshot, int client,
                                           const std::vector<std::string>& client_names);

// The term the glossary explains for `lock`: its mode ("FOR UPDATE", "ROW
// EXCLUSIVE", "SIREAD", "X") or, for InnoDB gaps, "gap lock", "next-key
// lock", "insert intention".
std::vector<std::string> LockTerms(const ClientLock& lock);

// "FOR UPDATE: ..." for a term LockTerms returns; "" for one it does not know.
std::string LockGlossaryLine(const std::string& term);

// One glossary line per term the locks of `snapshots` use, in order of first
// use.
std::vector<std::string> LockGlossary(const std::vector<const LockSnapshot*>& snapshots);

}  // namespace interleave
