// The timeline's geometry (see timeline_layout.h).
//
// Index
//   [SECTION] Text wrapping
//   [SECTION] Box contents
//   [SECTION] Placing rows, boxes and spans
#include "gui/timeline_layout.h"

#include <algorithm>
#include <atomic>
#include <map>
#include <set>

#include "gui/timeline_arrows.h"
#include "gui/trace_words.h"
#include "util/text_util.h"
#include "util/utf8.h"

namespace interleave::gui {

//-----------------------------------------------------------------------------
// [SECTION] Text wrapping
//-----------------------------------------------------------------------------

int CodepointCount(const std::string& text) { return static_cast<int>(Utf8Length(text)); }

std::vector<std::string> WrapText(const std::string& text, int max_chars, int indent) {
  max_chars = std::max(max_chars, 4);
  indent = std::min(indent, max_chars / 2);
  std::vector<std::string> lines;
  std::string line;
  int used = 0;
  int base = 0;  // where this line's words start
  auto new_line = [&]() {
    lines.push_back(line);
    line = std::string(indent, ' ');
    used = base = indent;
  };
  size_t i = 0;
  const std::string collapsed = CollapseWhitespace(text);
  while (i < collapsed.size()) {
    size_t end = collapsed.find(' ', i);
    if (end == std::string::npos) end = collapsed.size();
    std::string word = collapsed.substr(i, end - i);
    i = end + 1;
    int length = CodepointCount(word);
    if (used > base && used + 1 + length > max_chars) new_line();
    if (used > base) {
      line += ' ';
      ++used;
    }
    // Words longer than the room left are cut into pieces.
    size_t at = 0;
    while (at < word.size()) {
      size_t start = at;
      NextCodepoint(word, &at);
      if (used + 1 > max_chars && used > base) new_line();
      line += word.substr(start, at - start);
      ++used;
    }
  }
  if (used > base || lines.empty()) lines.push_back(line);
  return lines;
}

//-----------------------------------------------------------------------------
// [SECTION] Box contents
//-----------------------------------------------------------------------------

namespace {

class Builder {
 public:
  Builder(const TimelineInput& input, const LayoutMetrics& metrics)
      : in_(input), m_(metrics), trace_(*input.trace) {}

  TimelineLayout Build();

 private:
  int ColumnChars() const {
    return std::max(4,
                    static_cast<int>((column_w_ - 2 * m_.padding - m_.span_width) / m_.char_width));
  }
  int FullChars() const {
    return std::max(4, static_cast<int>((m_.width - out_.gutter - 2 * m_.padding) / m_.char_width));
  }
  void Add(std::vector<BoxLine>* lines, const std::string& text, LineTone tone, int chars,
           int max_lines = 0) {
    std::vector<std::string> wrapped = WrapText(text, chars, 2);
    if (max_lines > 0 && static_cast<int>(wrapped.size()) > max_lines) {
      wrapped.resize(max_lines);
      std::string& last = wrapped.back();
      while (CodepointCount(last) + 2 > chars && !last.empty()) Utf8PopBack(&last);
      last += " …";
    }
    for (size_t i = 0; i < wrapped.size(); ++i) lines->push_back(BoxLine{wrapped[i], tone, i > 0});
  }
  std::string Label(const StepTrace& step) const {
    return step.attempt > 1 ? step.step_name + " (try " + std::to_string(step.attempt) + ")"
                            : step.step_name;
  }
  void StepLines(const TraceEvent& event, const StepTrace& step, bool first,
                 const std::string& number, StepBox* box);
  void PlaceBox(StepBox box, const std::string& number);
  void AddMark(const AnomalyMark& mark);
  void AddPending();
  void AddSpans();
  // The compact layout: one row per global step number.
  void BuildCompact(const std::vector<TraceEvent>& events);
  void CompactLines(StepBox* box);
  void PlaceCompactRows(std::vector<std::vector<StepBox>> cells);
  void AddArrows();

