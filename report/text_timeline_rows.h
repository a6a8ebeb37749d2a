// The rows of the text timeline, before they are laid out in columns: one
// numbered row per step event (its SQL as sent, its note, the snapshot mark,
// what it returned or how it failed, whom it waits for, whom it released),
// the retries and notices between them and the anomaly marker under the row
// where the anomaly shows, each line already wrapped to its lane.
// Thread-safety: pure functions; the rows are owned by the caller.
#pragma once

#include <string>
#include <vector>

#include "report/text_layout.h"
#include "sim/model/scenario.h"
#include "sim/run/run.h"

namespace interleave::text {

struct Cell {
  std::string text;  // plain, already fitted to the lane
  Tone tone = Tone::kPlain;
};

struct Row {
  std::string number;  // "#3", or "" for notes, retries and markers
  int lane = -1;       // client column; -1 spans the whole width
  std::vector<Cell> lines;
};

struct TimelineRows {
  std::vector<Row> rows;
  std::string order;  // "a1 b1 a2 b3(waits) a4 b3(done)": the order a reader writes down
};

// The rows of `result`'s timeline; `lane_width` is the room in a client's
// column (or beside the client tag), `full_width` the room of a row that
// spans every column. With `base` (the first variant), a run of step rows
// each of which base also has, in any place (same step, SQL, result, error,
// wait: StepEventKey), is folded into one line that says so, and a note base
// showed on the same step is not repeated; a row base does not have folds
// into one of `others` (earlier variants) that has it. A row that only adds
// a snapshot mark folds too, the line says where; rows with an anomaly
// marker base does not have are never folded.
TimelineRows BuildTimelineRows(const Scenario& scenario, const VariantResult& result,
                               const Symbols& sym, int lane_width, int full_width,
                               const VariantResult* base = nullptr,
                               const std::vector<const VariantResult*>& others = {});

// What makes a step event's row: the step, its attempt, the event, the SQL
// sent, what it returned or the error, whom it waited for, why it was
// skipped. Two rows with the same key read the same.
std::string StepEventKey(const Trace& trace, const TraceEvent& event);

}  // namespace interleave::text
