// The text timeline printer (see text_printer.h). The words on a trace (a
// step's result, waits, snapshots, the anomaly's sentences) come from
// sim/trace_words.h, which the GUI shares; this file lays them out.
//
// Index
//   [SECTION] Measuring, wrapping and padding text (display columns, ANSI)
//   [SECTION] Markers and colours
//   [SECTION] Step notes
//   [SECTION] Tables (starting and final states)
//   [SECTION] The anomaly marker: the shared marks, led by the timeline's marker
//   [SECTION] The timeline: rows of events, laid out in columns or with tags
//   [SECTION] A variant: timeline, states, checks, verdict, expectation
//   [SECTION] The comparison of variants
//   [SECTION] Entry points
#include "report/text_printer.h"

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <set>
#include <sstream>

#include "util/text_util.h"
#include "report/trace_words.h"

namespace interleave {

namespace {

//-----------------------------------------------------------------------------
// [SECTION] Measuring, wrapping and padding text (display columns, ANSI)
//-----------------------------------------------------------------------------

// Decodes the UTF-8 code point at text[*i] and advances *i. Invalid bytes
// decode as U+FFFD, one byte each.
char32_t NextCodepoint(const std::string& text, size_t* i) {
  unsigned char c = static_cast<unsigned char>(text[*i]);
  int length = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
  if (length == 0 || *i + length > text.size()) {
    ++*i;
    return 0xFFFD;
  }
  char32_t cp = length == 1 ? c : c & (0xFF >> (length + 1));
  for (int k = 1; k < length; ++k) {
    unsigned char next = static_cast<unsigned char>(text[*i + k]);
    if ((next & 0xC0) != 0x80) {
      ++*i;
      return 0xFFFD;
    }
    cp = (cp << 6) | (next & 0x3F);
  }
  *i += length;
  return cp;
}

int CodepointWidth(char32_t cp) {
  if (cp == 0) return 0;
  if ((cp >= 0x0300 && cp <= 0x036F) || (cp >= 0x200B && cp <= 0x200F) ||
      (cp >= 0xFE00 && cp <= 0xFE0F))
    return 0;  // combining marks, zero-width spaces, variation selectors
  static const char32_t kWide[][2] = {
      {0x1100, 0x115F}, {0x231A, 0x231B},   {0x2329, 0x232A},   {0x23E9, 0x23EC},
      {0x23F0, 0x23F0}, {0x23F3, 0x23F3},   {0x25FD, 0x25FE},   {0x2614, 0x2615},
      {0x2648, 0x2653}, {0x267F, 0x267F},   {0x2693, 0x2693},   {0x26A1, 0x26A1},
      {0x26AA, 0x26AB}, {0x26BD, 0x26BE},   {0x26C4, 0x26C5},   {0x26CE, 0x26CE},
      {0x26D4, 0x26D4}, {0x26EA, 0x26EA},   {0x26F2, 0x26F3},   {0x26F5, 0x26F5},
      {0x26FA, 0x26FA}, {0x26FD, 0x26FD},   {0x2705, 0x2705},   {0x270A, 0x270B},
      {0x2728, 0x2728}, {0x274C, 0x274C},   {0x274E, 0x274E},   {0x2753, 0x2755},
      {0x2757, 0x2757}, {0x2795, 0x2797},   {0x27B0, 0x27B0},   {0x27BF, 0x27BF},
      {0x2B1B, 0x2B1C}, {0x2B50, 0x2B50},   {0x2B55, 0x2B55},   {0x2E80, 0x303E},
      {0x3041, 0x33FF}, {0x3400, 0x4DBF},   {0x4E00, 0x9FFF},   {0xA000, 0xA4CF},
      {0xAC00, 0xD7A3}, {0xF900, 0xFAFF},   {0xFE30, 0xFE4F},   {0xFF00, 0xFF60},
      {0xFFE0, 0xFFE6}, {0x1F300, 0x1F64F}, {0x1F900, 0x1F9FF}, {0x20000, 0x3FFFD},
  };
  for (const auto& range : kWide)
    if (cp >= range[0] && cp <= range[1]) return 2;
  return 1;
}

// Length of the ANSI escape sequence starting at text[i], or 0.
size_t EscapeLength(const std::string& text, size_t i) {
  if (text[i] != '\x1b' || i + 1 >= text.size() || text[i + 1] != '[') return 0;
  size_t j = i + 2;
  while (j < text.size() && !(text[j] >= 0x40 && text[j] <= 0x7E)) ++j;
  return j < text.size() ? j - i + 1 : text.size() - i;
}

// Cuts `text` to at most `width` columns, ending in `ellipsis` when cut. ANSI
// sequences are kept (a reset is added after a cut).
std::string Truncate(const std::string& text, int width, const std::string& ellipsis) {
  if (DisplayWidth(text) <= width) return text;
  int room = width - DisplayWidth(ellipsis);
  std::string out;
  bool had_escape = false;
  int used = 0;
  size_t i = 0;
  while (i < text.size()) {
    if (size_t escape = EscapeLength(text, i)) {
      out += text.substr(i, escape);
      had_escape = true;
      i += escape;
      continue;
    }
    size_t start = i;
    int w = CodepointWidth(NextCodepoint(text, &i));
    if (used + w > room) break;
    used += w;
    out += text.substr(start, i - start);
  }
  out += ellipsis;
  if (had_escape) out += "\x1b[0m";
  return out;
}

std::string PadRight(const std::string& text, int width) {
  int missing = width - DisplayWidth(text);
  return missing > 0 ? text + std::string(missing, ' ') : text;
}

std::string TrimRight(std::string text) {
  while (!text.empty() && text.back() == ' ') text.pop_back();
  return text;
}

std::string Repeat(const std::string& unit, int count) {
  std::string out;
  for (int i = 0; i < count; ++i) out += unit;
  return out;
}

// Word-wraps plain `text` to `width` columns. The first line starts with
// `first_indent` spaces, the others with `indent`. Words longer than a line
// are cut into pieces.
std::vector<std::string> Wrap(const std::string& text, int width, int indent = 0,
                              int first_indent = 0) {
  if (width < 4) width = 4;
  indent = std::min(indent, width / 2);
  first_indent = std::min(first_indent, width / 2);
  std::vector<std::string> lines;
  std::string line(first_indent, ' ');
  int base = first_indent;  // where the current line's words start
  int used = first_indent;
  auto new_line = [&]() {
    lines.push_back(line);
    line = std::string(indent, ' ');
    base = used = indent;
  };
  std::istringstream words(CollapseWhitespace(text));
  std::string word;
  while (words >> word) {
    if (used > base && used + 1 + DisplayWidth(word) > width) new_line();
    if (used > base) {
      line += ' ';
      ++used;
    }
    size_t i = 0;
    while (i < word.size()) {
      size_t start = i;
      int w = CodepointWidth(NextCodepoint(word, &i));
      if (used + w > width && used > base) new_line();
      line += word.substr(start, i - start);
      used += w;
    }
  }
  if (used > base || lines.empty()) lines.push_back(line);
  for (std::string& l : lines) l = TrimRight(l);
  return lines;
}

//-----------------------------------------------------------------------------
// [SECTION] Markers and colours
//-----------------------------------------------------------------------------

// Marker glyphs; every marker carries words too, so none depends on a glyph.
struct Symbols {
  std::string time_down, vbar, hbar, cross, wait, arrow, later, fail, ok, retry, dash, ellipsis,
      anomaly, bullet;
};

const Symbols& SymbolsFor(bool ascii) {
  static const Symbols kUnicode{"time ↓", "│", "─", "┼", "⏳", "→",   "…",
                                "✗",      "✓", "↻", "—", "…", "<<<", "•"};
  static const Symbols kAscii{"time |", "|",  "-",     "+", "[wait]", "->",  "...",
                              "x",      "ok", "retry", "-", "...",    "<<<", "*"};
  return ascii ? kAscii : kUnicode;
}

// What a piece of text means; the palette maps it to a colour.
enum class Tone { kPlain, kTitle, kHeading, kWait, kBad, kGood, kNote, kSnapshot, kClient };

// Okabe–Ito colours as 256-colour codes: sky blue 74, reddish purple 175,
// blue 25, bluish green 36, orange 214, vermillion 166.
class Painter {
 public:
  explicit Painter(bool on) : on_(on) {}
  std::string operator()(const std::string& text, Tone tone, int client = 0) const {
    if (!on_ || text.empty() || tone == Tone::kPlain) return text;
    static const int kClients[] = {74, 175, 25, 36};
    std::string code;
    switch (tone) {
      case Tone::kTitle:
      case Tone::kHeading:
        code = "1";
        break;
      case Tone::kWait:
        code = "38;5;214";
        break;
      case Tone::kBad:
        code = "1;38;5;166";
        break;
      case Tone::kGood:
        code = "38;5;36";
        break;
      case Tone::kNote:
        code = "3";
        break;
      case Tone::kSnapshot:
        code = "38;5;74";
        break;
      case Tone::kClient:
        code = "1;38;5;" + std::to_string(kClients[client % 4]);
        break;
      case Tone::kPlain:
        return text;
    }
    return "\x1b[" + code + "m" + text + "\x1b[0m";
  }

