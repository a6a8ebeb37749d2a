// Tests of the classes of commuting orders (sim/plan/commuting_orders.h)
// against a brute force: every interleaving joined with those one swap of
// adjacent independent steps away, the classes and their least members
// found by union-find. No database.
#include "sim/plan/commuting_orders.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <functional>
#include <map>
#include <set>
#include <vector>

namespace interleave {
namespace {

// Every interleaving of clients with these step counts, in AllInterleavings'
// order.
std::vector<ClientOrder> Every(const std::vector<size_t>& counts) {
  StepConflicts all(counts);
  for (size_t c = 0; c < counts.size(); ++c) {
    for (size_t s = 0; s < counts[c]; ++s) all.AddWithAll(c, s);
  }
  return CanonicalOrders(all);
}

// Per interleaving, the least of its class: the classes are the connected
// parts of the graph whose edges swap two adjacent independent steps.
std::map<ClientOrder, ClientOrder> LeastOfClass(const StepConflicts& conflicts) {
  const std::vector<ClientOrder> all = Every(conflicts.steps_per_client());
  std::map<ClientOrder, size_t> index;
  for (size_t i = 0; i < all.size(); ++i) index[all[i]] = i;
  std::vector<size_t> parent(all.size());
  for (size_t i = 0; i < all.size(); ++i) parent[i] = i;
  std::function<size_t(size_t)> root = [&](size_t i) {
    return parent[i] == i ? i : parent[i] = root(parent[i]);
  };
  for (size_t i = 0; i < all.size(); ++i) {
    const ClientOrder& order = all[i];
    std::vector<size_t> piles(conflicts.client_count(), 0);
    std::vector<size_t> step_of(order.size());
    for (size_t k = 0; k < order.size(); ++k) step_of[k] = piles[order[k]]++;
    for (size_t k = 0; k + 1 < order.size(); ++k) {
      if (conflicts.Conflict(order[k], step_of[k], order[k + 1], step_of[k + 1])) continue;
      ClientOrder swapped = order;
      std::swap(swapped[k], swapped[k + 1]);
      parent[root(i)] = root(index.at(swapped));
    }
  }
  // `all` is sorted, so the first member of each part met is its least.
  std::map<size_t, ClientOrder> least;
  std::map<ClientOrder, ClientOrder> out;
  for (size_t i = 0; i < all.size(); ++i) {
    auto found = least.emplace(root(i), all[i]).first;
    out[all[i]] = found->second;
  }
  return out;
}

// Lost-update shaped conflicts: every client runs BEGIN, a read, a write,
// COMMIT; BEGINs commute with everything and reads with reads.
StepConflicts LostUpdateConflicts(size_t clients) {
  StepConflicts conflicts(std::vector<size_t>(clients, 4));
  for (size_t a = 0; a < clients; ++a) {
    for (size_t b = 0; b < clients; ++b) {
      if (a == b) continue;
      for (size_t s = 1; s < 4; ++s) {
        for (size_t t = 1; t < 4; ++t) {
          if (s == 1 && t == 1) continue;
          conflicts.Add(a, s, b, t);
        }
      }
    }
  }
  return conflicts;
}

void ExpectMatchesBruteForce(const StepConflicts& conflicts) {
  std::map<ClientOrder, std::uint64_t> classes;
  for (const auto& [order, least] : LeastOfClass(conflicts)) ++classes[least];
  const std::vector<ClientOrder> canonical = CanonicalOrders(conflicts);
  ASSERT_EQ(canonical.size(), classes.size());
  std::uint64_t total = 0;
  for (const ClientOrder& order : canonical) {
    auto found = classes.find(order);
    ASSERT_NE(found, classes.end());
    EXPECT_TRUE(IsCanonical(order, conflicts));
    EXPECT_EQ(OrdersInClass(order, conflicts), found->second);
    total += OrdersInClass(order, conflicts);
  }
  EXPECT_EQ(total, Every(conflicts.steps_per_client()).size());
  // Listing a class gives exactly the interleavings the brute force put in
  // it, in order, from any member; SameClass agrees.
  const std::map<ClientOrder, ClientOrder> least = LeastOfClass(conflicts);
  size_t checked = 0;
  for (const auto& [order, its_least] : least) {
    if (checked++ % 7 != 0) continue;  // a sample keeps the 3-client case fast
    std::vector<ClientOrder> listed;
    ForEachOrderInClass(order, conflicts,
                        [&](const ClientOrder& member) { listed.push_back(member); });
    ASSERT_EQ(listed.size(), classes.at(its_least));
    EXPECT_EQ(listed.front(), its_least);
    for (size_t i = 0; i < listed.size(); ++i) {
      EXPECT_EQ(least.at(listed[i]), its_least);
      if (i > 0) EXPECT_LT(listed[i - 1], listed[i]);
      EXPECT_TRUE(SameClass(listed[i], order, conflicts));
    }
    EXPECT_EQ(SameClass(canonical.front(), order, conflicts), canonical.front() == its_least);
  }
}

TEST(CommutingOrders, EveryPairConflictingLeavesEveryInterleavingItsOwnClass) {
  const std::vector<ClientOrder> all = Every({4, 4});
  ASSERT_EQ(all.size(), 70u);
  EXPECT_EQ(all.front(), (ClientOrder{0, 0, 0, 0, 1, 1, 1, 1}));
  EXPECT_EQ(all.back(), (ClientOrder{1, 1, 1, 1, 0, 0, 0, 0}));
  EXPECT_EQ(Every({4, 4, 4}).size(), 34650u);
  StepConflicts all_pairs({2, 2});
  for (size_t s = 0; s < 2; ++s) all_pairs.AddWithAll(0, s);
  EXPECT_EQ(all_pairs.ConflictCount(), 4u);
  for (const ClientOrder& order : CanonicalOrders(all_pairs)) {
    EXPECT_EQ(OrdersInClass(order, all_pairs), 1u);
  }
}

TEST(CommutingOrders, NoConflictLeavesOneClassOfEveryInterleaving) {
  StepConflicts none({4, 4, 4});
  const std::vector<ClientOrder> canonical = CanonicalOrders(none);
  ASSERT_EQ(canonical.size(), 1u);
  EXPECT_EQ(canonical[0], (ClientOrder{0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2}));
  EXPECT_EQ(OrdersInClass(canonical[0], none), 34650u);
}

TEST(CommutingOrders, LostUpdateClassesMatchTheBruteForce) {
  const StepConflicts two = LostUpdateConflicts(2);
  EXPECT_EQ(CanonicalOrders(two).size(), 14u);
  ExpectMatchesBruteForce(two);
  const StepConflicts three = LostUpdateConflicts(3);
  EXPECT_EQ(CanonicalOrders(three).size(), 762u);
  ExpectMatchesBruteForce(three);
}

TEST(CommutingOrders, ScatteredConflictsMatchTheBruteForce) {
  // A fixed pseudo-random relation on uneven clients.
  StepConflicts conflicts({3, 2, 4});
  std::uint32_t seed = 12345;
  const std::vector<size_t> counts = {3, 2, 4};
  for (size_t a = 0; a < 3; ++a) {
    for (size_t b = a + 1; b < 3; ++b) {
      for (size_t s = 0; s < counts[a]; ++s) {
        for (size_t t = 0; t < counts[b]; ++t) {
          seed = seed * 1103515245u + 12345u;
          if ((seed >> 16) % 3 == 0) conflicts.Add(a, s, b, t);
        }
      }
    }
  }
  ExpectMatchesBruteForce(conflicts);
}

TEST(CommutingOrders, IntersectKeepsTheConflictsBothHave) {
  StepConflicts a({2, 2});
  a.Add(0, 0, 1, 0);
  a.Add(0, 1, 1, 1);
  StepConflicts b({2, 2});
  b.Add(0, 1, 1, 1);
  b.Add(0, 0, 1, 1);
  a.Intersect(b);
  EXPECT_EQ(a.ConflictCount(), 1u);
  EXPECT_TRUE(a.Conflict(1, 1, 0, 1));
  EXPECT_FALSE(a.Conflict(0, 0, 1, 0));
  EXPECT_FALSE(a.Conflict(0, 0, 1, 1));
}

TEST(CommutingOrders, ConflictsAreSymmetricAndMergeReportsNewOnes) {
  StepConflicts one({2, 2});
  EXPECT_TRUE(one.Add(0, 1, 1, 0));
  EXPECT_FALSE(one.Add(1, 0, 0, 1));
  EXPECT_TRUE(one.Conflict(1, 0, 0, 1));
  EXPECT_TRUE(one.Conflict(0, 0, 0, 1));  // one client's steps keep their order
  EXPECT_FALSE(one.Conflict(0, 0, 1, 0));
  StepConflicts other({2, 2});
  other.Add(0, 0, 1, 1);
  EXPECT_TRUE(one.Merge(other));
  EXPECT_FALSE(one.Merge(other));
  EXPECT_EQ(one.ConflictCount(), 2u);
  EXPECT_FALSE(IsCanonical(ClientOrder{1, 0, 0, 1}, one));  // b1 commutes with a1
  EXPECT_TRUE(IsCanonical(ClientOrder{0, 1, 0, 1}, one));
}

}  // namespace
}  // namespace interleave
