#include "sim/explain/anomaly_class.h"

#include <algorithm>
#include <deque>
#include <functional>
#include <map>
#include <set>

namespace interleave {

std::string_view AdyaClassName(AdyaClass adya) {
  switch (adya) {
    case AdyaClass::kG0:
      return "G0";
    case AdyaClass::kG1a:
      return "G1a";
    case AdyaClass::kG1b:
      return "G1b";
    case AdyaClass::kG1c:
      return "G1c";
    case AdyaClass::kGSingle:
      return "G-single";
    case AdyaClass::kG2Item:
      return "G2-item";
    case AdyaClass::kG2:
      return "G2";
  }
  return "?";
}

namespace {

using EdgeFilter = std::function<bool(const Dependency&)>;

bool IsStaleWriteCycle(const History& history, const std::vector<Dependency>& cycle);
std::string StaleReadRemark(const History& history, const std::vector<Dependency>& cycle);

bool IsWwOrWr(const Dependency& edge) { return edge.kind != DependencyKind::kRw; }

// The shortest path of `allowed` edges inside `component` from `start` to
// `goal` (as edge indexes), found breadth-first over edges in graph order;
// nullopt when there is none. With start == goal, the shortest cycle through
// start.
std::optional<std::vector<int>> ShortestPath(const DependencyGraph& graph,
                                             const std::set<int>& component, int start, int goal,
                                             const EdgeFilter& allowed) {
  const std::vector<Dependency>& edges = graph.edges();
  std::map<int, int> parent_edge;  // node -> the edge that reached it first
  std::deque<int> queue{start};
  std::set<int> seen{start};
  while (!queue.empty()) {
    int node = queue.front();
    queue.pop_front();
    for (int e : graph.OutEdges(node)) {
      const Dependency& edge = edges[e];
      if (!allowed(edge) || !component.count(edge.to)) continue;
      if (edge.to == goal) {
        std::vector<int> path{e};
        for (int at = node; at != start; at = edges[parent_edge[at]].from)
          path.push_back(parent_edge[at]);
        std::reverse(path.begin(), path.end());
        return path;
      }
      if (seen.insert(edge.to).second) {
        parent_edge[edge.to] = e;
        queue.push_back(edge.to);
      }
    }
  }
  return std::nullopt;
}

// The shortest cycle of `allowed` edges in `component`; among equally short
// ones, the one through the smallest transaction id.
std::optional<std::vector<int>> ShortestCycle(const DependencyGraph& graph,
                                              const std::set<int>& component,
                                              const EdgeFilter& allowed) {
  std::optional<std::vector<int>> best;
  for (int start : component) {
    auto cycle = ShortestPath(graph, component, start, start, allowed);
    if (cycle && (!best || cycle->size() < best->size())) best = cycle;
  }
  return best;
}

// The shortest cycle in `component` with exactly one rw edge: an rw edge and
// a ww/wr path back. Among equally short ones, the first rw edge's; the cycle
// starts with its rw edge.
std::optional<std::vector<int>> ShortestSingleAntiDependencyCycle(const DependencyGraph& graph,
                                                                  const std::set<int>& component) {
  std::optional<std::vector<int>> best;
  const std::vector<Dependency>& edges = graph.edges();
  for (int e = 0; e < static_cast<int>(edges.size()); ++e) {
    const Dependency& edge = edges[e];
    if (edge.kind != DependencyKind::kRw || !component.count(edge.from) ||
        !component.count(edge.to))
      continue;
    auto back = ShortestPath(graph, component, edge.to, edge.from, IsWwOrWr);
    if (!back) continue;
    std::vector<int> cycle{e};
    cycle.insert(cycle.end(), back->begin(), back->end());
    if (!best || cycle.size() < best->size()) best = cycle;
  }
  return best;
}

// The most severe cycle in one strongly connected component.
std::optional<Finding> ClassifyComponent(const History& history, const DependencyGraph& graph,
                                         const std::vector<int>& members) {
  std::set<int> component(members.begin(), members.end());
  auto found = [&](AdyaClass adya, const std::vector<int>& cycle) {
    Finding finding;
    finding.adya = adya;
    for (int e : cycle) finding.edges.push_back(graph.edges()[e]);
    finding.anomaly = TextbookName(history, adya, finding.edges);
    if (finding.anomaly == "non-repeatable read" && IsStaleWriteCycle(history, finding.edges))
      finding.remark = StaleReadRemark(history, finding.edges);
    return finding;
  };
  if (auto cycle = ShortestCycle(graph, component, [](const Dependency& edge) {
        return edge.kind == DependencyKind::kWw;
      }))
    return found(AdyaClass::kG0, *cycle);
  if (auto cycle = ShortestCycle(graph, component, IsWwOrWr)) return found(AdyaClass::kG1c, *cycle);
  if (auto cycle = ShortestSingleAntiDependencyCycle(graph, component))
    return found(AdyaClass::kGSingle, *cycle);
  if (auto cycle =
          ShortestCycle(graph, component, [](const Dependency& edge) { return !edge.predicate; }))
    return found(AdyaClass::kG2Item, *cycle);
  if (auto cycle = ShortestCycle(graph, component, [](const Dependency&) { return true; }))
    return found(AdyaClass::kG2, *cycle);
  return std::nullopt;
}

// G1a and G1b: committed transactions' reads of aborted or intermediate
// versions, in history order.
std::vector<Finding> BadReads(const History& history) {
  std::vector<Finding> findings;
  for (const ReadEvent& read : history.reads) {
    if (!history.Committed(read.txn)) continue;
    for (const SeenRow& seen : read.rows_seen) {
      int writer = seen.version.writer_txn;
      if (writer < 0 || writer == read.txn) continue;
      const TxnRecord* record = history.Txn(writer);
      if (record == nullptr) continue;
      AdyaClass adya;
      if (record->outcome == TxnRecord::Outcome::kAborted)
        adya = AdyaClass::kG1a;
      else if (record->outcome == TxnRecord::Outcome::kCommitted && !history.IsFinal(seen.version))
        adya = AdyaClass::kG1b;
      else
        continue;
      Dependency edge = ReadFromDependency(history, read, seen);
      Finding finding;
      finding.adya = adya;
      finding.anomaly = adya == AdyaClass::kG1a ? "aborted read" : "intermediate read";
      finding.edges.push_back(std::move(edge));
      findings.push_back(std::move(finding));
    }
  }
  return findings;
}

// A topological order of the graph, ties broken by commit order; whether a
// tie arose (another order is equivalent too). Empty for a cyclic graph.
std::vector<int> SerialOrder(const History& history, const DependencyGraph& graph, bool& several) {
  several = false;
  std::map<int, int> in_degree;
  for (int node : graph.nodes()) in_degree[node] = 0;
  for (const Dependency& edge : graph.edges()) ++in_degree[edge.to];
  auto rank = [&](int txn) {
    const TxnRecord* record = history.Txn(txn);
    return std::make_pair(record ? record->commit_order : 0, txn);
  };
  std::set<std::pair<std::pair<int, int>, int>> ready;  // (rank, txn)
  for (auto [node, degree] : in_degree)
    if (degree == 0) ready.insert({rank(node), node});
  std::vector<int> order;
  while (!ready.empty()) {
    if (ready.size() > 1) several = true;
    int node = ready.begin()->second;
    ready.erase(ready.begin());
    order.push_back(node);
    for (int e : graph.OutEdges(node)) {
      int next = graph.edges()[e].to;
      if (--in_degree[next] == 0) ready.insert({rank(next), next});
    }
  }
  if (order.size() != graph.nodes().size()) {
    several = false;
    return {};
  }
  return order;
}

std::set<int> Writers(const History& history) {
  std::set<int> writers;
  for (const WriteEvent& write : history.writes) writers.insert(write.txn);
  return writers;
}

bool WroteRow(const History& history, int txn, const std::string& table, const std::string& row) {
  for (const WriteEvent& write : history.writes)
    if (write.txn == txn && write.table == table && write.key == row) return true;
  return false;
}

// A cycle of two transactions on one row that both wrote.
bool IsStaleWriteCycle(const History& history, const std::vector<Dependency>& cycle) {
  if (cycle.size() != 2) return false;
  for (const Dependency& edge : cycle)
    if (edge.table != cycle[0].table || edge.row != cycle[0].row) return false;
  return WroteRow(history, cycle[0].from, cycle[0].table, cycle[0].row) &&
         WroteRow(history, cycle[0].to, cycle[0].table, cycle[0].row);
}

// Whether `stale`'s write of `table` `row`, which replaced `other`'s
// version, may have been computed from `stale`'s read of the version before
// (a lost update), rather than from the row itself (SET n = n + 1, which
// re-reads the newest version), from a read of `other`'s version in an
// earlier step of its own, or by setting only columns `other` did not change.
// With no such evidence it may have: what the application computed a value
// from is not recorded.
bool MayWriteFromStaleRead(const History& history, int stale, int other, const std::string& table,
                           const std::string& row) {
  std::vector<const WriteEvent*> own, others;
  for (const WriteEvent& write : history.writes) {
    if (write.table != table || write.key != row) continue;
    if (write.txn == stale) own.push_back(&write);
    if (write.txn == other) others.push_back(&write);
  }
  if (own.empty()) return false;
  if (std::all_of(own.begin(), own.end(), [](const WriteEvent* w) { return w->computed_from_row; }))
    return false;
  // Columns: with both sides known, a write that sets none of the columns
  // the other changed overwrote nothing of it.
  std::set<std::string> theirs;
  bool known = !others.empty();
  for (const WriteEvent* write : others) {
    if (write->columns_set.empty()) known = false;
    theirs.insert(write->columns_set.begin(), write->columns_set.end());
  }
  bool overlap = false;
  for (const WriteEvent* write : own) {
    if (write->columns_set.empty()) known = false;
    for (const std::string& column : write->columns_set) overlap = overlap || theirs.count(column);
  }
  if (known && !overlap) return false;
  // A read of `other`'s version in a step before its write: the application
  // saw the new value before it wrote.
  for (const ReadEvent& read : history.reads) {
    if (read.txn != stale || read.table != table || read.step == own.front()->step) continue;
    for (const SeenRow& seen : read.rows_seen)
      if (seen.key == row && seen.version.writer_txn == other) return false;
  }
  return true;
}

// For a two-transaction cycle on one row that both wrote, where the stale
// read was not what the write used: what that amounts to.
std::string StaleReadRemark(const History& history, const std::vector<Dependency>& cycle) {
  for (const Dependency& edge : cycle) {
    if (edge.kind != DependencyKind::kRw) continue;
    return "the cycle is only a stale read that no write used: " + TxnLabel(history, edge.from) +
           "'s " + StepLabel(history, edge.from, edge.from_step) + " read " + edge.table + " " +
           edge.row + (edge.from_value.empty() ? "" : " (" + edge.from_value + ")") + " before " +
           TxnLabel(history, edge.to) + "'s " + StepLabel(history, edge.to, edge.to_step) +
           " replaced it, but " + TxnLabel(history, edge.from) +
           "'s write did not compute from that read, so no update was lost";
  }
  return "";
}

}  // namespace

std::string TextbookName(const History& history, AdyaClass adya,
                         const std::vector<Dependency>& cycle) {
  switch (adya) {
    case AdyaClass::kG0:
      return "dirty write";
    case AdyaClass::kG1a:
      return "aborted read";
    case AdyaClass::kG1b:
      return "intermediate read";
    case AdyaClass::kG1c:
      return "";
    default:
      break;
  }
  if (std::any_of(cycle.begin(), cycle.end(), [](const Dependency& e) { return e.predicate; }))
    return "phantom";
  std::set<std::pair<std::string, std::string>> rows;
  int rw = 0, wr = 0;
  for (const Dependency& edge : cycle) {
    rows.insert({edge.table, edge.row});
    if (edge.kind == DependencyKind::kRw) ++rw;
    if (edge.kind == DependencyKind::kWr) ++wr;
  }
  if (cycle.size() == 2) {
    int a = cycle[0].from, b = cycle[0].to;
    if (rows.size() == 1) {
      const auto& [table, row] = *rows.begin();
      if (WroteRow(history, a, table, row) && WroteRow(history, b, table, row)) {
        // The transaction that read the row before the other replaced it:
        // when its own write computed from the newer version (SET n = n + 1),
        // nothing was overwritten from the stale read; it only read the row
        // twice, at two versions.
        // Lost update: both read one version and both installed a next one
        // computed from it. Otherwise the stale reader only read the row at
        // two versions.
        int stale = a;
        for (const Dependency& edge : cycle)
          if (edge.kind == DependencyKind::kRw) stale = edge.from;
        return MayWriteFromStaleRead(history, stale, stale == a ? b : a, table, row)
                   ? "lost update"
                   : "non-repeatable read";
      }
      if (adya == AdyaClass::kGSingle && wr == 1) return "non-repeatable read";
    } else if (adya == AdyaClass::kGSingle && wr == 1) {
      return "read skew";
    } else if (adya == AdyaClass::kG2Item && rw == 2) {
      return "write skew";
    }
    return "";
  }
  std::set<int> writers = Writers(history);
  for (const Dependency& edge : cycle)
    if (!writers.count(edge.from)) return "read-only transaction anomaly";
  return "";
}

Explanation Explain(const History& history) {
  Explanation explanation;
  explanation.graph = DependencyGraph::Build(history);
  for (const std::vector<int>& component : explanation.graph.CyclicComponents())
    if (auto finding = ClassifyComponent(history, explanation.graph, component))
      explanation.findings.push_back(std::move(*finding));
  for (Finding& finding : BadReads(history)) explanation.findings.push_back(std::move(finding));
  std::stable_sort(explanation.findings.begin(), explanation.findings.end(),
                   [](const Finding& a, const Finding& b) { return a.adya < b.adya; });
  explanation.serializable = explanation.findings.empty();
  if (explanation.serializable)
    explanation.serial_order = SerialOrder(history, explanation.graph, explanation.several_orders);
  return explanation;
}

}  // namespace interleave