 private:
  bool on_;
};

//-----------------------------------------------------------------------------
// [SECTION] Step notes
//-----------------------------------------------------------------------------

// The note to show beside a step. A step replaced by the variant keeps the
// original's note unless it got its own; a note written for other SQL is
// not shown.
std::string NoteFor(const Scenario& scenario, const Variant* variant, const std::string& name) {
  const Step* def = StepDef(scenario, variant, name);
  if (!def || def->note.empty()) return "";
  const Step* original = StepDef(scenario, nullptr, name);
  if (original && original != def && original->note == def->note && original->sql != def->sql)
    return "";
  return def->note;
}

//-----------------------------------------------------------------------------
// [SECTION] Tables (starting and final states)
//-----------------------------------------------------------------------------

void AppendTable(const TableState& table, const std::string& caption, int width, const Symbols& sym,
                 const Painter& paint, std::vector<std::string>* out) {
  const int indent = 2;
  out->push_back(Truncate(std::string(indent, ' ') + paint(table.table + caption, Tone::kHeading),
                          width, sym.ellipsis));
  const StatementResult& contents = table.contents;
  if (contents.columns.empty()) {
    out->push_back("    (no columns)");
    return;
  }
  const size_t max_rows = 20;
  size_t n = contents.columns.size();
  std::vector<int> widths(n);
  for (size_t c = 0; c < n; ++c) {
    widths[c] = std::min(30, DisplayWidth(contents.columns[c]));
    for (size_t r = 0; r < contents.rows.size() && r < max_rows; ++r)
      if (c < contents.rows[r].size())
        widths[c] = std::max(widths[c], std::min(30, DisplayWidth(ValueText(contents.rows[r][c]))));
  }
  auto total = [&]() {
    int sum = indent + 2;
    for (int w : widths) sum += w + 3;
    return sum - 3;
  };
  while (total() > width) {
    auto widest = std::max_element(widths.begin(), widths.end());
    if (*widest <= 3) break;
    --*widest;
  }
  auto line = [&](const std::vector<std::string>& cells) {
    std::string text = std::string(indent + 2, ' ');
    for (size_t c = 0; c < n; ++c) {
      if (c > 0) text += " " + sym.vbar + " ";
      std::string cell =
          c < cells.size() ? Truncate(CollapseWhitespace(cells[c]), widths[c], sym.ellipsis) : "";
      text += c + 1 < n ? PadRight(cell, widths[c]) : cell;
    }
    return Truncate(TrimRight(text), width, sym.ellipsis);
  };
  out->push_back(line(contents.columns));
  std::string rule = std::string(indent + 2, ' ');
  for (size_t c = 0; c < n; ++c)
    rule += (c > 0 ? sym.hbar + sym.cross + sym.hbar : "") + Repeat(sym.hbar, widths[c]);
  out->push_back(Truncate(rule, width, ""));
  for (size_t r = 0; r < contents.rows.size() && r < max_rows; ++r) {
    std::vector<std::string> cells;
    for (const auto& value : contents.rows[r]) cells.push_back(ValueText(value));
    out->push_back(line(cells));
  }
  if (contents.rows.empty()) out->push_back(std::string(indent + 2, ' ') + "(no rows)");
  if (contents.rows.size() > max_rows)
    out->push_back(std::string(indent + 2, ' ') + "(" +
                   std::to_string(contents.rows.size() - max_rows) + " more rows)");
}

bool SameState(const std::vector<TableState>& a, const std::vector<TableState>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (a[i].table != b[i].table || a[i].contents.columns != b[i].contents.columns ||
        a[i].contents.rows != b[i].contents.rows)
      return false;
  return true;
}

// A short state for the comparison: "products (id=1, price=40)", or "" when
// it does not fit in a phrase.
std::string StatePhrase(const std::vector<TableState>& state) {
  std::string text;
  for (const TableState& table : state) {
    if (table.contents.rows.size() > 3) return "";
    text += (text.empty() ? "" : "; ") + table.table + " " +
            (table.contents.rows.size() == 1 ? "(" + RowsInline(table.contents) + ")"
                                             : RowsInline(table.contents));
  }
  return DisplayWidth(text) <= 120 ? text : "";
}

//-----------------------------------------------------------------------------
// [SECTION] The anomaly marker: the shared marks, led by the timeline's marker
//-----------------------------------------------------------------------------

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
      first = sym.anomaly + " " + mark.headline + " " + sym.dash + " " + first;
      break;
  }
  return sentences;
}

