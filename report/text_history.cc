// The history line (see text_history.h).
#include "report/text_history.h"

#include <algorithm>
#include <map>
#include <set>
#include <vector>

#include "sim/judge/trace_facts.h"
#include "sim/model/transaction_end.h"

namespace interleave::text {

namespace {

// "a=1, b=2" as pairs.
std::vector<std::pair<std::string, std::string>> Pairs(const std::string& values) {
  std::vector<std::pair<std::string, std::string>> pairs;
  size_t start = 0;
  while (start < values.size()) {
    size_t end = values.find(", ", start);
    std::string part =
        values.substr(start, end == std::string::npos ? std::string::npos : end - start);
    size_t eq = part.find('=');
    if (eq != std::string::npos) pairs.push_back({part.substr(0, eq), part.substr(eq + 1)});
    if (end == std::string::npos) break;
    start = end + 2;
  }
  return pairs;
}

}  // namespace

std::string HistoryLine(const Trace& trace) {
  if (!trace.explained) return "";
  const History& history = trace.history;
  if (history.reads.empty() && history.writes.empty()) return "";
  // Where each step completed, in the order of the timeline's events.
  std::map<std::pair<int, std::string>, int> position;  // (client, attempt:step) -> event
  std::vector<TraceEvent> events = EffectiveEvents(trace);
  for (size_t e = 0; e < events.size(); ++e) {
    const TraceEvent& event = events[e];
    if ((event.kind == TraceEvent::Kind::kCompleted ||
         event.kind == TraceEvent::Kind::kCompletedLater) &&
        ValidStep(trace, event.step)) {
      const StepTrace& step = trace.steps[event.step];
      position[{step.client, std::to_string(step.attempt) + ":" + step.step_name}] =
          static_cast<int>(e);
    }
  }
  auto where = [&](int txn, const std::string& step) {
    const TxnRecord* record = history.Txn(txn);
    if (!record) return -1;
    auto it = position.find({record->client, std::to_string(record->attempt) + ":" + step});
    return it == position.end() ? -1 : it->second;
  };
  std::map<int, int> number;  // txn id -> 1, 2 ...
  for (const TxnRecord& txn : history.txns) number[txn.id] = static_cast<int>(number.size()) + 1;
  std::map<std::string, std::string> letter;  // "users id=1" -> "x"
  std::vector<std::string> letter_order;
  auto row_name = [&](const std::string& table, const std::string& key) {
    const std::string row = table + " " + key;
    auto it = letter.find(row);
    if (it != letter.end()) return it->second;
    static const char* kNames[] = {"x", "y", "z", "u", "v", "s", "t"};
    std::string name =
        letter.size() < 7 ? kNames[letter.size()] : "x" + std::to_string(letter.size() - 6);
    letter[row] = name;
    letter_order.push_back(row);
    return name;
  };
  std::map<std::string, std::set<std::string>> written;  // table -> columns some write set
  for (const WriteEvent& write : history.writes)
    for (const auto& [column, value] : Pairs(write.new_values)) written[write.table].insert(column);

  struct Op {
    int at;
    int kind;  // 0 read, 1 write, 2 end
    size_t seq;
    std::string text;
  };
  std::vector<Op> ops;
  // The value of the one column the run's writes change in `table`; "" when
  // they change several (the legend's row names stand alone then).
  auto values = [&](const std::string& table, const std::string& list) {
    if (written[table].size() != 1) return std::string();
    for (const auto& [column, value] : Pairs(list))
      if (written[table].count(column)) return value;
    return std::string();
  };
  for (size_t i = 0; i < history.reads.size(); ++i) {
    const ReadEvent& read = history.reads[i];
    std::string n = std::to_string(number[read.txn]);
    if (read.rows_seen.empty()) {
      // A read that returned only the transaction's own new rows is left out.
      bool returned = false;
      const TxnRecord* record = history.Txn(read.txn);
      for (const StepTrace& step : trace.steps)
        if (record && step.client == record->client && step.attempt == record->attempt &&
            step.step_name == read.step)
          for (const StatementResult& result : step.results)
            returned = returned || !result.rows.empty();
      if (returned) continue;
      ops.push_back({where(read.txn, read.step), 0, i, "r" + n + "[" + read.table + ": none]"});
      continue;
    }
    for (const SeenRow& row : read.rows_seen) {
      // An UPDATE reads the row it qualifies before it writes it, whether
      // or not its SET uses the value (the Dependencies' wr edge says so too).
      std::string v = values(read.table, row.values);
      ops.push_back(
          {where(read.txn, read.step), 0, i,
           "r" + n + "[" + row_name(read.table, row.key) + (v.empty() ? "" : "=" + v) + "]"});
    }
  }
  for (size_t i = 0; i < history.writes.size(); ++i) {
    const WriteEvent& write = history.writes[i];
    std::string v = write.deleted ? "deleted" : values(write.table, write.new_values);
    ops.push_back({where(write.txn, write.step), 1, i,
                   "w" + std::to_string(number[write.txn]) + "[" +
                       row_name(write.table, write.key) + (v.empty() ? "" : "=" + v) + "]"});
  }
  // Each transaction's end, at the step that ended it.
  for (const TxnRecord& txn : history.txns) {
    if (txn.outcome == TxnRecord::Outcome::kOpen || txn.steps.empty()) continue;
    int at = -1;
    for (const std::string& step : txn.steps) at = std::max(at, where(txn.id, step));
    for (const StepTrace& step : trace.steps)
      if (step.client == txn.client && step.attempt == txn.attempt &&
          TransactionEndOf(step) != TransactionEnd::kNone)
        for (size_t e = 0; e < events.size(); ++e)
          if (events[e].step == step.index && events[e].kind != TraceEvent::Kind::kWaiting)
            at = std::max(at, static_cast<int>(e));
    ops.push_back({at, 2, 0,
                   (txn.outcome == TxnRecord::Outcome::kCommitted ? "c" : "a") +
                       std::to_string(number[txn.id])});
  }
  std::stable_sort(ops.begin(), ops.end(), [](const Op& a, const Op& b) {
    if (a.at != b.at) return a.at < b.at;
    if (a.kind != b.kind) return a.kind < b.kind;
    return a.seq < b.seq;
  });
  std::string line;
  for (const Op& op : ops) line += (line.empty() ? "" : " ") + op.text;
  std::string legend;
  for (const TxnRecord& txn : history.txns)
    legend += (legend.empty() ? "" : ", ") + std::to_string(number[txn.id]) + " = " +
              TxnLabel(history, txn.id);
  for (const std::string& row : letter_order) legend += ", " + letter[row] + " = " + row;
  return "History: " + line + "  (" + legend + "; r read, w write, c commit, a abort)";
}

}  // namespace interleave::text
