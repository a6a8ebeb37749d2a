// The rows of the text timeline (see text_timeline_rows.h).
#include "report/text_timeline_rows.h"

#include <algorithm>
#include <cctype>
#include <set>

#include "report/narration.h"
#include "sim/judge/lock_words.h"
#include "sim/judge/trace_facts.h"
#include "sim/model/transaction_end.h"
#include "util/text_util.h"
#include "util/utf8.h"

namespace interleave::text {

namespace {

// The note to show beside a step. A step replaced by the variant keeps the
// original's note unless it got its own; a note written for other SQL is
// not shown.
std::string NoteFor(const Scenario& scenario, const Plan& plan, const std::string& name) {
  const Step* def = StepAsRun(scenario, &plan, name);
  if (!def || def->note.empty()) return "";
  const Step* original = StepAsRun(scenario, nullptr, name);
  if (original && original != def && original->note == def->note && original->sql != def->sql)
    return "";
  return def->note;
}

// The mark's sentences, the first led by the marker and the anomaly's name:
// "<<< lost update (P4) — #8 l3 is laptop's last committed write ...".
std::vector<std::string> MarkSentences(const AnomalyMark& mark, const Symbols& sym) {
  std::vector<std::string> sentences = mark.sentences;
  if (sentences.empty()) return sentences;
  std::string& first = sentences.front();
  switch (mark.lead) {
    case AnomalyMark::Lead::kAborted:
      first = sym.anomaly + " " + first;
      break;
    case AnomalyMark::Lead::kCheckReads:
      // "Check c uses ..." goes on after the name: "<<< write skew: check c uses ...".
      first[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(first[0])));
      first = sym.anomaly + " " + mark.headline + ": " + first;
      break;
    case AnomalyMark::Lead::kExplain:
      first = sym.anomaly + " " + mark.headline + ": " + first;
      break;
    case AnomalyMark::Lead::kLastWrite:
    case AnomalyMark::Lead::kGraph:
      first = sym.anomaly + " " + mark.headline + " " + sym.dash + " " + first;
      break;
  }
  return sentences;
}

// With lock capture (on by default in `run`): the locks the step's client
// holds or waits for now that it did not at its previous captured step in
// the same transaction, e.g. "holds FOR UPDATE on users id=1"; at the row
// where a step that waited completes (`completed_later`), what it took once
// the wait ended. Released locks are told by the COMMIT that releases them.
// ACCESS SHARE is not listed: every statement that reads a table holds it,
// and plain reads below SERIALIZABLE are not looked at (the glossary says
// so).
std::vector<std::string> NewLockPhrases(const Trace& trace, const StepTrace& step,
                                        bool completed_later) {
  const LockSnapshot& snapshot = completed_later ? step.locks_when_done : step.locks;
  if (!snapshot.captured) return {};
  auto phrases = [&](const LockSnapshot& locks) {
    std::vector<std::string> kept;
    for (const std::string& phrase : ClientLockPhrases(locks, step.client, trace.client_names))
      // "waits for sam's transaction to end (the server names no row)"
      // only repeats the step's wait line.
      if (phrase.rfind("holds ACCESS SHARE on ", 0) != 0 &&
          phrase.find("transaction to end") == std::string::npos)
        kept.push_back(phrase);
    return kept;
  };
  std::set<std::string> before;
  if (completed_later) {
    for (const std::string& phrase : phrases(step.locks)) before.insert(phrase);
  } else {
    for (int i = step.index - 1; i >= 0; --i) {
      const StepTrace& earlier = trace.steps[i];
      if (earlier.client != step.client) continue;
      // A new transaction (or a retry's attempt) starts with no locks.
      const TransactionEnd end = TransactionEndOf(earlier);
      if (earlier.attempt != step.attempt || end == TransactionEnd::kCommitted ||
          end == TransactionEnd::kRolledBack)
        break;
      const LockSnapshot& locks =
          earlier.locks_when_done.captured ? earlier.locks_when_done : earlier.locks;
      if (!locks.captured) continue;
      for (const std::string& phrase : phrases(locks)) before.insert(phrase);
      break;
    }
  }
  // "holds FOR UPDATE on users id=1 (its UPDATE ...)" is the lock the step's
  // client already held by its FOR UPDATE: not new.
  auto bare = [](const std::string& phrase) { return phrase.substr(0, phrase.find(" (its ")); };
  std::set<std::string> held;
  for (const std::string& phrase : before) held.insert(bare(phrase));
  std::vector<std::string> fresh;
  for (const std::string& phrase : phrases(snapshot))
    if (!held.count(bare(phrase))) fresh.push_back(phrase);
  return fresh;
}

// What a row folds by: the step's key (StepEventKey) and the locks it
// newly took, so that a row with other locks is shown.
std::string FoldKey(const Trace& trace, const TraceEvent& event) {
  std::string key = StepEventKey(trace, event);
  if (!ValidStep(trace, event.step)) return key;
  for (const std::string& phrase : NewLockPhrases(trace, trace.steps[event.step],
                                                  event.kind == TraceEvent::Kind::kCompletedLater))
    key += "|lock " + phrase;
  return key;
}

// Builds the rows of one trace's timeline; `lane_width` is the room in a
// client's column (or beside the client tag).
class TimelineBuilder {
 public:
  TimelineBuilder(const Scenario& scenario, const VariantResult& result, const Symbols& sym,
                  int lane_width, int full_width, const VariantResult* base,
                  const std::vector<const VariantResult*>& others)
      : scenario_(scenario),
        result_(result),
        trace_(result.trace),
        sym_(sym),
        lane_width_(lane_width),
        full_width_(full_width),
        base_(base) {
    if (base_) sources_.push_back({base_, {}});
    for (const VariantResult* other : others)
      if (base_ && other != base_ && other != &result_) sources_.push_back({other, {}});
  }