//-----------------------------------------------------------------------------
// [SECTION] The timeline: rows of events, laid out in columns or with tags
//-----------------------------------------------------------------------------

struct Cell {
  std::string text;  // plain, already fitted to the lane
  Tone tone = Tone::kPlain;
};

struct Row {
  std::string number;  // "#3", or "" for notes, retries and markers
  int lane = -1;       // client column; -1 spans the whole width
  std::vector<Cell> lines;
};

// Builds the rows of one trace's timeline; `lane_width` is the room in a
// client's column (or beside the client tag).
class TimelineBuilder {
 public:
  TimelineBuilder(const Scenario& scenario, const VariantResult& result, const Symbols& sym,
                  int lane_width, int full_width)
      : scenario_(scenario),
        result_(result),
        trace_(result.trace),
        sym_(sym),
        lane_width_(lane_width),
        full_width_(full_width) {}

  std::vector<Row> Build() {
    std::vector<TraceEvent> events = EffectiveEvents(trace_);
    RowNumbers numbers = NumberRows(trace_, events);
    snapshots_ = SnapshotSteps(scenario_, trace_);
    std::vector<AnomalyMark> marks =
        AnomalyMarks(scenario_, result_.variant_def, trace_, result_.verdict, numbers);

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
        rows_.push_back(row);
        if (event.kind != TraceEvent::Kind::kWaiting) {
          // Retries carry primes, as in Trace::OrderText: b1' is b1's second attempt.
          std::string name = step.step_name + std::string(std::max(step.attempt - 1, 0), '\'');
          order_.push_back(event.kind == TraceEvent::Kind::kCompletedLater ? name + "(done)"
                           : event.kind == TraceEvent::Kind::kSkipped      ? name + "(skipped)"
                                                                           : name);
          // The marker goes under the row with the marked step's result.
          for (const AnomalyMark& mark : marks)
            if (mark.step == step.index && DoneRow(numbers, step.index) == number) MarkRows(mark);
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
        Row row;
        row.lane = ValidStep(trace_, event.step) ? trace_.steps[event.step].client : -1;
        AddWrapped(CollapseWhitespace(event.text), Tone::kNote,
                   row.lane < 0 ? full_width_ : lane_width_, 2, &row.lines);
        rows_.push_back(row);
      }
    }
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

