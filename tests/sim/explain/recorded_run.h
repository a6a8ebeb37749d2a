// What the recorder tests share: one variant of a scenario run along one
// schedule against the shared private server, and the edges of its graph.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "sim/explain/dependency_graph.h"
#include "sim/run/run.h"
#include "tests/test_support.h"

namespace interleave::testing {

// One variant of a scenario run along one schedule; keeps the scenario alive.
struct Recorded {
  Scenario scenario;
  VariantResult result;

  const History& history() const { return result.trace.history; }
  const Explanation& explanation() const { return *result.verdict.explanation; }
};

inline Recorded RunOne(Scenario scenario, const std::string& variant = "",
                       const std::string& schedule = "") {
  Recorded recorded{std::move(scenario), {}};
  RunOptions options;
  options.capture_state = false;
  auto results = RunScenario(recorded.scenario, SharedTarget(), options, variant, schedule);
  EXPECT_EQ(results.size(), 1u);
  if (!results.empty()) recorded.result = std::move(results[0]);
  EXPECT_TRUE(recorded.result.trace.explained) << recorded.result.trace.explain_note;
  EXPECT_TRUE(recorded.result.verdict.explanation.has_value());
  return recorded;
}

// The transaction labelled `label` ("a", "a#2"), or -1.
inline int TxnOf(const History& history, const std::string& label) {
  for (const TxnRecord& txn : history.txns)
    if (TxnLabel(history, txn.id) == label) return txn.id;
  return -1;
}

inline std::vector<Dependency> EdgesOf(const Recorded& recorded, DependencyKind kind,
                                       const std::string& from, const std::string& to) {
  std::vector<Dependency> found;
  const int from_txn = TxnOf(recorded.history(), from);
  const int to_txn = TxnOf(recorded.history(), to);
  for (const Dependency& edge : recorded.explanation().graph.edges())
    if (edge.kind == kind && edge.from == from_txn && edge.to == to_txn) found.push_back(edge);
  return found;
}

inline std::string EdgesText(const Recorded& recorded) {
  std::string text;
  for (const Dependency& edge : recorded.explanation().graph.edges()) {
    text += std::string(DependencyKindName(edge.kind)) + " " +
            TxnLabel(recorded.history(), edge.from) + "." + edge.from_step + " -> " +
            TxnLabel(recorded.history(), edge.to) + "." + edge.to_step + " " + edge.row + " [" +
            edge.from_value + " | " + edge.to_value + "]\n";
  }
  return text;
}

}  // namespace interleave::testing
