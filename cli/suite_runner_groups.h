// How suite mode splits one isolation spec's permutations into groups that
// run at the same time on separate scratch databases, and the check, after
// they ran, that the split printed what running them all in order would
// have. A spec is split only when its text shows no dependence between
// permutations (WhyPermutationsDepend, sim/run/spec_independence.h) and it
// is long enough to bound the whole run; a split whose groups did not start
// from where the group before ended (other objects, rows of earlier specs,
// a session left in a transaction) is run again in order.
// Thread-safety: pure functions.
#pragma once

#include <cstddef>
#include <vector>

#include "sim/run/spec_independence.h"

namespace interleave {

// Permutations [begin, end) of a spec, in order.
struct PermutationGroup {
  size_t begin = 0;
  size_t end = 0;
};

// Splits `permutations` permutations of total cost `cost` into groups of
// cost about `target` each (at least `min_per_group` permutations a group):
// one group when the spec is no longer than `target`, or `split_allowed` is
// false.
std::vector<PermutationGroup> SplitPermutations(size_t permutations, size_t cost, size_t target,
                                                size_t min_per_group, bool split_allowed);

// What a group saw of its database and sessions where it started and ended.
struct GroupBounds {
  DatabaseObjects start;
  DatabaseObjects end;
  bool sessions_idle_at_end = false;
};

// Whether groups that ran apart give what one run in order would: each
// group after the first starts on a database without rows of others
// (data_holders 0) and with the objects the group before it ended with,
// which left its sessions idle.
bool GroupsChain(const std::vector<GroupBounds>& groups);

}  // namespace interleave