  void MarkRows(const AnomalyMark& mark) {
    Row row;
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

  void StepRow(const TraceEvent& event, const StepTrace& step, bool first, bool step_notices,
               std::vector<Cell>* lines) {
    const std::string label = StepLabel(step);
    if (event.kind == TraceEvent::Kind::kSkipped || step.status == StepStatus::kSkipped) {
      std::string reason =
          step.skip_reason.empty() ? "the application decided not to run it" : step.skip_reason;
      AddWrapped(label + " skipped: " + reason, Tone::kNote, lane_width_, 2, lines, 4);
      return;
    }
    if (first) {
      AddWrapped(label + " " + CollapseWhitespace(step.sql), Tone::kPlain, lane_width_, 2, lines,
                 8);
      std::string note = NoteFor(scenario_, result_.variant_def, step.step_name);
      if (!note.empty()) AddWrapped("note: " + note, Tone::kNote, lane_width_, 2, lines, 3);
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
      AddWrapped(sym_.wait + " waits for " + (whom.empty() ? "a lock" : whom), Tone::kWait,
                 lane_width_, 4, lines, 3);
      if (first) Releases(step, lines);
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
    if (first) Releases(step, lines);
    if (step_notices)
      for (const std::string& notice : step.notices)
        AddWrapped(CollapseWhitespace(notice), Tone::kNote, lane_width_, 4, lines, 2);
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
  std::set<int> snapshots_;
  std::set<int> shown_;
  std::set<int> cancel_told_;
  std::vector<Row> rows_;
  std::vector<std::string> order_;
};

int ClientCount(const Trace& trace) {
  int count = static_cast<int>(trace.client_names.size());
  for (const StepTrace& step : trace.steps) count = std::max(count, step.client + 1);
  return std::max(count, 1);
}

// Lays the timeline out: one column per client when they fit (each at least
// 18 wide), else rows tagged with the client's name.
void AppendTimeline(const Scenario& scenario, const VariantResult& result, int width,
                    const Symbols& sym, const Painter& paint, std::vector<std::string>* out) {
  const Trace& trace = result.trace;
  const int clients = ClientCount(trace);
  const int prefix = std::max(DisplayWidth(sym.time_down), 4) + 1;
  const std::string separator = " " + sym.vbar + " ";
  const int lane = (width - prefix - 3 * (clients - 1)) / clients;
  const bool columns = lane >= 18;

  std::vector<std::string> headers;
  std::vector<std::string> levels;
  for (int c = 0; c < clients; ++c) {
    headers.push_back(ClientName(trace, c));
    Isolation level = ClientLevel(scenario, trace, c);
    levels.push_back(level == Isolation::kDefault ? "READ COMMITTED, the default"
                                                  : IsolationName(level));
  }

  if (columns) {
    bool one_line = true;
    for (int c = 0; c < clients; ++c)
      if (DisplayWidth(headers[c] + " (" + levels[c] + ")") > lane) one_line = false;
    std::vector<std::string> line1(clients), line2(clients);
    for (int c = 0; c < clients; ++c) {
      if (one_line) {
        line1[c] = paint(headers[c], Tone::kClient, c) + " (" + levels[c] + ")";
      } else {
        line1[c] = paint(Truncate(headers[c], lane, sym.ellipsis), Tone::kClient, c);
        line2[c] = Truncate(levels[c], lane, sym.ellipsis);
      }
    }
    auto lanes_line = [&](const std::string& left, const std::vector<std::string>& cells) {
      std::string text = PadRight(left, prefix);
      for (int c = 0; c < clients; ++c) {
        if (c > 0) text += separator;
        text += c + 1 < clients ? PadRight(cells[c], lane) : cells[c];
      }
      return TrimRight(text);
    };
    out->push_back(lanes_line("", line1));
    if (!one_line) out->push_back(lanes_line("", line2));
    std::string rule = PadRight(sym.time_down, prefix);
    for (int c = 0; c < clients; ++c)
      rule += (c > 0 ? sym.hbar + sym.cross + sym.hbar : "") + Repeat(sym.hbar, lane);
    out->push_back(rule);

    TimelineBuilder builder(scenario, result, sym, lane, width);
    for (const Row& row : builder.Build()) {
      for (size_t i = 0; i < row.lines.size(); ++i) {
        std::string line;
        if (row.lane < 0 || row.lane >= clients) {
          line = paint(row.lines[i].text, row.lines[i].tone);
        } else {
          std::vector<std::string> cells(clients);
          cells[row.lane] = paint(row.lines[i].text, row.lines[i].tone);
          line = lanes_line(i == 0 ? row.number : "", cells);
        }
        out->push_back(line);
      }
    }
    out->push_back(Repeat(sym.hbar, prefix - 1));
    std::string order = builder.OrderText();
    if (!order.empty())
      for (const std::string& line : Wrap("Order: " + order, width, 7)) out->push_back(line);
    return;
  }

  // Tagged layout: "#3  robin  b3 UPDATE ...".
  std::string roster = "Clients: ";
  for (int c = 0; c < clients; ++c)
    roster += (c > 0 ? ", " : "") + headers[c] + " (" + levels[c] + ")";
  for (const std::string& line : Wrap(roster, width, 2)) out->push_back(line);
  int tag = 0;
  for (const std::string& name : headers) tag = std::max(tag, DisplayWidth(name));
  tag = std::min(tag, 12) + 2;
  const int room = std::max(width - prefix - tag, 16);
  out->push_back(sym.time_down);
  TimelineBuilder builder(scenario, result, sym, room, width);
  for (const Row& row : builder.Build()) {
    for (size_t i = 0; i < row.lines.size(); ++i) {
      if (row.lane < 0 || row.lane >= clients) {
        out->push_back(paint(row.lines[i].text, row.lines[i].tone));
        continue;
      }
      std::string name = i == 0 ? Truncate(headers[row.lane], tag - 2, sym.ellipsis) : "";
      out->push_back(TrimRight(PadRight(i == 0 ? row.number : "", prefix) +
                               PadRight(paint(name, Tone::kClient, row.lane), tag) +
                               paint(row.lines[i].text, row.lines[i].tone)));
    }
  }
  std::string order = builder.OrderText();
  if (!order.empty())
    for (const std::string& line : Wrap("Order: " + order, width, 7)) out->push_back(line);
}

//-----------------------------------------------------------------------------
// [SECTION] A variant: timeline, states, checks, verdict, expectation
//-----------------------------------------------------------------------------

void AppendWrapped(const std::string& text, int width, int indent, Tone tone, const Painter& paint,
                   std::vector<std::string>* out) {
  std::vector<std::string> lines = Wrap(text, width, indent, indent);
  for (const std::string& line : lines) out->push_back(paint(line, tone));
}

Tone VerdictTone(const Verdict& verdict) {
  return verdict.kind == Verdict::Kind::kPrevented ? Tone::kGood : Tone::kBad;
}

std::string VariantTitle(const VariantResult& result) {
  if (!result.variant.empty()) return result.variant;
  if (!result.trace.variant.empty()) return result.trace.variant;
  return "baseline";
}

void AppendNotes(const Scenario& scenario, const Trace& trace, int width, const Painter& paint,
                 std::vector<std::string>* out) {
  std::vector<std::string> not_run;
  bool read_uncommitted = false;
  bool deadlock = false;
  for (int c = 0; c < ClientCount(trace); ++c)
    if (ClientLevel(scenario, trace, c) == Isolation::kReadUncommitted) read_uncommitted = true;
  for (const StepTrace& step : trace.steps) {
    if (step.status == StepStatus::kNotRun) not_run.push_back(step.step_name);
    if (step.error && step.error->sqlstate == "40P01") deadlock = true;
  }
  if (!not_run.empty()) {
    std::string text = "Not run: ";
    for (size_t i = 0; i < not_run.size(); ++i) text += (i > 0 ? ", " : "") + not_run[i];
    text += trace.run_error.empty() ? " (the run stopped before them)."
                                    : " (the run stopped: " + trace.run_error + ").";
    AppendWrapped(text, width, 0, Tone::kNote, paint, out);
  }
  if (read_uncommitted)
    AppendWrapped(
        "Note: PostgreSQL runs READ UNCOMMITTED as READ COMMITTED, so no step here can "
        "read uncommitted data (no dirty reads).",
        width, 0, Tone::kNote, paint, out);
  if (deadlock)
    AppendWrapped(
        "Note: PostgreSQL detected the deadlock and chose the victim itself; the "
        "application does not choose which transaction is aborted.",
        width, 0, Tone::kNote, paint, out);
}

void AppendChecks(const Scenario& scenario, const Trace& trace, int width, const Symbols& sym,
                  const Painter& paint, std::vector<std::string>* out) {
  if (trace.checks.empty()) return;
  out->push_back(paint("Checks", Tone::kHeading));
  for (const CheckResult& check : trace.checks) {
    const Check* def = nullptr;
    for (const Check& c : scenario.checks)
      if (c.name == check.name) def = &c;
    bool serial = def && !def->expect_any.empty();
    std::string text;
    if (check.error) {
      text = sym.fail + " " + check.name + " could not run: " + ErrorLine(*check.error);
    } else if (serial) {
      text = (check.passed ? sym.ok + " held " : sym.fail + " FAILED ") + check.name +
             ": any serial order gives " + check.expected + "; got " + check.value;
    } else {
      text = (check.passed ? sym.ok + " held " : sym.fail + " FAILED ") + check.name + ": " +
             CheckNumbers(check);
    }
    for (const std::string& line : Wrap(text, width, 4, 2))
      out->push_back(paint(line, check.passed ? Tone::kGood : Tone::kBad));
    if (!check.passed && !check.explain.empty())
      AppendWrapped(check.explain, width, 4, Tone::kPlain, paint, out);
  }
}

void AppendVariant(const Scenario& scenario, const VariantResult& result, size_t number,
                   size_t count, bool show_initial, int width, const Symbols& sym,
                   const Painter& paint, std::vector<std::string>* out) {
  const Trace& trace = result.trace;
  std::string title = sym.hbar + sym.hbar + " Variant " + std::to_string(number) + " of " +
                      std::to_string(count) + ": " + VariantTitle(result) + " ";
  if (!trace.schedule.empty() && trace.schedule != VariantTitle(result))
    title += "(schedule " + trace.schedule + ") ";
  title = Truncate(title, width, sym.ellipsis);
  out->push_back(paint(title + Repeat(sym.hbar, width - DisplayWidth(title)), Tone::kHeading));
  std::string description = result.variant_def ? result.variant_def->description : "";
  if (description.empty() && !result.variant_def && !scenario.is_isolation_spec)
    description = "The scenario as written, no fix.";
  if (!description.empty())
    AppendWrapped("Fix: " + description, width, 0, Tone::kPlain, paint, out);
  if (trace.reordered)
    AppendWrapped(
        "The schedule could not run as listed (a client's next step came while its "
        "previous one still waited for a lock); the rows show the order that ran.",
        width, 0, Tone::kNote, paint, out);
  out->push_back("");

  if (show_initial && !trace.initial_state.empty()) {
    out->push_back(paint("Starting state", Tone::kHeading));
    for (const TableState& table : trace.initial_state)
      AppendTable(table, "", width, sym, paint, out);
    out->push_back("");
  }
  if (trace.setup_error) {
    AppendWrapped(sym.fail + " Setup failed: " + ErrorLine(*trace.setup_error), width, 0,
                  Tone::kBad, paint, out);
  } else {
    // Client setup runs before the schedule (isolation specs BEGIN there).
    for (const Client& client : scenario.clients) {
      std::string sql;
      for (const std::string& statement : client.setup_sql)
        sql += " " + CollapseWhitespace(statement);
      if (!sql.empty())
        AppendWrapped("Before the schedule, " + client.name + " runs:" + sql, width, 2,
                      Tone::kPlain, paint, out);
    }
    AppendTimeline(scenario, result, width, sym, paint, out);
    AppendNotes(scenario, trace, width, paint, out);
  }
  if (!trace.run_error.empty())
    AppendWrapped(sym.fail + " The run failed: " + trace.run_error, width, 0, Tone::kBad, paint,
                  out);
  out->push_back("");

  if (!trace.final_state.empty()) {
    out->push_back(paint("Final state (" + VariantTitle(result) + ")", Tone::kHeading));
    for (const TableState& table : trace.final_state)
      AppendTable(table, "", width, sym, paint, out);
    out->push_back("");
  }
  AppendChecks(scenario, trace, width, sym, paint, out);

  const Verdict& verdict = result.verdict;
  std::string line = "VERDICT " + verdict.Name() + " " + sym.dash + " " + Sentence(verdict.summary);
  std::vector<std::string> wrapped = Wrap(line, width, 8);
  for (size_t i = 0; i < wrapped.size(); ++i)
    out->push_back(i == 0 ? paint(wrapped[i].substr(0, 8), Tone::kHeading) +
                                paint(wrapped[i].substr(8), VerdictTone(verdict))
                          : paint(wrapped[i], VerdictTone(verdict)));
  if (result.variant_def && result.variant_def->expect) {
    Expectation expect = *result.variant_def->expect;
    bool matches = verdict.Matches(expect);
    std::string text = "Expected " + ExpectationName(expect);
    if (!result.variant_def->expect_why.empty())
      text += " " + sym.dash + " " + Sentence(result.variant_def->expect_why);
    AppendWrapped(text, width, 0, Tone::kPlain, paint, out);
    AppendWrapped(matches ? sym.ok + " The verdict matches the expectation."
                          : sym.fail + " MISMATCH: expected " + ExpectationName(expect) +
                                " but got " + verdict.Name() + ".",
                  width, 0, matches ? Tone::kGood : Tone::kBad, paint, out);
  }
  out->push_back("");
}

//-----------------------------------------------------------------------------
// [SECTION] The comparison of variants
//-----------------------------------------------------------------------------

std::string Shorten(const std::string& sql, size_t limit = 60) {
  std::string text = CollapseWhitespace(sql);
  if (text.size() <= limit) return text;
  return Truncate(text, static_cast<int>(limit), "...");
}

// What a variant changes, in words, from its definition.
std::string ChangeText(const VariantResult& result) {
  const Variant* v = result.variant_def;
  if (!v) return "the scenario as written";
  std::vector<std::string> parts;
  if (v->isolation) parts.push_back("every client at " + IsolationName(*v->isolation));
  for (const auto& [client, level] : v->client_isolation)
    parts.push_back(client + " at " + IsolationName(level));
  for (const std::string& sql : v->extra_setup)
    parts.push_back("setup adds `" + Shorten(sql) + "`");
  for (const auto& [name, step] : v->replace_steps)
    parts.push_back(name + " becomes `" + Shorten(step.sql) + "`");
  for (const auto& added : v->add_steps)
    parts.push_back(added.client + " adds " + added.step.name + " `" + Shorten(added.step.sql) +
                    "`");
  for (const auto& [client, policy] : v->retry) {
    std::string states;
    for (const std::string& s : policy.sqlstates) states += (states.empty() ? "" : "/") + s;
    parts.push_back(client + " retries on " + states + " (up to " +
                    std::to_string(policy.max_attempts) + " attempts)");
  }
  if (parts.empty()) return "the scenario as written";
  std::string text;
  for (size_t i = 0; i < parts.size(); ++i) text += (i > 0 ? ", " : "") + parts[i];
  return text;
}

void AppendComparison(const Scenario& scenario, const std::vector<VariantResult>& results,
                      int width, const Painter& paint, std::vector<std::string>* out) {
  bool same_start = true;
  bool same_schedule = true;
  for (const VariantResult& r : results) {
    same_start = same_start && SameState(r.trace.initial_state, results[0].trace.initial_state);
    same_schedule = same_schedule && r.trace.schedule == results[0].trace.schedule;
  }
  const bool spec = scenario.is_isolation_spec;
  std::string text = "Comparison: the " + std::to_string(results.size()) +
                     (spec ? " permutations " : " variants ");
  text += same_start ? "started from the same state" : "did NOT start from the same state";
  if (same_schedule && !spec && !results[0].trace.schedule.empty())
    text += " and ran the same schedule (" + results[0].trace.schedule + ")";
  text += ". ";
  const VariantResult& base = results[0];
  for (size_t i = 0; i < results.size(); ++i) {
    const VariantResult& r = results[i];
    text +=
        VariantTitle(r) + (spec ? "" : " (" + ChangeText(r) + ")") + " gave " + r.verdict.Name();
    std::string state = StatePhrase(r.trace.final_state);
    if (i > 0 && SameState(r.trace.final_state, base.trace.final_state))
      text += ", with the same final state as " + VariantTitle(base);
    else if (!state.empty())
      text += ", ending with " + state;
    text += ". ";
  }
  // An abort with no anomaly behind it in the baseline.
  if (base.verdict.kind == Verdict::Kind::kPrevented) {
    for (size_t i = 1; i < results.size(); ++i) {
      const VariantResult& r = results[i];
      bool serialization = false;
      for (int index : r.verdict.aborted_steps)
        if (r.trace.steps[index].error && r.trace.steps[index].error->sqlstate == "40001")
          serialization = true;
      if (serialization)
        text += VariantTitle(base) + " shows no anomaly in this interleaving, so " +
                VariantTitle(r) +
                "'s serialization failure had no real anomaly behind it: PostgreSQL aborts "
                "on a dangerous pattern of reads and writes, which is why applications "
                "retry on 40001. ";
    }
  }
  AppendWrapped(TrimRight(text), width, 0, Tone::kPlain, paint, out);
}

}  // namespace

//-----------------------------------------------------------------------------
// [SECTION] Entry points
//-----------------------------------------------------------------------------

int DisplayWidth(const std::string& text) {
  int width = 0;
  size_t i = 0;
  while (i < text.size()) {
    if (size_t escape = EscapeLength(text, i)) {
      i += escape;
      continue;
    }
    width += CodepointWidth(NextCodepoint(text, &i));
  }
  return width;
}

std::string FormatRunText(const Scenario& scenario, const std::vector<VariantResult>& results,
                          const TextOptions& options) {
  const int width = std::max(options.width, 40);
  const Symbols& sym = SymbolsFor(options.ascii);
  const Painter paint(options.color);
  std::vector<std::string> out;

  std::string title = scenario.title.empty() ? scenario.path : scenario.title;
  if (title.empty() && !results.empty()) title = results[0].trace.scenario_title;
  AppendWrapped(title, width, 0, Tone::kTitle, paint, &out);
  if (!scenario.anomaly.empty())
    AppendWrapped("Anomaly: " + scenario.anomaly, width, 0, Tone::kPlain, paint, &out);
  if (!scenario.app.empty())
    AppendWrapped("App: " + scenario.app, width, 0, Tone::kPlain, paint, &out);
  if (!scenario.path.empty() && scenario.path != title)
    AppendWrapped("File: " + scenario.path, width, 0, Tone::kPlain, paint, &out);
  if (!scenario.story.empty()) {
    out.push_back("");
    // Paragraphs of the story stay paragraphs.
    std::string paragraph;
    std::istringstream story(scenario.story);
    std::string line;
    auto flush = [&]() {
      if (!CollapseWhitespace(paragraph).empty())
        AppendWrapped(paragraph, width, 0, Tone::kPlain, paint, &out);
      paragraph.clear();
    };
    while (std::getline(story, line)) {
      if (CollapseWhitespace(line).empty()) {
        flush();
        out.push_back("");
      } else {
        paragraph += line + " ";
      }
    }
    flush();
  }
  out.push_back("");

  bool same_start = true;
  for (const VariantResult& r : results)
    same_start = same_start && SameState(r.trace.initial_state, results[0].trace.initial_state);
  if (!results.empty() && same_start && !results[0].trace.initial_state.empty()) {
    out.push_back(paint("Starting state", Tone::kHeading) +
                  (results.size() > 1 ? " (the same for every variant)" : ""));
    for (const TableState& table : results[0].trace.initial_state)
      AppendTable(table, "", width, sym, paint, &out);
    out.push_back("");
  }
  for (size_t i = 0; i < results.size(); ++i)
    AppendVariant(scenario, results[i], i + 1, results.size(), !same_start, width, sym, paint,
                  &out);
  if (results.size() >= 2) AppendComparison(scenario, results, width, paint, &out);
  if (results.empty()) out.push_back("No variants were run.");

  while (!out.empty() && out.back().empty()) out.pop_back();
  std::string text;
  for (const std::string& line : out) text += Truncate(TrimRight(line), width, sym.ellipsis) + "\n";
  return text;
}

bool ShouldUseColor(int fd) {
  if (!isatty(fd)) return false;
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color && *no_color) return false;
  const char* term = std::getenv("TERM");
  if (term && std::string(term) == "dumb") return false;
  return true;
}

}  // namespace interleave
