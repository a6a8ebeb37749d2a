// Which steps of one run conflicted, learned from what the run really did:
// the rows each step read (by version; for a scan, its table) and wrote, as
// the explanation recorder saw them, and how each step ended. The explorer
// unions these into the relation under which it groups interleavings that
// differ only in the order of commuting steps (sim/plan/commuting_orders.h).
//
// The unit of an interleaving is a step of the scenario's clients as the
// schedules name them; a step a variant adds runs glued to the step it follows
// (or precedes the client's first step), so it belongs to that unit.
//
// A step that only begins a transaction (BEGIN / START TRANSACTION without a
// snapshot) and ran at once conflicts with nothing: PostgreSQL takes the
// snapshot at the first statement after it, and no other session can tell
// whether it ran. Nor does a step the application skipped because its own
// transaction had failed (nothing was sent; its failed step conflicts with
// everything), unless its client waited before. The steps of a retried
// attempt are left out: they run after every listed step, from the state
// those left, in the order of the failures.
//
// Otherwise conservative by design: a step conflicts with every step of every
// other client when it waited for a lock or made another's wait end, failed,
// was skipped or not run, ended a transaction (COMMIT, ROLLBACK, an
// autocommit statement: whether a later snapshot sees it depends on the
// order), began one with a snapshot, has application logic that branches
// (if_empty, if_found, if), came after a wait of its own client, sent
// anything but SELECT / INSERT / UPDATE / DELETE / BEGIN, calls a function
// whose result depends on order (nextval, advisory locks ...), or recorded no
// read and no write; and every step conflicts with every other when the run
// was not recorded, the record has gaps, or the run stopped with an error.
// Two other steps of different clients conflict when both write one table
// (row placement, generated keys and unique checks depend on their order),
// when one writes a table the other scanned with a predicate, read at
// SERIALIZABLE (predicate locks are taken per page or table) or inserted
// into or deleted from, or when both touch one row and at least one writes
// it; a locking read (FOR UPDATE / SHARE) counts as a write of the rows it
// returned.
// Thread-safety: pure functions.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "sim/model/scenario.h"
#include "sim/model/trace.h"
#include "sim/plan/commuting_orders.h"
#include "sim/plan/plan.h"

namespace interleave {

// The scheduled steps of a scenario's clients, and the unit each step of a
// variant's plan belongs to.
struct StepUnits {
  std::vector<size_t> steps_per_client;
  // Step name -> (client, index among the client's scheduled steps).
  std::map<std::string, std::pair<size_t, size_t>> unit_of;
};

// The units of `plan` (one variant of `scenario` applied).
StepUnits UnitsOf(const Scenario& scenario, const Plan& plan);

// The conflicts `trace`, a run of `plan`, showed.
StepConflicts ConflictsOfRun(const Plan& plan, const Trace& trace, const StepUnits& units);

}  // namespace interleave
