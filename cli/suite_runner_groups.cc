#include "cli/suite_runner_groups.h"

#include <algorithm>

namespace interleave {

std::vector<PermutationGroup> SplitPermutations(size_t permutations, size_t cost, size_t target,
                                                size_t min_per_group, bool split_allowed) {
  if (permutations == 0) return {};
  size_t groups = 1;
  if (split_allowed && target > 0 && cost > target) {
    groups = (cost + target - 1) / target;
    groups = std::min(groups, permutations / std::max<size_t>(1, min_per_group));
    groups = std::max<size_t>(1, groups);
  }
  std::vector<PermutationGroup> split;
  for (size_t g = 0; g < groups; ++g) {
    split.push_back({permutations * g / groups, permutations * (g + 1) / groups});
  }
  return split;
}

bool GroupsChain(const std::vector<GroupBounds>& groups) {
  for (size_t g = 1; g < groups.size(); ++g) {
    const GroupBounds& before = groups[g - 1];
    const GroupBounds& here = groups[g];
    if (!before.sessions_idle_at_end || here.start.data_holders != 0 ||
        here.start.fingerprint != before.end.fingerprint) {
      return false;
    }
  }
  return true;
}

}  // namespace interleave