  std::vector<Row> Build() {
    std::vector<TraceEvent> events = EffectiveEvents(trace_);
    RowNumbers numbers = NumberRows(trace_, events);
    snapshots_ = SnapshotSteps(scenario_, trace_);
    std::vector<AnomalyMark> marks =
        AnomalyMarks(scenario_, &result_.plan, trace_, result_.verdict, numbers);
    // A row's key also says whether the step took a snapshot there. A row
    // folds when base (or else another earlier variant) has a row with the
    // same key anywhere (each of their rows stands for one row here): after
    // a wait reorders the steps, the steps that read the same still fold;
    // the Order line gives the order. A row that takes a snapshot where the
    // other's did not still folds, and the fold line says where.
    for (Source& source : sources_) {
      const Trace& other = source.result->trace;
      std::set<int> other_snapshots = SnapshotSteps(scenario_, other);
      for (const TraceEvent& event : EffectiveEvents(other))
        if (IsStepEvent(event.kind) && ValidStep(other, event.step))
          source.keys.insert(FoldKey(other, event) +
                             (other_snapshots.count(event.step) ? "|snapshot" : ""));
    }
    if (base_) {
      std::vector<TraceEvent> base_events = EffectiveEvents(base_->trace);
      RowNumbers base_numbers = NumberRows(base_->trace, base_events);
      for (const AnomalyMark& mark :
           AnomalyMarks(scenario_, &base_->plan, base_->trace, base_->verdict, base_numbers))
        if (ValidStep(base_->trace, mark.step)) {
          base_marks_.insert(mark.headline + "|" + base_->trace.steps[mark.step].step_name + "|" +
                             std::to_string(DoneRow(base_numbers, mark.step)));
          base_mark_steps_.insert(mark.headline + "|" + base_->trace.steps[mark.step].step_name);
        }
    }

    int number = 0;
    for (size_t e = 0; e < events.size(); ++e) {
      const TraceEvent& event = events[e];
      if (IsStepEvent(event.kind) && ValidStep(trace_, event.step)) {
        const StepTrace& step = trace_.steps[event.step];
        Row row;
        row.number = "#" + std::to_string(++number);
        row.lane = step.client;
        bool first = shown_.insert(step.index).second;
        // A step's notices sit on its own row (they arrive before it completes).
        StepRow(event, step, first, /*step_notices=*/true, &row.lines);
        // A row with a marker folds only when base has the same marker on
        // the same step (the fold line names it).
        bool marked = false;
        std::vector<std::string> same_marks;
        for (const AnomalyMark& mark : marks)
          if (mark.step == step.index && DoneRow(numbers, step.index) == number) {
            if (base_ && base_mark_steps_.count(mark.headline + "|" + step.step_name))
              same_marks.push_back(mark.headline + " marker at #" + std::to_string(number));
            else
              marked = true;
          }
        const std::string plain_key = FoldKey(trace_, event);
        const bool snapshot = snapshots_.count(event.step) > 0;
        // The source the row folds into: base first; a row with a marker
        // only into base; the same snapshot mark first, else a new one.
        Source* from = nullptr;
        bool new_snapshot = false;
        for (bool exact : {true, false}) {
          if (from || (!exact && !snapshot)) break;
          const std::string key = plain_key + (snapshot && exact ? "|snapshot" : "");
          for (Source& source : sources_) {
            if (marked || (!same_marks.empty() && source.result != base_)) break;
            auto same = source.keys.find(key);
            if (same == source.keys.end()) continue;
            source.keys.erase(same);
            from = &source;
            new_snapshot = !exact;
            break;
          }
        }
        bool folded_row = false;
        if (from) {
          if (folded_ > 0 && from->result != fold_source_) EndRun();
          if (folded_ == 0) fold_from_ = number;
          fold_source_ = from->result;
          ++folded_;
          for (const std::string& mark : same_marks) folded_marks_.push_back(mark);
          if (new_snapshot)
            folded_snapshots_.push_back("#" + std::to_string(number) + " (" + step.step_name + ")");
          folded_row = true;
        } else {
          Fold();
          rows_.push_back(row);
        }
        if (event.kind != TraceEvent::Kind::kWaiting) {
          // Retries carry primes, as in Trace::OrderText: b1' is b1's second attempt.
          std::string name = step.step_name + std::string(std::max(step.attempt - 1, 0), '\'');
          order_.push_back(event.kind == TraceEvent::Kind::kCompletedLater ? name + "(done)"
                           : event.kind == TraceEvent::Kind::kSkipped      ? name + "(skipped)"
                                                                           : name);
          // The marker goes under the row with the marked step's result.
          for (const AnomalyMark& mark : marks)
            if (mark.step == step.index && DoneRow(numbers, step.index) == number && !folded_row)
              MarkRows(mark, number);
        } else {
          order_.push_back(step.step_name + std::string(std::max(step.attempt - 1, 0), '\'') +
                           "(waits)");
        }
      } else if (event.kind == TraceEvent::Kind::kRetry) {
        int client = event.client >= 0               ? event.client
                     : ValidStep(trace_, event.step) ? trace_.steps[event.step].client
                                                     : -1;
        for (size_t next = e + 1; client < 0 && next < events.size(); ++next)
          if (IsStepEvent(events[next].kind) && ValidStep(trace_, events[next].step))
            client = trace_.steps[events[next].step].client;
        std::string text = event.text.empty() ? "the transaction runs again" : event.text;
        // "kim runs its transaction again" right under the retry line that
        // said it would only repeats it.
        const Row* last = rows_.empty() ? nullptr : &rows_.back();
        if (folded_ == 0 && last && last->number.empty() && last->lane == client && client >= 0 &&
            !last->lines.empty() && last->lines.front().text.rfind(sym_.retry, 0) == 0)
          continue;
        Row row;
        row.lane = client;
        AddWrapped(sym_.retry + " " + text, Tone::kWait, client < 0 ? full_width_ : lane_width_, 2,
                   &row.lines);
        rows_.push_back(row);
      } else if (event.kind == TraceEvent::Kind::kNotice && !ValidStep(trace_, event.step)) {
        // A notice between steps ("kim: WARNING: ...") goes in its client's
        // column, as a note from the server.
        Row row;
        std::string text = CollapseWhitespace(event.text);
        row.lane = event.client;
        for (int c = 0; row.lane < 0 && c < static_cast<int>(trace_.client_names.size()); ++c)
          if (text.rfind(trace_.client_names[c] + ": ", 0) == 0) row.lane = c;
        if (row.lane >= 0) {
          const std::string prefix = ClientName(trace_, row.lane) + ": ";
          if (text.rfind(prefix, 0) == 0) text = text.substr(prefix.size());
          text = "note: the server said " + text;
        }
        AddWrapped(text, Tone::kNote, row.lane < 0 ? full_width_ : lane_width_, 2, &row.lines);
        rows_.push_back(row);
      }
    }
    Fold();
    for (const AnomalyMark& mark : marks)
      if (DoneRow(numbers, mark.step) < 0) MarkRows(mark);
    return rows_;
  }

