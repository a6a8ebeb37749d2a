// Which steps cannot wait for a lock, so that the scheduler need not ask the
// server whether they do (one round trip saved each time a step takes longer
// than the first poll). On PostgreSQL a plain SELECT takes only an ACCESS
// SHARE lock on what it reads, which only ACCESS EXCLUSIVE stands against;
// BEGIN takes no lock (the snapshot comes with the next statement), and
// COMMIT or ROLLBACK wait only for deferred constraint checks or the
// notification queue. So when no text of the plan can take an ACCESS
// EXCLUSIVE lock, defer a check, notify, prepare a transaction, wait for a
// safe snapshot or run code the setup defined (functions, views, rules,
// policies, triggers), such steps never wait. Deliberately conservative: a
// text it is unsure of may wait.
// Thread-safety: pure functions.
#pragma once

#include <string>

#include "sim/plan/plan.h"

namespace interleave {

// Whether the plan's texts leave lock waits to its row-changing and locking
// statements alone (see above).
bool PlanWaitsOnlyOnRows(const Plan& plan);

// Whether `sql`, a step of such a plan, cannot wait for a lock: every
// statement in it is BEGIN / START TRANSACTION, COMMIT / END / ROLLBACK /
// ABORT, or a SELECT with no locking clause and no function call.
bool StepCannotWait(const std::string& sql);

}  // namespace interleave
