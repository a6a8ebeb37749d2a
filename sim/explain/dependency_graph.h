// Adya's direct serialization graph of one run: a node per committed
// transaction, an edge per direct dependency between two of them.
//   ww  Ti installed a version of a row, Tj installed its next version.
//   wr  Tj read a version Ti installed; for a predicate read, also when Ti
//       took a row out of the predicate (an update out of it, or a delete)
//       and Tj's snapshot has that change.
//   rw  Ti read a version of a row, Tj installed its next version (an
//       anti-dependency: Tj overwrote what Ti saw); for a predicate read,
//       also when Tj inserted (or updated into the predicate) a row that the
//       read's snapshot did not have as a match.
// Aborted and open transactions are no nodes, and a transaction's reads of
// its own writes make no edge.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "sim/model/history.h"

namespace interleave {

enum class DependencyKind { kWw, kWr, kRw };

// "ww", "wr", "rw".
std::string_view DependencyKindName(DependencyKind kind);

// One edge, with the steps and the values that made it.
struct Dependency {
  DependencyKind kind = DependencyKind::kWw;
  int from = 0;           // TxnRecord::id
  int to = 0;             // TxnRecord::id
  std::string from_step;  // ww, wr: the write; rw: the read
  std::string to_step;    // ww, rw: the write; wr: the read
  std::string table;
  std::string row;         // the row's key, "id=1"
  std::string from_value;  // what from_step wrote or read
  std::string to_value;    // what to_step wrote or read
  bool predicate = false;  // rw: a predicate read's missed row; wr: a row it saw leave
  std::string predicate_text;
  bool from_saw_row = true;  // predicate rw: whether the reader saw the row at all
  bool to_deleted = false;   // ww, rw: to_step deleted the row

  auto operator<=>(const Dependency&) const = default;
};

// The wr edge from the transaction that wrote the version `seen` shows to
// the transaction of `read`, with the write's and the read's values.
Dependency ReadFromDependency(const History& history, const ReadEvent& read, const SeenRow& seen);

// The graph itself: nodes, edges, and Tarjan's components. Immutable once
// built, so its const methods may be called from several threads; owns its
// edges.
class DependencyGraph {
 public:
  // The graph of `history`'s committed transactions. `history.version_order`
  // must be filled (see CommittedVersionOrder).
  static DependencyGraph Build(const History& history);

  // Committed transaction ids, ascending.
  const std::vector<int>& nodes() const { return nodes_; }
  // Every edge once, sorted by (from, to, kind, table, row, ...).
  const std::vector<Dependency>& edges() const { return edges_; }
  // Indexes into edges() of the edges leaving `txn`, in edges() order.
  const std::vector<int>& OutEdges(int txn) const;

  // Tarjan's strongly connected components of two or more nodes (those that
  // hold cycles), each sorted ascending, ordered by their smallest node.
  std::vector<std::vector<int>> CyclicComponents() const;

 private:
  std::vector<int> nodes_;
  std::vector<Dependency> edges_;
  std::map<int, std::vector<int>> out_edges_;  // txn -> indexes into edges_
};

}  // namespace interleave