  // "a1 b1 a2 b3(waits) a4 b3(done)": the order a reader writes down.
  std::string OrderText() const {
    std::string text;
    for (const std::string& item : order_) text += (text.empty() ? "" : " ") + item;
    return text;
  }

 private:
  void AddWrapped(const std::string& text, Tone tone, int width, int indent,
                  std::vector<Cell>* lines, size_t max_lines = 0) {
    std::vector<std::string> wrapped = Wrap(text, width, indent);
    if (max_lines > 0 && wrapped.size() > max_lines) {
      wrapped.resize(max_lines);
      wrapped.back() = Truncate(wrapped.back() + " " + sym_.ellipsis, width, sym_.ellipsis);
    }
    for (const std::string& line : wrapped) lines->push_back({line, tone});
  }

  std::string BaseName() const {
    return !base_->variant.empty()         ? base_->variant
           : !base_->trace.variant.empty() ? base_->trace.variant
                                           : "the first variant";
  }

  // Ends the current run of folded rows (they all read as one variant's).
  void EndRun() {
    if (folded_ == 0) return;
    runs_.push_back({fold_source_ ? fold_source_ : base_, fold_from_, folded_});
    folded_ = 0;
  }

  static std::string NameOf(const VariantResult& result) {
    return !result.variant.empty()         ? result.variant
           : !result.trace.variant.empty() ? result.trace.variant
                                           : "the first variant";
  }