  const TimelineInput& in_;
  const LayoutMetrics& m_;
  const Trace& trace_;
  TimelineLayout out_;
  float column_w_ = 0;
  float y_ = 0;                 // the lowest bottom so far (plus the row gap)
  std::vector<float> bottoms_;  // per column: where its next box may start
  float full_bottom_ = 0;       // below every box so far
  float floor_ = 0;             // no box above this (the "now" line for pending steps)
  int number_ = 0;              // the last row number given
  std::set<int> snapshots_;
  std::set<int> shown_;
  std::map<int, int> sent_box_;  // step -> its kStep box
  std::map<int, int> done_box_;  // step -> the box with its result
  std::vector<AnomalyMark> marks_;
};

void Builder::StepLines(const TraceEvent& event, const StepTrace& step, bool first,
                        const std::string& number, StepBox* box) {
  const int chars = ColumnChars();
  auto& lines = box->lines;
  // The first line: the row's number and the step's name ("#6  l3").
  const std::string label = number + "  " + Label(step);
  if (event.kind == TraceEvent::Kind::kSkipped || step.status == StepStatus::kSkipped) {
    box->kind = BoxKind::kSkipped;
    lines.push_back(BoxLine{label, LineTone::kStepName});
    Add(&lines,
        "skipped: " +
            (step.skip_reason.empty() ? "the application decided not to run it" : step.skip_reason),
        LineTone::kNote, chars, 3);
    return;
  }
  if (first) {
    lines.push_back(BoxLine{label, LineTone::kStepName});
    Add(&lines, CollapseWhitespace(step.sql), LineTone::kPlain, chars, m_.max_sql_lines);
    if (snapshots_.count(step.index))
      Add(&lines, "◉ snapshot taken here", LineTone::kSnapshot, chars);
    std::string releases = ReleasesText(trace_, step);
    if (!releases.empty()) Add(&lines, "→ " + releases, LineTone::kWait, chars, 2);
  } else {
    box->kind = BoxKind::kCompletion;
    std::string verb = step.status == StepStatus::kFailed ? " fails" : " completes";
    if (step.status == StepStatus::kCancelled) verb = " ends after the cancel";
    std::string text = "… " + step.step_name + verb;
    if (event.kind == TraceEvent::Kind::kCompletedLater) text += ReleasedText(trace_, step);
    lines.push_back(BoxLine{label, LineTone::kStepName});
    Add(&lines, text, step.status == StepStatus::kFailed ? LineTone::kBad : LineTone::kWait, chars,
        3);
  }
  if (event.kind == TraceEvent::Kind::kWaiting) {
    box->waiting = true;
    std::string whom = BlockersText(trace_, step);
    Add(&lines, "WAITS for " + (whom.empty() ? std::string("a lock") : whom), LineTone::kWait,
        chars, 3);
    return;
  }
  if (step.status == StepStatus::kCancelled && event.kind == TraceEvent::Kind::kCancelled) {
    Add(&lines, "✗ hung (neither finished nor waited for a lock): cancelled", LineTone::kBad, chars,
        3);
    return;
  }
  bool plain_ok = false;
  std::string result = ResultText(step, &plain_ok);
  if (step.status == StepStatus::kCompleted && plain_ok) {
    Add(&lines, "✓ done", LineTone::kGood, chars);
  } else if (!result.empty()) {
    Add(&lines, "→ " + result, LineTone::kPlain, chars, 3);
  }
  if (step.status == StepStatus::kFailed) {
    if (step.error) {
      Add(&lines, "✗ " + ErrorLine(*step.error), LineTone::kBad, chars, 3);
      if (!step.error->detail.empty() && step.error->sqlstate != "40P01")
        Add(&lines, step.error->detail, LineTone::kBad, chars, 2);
    } else {
      Add(&lines, "✗ failed", LineTone::kBad, chars);
    }
  }
  switch (TransactionEndOf(step)) {
    case TransactionEnd::kCommitted:
      box->committed = true;
      box->badge = "COMMITTED";
      box->badge_tone = LineTone::kGood;
      break;
    case TransactionEnd::kRolledBack:
      box->badge = "ROLLED BACK";
      box->badge_tone = LineTone::kBad;
      break;
    case TransactionEnd::kAborted:
      box->aborted = true;
      box->badge = "ABORTED " + (step.error ? step.error->sqlstate : std::string());
      box->badge_tone = LineTone::kBad;
      break;
    case TransactionEnd::kNone:
      break;
  }
}

//-----------------------------------------------------------------------------
// [SECTION] Placing rows, boxes and spans
//-----------------------------------------------------------------------------

void Builder::PlaceBox(StepBox box, const std::string& number) {
  const int columns = static_cast<int>(out_.columns.size());
  const bool lane = box.client >= 0 && box.client < columns;
  if (lane) {
    box.x = out_.columns[box.client].x;
    box.w = out_.columns[box.client].w - m_.span_width;
  } else {
    box.x = out_.gutter;
    box.w = m_.width - out_.gutter;
  }
  // The badge goes at the right of the first line, or on a line of its own.
  if (!box.badge.empty() && !box.lines.empty()) {
    const float room = (box.w - 2 * m_.padding) / m_.char_width;
    const float badge = CodepointCount(box.badge) * m_.badge_scale + 1.5f;
    if (CodepointCount(box.lines[0].text) + 1 + badge > room) {
      box.badge_line = static_cast<int>(box.lines.size());
      box.lines.push_back(BoxLine{"", LineTone::kPlain, false});
    }
  }
  box.h =
      2 * m_.padding + m_.line_height * static_cast<float>(std::max<size_t>(1, box.lines.size()));
  // Below the previous row's top, and below everything in its own column
  // (every column for a box across all of them).
  const float step = m_.min_step > 0 ? m_.min_step : 2 * m_.line_height;
  float y = out_.rows.empty() ? 0 : out_.rows.back().y + step;
  if (lane) {
    y = std::max(y, bottoms_[box.client]);
  } else {
    for (float bottom : bottoms_) y = std::max(y, bottom);
    y = std::max(y, full_bottom_);
  }
  y = std::max(y, floor_);
  box.y = y;
  const float bottom = y + box.h + m_.row_gap;
  if (lane) {
    bottoms_[box.client] = bottom;
  } else {
    for (float& b : bottoms_) b = bottom;
  }
  full_bottom_ = std::max(full_bottom_, bottom);
  LayoutRow row;
  row.y = y;
  row.h = box.h;
  row.reach = std::max(out_.rows.empty() ? 0.0f : out_.rows.back().reach, y + box.h);
  row.number = number;
  row.box = static_cast<int>(out_.boxes.size());
  box.row = static_cast<int>(out_.rows.size());
  out_.rows.push_back(row);
  out_.boxes.push_back(std::move(box));
  y_ = std::max(y_, bottom);
}

void Builder::AddMark(const AnomalyMark& mark) {
  StepBox box;
  box.kind = BoxKind::kAnomaly;
  box.anomaly = true;
  box.badge = "ANOMALY";
  box.badge_tone = LineTone::kBad;
  const int chars = FullChars();
  Add(&box.lines, "⚠ " + mark.headline, LineTone::kBad, chars);
  int shown = 0;
  for (const std::string& sentence : mark.sentences)
    if (m_.mark_sentences <= 0 || shown++ < m_.mark_sentences)
      Add(&box.lines, sentence, LineTone::kPlain, chars);
  out_.anomaly_box = static_cast<int>(out_.boxes.size());
  PlaceBox(std::move(box), "");
}

void Builder::AddPending() {
  std::set<int> seen_client;
  int shown = 0;
  for (const PendingStep& pending : in_.pending) {
    if (shown++ >= m_.max_pending) break;
    StepBox box;
    box.kind = BoxKind::kPending;
    box.client = pending.client;
    box.next = seen_client.insert(pending.client).second;
    if (shown == 1) {
      box.badge = "NEXT";
      box.badge_tone = LineTone::kMuted;
    }
    box.lines.push_back(BoxLine{pending.step_name, LineTone::kStepName});
    Add(&box.lines, CollapseWhitespace(pending.sql), LineTone::kMuted, ColumnChars(), 3);
    PlaceBox(std::move(box), "");
  }
}

void Builder::AddSpans() {
  for (const StepTrace& step : trace_.steps) {
    if (!step.blocked) continue;
    auto sent = sent_box_.find(step.index);
    if (sent == sent_box_.end()) continue;
    const StepBox& from = out_.boxes[sent->second];
    WaitSpan span;
    span.step = step.index;
    span.client = step.client;
    span.x = from.x + from.w + 2;
    span.y0 = from.y;
    auto done = done_box_.find(step.index);
    if (done != done_box_.end() && done->second != sent->second) {
      span.y1 = out_.boxes[done->second].y + out_.boxes[done->second].h;
    } else if (!in_.finished) {
      span.open = true;
      span.y1 = out_.now_y;
    } else {
      span.y1 = from.y + from.h;
    }
    std::string whom = BlockersText(trace_, step);
    span.label = "waits for " + (whom.empty() ? std::string("a lock") : whom);
    out_.spans.push_back(span);
  }
}

TimelineLayout Builder::Build() {
  // Columns: a gutter for row numbers, then one column per client.
  int clients = static_cast<int>(trace_.client_names.size());
  for (const StepTrace& step : trace_.steps) clients = std::max(clients, step.client + 1);
  for (const PendingStep& pending : in_.pending) clients = std::max(clients, pending.client + 1);
  clients = std::max(clients, 1);
  out_.gutter = m_.gutter_chars * m_.char_width + m_.padding;
  column_w_ = (m_.width - out_.gutter - m_.column_gap * (clients - 1)) / clients;
  column_w_ = std::max(column_w_, 8 * m_.char_width);
  for (int c = 0; c < clients; ++c) {
    ColumnLayout column;
    column.x = out_.gutter + c * (column_w_ + m_.column_gap);
    column.w = column_w_;
    column.name = ClientName(trace_, c);
    column.level = in_.scenario ? LevelText(ClientLevel(*in_.scenario, trace_, c))
                                : LevelText(c < static_cast<int>(trace_.client_isolation.size())
                                                ? trace_.client_isolation[c]
                                                : Isolation::kDefault);
    // The engine and its version lead the level when the run had a server.
    if (!trace_.server_version.empty())
      column.level = EngineAndVersion(trace_.engine, trace_.server_version) + ", " + column.level;
    out_.columns.push_back(column);
  }
  bottoms_.assign(out_.columns.size(), 0);

  std::vector<TraceEvent> events = EffectiveEvents(trace_);
  if (m_.compact) {
    BuildCompact(events);
    return out_;
  }
  RowNumbers numbers = NumberRows(trace_, events);
  if (in_.scenario) snapshots_ = SnapshotSteps(*in_.scenario, trace_);
  if (in_.verdict && in_.scenario)
    marks_ = AnomalyMarks(*in_.scenario, in_.plan, trace_, *in_.verdict, numbers);
  std::set<int> mark_steps;
  for (const AnomalyMark& mark : marks_) mark_steps.insert(mark.step);

  for (const TraceEvent& event : events) {
    const bool valid = event.step >= 0 && event.step < static_cast<int>(trace_.steps.size());
    if (IsStepEvent(event.kind) && valid) {
      const StepTrace& step = trace_.steps[event.step];
      StepBox box;
      box.step = step.index;
      box.client = step.client;
      bool first = shown_.insert(step.index).second;
      const std::string number = "#" + std::to_string(++number_);
      StepLines(event, step, first, number, &box);
      const bool done = event.kind != TraceEvent::Kind::kWaiting;
      if (done && mark_steps.count(step.index)) {
        box.anomaly = true;
        if (box.badge.empty() || box.badge == "COMMITTED") {
          box.badge = "⚠ ANOMALY";
          box.badge_tone = LineTone::kBad;
        }
      }
      int index = static_cast<int>(out_.boxes.size());
      if (first) sent_box_[step.index] = index;
      if (done) done_box_[step.index] = index;
      PlaceBox(std::move(box), number);
      if (done)
        for (const AnomalyMark& mark : marks_)
          if (mark.step == step.index) AddMark(mark);
    } else if (event.kind == TraceEvent::Kind::kRetry ||
               (event.kind == TraceEvent::Kind::kNotice && in_.scenario &&
                in_.scenario->is_isolation_spec)) {
      StepBox box;
      box.kind = BoxKind::kEvent;
      box.client = valid ? trace_.steps[event.step].client : -1;
      const bool retry = event.kind == TraceEvent::Kind::kRetry;
      std::string text = retry ? "↻ " + (event.text.empty() ? std::string("the transaction runs "
                                                                          "again")
                                                            : event.text)
                               : CollapseWhitespace(event.text);
      Add(&box.lines, text, retry ? LineTone::kWait : LineTone::kNote,
          box.client < 0 ? FullChars() : ColumnChars(), 4);
      PlaceBox(std::move(box), "");
    }
  }
  for (const AnomalyMark& mark : marks_)
    if (mark.step < 0 || numbers.done[mark.step] < 0) AddMark(mark);
  out_.now_y = y_;
  floor_ = y_ + m_.row_gap;  // what is to come starts below "now"
  if (!in_.finished) AddPending();
  AddSpans();
  AddArrows();
  out_.height = y_;
  out_.steps_bottom = y_;
  return out_;
}

//-----------------------------------------------------------------------------
// [SECTION] The compact layout
//-----------------------------------------------------------------------------

// The step's name joins the SQL's first line, and a short result the last
// line, so that a 2 x 4 interleaving fits a projector's screen.
void Builder::CompactLines(StepBox* box) {
  auto& lines = box->lines;
  if (lines.size() < 2 || lines[0].tone != LineTone::kStepName) return;
  const int chars = ColumnChars();
  std::vector<BoxLine> out;
  const std::string name = lines[0].text;
  // The SQL (or the completion's words): the lines after the name up to the
  // first line of another tone.
  size_t end = 1;
  std::string body;
  const LineTone body_tone = lines[1].tone;
  while (end < lines.size() && lines[end].tone == body_tone &&
         (end == 1 || lines[end].continuation)) {
    body += (body.empty() ? "" : " ") + CollapseWhitespace(lines[end].text);
    ++end;
  }
  // A completion's words name the step already ("… l3 completes").
  const bool completion = box->kind == BoxKind::kCompletion;
  std::vector<BoxLine> merged;
  Add(&merged, completion ? body : name + "  " + body, body_tone, chars, m_.max_sql_lines);
  if (!completion) merged[0].lead = static_cast<int>(CollapseWhitespace(name).size());
  out.insert(out.end(), merged.begin(), merged.end());
  for (size_t i = end; i < lines.size(); ++i) {
    const BoxLine& line = lines[i];
    // A one-line result ("✓ done", "→ 100") at the end of the line before.
    BoxLine& last = out.back();
    const bool short_result =
        !line.continuation && (i + 1 >= lines.size() || !lines[i + 1].continuation);
    if (short_result && last.tail.empty() &&
        CodepointCount(last.text) + 2 + CodepointCount(line.text) <= chars &&
        (line.tone == LineTone::kGood || line.tone == LineTone::kPlain)) {
      last.tail = line.text;
      last.tail_tone = line.tone;
      continue;
    }
    out.push_back(line);
  }
  lines = std::move(out);
}

void Builder::BuildCompact(const std::vector<TraceEvent>& events) {
  const int sent = static_cast<int>(trace_.steps.size());
  std::vector<PendingStep> pending;
  for (const PendingStep& p : in_.pending) {
    if (static_cast<int>(pending.size()) >= m_.max_pending || in_.finished) break;
    pending.push_back(p);
  }
  // As many rows as the other pane has, too: a step this pane did not send
  // leaves its row empty.
  const int rows =
      std::max(sent + static_cast<int>(pending.size()), static_cast<int>(in_.row_lines.size()));
  // Rows are numbered by the statement's place in the order of sending; a
  // waiting step's result sits in the row of the step that released it.
  RowNumbers numbers;
  numbers.sent.assign(trace_.steps.size(), -1);
  numbers.done.assign(trace_.steps.size(), -1);
  for (const StepTrace& step : trace_.steps) numbers.sent[step.index] = step.index + 1;
  std::vector<std::vector<StepBox>> cells(rows);
  std::map<int, TraceEvent::Kind> first_event;
  for (const TraceEvent& event : events)
    if (IsStepEvent(event.kind) && event.step >= 0 && event.step < sent &&
        !first_event.count(event.step))
      first_event[event.step] = event.kind;
  if (in_.scenario) snapshots_ = SnapshotSteps(*in_.scenario, trace_);
  // Where each result is: the step's own row, or its release's.
  std::vector<int> done_row(sent, -1);
  for (const TraceEvent& event : events) {
    if (!IsStepEvent(event.kind) || event.step < 0 || event.step >= sent) continue;
    const StepTrace& step = trace_.steps[event.step];
    if (event.kind == TraceEvent::Kind::kWaiting) continue;
    int row = step.index;
    if (event.kind == TraceEvent::Kind::kCompletedLater) {
      row = step.released_by > step.index && step.released_by < sent ? step.released_by : sent - 1;
      // A later row of its own column is taken: the result goes one further.
      while (row < rows - 1 && row > step.index) {
        bool taken = false;
        for (const StepBox& other : cells[row]) taken = taken || other.client == step.client;
        if (!taken) break;
        ++row;
      }
    }
    done_row[step.index] = row;
    numbers.done[step.index] = row + 1;
  }
  if (in_.verdict && in_.scenario)
    marks_ = AnomalyMarks(*in_.scenario, in_.plan, trace_, *in_.verdict, numbers);
  std::set<int> mark_steps;
  for (const AnomalyMark& mark : marks_) mark_steps.insert(mark.step);
  for (const TraceEvent& event : events) {
    if (!IsStepEvent(event.kind) || event.step < 0 || event.step >= sent) continue;
    const StepTrace& step = trace_.steps[event.step];
    const bool first = event.kind != TraceEvent::Kind::kCompletedLater;
    if (first && first_event[step.index] != event.kind) continue;
    StepBox box;
    box.step = step.index;
    box.client = step.client;
    const std::string number = "#" + std::to_string(step.index + 1);
    StepLines(event, step, first, first ? number : "↳", &box);
    const bool done = event.kind != TraceEvent::Kind::kWaiting;
    if (done && mark_steps.count(step.index)) {
      box.anomaly = true;
      if (box.badge.empty() || box.badge == "COMMITTED") {
        box.badge = "⚠ ANOMALY";
        box.badge_tone = LineTone::kBad;
      }
    }
    CompactLines(&box);
    const int row = first ? step.index : done_row[step.index];
    if (row < 0 || row >= rows) continue;
    cells[row].push_back(std::move(box));
  }
  for (size_t k = 0; k < pending.size(); ++k) {
    StepBox box;
    box.kind = BoxKind::kPending;
    box.client = pending[k].client;
    box.next = true;
    for (size_t j = 0; j < k; ++j) box.next = box.next && pending[j].client != box.client;
    if (k == 0) {
      box.badge = "NEXT";
      box.badge_tone = LineTone::kMuted;
    }
    box.lines.push_back(BoxLine{pending[k].step_name, LineTone::kStepName});
    Add(&box.lines, CollapseWhitespace(pending[k].sql), LineTone::kMuted, ColumnChars(), 3);
    CompactLines(&box);
    cells[sent + k].push_back(std::move(box));
  }
  PlaceCompactRows(std::move(cells));
  out_.now_y = out_.rows.empty() ? 0 : y_;
  for (const LayoutRow& row : out_.rows)
    if (row.global >= 0 && row.global < sent) out_.now_y = row.y + row.h + m_.row_gap;
  if (sent == 0) out_.now_y = 0;
  out_.steps_bottom = y_;
  // The anomaly's marker after every row, so that the rows above line up
  // with the other pane's.
  for (const AnomalyMark& mark : marks_) AddMark(mark);
  AddSpans();
  AddArrows();
  out_.height = y_;
}

void Builder::PlaceCompactRows(std::vector<std::vector<StepBox>> cells) {
  const int columns = static_cast<int>(out_.columns.size());
  out_.row_lines.assign(cells.size(), 1);
  float y = 0;
  for (size_t r = 0; r < cells.size(); ++r) {
    int lines = 1;
    if (r < in_.row_lines.size()) lines = std::max(lines, in_.row_lines[r]);
    for (StepBox& box : cells[r]) {
      box.x = out_.columns[std::clamp(box.client, 0, columns - 1)].x;
      box.w = out_.columns[std::clamp(box.client, 0, columns - 1)].w - m_.span_width;
      if (!box.badge.empty() && !box.lines.empty()) {
        // The badge at the right of the first line with room for it (a
        // COMMITTED badge says "✓ done" already), else on a line of its own.
        const float room = (box.w - 2 * m_.padding) / m_.char_width;
        const float badge = CodepointCount(box.badge) * m_.badge_scale + 1.5f;
        auto used = [](const BoxLine& line) {
          return CodepointCount(line.text) +
                 (line.tail.empty() ? 0 : 2 + CodepointCount(line.tail));
        };
        if (box.committed && box.lines[0].tail == "✓ done" && used(box.lines[0]) + 1 + badge > room)
          box.lines[0].tail.clear();
        box.badge_line = -1;
        for (size_t i = 0; i < box.lines.size() && box.badge_line < 0; ++i)
          if (used(box.lines[i]) + 1 + badge <= room) box.badge_line = static_cast<int>(i);
        if (box.badge_line < 0) {
          box.badge_line = static_cast<int>(box.lines.size());
          box.lines.push_back(BoxLine{"", LineTone::kPlain, false});
        }
      }
      out_.row_lines[r] = std::max(out_.row_lines[r], static_cast<int>(box.lines.size()));
      lines = std::max(lines, static_cast<int>(box.lines.size()));
    }
    const float h = 2 * m_.padding + m_.line_height * static_cast<float>(lines);
    LayoutRow row;
    row.y = y;
    row.h = h;
    row.global = static_cast<int>(r);
    row.number = "#" + std::to_string(r + 1);
    row.reach = y + h;
    if (cells[r].empty()) {
      out_.rows.push_back(row);  // an empty row: this pane did not send that step
    }
    for (StepBox& box : cells[r]) {
      box.y = y;
      box.h = h;
      box.row = static_cast<int>(out_.rows.size());
      row.box = static_cast<int>(out_.boxes.size());
      if (box.kind == BoxKind::kStep) sent_box_[box.step] = row.box;
      if (box.kind != BoxKind::kPending && !box.waiting) done_box_[box.step] = row.box;
      out_.rows.push_back(row);
      out_.boxes.push_back(std::move(box));
    }
    y += h + m_.row_gap;
  }
  y_ = y;
  bottoms_.assign(bottoms_.size(), y);
  full_bottom_ = y;
  floor_ = y;
}

void Builder::AddArrows() {
  if (in_.verdict && in_.verdict->explanation && trace_.explained) {
    std::map<int, int> step_box;  // trace step -> the box with its result (or as sent)
    for (const auto& [step, box] : sent_box_) step_box[step] = box;
    for (const auto& [step, box] : done_box_) step_box[step] = box;
    out_.arrows = LayoutArrows(trace_, *in_.verdict->explanation, step_box, out_, m_);
    return;
  }
  // Live: the dependency graph is only sound once a run has ended (the
  // recorder resolves reads against the versions written later, and an edge
  // counts only between transactions that committed), so the edges come from
  // the same interleaving run to its end beforehand, and only those whose
  // both steps have completed here are drawn: a fact about what ran, nothing
  // about a step still to come (or still waiting).
  if (!in_.lookahead || !in_.lookahead_trace || !in_.lookahead_trace->explained) return;
  out_.arrows = LayoutArrows(*in_.lookahead_trace, *in_.lookahead, done_box_, out_, m_);
}

}  // namespace

TimelineLayout LayoutTimeline(const TimelineInput& input, const LayoutMetrics& metrics) {
  static const Trace kEmpty;
  TimelineInput safe = input;
  if (!safe.trace) safe.trace = &kEmpty;
  Builder builder(safe, metrics);
  TimelineLayout layout = builder.Build();
  static std::atomic<uint64_t> next_id{0};
  layout.id = ++next_id;
  return layout;
}

}  // namespace interleave::gui
