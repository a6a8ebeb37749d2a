#include "sim/explain/dependency_graph.h"

#include <algorithm>
#include <functional>
#include <map>
#include <optional>
#include <tuple>

namespace interleave {

std::string_view DependencyKindName(DependencyKind kind) {
  switch (kind) {
    case DependencyKind::kWw:
      return "ww";
    case DependencyKind::kWr:
      return "wr";
    case DependencyKind::kRw:
      return "rw";
  }
  return "?";
}

Dependency ReadFromDependency(const History& history, const ReadEvent& read, const SeenRow& seen) {
  const WriteEvent* write = history.WriteOf(seen.version);
  Dependency edge;
  edge.kind = DependencyKind::kWr;
  edge.from = seen.version.writer_txn;
  edge.to = read.txn;
  edge.from_step = write ? write->step : "";
  edge.to_step = read.step;
  edge.from_value = write ? write->new_values : "";
  edge.to_value = seen.values;
  edge.table = read.table;
  edge.row = seen.key;
  return edge;
}

namespace {

// The position in `versions` after which the next version of a row counts as
// overwriting `seen`: seen's own position, or its writer's final version's
// for an intermediate version; -1 before the first; nullopt when `seen` is
// no committed version (an aborted or open writer's).
std::optional<int> PositionOf(const History& history, const std::vector<VersionId>& versions,
                              const VersionId& seen) {
  for (int i = 0; i < static_cast<int>(versions.size()); ++i)
    if (versions[i] == seen) return i;
  if (seen.writer_txn < 0) return -1;
  if (!history.Committed(seen.writer_txn)) return std::nullopt;
  for (int i = 0; i < static_cast<int>(versions.size()); ++i)
    if (versions[i].writer_txn == seen.writer_txn) return i;
  return std::nullopt;
}

// The version installed right after position `position` of `row`, if any.
const VersionId* NextVersion(const History& history, const RowRef& row, int position) {
  auto it = history.version_order.find(row);
  if (it == history.version_order.end()) return nullptr;
  int next = position + 1;
  if (next < 0 || next >= static_cast<int>(it->second.size())) return nullptr;
  return &it->second[next];
}

auto SortKey(const Dependency& edge) {
  return std::tie(edge.from, edge.to, edge.kind, edge.table, edge.row, edge.from_step, edge.to_step,
                  edge.predicate, edge.from_value, edge.to_value, edge.predicate_text,
                  edge.from_saw_row, edge.to_deleted);
}

// Adds `reader` -rw-> the writer of the version after `position` of `row`.
void AddAntiDependency(const History& history, const ReadEvent& read, const RowRef& row,
                       int position, Dependency edge, std::vector<Dependency>& edges) {
  const VersionId* next = NextVersion(history, row, position);
  if (next == nullptr || next->writer_txn < 0 || next->writer_txn == read.txn) return;
  // The committed version: the writer's last write of the row (a version it
  // installed and then overwrote itself was never anyone else's to read).
  const WriteEvent* write = history.WriteOf(*next);
  edge.kind = DependencyKind::kRw;
  edge.from = read.txn;
  edge.to = next->writer_txn;
  edge.from_step = read.step;
  edge.to_step = write ? write->step : "";
  edge.to_value = write ? write->new_values : "";
  edge.to_deleted = write && write->deleted;
  edge.table = row.table;
  edge.row = row.key;
  edges.push_back(std::move(edge));
}

}  // namespace

DependencyGraph DependencyGraph::Build(const History& history) {
  DependencyGraph graph;
  for (const TxnRecord& txn : history.txns)
    if (txn.outcome == TxnRecord::Outcome::kCommitted) graph.nodes_.push_back(txn.id);
  std::sort(graph.nodes_.begin(), graph.nodes_.end());
  std::vector<Dependency>& edges = graph.edges_;

  // ww: consecutive committed versions of a row by two transactions.
  for (const auto& [row, versions] : history.version_order) {
    for (size_t i = 0; i + 1 < versions.size(); ++i) {
      const VersionId& before = versions[i];
      const VersionId& after = versions[i + 1];
      if (before.writer_txn < 0 || before.writer_txn == after.writer_txn) continue;
      const WriteEvent* from = history.WriteOf(before);
      const WriteEvent* to = history.WriteOf(after);
      Dependency edge;
      edge.kind = DependencyKind::kWw;
      edge.from = before.writer_txn;
      edge.to = after.writer_txn;
      edge.from_step = from ? from->step : "";
      edge.to_step = to ? to->step : "";
      edge.from_value = from ? from->new_values : "";
      edge.to_value = to ? to->new_values : "";
      edge.to_deleted = to && to->deleted;
      edge.table = row.table;
      edge.row = row.key;
      edges.push_back(std::move(edge));
    }
  }

  for (const ReadEvent& read : history.reads) {
    if (!history.Committed(read.txn)) continue;
    for (const SeenRow& seen : read.rows_seen) {
      RowRef row{read.table, seen.key};
      const VersionId& version = seen.version;
      // wr: the reader saw another committed transaction's version.
      if (version.writer_txn >= 0 && version.writer_txn != read.txn &&
          history.Committed(version.writer_txn)) {
        edges.push_back(ReadFromDependency(history, read, seen));
      }
      // rw: another transaction installed the version after the one seen.
      auto it = history.version_order.find(row);
      if (it == history.version_order.end()) continue;
      std::optional<int> position = PositionOf(history, it->second, version);
      if (!position) continue;
      Dependency edge;
      edge.from_value = seen.values;
      AddAntiDependency(history, read, row, *position, std::move(edge), edges);
    }
    // Predicate wr: a row the read saw another transaction take out of the
    // predicate.
    if (read.predicate) {
      for (const SeenRow& left : read.predicate_left) {
        const int writer = left.version.writer_txn;
        if (writer < 0 || writer == read.txn || !history.Committed(writer)) continue;
        const WriteEvent* write = history.WriteOf(left.version);
        Dependency edge;
        edge.kind = DependencyKind::kWr;
        edge.from = writer;
        edge.to = read.txn;
        edge.from_step = write ? write->step : "";
        edge.to_step = read.step;
        edge.from_value = left.values;
        edge.to_value = left.values;
        edge.table = read.table;
        edge.row = left.key;
        edge.predicate = true;
        edge.predicate_text = read.predicate_text;
        edge.from_saw_row = true;
        edge.to_deleted = write && write->deleted;
        edges.push_back(std::move(edge));
      }
    }
    // Predicate rw: a row the snapshot did not match, whose next version does.
    if (!read.predicate) continue;
    for (const MissedRow& missed : read.predicate_missed) {
      if (!missed.matches) continue;
      RowRef row{read.table, missed.key};
      auto it = history.version_order.find(row);
      if (it == history.version_order.end()) continue;
      int position = -1;
      if (missed.seen) {
        std::optional<int> found = PositionOf(history, it->second, *missed.seen);
        if (!found) continue;
        position = *found;
      }
      Dependency edge;
      edge.predicate = true;
      edge.predicate_text = read.predicate_text;
      const WriteEvent* seen_write = missed.seen ? history.WriteOf(*missed.seen) : nullptr;
      edge.from_saw_row = missed.seen.has_value() && !(seen_write && seen_write->deleted);
      if (edge.from_saw_row && seen_write) edge.from_value = seen_write->new_values;
      AddAntiDependency(history, read, row, position, std::move(edge), edges);
    }
  }

  std::sort(edges.begin(), edges.end(),
            [](const Dependency& a, const Dependency& b) { return SortKey(a) < SortKey(b); });
  edges.erase(std::unique(edges.begin(), edges.end()), edges.end());
  for (int i = 0; i < static_cast<int>(edges.size()); ++i)
    graph.out_edges_[edges[i].from].push_back(i);
  return graph;
}

const std::vector<int>& DependencyGraph::OutEdges(int txn) const {
  static const std::vector<int> kNone;
  auto it = out_edges_.find(txn);
  return it == out_edges_.end() ? kNone : it->second;
}

std::vector<std::vector<int>> DependencyGraph::CyclicComponents() const {
  std::map<int, int> index, low;
  std::map<int, bool> on_stack;
  std::vector<int> stack;
  std::vector<std::vector<int>> components;
  int counter = 0;
  std::function<void(int)> visit = [&](int node) {
    index[node] = low[node] = counter++;
    stack.push_back(node);
    on_stack[node] = true;
    for (int e : OutEdges(node)) {
      int next = edges_[e].to;
      if (!index.count(next)) {
        visit(next);
        low[node] = std::min(low[node], low[next]);
      } else if (on_stack[next]) {
        low[node] = std::min(low[node], index[next]);
      }
    }
    if (low[node] != index[node]) return;
    std::vector<int> component;
    int member;
    do {
      member = stack.back();
      stack.pop_back();
      on_stack[member] = false;
      component.push_back(member);
    } while (member != node);
    if (component.size() < 2) return;
    std::sort(component.begin(), component.end());
    components.push_back(std::move(component));
  };
  for (int node : nodes_)
    if (!index.count(node)) visit(node);
  std::sort(components.begin(), components.end(),
            [](const auto& a, const auto& b) { return a.front() < b.front(); });
  return components;
}

}  // namespace interleave