  // The one line standing for the rows folded since the last row shown:
  // "… #1-#2 and #5-#15 as in unique-constraint; #3-#4 as in for-update
  // (15 steps; --full shows them)".
  void Fold() {
    EndRun();
    if (runs_.empty()) return;
    std::vector<const VariantResult*> order;
    for (const FoldRun& run : runs_)
      if (std::find(order.begin(), order.end(), run.source) == order.end())
        order.push_back(run.source);
    std::string text;
    int steps = 0;
    for (const VariantResult* source : order) {
      std::vector<std::string> ranges;
      for (const FoldRun& run : runs_) {
        if (run.source != source) continue;
        const int last = run.from + run.count - 1;
        ranges.push_back(run.count == 1
                             ? "#" + std::to_string(run.from)
                             : "#" + std::to_string(run.from) + "-#" + std::to_string(last));
        steps += run.count;
      }
      std::string joined;
      for (size_t i = 0; i < ranges.size(); ++i)
        joined += (i == 0 ? "" : i + 1 == ranges.size() ? " and " : ", ") + ranges[i];
      text += (text.empty() ? "" : "; ") + joined + " as in " + NameOf(*source);
    }
    Row row;
    std::string marks;
    for (const std::string& mark : folded_marks_) marks += (marks.empty() ? "" : ", ") + mark;
    std::string snapshots;
    for (const std::string& at : folded_snapshots_)
      snapshots += (snapshots.empty() ? "" : ", ") + at;
    AddWrapped(sym_.ellipsis + " " + text + " (" + std::to_string(steps) +
                   (steps == 1 ? " step" : " steps") +
                   (marks.empty() ? "" : ", with the " + marks) +
                   (snapshots.empty() ? "" : "; here a snapshot is taken at " + snapshots) +
                   "; --full shows them)",
               Tone::kNote, full_width_, 4, &row.lines);
    rows_.push_back(row);
    runs_.clear();
    folded_marks_.clear();
    folded_snapshots_.clear();
  }

