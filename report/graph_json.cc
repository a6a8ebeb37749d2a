#include "report/graph_json.h"

#include <string>

namespace interleave {

namespace {

std::string OutcomeName(TxnRecord::Outcome outcome) {
  switch (outcome) {
    case TxnRecord::Outcome::kCommitted:
      return "committed";
    case TxnRecord::Outcome::kAborted:
      return "aborted";
    case TxnRecord::Outcome::kOpen:
      return "open";
  }
  return "open";
}

nlohmann::ordered_json EdgeJson(const Dependency& edge) {
  nlohmann::ordered_json json;
  json["kind"] = std::string(DependencyKindName(edge.kind));
  json["from"] = edge.from;
  json["to"] = edge.to;
  json["from_step"] = edge.from_step;
  json["to_step"] = edge.to_step;
  json["table"] = edge.table;
  json["row"] = edge.row;
  json["predicate"] = edge.predicate;
  return json;
}

nlohmann::ordered_json EdgesJson(const std::vector<Dependency>& edges) {
  nlohmann::ordered_json json = nlohmann::ordered_json::array();
  for (const Dependency& edge : edges) json.push_back(EdgeJson(edge));
  return json;
}

}  // namespace

nlohmann::ordered_json ExplanationJson(const History& history, const Explanation& explanation) {
  const Finding* reported = explanation.Reported();
  nlohmann::ordered_json json;
  json["serializable"] = explanation.serializable;
  json["adya"] = reported ? nlohmann::ordered_json(std::string(AdyaClassName(reported->adya)))
                          : nlohmann::ordered_json(nullptr);
  json["anomaly"] = reported && !reported->anomaly.empty()
                        ? nlohmann::ordered_json(reported->anomaly)
                        : nlohmann::ordered_json(nullptr);
  json["serial_order"] = explanation.serial_order;
  nlohmann::ordered_json transactions = nlohmann::ordered_json::array();
  for (const TxnRecord& txn : history.txns) {
    nlohmann::ordered_json entry;
    entry["id"] = txn.id;
    entry["client"] = txn.client_name;
    entry["attempt"] = txn.attempt;
    entry["steps"] = txn.steps;
    entry["outcome"] = OutcomeName(txn.outcome);
    transactions.push_back(std::move(entry));
  }
  json["transactions"] = std::move(transactions);
  json["edges"] = EdgesJson(explanation.graph.edges());
  json["cycle"] =
      EdgesJson(reported && reported->IsCycle() ? reported->edges : std::vector<Dependency>{});
  return json;
}

}  // namespace interleave
