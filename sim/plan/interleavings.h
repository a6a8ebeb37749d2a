// Interleavings of a scenario's clients: every order of their steps that
// keeps each client's own order, as isolationtester enumerates them, and how
// many there are.
// Thread-safety: pure functions of their arguments.
#pragma once

#include <cstdint>
#include <vector>

#include "sim/model/scenario.h"

namespace interleave {

// Every interleaving of the clients' steps that keeps each client's step
// order, in the order isolationtester runs them (run_all_permutations: at
// each position try the clients in order, depth first). Entries carry no
// markers. There are (sum n_i)! / prod(n_i!) of them: check
// CountInterleavings first when the scenario may be large.
std::vector<Schedule> AllInterleavings(const Scenario& scenario);

// (sum n_i)! / prod(n_i!) for the scenario's clients; saturates at
// UINT64_MAX.
std::uint64_t CountInterleavings(const Scenario& scenario);

// The schedules isolationtester would run for a spec: its permutation lines,
// or AllInterleavings when it has none.
std::vector<Schedule> SpecSchedules(const Scenario& scenario);

}  // namespace interleave