  void MarkRows(const AnomalyMark& mark, int number = -1) {
    Row row;
    // The same mark at the same row as the first variant's is named, not retold.
    if (base_ && number > 0 && ValidStep(trace_, mark.step) &&
        base_marks_.count(mark.headline + "|" + trace_.steps[mark.step].step_name + "|" +
                          std::to_string(number))) {
      AddWrapped(sym_.anomaly + " " + mark.headline + " " + sym_.dash + " the same as in " +
                     BaseName() + " at #" + std::to_string(number) + " (told there)",
                 Tone::kBad, full_width_, 4, &row.lines);
      rows_.push_back(row);
      return;
    }
    const std::vector<std::string> sentences = MarkSentences(mark, sym_);
    for (size_t i = 0; i < sentences.size(); ++i)
      for (const std::string& line : Wrap(sentences[i], full_width_, 4, i == 0 ? 0 : 4))
        row.lines.push_back({line, Tone::kBad});
    rows_.push_back(row);
  }

  std::string StepLabel(const StepTrace& step) const {
    return step.attempt > 1 ? step.step_name + " (try " + std::to_string(step.attempt) + ")"
                            : step.step_name;
  }

  // Appends `text` to the last line when it fits there, else as new lines.
  void AddResult(const std::string& text, Tone tone, std::vector<Cell>* lines) {
    if (!lines->empty() && lines->back().tone == Tone::kPlain &&
        DisplayWidth(lines->back().text) + 2 + DisplayWidth(text) <= lane_width_ &&
        tone == Tone::kPlain) {
      lines->back().text += "  " + text;
      return;
    }
    AddWrapped(text, tone, lane_width_, 4, lines, 3);
  }

  // The note beside `step` of `result`; a note written for another level
  // says which one this run used.
  std::string StepNote(const VariantResult& result, const StepTrace& step) const {
    std::string note = NoteFor(scenario_, result.plan, step.step_name);
    const Isolation level = StepLevel(scenario_, result.trace, step.index);
    const std::string level_name =
        IsolationName(level == Isolation::kDefault ? Isolation::kReadCommitted : level);
    for (Isolation other : {Isolation::kReadCommitted, Isolation::kRepeatableRead,
                            Isolation::kSerializable, Isolation::kReadUncommitted})
      if (IsolationName(other) != level_name &&
          note.find(IsolationName(other)) != std::string::npos) {
        note += " (this variant runs it at " + level_name + ")";
        break;
      }
    return note;
  }

