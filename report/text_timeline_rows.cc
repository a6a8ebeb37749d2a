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

// Builds the rows of one trace's timeline; `lane_width` is the room in a
// client's column (or beside the client tag).
class TimelineBuilder {
 public:
  TimelineBuilder(const Scenario& scenario, const VariantResult& result, const Symbols& sym,
                  int lane_width, int full_width, const VariantResult* base)
      : scenario_(scenario),
        result_(result),
        trace_(result.trace),
        sym_(sym),
        lane_width_(lane_width),
        full_width_(full_width),
        base_(base) {}

  std::vector<Row> Build() {
    std::vector<TraceEvent> events = EffectiveEvents(trace_);
    RowNumbers numbers = NumberRows(trace_, events);
    snapshots_ = SnapshotSteps(scenario_, trace_);
    std::vector<AnomalyMark> marks =
        AnomalyMarks(scenario_, &result_.plan, trace_, result_.verdict, numbers);
    // A row's key also says whether the step took a snapshot there. A row
    // folds when base has a row with the same key anywhere (each of base's
    // rows stands for one row here): after a wait reorders the steps, the
    // steps that read the same still fold; the Order line gives the order.
    std::multiset<std::string> base_keys;
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
      std::set<int> base_snapshots = SnapshotSteps(scenario_, base_->trace);
      for (const TraceEvent& event : EffectiveEvents(base_->trace))
        if (IsStepEvent(event.kind) && ValidStep(base_->trace, event.step))
          base_keys.insert(StepEventKey(base_->trace, event) +
                           (base_snapshots.count(event.step) ? "|snapshot" : ""));
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
              same_marks.push_back(mark.headline + " at #" + std::to_string(number));
            else
              marked = true;
          }
        const std::string key =
            StepEventKey(trace_, event) + (snapshots_.count(event.step) ? "|snapshot" : "");
        auto same = base_ && !marked ? base_keys.find(key) : base_keys.end();
        bool folded_row = false;
        if (same != base_keys.end()) {
          base_keys.erase(same);
          if (folded_ == 0) fold_from_ = number;
          ++folded_;
          for (const std::string& mark : same_marks) folded_marks_.push_back(mark);
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

  // The line standing for the rows folded since the last row shown.
  void Fold() {
    if (folded_ == 0) return;
    const int last = fold_from_ + folded_ - 1;
    std::string rows = folded_ == 1
                           ? "#" + std::to_string(fold_from_)
                           : "#" + std::to_string(fold_from_) + "-#" + std::to_string(last);
    std::string base_name = !base_->variant.empty()         ? base_->variant
                            : !base_->trace.variant.empty() ? base_->trace.variant
                                                            : "the first variant";
    Row row;
    std::string marks;
    for (const std::string& mark : folded_marks_) marks += (marks.empty() ? "" : ", ") + mark;
    AddWrapped(sym_.ellipsis + " " + rows + " as in " + base_name + " (" + std::to_string(folded_) +
                   (folded_ == 1 ? " step" : " steps") +
                   " with the same SQL, result and wait folded" +
                   (marks.empty() ? "" : "; among them the same " + marks + " marker") +
                   "; --full shows them)",
               Tone::kNote, full_width_, 4, &row.lines);
    rows_.push_back(row);
    folded_ = 0;
    folded_marks_.clear();
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
      AddWrapped(label + " skipped: " + reason, Tone::kNote, lane_width_, 2, lines, 4);
      return;
    }
    if (first) {
      AddWrapped(label + " " + CollapseWhitespace(step.sql), Tone::kPlain, lane_width_, 2, lines,
                 8);
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
    bool plain_ok = false;
    std::string result = ResultText(step, &plain_ok);
    if (step.status == StepStatus::kCompleted || !result.empty()) {
      if (plain_ok && step.status == StepStatus::kCompleted)
        AddResult(sym_.ok, Tone::kPlain, lines);
      else if (!result.empty())
        AddResult(sym_.arrow + " " + result, Tone::kPlain, lines);
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

  // With lock capture (on by default in `run`): the locks the step's client
  // holds or waits for now that it did not at its previous captured step in
  // the same transaction, e.g. "locks: holds FOR UPDATE on users id=1"; at
  // the row where a step that waited completes, what it took once the wait
  // ended. Released locks are told by the COMMIT that releases them. ACCESS
  // SHARE is not listed: every statement that reads a table holds it, and
  // plain reads below SERIALIZABLE are not looked at (the glossary says so).
  void NewLocks(const StepTrace& step, bool completed_later, std::vector<Cell>* lines) {
    const LockSnapshot& snapshot = completed_later ? step.locks_when_done : step.locks;
    if (!snapshot.captured) return;
    auto phrases = [&](const LockSnapshot& locks) {
      std::vector<std::string> kept;
      for (const std::string& phrase : ClientLockPhrases(locks, step.client, trace_.client_names))
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
        const StepTrace& earlier = trace_.steps[i];
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
    for (const std::string& phrase : phrases(snapshot))
      if (!held.count(bare(phrase)))
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
  std::vector<std::string> folded_marks_;  // "phantom (G2) at #8": marks in the current fold
  int folded_ = 0;                         // step rows folded since the last row shown
  int fold_from_ = 0;                      // the number of the first of them
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
                               const VariantResult* base) {
  TimelineBuilder builder(scenario, result, sym, lane_width, full_width, base);
  TimelineRows rows;
  rows.rows = builder.Build();
  rows.order = builder.OrderText();
  return rows;
}

}  // namespace interleave::text
