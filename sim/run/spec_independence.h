// Whether a PostgreSQL isolation spec's permutations may run apart from one
// another (on separate scratch databases, at the same time) and still print
// what the reference tool prints running them one after another on one set
// of sessions. Two conditions, one read from the spec's text before the run
// and one checked on the server around it:
//  - nothing a session does may outlive its permutation on the session or
//    reach other databases: no SET / RESET / LISTEN / PREPARE / DECLARE /
//    DISCARD / LOAD, no temporary tables, no session advisory locks, no
//    set_config, no dynamic SQL, no roles, databases, tablespaces, prepared
//    transactions or cluster-wide views (pg_stat_*, pg_locks ...), no VACUUM
//    (WhyPermutationsDepend; the words are looked for anywhere, function
//    bodies included, so a false alarm only keeps the spec in order);
//  - the database holds no rows before the spec other than its own, and
//    where each group of permutations starts, its objects
//    (ReadDatabaseObjects) are those the group before it ended with, and
//    that group left no session inside a transaction (SessionsIdle).
// Thread-safety: WhyPermutationsDepend is a pure function; the others use
// the connection given (one thread at a time).
#pragma once

#include <string>
#include <vector>

#include "db/engine.h"
#include "sim/model/scenario.h"

namespace interleave {

// Why the permutations of isolation spec `spec` may depend on one another
// ("s1's step a runs SET"), or "" when its text shows no such dependence.
std::string WhyPermutationsDepend(const Scenario& spec);

// The objects the current database holds beyond those initdb makes
// (relations, functions, types, schemas, extensions, triggers, rules,
// policies ... by name, functions with their bodies' digest), and the
// privileges of schema public.
struct DatabaseObjects {
  std::string fingerprint;  // equal fingerprints: the same objects
  int data_holders = 0;     // tables, sequences, large objects ... (whose rows it does not name)
};
// Throws DbFailure when the query fails.
DatabaseObjects ReadDatabaseObjects(ControlConnection& control);

// Whether every backend of `backend_ids` is idle (connected, outside any
// transaction), as pg_stat_activity says.
bool SessionsIdle(ControlConnection& control, const std::vector<int>& backend_ids);

}  // namespace interleave