  void StepRow(const TraceEvent& event, const StepTrace& step, bool first, bool step_notices,
               std::vector<Cell>* lines) {
    const std::string label = StepLabel(step);
    if (event.kind == TraceEvent::Kind::kSkipped || step.status == StepStatus::kSkipped) {
      std::string reason = SkipReasonText(scenario_, &result_.plan, trace_, step);
      // "skipped: s2 found no row": the glossary's "skipped" says that the
      // application's logic skips it.
      for (const char* tail :
           {", so the application skips this step too", ", so the application skips this step"}) {
        const size_t at = reason.rfind(tail);
        if (at != std::string::npos && at + std::string(tail).size() == reason.size()) {
          reason.erase(at);
          break;
        }
      }
      AddWrapped(label + " skipped: " + reason, Tone::kNote, lane_width_, 2, lines, 4);
      return;
    }
    bool plain_ok = false;
    const std::string result = ResultText(step, &plain_ok);
    // A bare "✓" goes on the SQL's line, before the note, when it fits there.
    bool ok_told = false;
    if (first) {
      const size_t sql_line = lines->size();
      AddWrapped(label + " " + CollapseWhitespace(step.sql), Tone::kPlain, lane_width_, 2, lines,
                 8);
      if (plain_ok && step.status == StepStatus::kCompleted &&
          event.kind != TraceEvent::Kind::kWaiting && lines->size() == sql_line + 1 &&
          DisplayWidth(lines->back().text) + 2 + DisplayWidth(sym_.ok) <= lane_width_) {
        lines->back().text += "  " + sym_.ok;
        ok_told = true;
      }
      const std::string note = StepNote(result_, step);
      // A note the first variant showed on the same step is not repeated.
      bool told = false;
      if (base_ && !note.empty())
        for (const StepTrace& other : base_->trace.steps)
          if (other.step_name == step.step_name && other.status != StepStatus::kSkipped &&
              StepNote(*base_, other) == note)
            told = true;
      if (!note.empty() && !told)
        AddWrapped("note: " + note, Tone::kNote, lane_width_, 2, lines, 3);
      // A DEFERRABLE transaction's snapshot is taken when its wait ends.
      if (snapshots_.count(step.index) && step.wait_kind != kSafeSnapshotWait)
        AddWrapped("[snapshot taken here]", Tone::kSnapshot, lane_width_, 2, lines);
    }
    if (event.kind == TraceEvent::Kind::kCompletedLater && snapshots_.count(step.index) &&
        step.wait_kind == kSafeSnapshotWait) {
      AddWrapped("[snapshot taken here]", Tone::kSnapshot, lane_width_, 2, lines);
    }
    if (event.kind == TraceEvent::Kind::kWaiting) {
      std::string whom = BlockersText(trace_, step);
      if (step.wait_kind == kSafeSnapshotWait) {
        AddWrapped(sym_.wait + " waits for a safe snapshot until " +
                       (whom.empty() ? "the read-write transactions" : whom) +
                       " ends (DEFERRABLE; no lock)",
                   Tone::kWait, lane_width_, 4, lines, 4);
        if (first) Releases(step, lines);
        return;
      }
      AddWrapped(
          sym_.wait + " waits for " + (whom.empty() ? "a lock" : whom) + DeadlockText(trace_, step),
          Tone::kWait, lane_width_, 4, lines, 3);
      // A deadlock victim releases the other waiter when it is aborted.
      if (first && !IsDeadlockVictim(step)) Releases(step, lines);
      if (first) NewLocks(step, /*completed_later=*/false, lines);
      return;
    }
    if (step.status == StepStatus::kCancelled && cancel_told_.insert(step.index).second) {
      std::string text = sym_.fail + " " + (first ? "" : step.step_name + " ") +
                         "hung (neither finished nor waited for a lock): cancelled";
      AddWrapped(text, Tone::kBad, lane_width_, 4, lines, 3);
      if (event.kind == TraceEvent::Kind::kCancelled) return;
    }
    if (!first) {
      std::string verb = step.status == StepStatus::kFailed ? " fails" : " completes";
      if (step.status == StepStatus::kCancelled) verb = " ends after the cancel";
      std::string text = sym_.later + " " + step.step_name + verb;
      if (event.kind == TraceEvent::Kind::kCompletedLater) text += ReleasedText(trace_, step);
      AddWrapped(text, step.status == StepStatus::kFailed ? Tone::kBad : Tone::kWait, lane_width_,
                 4, lines, 3);
    }
    if (step.status == StepStatus::kCompleted || !result.empty()) {
      if (plain_ok && step.status == StepStatus::kCompleted) {
        if (!ok_told) AddResult(sym_.ok, Tone::kPlain, lines);
      } else if (!result.empty()) {
        AddResult(sym_.arrow + " " + result, Tone::kPlain, lines);
      }
    }
    if (step.status == StepStatus::kFailed) {
      if (step.error) {
        AddWrapped(sym_.fail + " " + ErrorLine(*step.error), Tone::kBad, lane_width_, 4, lines, 3);
        // A deadlock's detail only names process and transaction ids.
        if (!step.error->detail.empty() && step.error->sqlstate != "40P01")
          AddWrapped(step.error->detail, Tone::kBad, lane_width_, 4, lines, 2);
      } else {
        AddWrapped(sym_.fail + " failed", Tone::kBad, lane_width_, 4, lines);
      }
    }
    if (first || (IsDeadlockVictim(step) && event.kind == TraceEvent::Kind::kCompletedLater))
      Releases(step, lines);
    Committed(step, lines);
    if (first || event.kind == TraceEvent::Kind::kCompletedLater)
      NewLocks(step, event.kind == TraceEvent::Kind::kCompletedLater, lines);
    if (step_notices)
      for (const std::string& notice : step.notices)
        AddWrapped(CollapseWhitespace(notice), Tone::kNote, lane_width_, 4, lines, 2);
  }

