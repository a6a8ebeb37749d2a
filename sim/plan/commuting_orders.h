// Orders of the clients' steps up to commuting steps (Mazurkiewicz traces):
// given which steps of different clients conflict, two interleavings that
// differ only in the order of adjacent steps that do not conflict are
// equivalent. CanonicalOrders enumerates one interleaving per equivalence
// class, the lexicographically least (clients in scenario order), which is
// also the first of its class in AllInterleavings' order; OrdersInClass
// counts the interleavings a class holds, exactly, ForEachOrderInClass
// lists them and SameClass tells whether two are in one class.
//
// A step is named by its client and its index in that client's steps; the
// steps of one client always keep their order (they conflict).
// Thread-safety: StepConflicts is a plain value; the functions are pure.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <vector>

namespace interleave {

// A symmetric conflict relation between the steps of different clients.
class StepConflicts {
 public:
  StepConflicts() = default;
  // `steps_per_client[c]`: how many steps client c has. No conflicts yet.
  explicit StepConflicts(std::vector<size_t> steps_per_client);

  const std::vector<size_t>& steps_per_client() const { return steps_per_client_; }
  size_t client_count() const { return steps_per_client_.size(); }

  // Whether step `a_step` of client `a` and step `b_step` of client `b`
  // conflict; steps of one client always do.
  bool Conflict(size_t a, size_t a_step, size_t b, size_t b_step) const;
  // Records a conflict; true when it was not known before.
  bool Add(size_t a, size_t a_step, size_t b, size_t b_step);
  // Records that the step conflicts with every step of every other client;
  // true when that added a conflict.
  bool AddWithAll(size_t client, size_t step);
  // Adds every conflict of `other` (same shape); true when one was new.
  bool Merge(const StepConflicts& other);
  // Keeps only the conflicts `other` (same shape) has too.
  void Intersect(const StepConflicts& other);
  // How many pairs of steps of different clients conflict.
  size_t ConflictCount() const;

 private:
  size_t Index(size_t client, size_t step) const { return offsets_[client] + step; }

  std::vector<size_t> steps_per_client_;
  std::vector<size_t> offsets_;
  size_t total_ = 0;
  std::vector<bool> matrix_;  // total_ x total_, symmetric
};

// An interleaving as the client of each position: {0, 0, 1, 0, 1, 1} is
// a1 a2 b1 a3 b2 b3.
using ClientOrder = std::vector<std::uint8_t>;

// One interleaving per equivalence class under `conflicts`: the
// lexicographically least of its class (Anisimov and Knuth: a word is the
// least of its trace exactly when no step could move left past an
// independent run of steps to before a step of a later client), in the
// order AllInterleavings lists them. With every pair conflicting this is
// every interleaving.
std::vector<ClientOrder> CanonicalOrders(const StepConflicts& conflicts);

// Whether `order` is the least of its class under `conflicts`.
bool IsCanonical(const ClientOrder& order, const StepConflicts& conflicts);

// How many interleavings are equivalent to `order` under `conflicts` (the
// linear extensions of the partial order its conflicting pairs make),
// counting `order` itself.
std::uint64_t OrdersInClass(const ClientOrder& order, const StepConflicts& conflicts);

// Calls `visit` with every interleaving equivalent to `order` under
// `conflicts` (OrdersInClass of them, `order` among them), in
// lexicographic order.
void ForEachOrderInClass(const ClientOrder& order, const StepConflicts& conflicts,
                         const std::function<void(const ClientOrder&)>& visit);

// Whether `candidate` is equivalent to `order` under `conflicts`: every two
// conflicting steps come in the same order in both.
bool SameClass(const ClientOrder& candidate, const ClientOrder& order,
               const StepConflicts& conflicts);

}  // namespace interleave
