// StepConflicts (a bit matrix), CanonicalOrders (depth first, clients in
// order, keeping only prefixes in lexicographic normal form), IsCanonical,
// OrdersInClass and ForEachOrderInClass (counting or walking the paths
// through the lattice of how many steps each client has taken, a step
// allowed once every step it must follow is taken) and SameClass.
// Thread-safety: pure functions of their arguments.
#include "sim/plan/commuting_orders.h"

#include <functional>
#include <utility>

namespace interleave {

StepConflicts::StepConflicts(std::vector<size_t> steps_per_client)
    : steps_per_client_(std::move(steps_per_client)) {
  for (size_t count : steps_per_client_) {
    offsets_.push_back(total_);
    total_ += count;
  }
  matrix_.assign(total_ * total_, false);
}

bool StepConflicts::Conflict(size_t a, size_t a_step, size_t b, size_t b_step) const {
  if (a == b) return true;
  return matrix_[Index(a, a_step) * total_ + Index(b, b_step)];
}

bool StepConflicts::Add(size_t a, size_t a_step, size_t b, size_t b_step) {
  if (a == b) return false;
  const size_t i = Index(a, a_step);
  const size_t j = Index(b, b_step);
  if (matrix_[i * total_ + j]) return false;
  matrix_[i * total_ + j] = true;
  matrix_[j * total_ + i] = true;
  return true;
}

bool StepConflicts::AddWithAll(size_t client, size_t step) {
  bool added = false;
  for (size_t other = 0; other < steps_per_client_.size(); ++other) {
    if (other == client) continue;
    for (size_t s = 0; s < steps_per_client_[other]; ++s) added |= Add(client, step, other, s);
  }
  return added;
}

bool StepConflicts::Merge(const StepConflicts& other) {
  bool added = false;
  for (size_t i = 0; i < matrix_.size() && i < other.matrix_.size(); ++i) {
    if (other.matrix_[i] && !matrix_[i]) {
      matrix_[i] = true;
      added = true;
    }
  }
  return added;
}

void StepConflicts::Intersect(const StepConflicts& other) {
  for (size_t i = 0; i < matrix_.size(); ++i) {
    if (i >= other.matrix_.size() || !other.matrix_[i]) matrix_[i] = false;
  }
}

size_t StepConflicts::ConflictCount() const {
  size_t count = 0;
  for (bool bit : matrix_) count += bit ? 1 : 0;
  return count / 2;
}

namespace {

struct Placed {
  size_t client;
  size_t step;
};

// Whether appending step `step` of `client` to `prefix` (in normal form)
// keeps it in normal form: walking back from the end, the step must meet a
// step it conflicts with (or its own client's) before any independent step
// of a later client, past which it could move to make the word smaller.
bool StaysCanonical(const std::vector<Placed>& prefix, size_t client, size_t step,
                    const StepConflicts& conflicts) {
  for (size_t j = prefix.size(); j-- > 0;) {
    const Placed& before = prefix[j];
    if (conflicts.Conflict(client, step, before.client, before.step)) return true;
    if (before.client > client) return false;
  }
  return true;
}

void Enumerate(const StepConflicts& conflicts, std::vector<size_t>& piles,
               std::vector<Placed>& prefix, ClientOrder& order, std::vector<ClientOrder>& out) {
  bool any_left = false;
  for (size_t c = 0; c < conflicts.client_count(); ++c) {
    if (piles[c] >= conflicts.steps_per_client()[c]) continue;
    any_left = true;
    if (!StaysCanonical(prefix, c, piles[c], conflicts)) continue;
    prefix.push_back({c, piles[c]});
    order.push_back(static_cast<std::uint8_t>(c));
    ++piles[c];
    Enumerate(conflicts, piles, prefix, order, out);
    --piles[c];
    order.pop_back();
    prefix.pop_back();
  }
  if (!any_left) out.push_back(order);
}

}  // namespace

std::vector<ClientOrder> CanonicalOrders(const StepConflicts& conflicts) {
  std::vector<ClientOrder> out;
  std::vector<size_t> piles(conflicts.client_count(), 0);
  std::vector<Placed> prefix;
  ClientOrder order;
  Enumerate(conflicts, piles, prefix, order, out);
  return out;
}

bool IsCanonical(const ClientOrder& order, const StepConflicts& conflicts) {
  std::vector<size_t> piles(conflicts.client_count(), 0);
  std::vector<Placed> prefix;
  for (std::uint8_t c : order) {
    if (!StaysCanonical(prefix, c, piles[c], conflicts)) return false;
    prefix.push_back({c, piles[c]++});
  }
  return true;
}

namespace {

// need[c][k][o]: how many of client o's steps must come before step k of
// client c in every interleaving equivalent to `order` (those that precede
// it in `order` and conflict with it).
using Requirements = std::vector<std::vector<std::vector<size_t>>>;

Requirements RequirementsOf(const ClientOrder& order, const StepConflicts& conflicts) {
  const size_t clients = conflicts.client_count();
  const auto& counts = conflicts.steps_per_client();
  Requirements need(clients);
  for (size_t c = 0; c < clients; ++c) {
    need[c].assign(counts[c], std::vector<size_t>(clients, 0));
  }
  std::vector<Placed> placed;
  std::vector<size_t> piles(clients, 0);
  for (std::uint8_t c : order) placed.push_back({c, piles[c]++});
  for (size_t p = 0; p < placed.size(); ++p) {
    for (size_t q = 0; q < p; ++q) {
      const Placed& a = placed[q];
      const Placed& b = placed[p];
      if (a.client != b.client && conflicts.Conflict(a.client, a.step, b.client, b.step)) {
        size_t& required = need[b.client][b.step][a.client];
        if (a.step + 1 > required) required = a.step + 1;
      }
    }
  }
  return need;
}

// Whether client c may take its next step when `taken[o]` steps of each
// client o are taken.
bool Allowed(const Requirements& need, const std::vector<size_t>& taken, size_t c) {
  for (size_t o = 0; o < taken.size(); ++o) {
    if (o != c && taken[o] < need[c][taken[c]][o]) return false;
  }
  return true;
}

void VisitExtensions(const Requirements& need, const std::vector<size_t>& counts,
                     std::vector<size_t>& taken, ClientOrder& order,
                     const std::function<void(const ClientOrder&)>& visit) {
  bool any_left = false;
  for (size_t c = 0; c < counts.size(); ++c) {
    if (taken[c] >= counts[c]) continue;
    any_left = true;
    if (!Allowed(need, taken, c)) continue;
    order.push_back(static_cast<std::uint8_t>(c));
    ++taken[c];
    VisitExtensions(need, counts, taken, order, visit);
    --taken[c];
    order.pop_back();
  }
  if (!any_left) visit(order);
}

}  // namespace

std::uint64_t OrdersInClass(const ClientOrder& order, const StepConflicts& conflicts) {
  const size_t clients = conflicts.client_count();
  const auto& counts = conflicts.steps_per_client();
  const Requirements need = RequirementsOf(order, conflicts);
  // States: how many steps each client has taken, in mixed radix; taking a
  // step only increases the index, so index order is a topological order.
  std::vector<size_t> radix(clients, 1);
  size_t states = 1;
  for (size_t c = 0; c < clients; ++c) {
    radix[c] = states;
    states *= counts[c] + 1;
  }
  std::vector<unsigned __int128> ways(states, 0);
  ways[0] = 1;
  const unsigned __int128 limit = UINT64_MAX;
  std::vector<size_t> taken(clients, 0);
  for (size_t state = 0; state < states; ++state) {
    size_t rest = state;
    for (size_t c = 0; c < clients; ++c) {
      taken[c] = rest % (counts[c] + 1);
      rest /= counts[c] + 1;
    }
    if (ways[state] == 0) continue;
    for (size_t c = 0; c < clients; ++c) {
      if (taken[c] >= counts[c] || !Allowed(need, taken, c)) continue;
      unsigned __int128& next = ways[state + radix[c]];
      next += ways[state];
      if (next > limit) next = limit;
    }
  }
  return static_cast<std::uint64_t>(ways[states - 1]);
}

void ForEachOrderInClass(const ClientOrder& order, const StepConflicts& conflicts,
                         const std::function<void(const ClientOrder&)>& visit) {
  const Requirements need = RequirementsOf(order, conflicts);
  std::vector<size_t> taken(conflicts.client_count(), 0);
  ClientOrder walk;
  walk.reserve(order.size());
  VisitExtensions(need, conflicts.steps_per_client(), taken, walk, visit);
}

bool SameClass(const ClientOrder& candidate, const ClientOrder& order,
               const StepConflicts& conflicts) {
  if (candidate.size() != order.size()) return false;
  const size_t clients = conflicts.client_count();
  // Where each step stands in `candidate`.
  std::vector<std::vector<size_t>> position(clients);
  for (size_t c = 0; c < clients; ++c) position[c].resize(conflicts.steps_per_client()[c]);
  std::vector<size_t> piles(clients, 0);
  for (size_t p = 0; p < candidate.size(); ++p) {
    const size_t c = candidate[p];
    if (c >= clients || piles[c] >= position[c].size()) return false;
    position[c][piles[c]++] = p;
  }
  std::vector<Placed> placed;
  piles.assign(clients, 0);
  for (std::uint8_t c : order) {
    if (c >= clients || piles[c] >= position[c].size()) return false;
    placed.push_back({c, piles[c]++});
  }
  for (size_t p = 0; p < placed.size(); ++p) {
    for (size_t q = 0; q < p; ++q) {
      const Placed& a = placed[q];
      const Placed& b = placed[p];
      if (a.client != b.client && conflicts.Conflict(a.client, a.step, b.client, b.step) &&
          position[a.client][a.step] > position[b.client][b.step]) {
        return false;
      }
    }
  }
  return true;
}

}  // namespace interleave