  // At the step that committed a transaction (its COMMIT, or an autocommit
  // statement), the rows it changed as others now see them, from the
  // recorded history: "committed: users id=1 peepcoins=70".
  void Committed(const StepTrace& step, std::vector<Cell>* lines) {
    if (!trace_.explained || step.status != StepStatus::kCompleted) return;
    const History& history = trace_.history;
    for (const TxnRecord& txn : history.txns) {
      if (txn.client != step.client || txn.attempt != step.attempt ||
          txn.outcome != TxnRecord::Outcome::kCommitted || txn.steps.empty() ||
          txn.steps.back() != step.step_name)
        continue;
      for (const WriteEvent& write : history.writes) {
        if (write.txn != txn.id || !history.IsFinal(write.installed)) continue;
        std::string change = write.deleted     ? "deleted"
                             : !write.replaced ? "inserted " + write.new_values
                                               : write.new_values;
        AddWrapped("committed: " + write.table + " " + write.key + " " + change, Tone::kNote,
                   lane_width_, 4, lines, 3);
      }
    }
  }

  // The locks `step` newly holds or waits for (NewLockPhrases), as lines.
  void NewLocks(const StepTrace& step, bool completed_later, std::vector<Cell>* lines) {
    for (const std::string& phrase : NewLockPhrases(trace_, step, completed_later))
      AddWrapped("locks: " + phrase, Tone::kNote, lane_width_, 4, lines, 3);
  }

  // "releases robin's b2": the waiting steps released once this step was sent
  // (also those that never completed).
  void Releases(const StepTrace& step, std::vector<Cell>* lines) {
    std::string text = ReleasesText(trace_, step, /*completed_only=*/false);
    if (!text.empty()) AddWrapped(text, Tone::kWait, lane_width_, 4, lines, 2);
  }

  const Scenario& scenario_;
  const VariantResult& result_;
  const Trace& trace_;
  const Symbols& sym_;
  const int lane_width_;
  const int full_width_;
  const VariantResult* base_;
  std::set<std::string> base_marks_;       // headline|step|row of the first variant's marks
  std::set<std::string> base_mark_steps_;  // headline|step of the same
  // An earlier variant rows may fold into, with the keys of its rows not
  // yet matched.
  struct Source {
    const VariantResult* result;
    std::multiset<std::string> keys;
  };
  std::vector<Source> sources_;                 // base first
  const VariantResult* fold_source_ = nullptr;  // the variant the current run is from
  struct FoldRun {
    const VariantResult* source;
    int from;
    int count;
  };
  std::vector<FoldRun> runs_;                  // the runs of the fold line to come
  std::vector<std::string> folded_snapshots_;  // "#3 (s2)": new snapshot marks in the fold
  std::vector<std::string> folded_marks_;      // "phantom (G2) marker at #8": marks in the fold
  int folded_ = 0;                             // step rows folded since the last row shown
  int fold_from_ = 0;                          // the number of the first of them
  std::set<int> snapshots_;
  std::set<int> shown_;
  std::set<int> cancel_told_;
  std::vector<Row> rows_;
  std::vector<std::string> order_;
};

}  // namespace

std::string StepEventKey(const Trace& trace, const TraceEvent& event) {
  if (!ValidStep(trace, event.step)) return "";
  const StepTrace& step = trace.steps[event.step];
  bool plain_ok = false;
  std::string key = std::to_string(static_cast<int>(event.kind)) + "|" + step.step_name + "|" +
                    std::to_string(step.attempt) + "|" + std::to_string(step.client) + "|" +
                    CollapseWhitespace(step.sql) + "|" + ResultText(step, &plain_ok) + "|" +
                    std::to_string(static_cast<int>(step.status)) + "|" + step.skip_reason + "|";
  if (step.error) key += step.error->sqlstate + " " + step.error->message;
  key += "|" + BlockersText(trace, step) + "|" + step.wait_kind;
  for (const std::string& notice : step.notices) key += "|" + notice;
  return key;
}

TimelineRows BuildTimelineRows(const Scenario& scenario, const VariantResult& result,
                               const Symbols& sym, int lane_width, int full_width,
                               const VariantResult* base,
                               const std::vector<const VariantResult*>& others) {
  TimelineBuilder builder(scenario, result, sym, lane_width, full_width, base, others);
  TimelineRows rows;
  rows.rows = builder.Build();
  rows.order = builder.OrderText();
  return rows;
}

}  // namespace interleave::text
