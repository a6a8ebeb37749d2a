// What a run's dependency graph says: the cycles in it and Adya's class of
// each, the reads of aborted or intermediate versions, the textbook name of
// what happened, or, with none of those, the serial order the run is
// equivalent to. Thread-safety: pure functions over plain values.
//
// Strength, from the most to the least severe (the order of AdyaClass):
//   G0        a cycle of ww edges only (dirty write);
//   G1a       a committed transaction read a version an aborted one wrote;
//   G1b       it read a version its writer later overwrote (intermediate read);
//   G1c       a cycle of ww and wr edges, at least one wr;
//   G-single  a cycle with exactly one rw edge;
//   G2-item   a cycle with two or more rw edges, all of them item reads;
//   G2        a cycle with two or more rw edges, one of them from a predicate.
// Adya's levels rule them out in that order: PL-1 rules out G0; PL-2 (read
// committed) also G1a, G1b and G1c; PL-2+ also G-single; PL-2.99 (repeatable
// read) also G2-item; PL-3 (serializable) also G2. A run is reported by its
// most severe finding: the one the weakest level already forbids.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/explain/dependency_graph.h"
#include "sim/model/history.h"

namespace interleave {

enum class AdyaClass { kG0, kG1a, kG1b, kG1c, kGSingle, kG2Item, kG2 };

// "G0", "G1a", "G1b", "G1c", "G-single", "G2-item", "G2".
std::string_view AdyaClassName(AdyaClass adya);

// One anomaly found in a run.
struct Finding {
  AdyaClass adya = AdyaClass::kG2;
  // The textbook name when one fits: "lost update", "read skew", "write
  // skew", "non-repeatable read", "phantom", "read-only transaction anomaly",
  // "dirty write", "aborted read", "intermediate read"; empty otherwise.
  std::string anomaly;
  // A cycle (G0, G1c, G-single, G2-item, G2): its edges in order, each
  // edge's `to` the next one's `from`; a G-single cycle starts with its rw
  // edge, the others at their smallest transaction id. G1a and G1b: the one
  // offending read, as a wr edge from its writer.
  std::vector<Dependency> edges;
  // What the cycle amounts to, in plain words, when its name alone would
  // mislead (a stale read that no write used); empty otherwise.
  std::string remark;

  bool IsCycle() const { return adya != AdyaClass::kG1a && adya != AdyaClass::kG1b; }
};

// A run explained.
struct Explanation {
  DependencyGraph graph;
  // Most severe first; among equals, cycles by their component's smallest
  // transaction id, then reads in history order. Per strongly connected
  // component, one cycle: the most severe one it holds, the shortest of that
  // class.
  std::vector<Finding> findings;
  bool serializable = true;  // no finding
  // When serializable: the committed transactions in an equivalent serial
  // order (a topological order of the graph, ties broken by commit order).
  std::vector<int> serial_order;
  bool several_orders = false;  // another serial order is equivalent too

  // The finding the run is reported by, or nullptr when serializable.
  const Finding* Reported() const { return findings.empty() ? nullptr : &findings.front(); }
};

// Explains `history` (whose version_order must be filled).
Explanation Explain(const History& history);

// The textbook name of a cycle of class `adya`, or "" (see Finding::anomaly).
std::string TextbookName(const History& history, AdyaClass adya,
                         const std::vector<Dependency>& cycle);

}  // namespace interleave
