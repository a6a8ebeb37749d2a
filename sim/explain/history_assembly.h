// Turns what the recorder collected during a run (the write notices, the
// restated reads with the rows they returned, the transactions) into the
// run's History: each write's replaced and installed versions, each read's
// versions seen (a transaction's own earlier writes, EvalPlanQual's newest
// versions) and, for a predicate, the rows it missed and whether their later
// versions match it (asked of the server through a control connection).
// Thread-safety: a plain function. Ownership: borrows its arguments.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "db/engine.h"
#include "sim/explain/read_query.h"
#include "sim/model/history.h"
#include "sim/model/trace.h"

namespace interleave {

// (xmin, row) of each row a restated scan returned for one of its tables.
using ScannedTable = std::vector<std::pair<std::string, nlohmann::json>>;

// One statement's reads as the side connection restated them.
struct PendingRead {
  int txn = -1;
  int step = -1;  // trace step index
  std::string step_name;
  ReadQuery query;
  std::string snapshot;
  std::string newest_snapshot;  // set when the rows' newest versions were read (EvalPlanQual)
  // Per scan of query.scans, per table of the scan.
  std::vector<std::vector<ScannedTable>> rows;
};

// Everything one run's recording collected.
struct RecordedRun {
  History history;                     // the transactions, as the run went
  std::vector<nlohmann::json> writes;  // the notices, with "txn" and "step" added; any order
  std::vector<PendingRead> reads;      // in the order their gaps are listed
  std::map<std::string, std::vector<std::string>> key_columns;  // table -> primary key
  std::set<int> computed_steps;  // trace steps with an UPDATE that computes from the row
  // Per trace step, per table: the columns its UPDATEs' SET name.
  std::map<int, std::map<std::string, std::set<std::string>>> set_columns;
};

History AssembleHistory(const RecordedRun& run, ControlConnection& control, const Trace& trace);

}  // namespace interleave
