// Who a lock wait was for, and what ended it, told from what the server
// recorded rather than from the order the scheduler happened to see things.
//
// A waiting step waits for a lock that one step of the holder's transaction
// took: the first of its steps that wrote the row waited for (the run's
// history) or held the conflicting lock (the steps' lock snapshots). The
// scheduler only knows the holder's latest step; NameLockTakers puts the
// step that took the lock in its place.
//
// A deadlock victim (a waiting step that failed with 40P01) was not released
// by anyone: PostgreSQL aborted it, and that abort released the other waiter.
// TellDeadlocks says so (no releaser for the victim, the victim's failure
// before the completion it allowed), whichever the scheduler collected first.
//
// Thread-safety: pure functions over the trace they are given.
#pragma once

#include "sim/model/trace.h"

namespace interleave {

// Replaces each waiting step's blocked_by_steps with the step of the holder's
// transaction that took the lock it waited for, where the record shows one;
// keeps the holder's latest step otherwise.
void NameLockTakers(Trace& trace);

// Gives each deadlock victim no releaser, and orders its failure before the
// completion of the step its abort released (completion_order and events).
void TellDeadlocks(Trace& trace);

// Whether PostgreSQL table lock modes `a` and `b` ("ROW EXCLUSIVE", "SHARE")
// conflict, as the manual's table of conflicting lock modes says; true when
// either is not a PostgreSQL table mode.
bool TableModesConflict(const std::string& a, const std::string& b);

}  // namespace interleave
