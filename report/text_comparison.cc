// The comparison of variants (see text_comparison.h).
#include "report/text_comparison.h"

#include <algorithm>
#include <set>
#include <sstream>

#include "report/text_tables.h"
#include "report/text_timeline.h"
#include "report/text_variant.h"
#include "sim/judge/graph_words.h"
#include "sim/judge/trace_facts.h"
#include "sim/judge/trace_phrases.h"
#include "util/text_util.h"
#include "util/utf8.h"

namespace interleave::text {

namespace {

std::vector<std::string> Words(const std::string& text) {
  std::vector<std::string> words;
  std::istringstream in(text);
  std::string word;
  while (in >> word) words.push_back(word);
  return words;
}

// The clause of `changed` that differs from `original`, in full: from the
// clause keyword before the first word that differs to the end, led by an
// ellipsis when the start is left out.
std::string ChangedClause(const std::string& original, const std::string& changed,
                          const std::string& ellipsis) {
  std::vector<std::string> a = Words(original), b = Words(changed);
  size_t same = 0;
  while (same < a.size() && same < b.size() && a[same] == b[same]) ++same;
  // Nothing in common, or the new SQL is a start of the old: all of it.
  if (original.empty() || same == 0 || same >= b.size()) return CollapseWhitespace(changed);
  static const std::vector<std::string> kClauses = {
      "SELECT", "FROM",  "WHERE", "SET",    "VALUES", "ON",     "RETURNING", "FOR", "ORDER",
      "GROUP",  "LIMIT", "INTO",  "UPDATE", "INSERT", "DELETE", "JOIN",      "AND", "OR"};
  size_t start = same;
  while (start > 0 &&
         std::find(kClauses.begin(), kClauses.end(), AsciiUpper(b[start])) == kClauses.end())
    --start;
  std::string text = start > 0 ? ellipsis : "";
  for (size_t i = start; i < b.size(); ++i) text += (text.empty() ? "" : " ") + b[i];
  return text;
}

// Names that share a clause, said once: "k2 and s2 become `...`". Clauses
// keep the order they were first added in. Not thread-safe; a value type.
class NamedTogether {
 public:
  void Add(const std::string& clause, const std::string& name) {
    auto it = std::find_if(groups_.begin(), groups_.end(),
                           [&](const auto& group) { return group.first == clause; });
    if (it == groups_.end())
      groups_.push_back({clause, name});
    else
      it->second += " and " + name;
  }
  // One part per clause: the names, the verb for one name or for several, the
  // clause.
  void AppendTo(const char* verb_one, const char* verb_many,
                std::vector<std::string>* parts) const {
    for (const auto& [clause, names] : groups_)
      parts->push_back(names + " " +
                       (names.find(" and ") == std::string::npos ? verb_one : verb_many) + " " +
                       clause);
  }

 private:
  std::vector<std::pair<std::string, std::string>> groups_;  // clause, names
};

}  // namespace

std::vector<std::string> ChangeParts(const VariantResult& result, const Scenario& scenario) {
  const Variant* v = result.variant_def;
  if (!v) return {};
  std::vector<std::string> parts;
  if (v->isolation) parts.push_back("every client at " + IsolationName(*v->isolation));
  for (const auto& [client, level] : v->client_isolation)
    parts.push_back(client + " at " + IsolationName(level));
  for (const std::string& sql : v->extra_setup)
    parts.push_back("setup adds `" + CollapseWhitespace(sql) + "`");
  // Steps replaced by the same SQL are named together; a replacement that
  // only restates the original is left out.
  NamedTogether replaced;
  for (const auto& [name, step] : v->replace_steps) {
    const Step* original = StepAsRun(scenario, nullptr, name);
    std::string before = original ? CollapseWhitespace(original->sql) : "";
    if (before == CollapseWhitespace(step.sql)) continue;
    replaced.Add("`" + ChangedClause(before, step.sql, "...") + "`", name);
  }
  replaced.AppendTo("becomes", "become", &parts);
  for (const auto& added : v->add_steps)
    parts.push_back(added.client + " adds " + added.step.name + " `" +
                    CollapseWhitespace(added.step.sql) + "`");
  // Clients with the same retry policy are named together.
  NamedTogether retrying;
  for (const auto& [client, policy] : v->retry) {
    std::string states;
    for (const std::string& s : policy.sqlstates) states += (states.empty() ? "" : "/") + s;
    retrying.Add("on " + states + " (up to " + std::to_string(policy.max_attempts) + " attempts)",
                 client);
  }
  retrying.AppendTo("retries", "retry", &parts);
  return parts;
}

std::string ChangeText(const VariantResult& result, const Scenario& scenario) {
  const std::vector<std::string> parts = ChangeParts(result, scenario);
  if (parts.empty()) return kNoChange;
  std::string text;
  for (size_t i = 0; i < parts.size(); ++i) text += (i > 0 ? "; " : "") + parts[i];
  return text;
}

namespace {

// The pieces a cell may break into: words, and a hyphenated word after each
// hyphen ("prevented-", "by-", "wait"); `glue` says a piece joins the next
// without a space.
struct Piece {
  std::string text;
  bool glue = false;
};

std::vector<Piece> Pieces(const std::string& text) {
  std::vector<Piece> pieces;
  std::istringstream words(text);
  std::string word;
  while (words >> word) {
    size_t start = 0;
    for (size_t i = 0; i < word.size(); ++i)
      if (word[i] == '-' && i > start && i + 1 < word.size()) {
        pieces.push_back({word.substr(start, i + 1 - start), true});
        start = i + 1;
      }
    pieces.push_back({word.substr(start), false});
  }
  return pieces;
}

// `text` wrapped to `width` columns, breaking at spaces and after hyphens; a
// piece wider than the column is cut into parts.
std::vector<std::string> WrapCell(const std::string& text, int width) {
  std::vector<std::string> lines;
  std::string line;
  bool glued = false;  // the last piece on `line` joins the next without a space
  for (const Piece& piece : Pieces(text)) {
    const std::string joint = line.empty() || glued ? "" : " ";
    if (DisplayWidth(line + joint + piece.text) <= width) {
      line += joint + piece.text;
    } else {
      if (!line.empty()) lines.push_back(line);
      line.clear();
      for (const std::string& part : Wrap(piece.text, width)) {
        if (!line.empty()) lines.push_back(line);
        line = part;
      }
    }
    glued = piece.glue;
  }
  if (!line.empty() || lines.empty()) lines.push_back(line);
  return lines;
}

int LongestPiece(const std::string& text) {
  int longest = 1;
  for (const Piece& piece : Pieces(text)) longest = std::max(longest, DisplayWidth(piece.text));
  return longest;
}

}  // namespace

std::vector<std::string> TableLines(const std::vector<std::vector<std::string>>& rows, int width,
                                    const Symbols& sym) {
  if (rows.empty()) return {};
  const size_t n = rows.front().size();
  const std::string separator = " " + sym.vbar + " ";
  const int room = width - static_cast<int>(n - 1) * DisplayWidth(separator);
  // Each column first gets its longest unbreakable piece (up to 17 columns),
  // then the room left goes a column at a time to the column whose cells
  // still need the most.
  std::vector<int> natural(n, 1), widths(n, 1);
  for (const auto& row : rows)
    for (size_t c = 0; c < n && c < row.size(); ++c) {
      natural[c] = std::max(natural[c], DisplayWidth(row[c]));
      widths[c] = std::max(widths[c], std::min(17, LongestPiece(row[c])));
    }
  const std::vector<int> least = widths;  // no column gets less: its words stay whole
  int used = 0;
  for (int w : widths) used += w;
  // The table's height in lines with `w` as the widths.
  auto height = [&](const std::vector<int>& w) {
    size_t lines = 0;
    for (const auto& row : rows) {
      size_t tallest = 1;
      for (size_t c = 0; c < n && c < row.size(); ++c)
        tallest = std::max(tallest, WrapCell(row[c], w[c]).size());
      lines += tallest;
    }
    return lines;
  };
  // Whether column a's cells still need more room than column b's.
  auto needs_more = [&](size_t a, size_t b) {
    return natural[a] - widths[a] > natural[b] - widths[b];
  };
  while (used < room) {
    // The widening that saves the most lines per column of width: for each
    // column, the fewest extra columns (up to 24) that make the table
    // shorter. Looking one column ahead is not enough: a short cell that
    // needs a few more columns to lose a line got none while a long cell
    // elsewhere went on saving lines. Among equals, the column whose cells
    // still need the most room.
    const size_t now = height(widths);
    size_t best = n;
    int best_step = 0;
    double best_gain = 0;
    for (size_t c = 0; c < n; ++c) {
      const int most = std::min({natural[c] - widths[c], room - used, 24});
      for (int step = 1; step <= most; ++step) {
        std::vector<int> wider = widths;
        wider[c] += step;
        const size_t h = height(wider);
        if (h >= now) continue;
        const double gain = static_cast<double>(now - h) / step;
        if (best == n || gain > best_gain || (gain == best_gain && needs_more(c, best))) {
          best = c;
          best_step = step;
          best_gain = gain;
        }
        break;
      }
    }
    if (best == n) {
      // No widening saves a line: the room left goes to the column that
      // still needs the most.
      for (size_t c = 0; c < n; ++c)
        if (natural[c] > widths[c] && (best == n || needs_more(c, best))) best = c;
      if (best == n) break;
      best_step = 1;
    }
    widths[best] += best_step;
    used += best_step;
  }
  // The greedy widening can leave a column wider than it needs to be while
  // another could use the room: move a few columns from one to another while
  // that makes the table shorter.
  for (bool moved = true; moved;) {
    moved = false;
    size_t now = height(widths);
    for (size_t from = 0; from < n && !moved; ++from)
      for (size_t to = 0; to < n && !moved; ++to) {
        if (from == to) continue;
        for (int step = 1; step <= 8 && widths[from] - step >= least[from]; ++step) {
          std::vector<int> moved_widths = widths;
          moved_widths[from] -= step;
          moved_widths[to] += step;
          if (moved_widths[to] > natural[to]) break;
          const size_t h = height(moved_widths);
          if (h < now) {
            widths = moved_widths;
            moved = true;
            break;
          }
        }
      }
  }
  // A column cut narrower than a short phrase needs (kReadable columns, or
  // all its longest cell needs) reads as a word a line: when one of its cells
  // takes three lines or more, it takes room from the widest column while
  // that one stays at least kRoomy wide.
  constexpr int kReadable = 12;
  constexpr int kRoomy = 24;
  for (size_t c = 0; c < n; ++c) {
    const int want = std::min(natural[c], kReadable);
    if (widths[c] >= want) continue;
    bool cramped = false;
    for (const auto& row : rows)
      cramped = cramped || (c < row.size() && WrapCell(row[c], widths[c]).size() >= 3);
    if (!cramped) continue;
    const size_t widest = std::max_element(widths.begin(), widths.end()) - widths.begin();
    const int give = std::min(want - widths[c], widths[widest] - kRoomy);
    if (widest == c || give <= 0) continue;
    widths[widest] -= give;
    widths[c] += give;
  }
  while (used > room) {  // very narrow: the widest column gives way
    size_t widest = std::max_element(widths.begin(), widths.end()) - widths.begin();
    if (widths[widest] <= 3) break;
    --widths[widest];
    --used;
  }
  std::vector<std::string> lines;
  auto rule = [&]() {
    std::string text;
    for (size_t c = 0; c < n; ++c)
      text += (c > 0 ? sym.hbar + sym.cross + sym.hbar : "") + Repeat(sym.hbar, widths[c]);
    lines.push_back(text);
  };
  for (size_t r = 0; r < rows.size(); ++r) {
    std::vector<std::vector<std::string>> cells(n);
    size_t height = 1;
    for (size_t c = 0; c < n; ++c) {
      cells[c] =
          c < rows[r].size() ? WrapCell(rows[r][c], widths[c]) : std::vector<std::string>{""};
      height = std::max(height, cells[c].size());
    }
    for (size_t i = 0; i < height; ++i) {
      std::string text;
      for (size_t c = 0; c < n; ++c) {
        if (c > 0) text += separator;
        text += PadRight(i < cells[c].size() ? cells[c][i] : "", widths[c]);
      }
      // The spaces that kept words together print as spaces.
      for (size_t at = text.find(kKeepTogether); at != std::string::npos;
           at = text.find(kKeepTogether, at))
        text.replace(at, std::string(kKeepTogether).size(), " ");
      lines.push_back(TrimRight(text));
    }
    if (r + 1 < rows.size()) rule();
  }
  return lines;
}

namespace {

// "READ COMMITTED" when every client ran at one level, else per client.
std::string LevelsText(const Scenario& scenario, const Trace& trace) {
  std::vector<std::string> per_client;
  std::set<std::string> distinct;
  for (int c = 0; c < ClientCount(trace); ++c) {
    std::string levels = ClientLevelsText(scenario, trace, c);
    per_client.push_back(ClientName(trace, c) + ": " + levels);
    distinct.insert(levels);
  }
  if (distinct.size() == 1) return *distinct.begin();
  std::string text;
  for (const std::string& part : per_client) text += (text.empty() ? "" : "; ") + part;
  return text;
}

// The checks' names, "; " between them.
std::string CheckNames(const Trace& trace) {
  std::string text;
  for (const CheckResult& check : trace.checks) text += (text.empty() ? "" : "; ") + check.name;
  return text;
}

// The checks' values: "60 ✗" for a failed check, "30 ✓" for one that held;
// several checks are named unless `named` is false (the table names them
// once).
std::string ValuesText(const Trace& trace, const Symbols& sym, bool named) {
  std::string text;
  for (const CheckResult& check : trace.checks) {
    // The mark stays on the value's line (kKeepTogether).
    std::string value = check.error ? "could not run"
                                    : (check.value.empty() ? "nothing" : check.value) +
                                          kKeepTogether + (check.passed ? sym.ok : sym.fail);
    if (named && trace.checks.size() > 1) value = check.name + ": " + value;
    text += (text.empty() ? "" : "; ") + value;
  }
  return text.empty() ? "(no checks)" : text;
}

// "laptop's l3 waited for phone; laptop aborted at l3 (40001), retried".
std::string WaitsAndAborts(const VariantResult& result) {
  const Trace& trace = result.trace;
  const Verdict& verdict = result.verdict;
  std::vector<std::string> parts;
  for (int index : verdict.waited_steps) {
    if (!ValidStep(trace, index)) continue;
    const StepTrace& step = trace.steps[index];
    std::string whom = BlockersText(trace, step);
    parts.push_back(step.step_name + " waited" + (whom.empty() ? "" : " for " + whom));
  }
  for (int index : verdict.aborted_steps) {
    if (!ValidStep(trace, index)) continue;
    const StepTrace& step = trace.steps[index];
    const std::string client = StepClientName(trace, step);
    bool retried = std::find(verdict.retried_clients.begin(), verdict.retried_clients.end(),
                             step.client) != verdict.retried_clients.end();
    parts.push_back(
        client + " aborted at " + step.step_name +
        (step.error && !step.error->sqlstate.empty() ? " (" + step.error->sqlstate + ")" : "") +
        (retried ? ", retried" : ", not retried"));
  }
  if (parts.empty()) return "nobody";
  std::string text;
  for (const std::string& part : parts) text += (text.empty() ? "" : "; ") + part;
  return text;
}

// "lost update (G-single)" or "serial: phone then laptop".
std::string GraphText(const VariantResult& result) {
  const Verdict& verdict = result.verdict;
  if (!result.trace.explained || !verdict.explanation) return "not recorded";
  const Explanation& explanation = *verdict.explanation;
  if (const Finding* finding = explanation.Reported()) return FindingName(*finding);
  std::string order = SerialOrderText(result.trace.history, explanation);
  const std::string lead = "equivalent to ";
  if (order.rfind(lead, 0) == 0) order = order.substr(lead.size());
  if (order.empty()) return "no cycle";
  return "serial: " + order +
         (result.trace.history.gaps.empty() ? "" : " (among what was recorded)");
}

}  // namespace

std::vector<std::string> MarkSharedParts(std::vector<std::vector<std::string>>* parts) {
  std::vector<std::string> shared;
  for (size_t r = 0; r < parts->size(); ++r)
    for (const std::string& part : (*parts)[r]) {
      if (DisplayWidth(part) <= kLongPart ||
          std::find(shared.begin(), shared.end(), part) != shared.end())
        continue;
      for (size_t other = r + 1; other < parts->size(); ++other)
        if (std::find((*parts)[other].begin(), (*parts)[other].end(), part) !=
            (*parts)[other].end()) {
          shared.push_back(part);
          break;
        }
    }
  std::vector<std::string> notes;
  for (size_t i = 0; i < shared.size(); ++i) {
    const std::string mark = "[" + std::to_string(i + 1) + "]";
    for (std::vector<std::string>& row : *parts)
      for (std::string& part : row)
        if (part == shared[i]) part = mark;
    notes.push_back(mark + " " + shared[i]);
  }
  return notes;
}

void AppendComparison(const Scenario& scenario, const std::vector<VariantResult>& results,
                      int width, const Symbols& sym, const Painter& paint,
                      std::vector<std::string>* out) {
  bool same_start = true;
  bool same_schedule = true;
  bool same_checks = true;
  for (const VariantResult& r : results) {
    same_start = same_start && SameState(r.trace.initial_state, results[0].trace.initial_state);
    same_schedule = same_schedule && r.trace.schedule == results[0].trace.schedule;
    same_checks = same_checks && CheckNames(r.trace) == CheckNames(results[0].trace);
  }
  const bool spec = scenario.is_isolation_spec;
  std::string text = paint("Comparison", Tone::kHeading) + ": the " +
                     std::to_string(results.size()) + (spec ? " permutations " : " variants ");
  text += same_start ? "started from the same state" : "did NOT start from the same state";
  if (same_schedule && !spec && !results[0].trace.schedule.empty())
    text += " and ran the same schedule (" + results[0].trace.schedule + ")";
  text += ".";
  // Several checks are named once, not in every row.
  const bool name_checks = !same_checks || results[0].trace.checks.size() < 2;
  if (!name_checks)
    text += " The checked column gives, in this order: " + CheckNames(results[0].trace) + ".";
  AppendWrapped(text, width, 0, Tone::kPlain, paint, out);

  // A long clause several rows share is said once, under the table.
  std::vector<std::vector<std::string>> parts;
  for (const VariantResult& r : results)
    parts.push_back(spec ? std::vector<std::string>{} : ChangeParts(r, scenario));
  const std::vector<std::string> notes = MarkSharedParts(&parts);
  std::vector<std::vector<std::string>> rows;
  rows.push_back({spec ? "permutation" : "variant", spec ? "order" : "what it changes", "isolation",
                  "outcome", "checked", "waited / aborted", "graph"});
  for (size_t i = 0; i < results.size(); ++i) {
    const VariantResult& r = results[i];
    std::string change;
    for (const std::string& part : parts[i]) change += (change.empty() ? "" : "; ") + part;
    if (change.empty()) change = kNoChange;
    rows.push_back({VariantTitle(r), spec ? r.trace.OrderText() : change,
                    LevelsText(scenario, r.trace), VerdictWords(r.verdict),
                    ValuesText(r.trace, sym, name_checks), WaitsAndAborts(r), GraphText(r)});
  }
  for (const std::string& line : TableLines(rows, width, sym)) out->push_back(line);
  for (const std::string& note : notes)
    for (const std::string& line : Wrap(note, width, 4)) out->push_back(line);

  // An abort with no anomaly behind it in the baseline.
  const VariantResult& base = results[0];
  if (base.verdict.kind != Verdict::Kind::kPrevented) return;
  for (size_t i = 1; i < results.size(); ++i) {
    const VariantResult& r = results[i];
    std::string level;
    bool concurrent_change = false;  // "... due to concurrent update" (or delete)
    for (int index : r.verdict.aborted_steps)
      if (r.trace.steps[index].error && r.trace.steps[index].error->sqlstate == "40001") {
        level = IsolationName(StepLevel(scenario, r.trace, index));
        concurrent_change =
            r.trace.steps[index].error->message.find("concurrent") != std::string::npos;
      }
    if (level.empty()) continue;
    // The message tells the two causes apart: at SERIALIZABLE a write to a row
    // changed since the snapshot fails as at REPEATABLE READ.
    std::string why =
        level == "SERIALIZABLE" && !concurrent_change
            ? "SERIALIZABLE aborts a transaction on a dangerous pattern of reads and writes "
              "(two rw edges in a row through a pivot) before it knows a cycle will form"
            : "at " + level +
                  " PostgreSQL aborts a transaction that would update or lock a row another "
                  "transaction changed since its snapshot, whatever the values";
    AppendWrapped(VariantTitle(base) + " shows no anomaly in this interleaving, so " +
                      VariantTitle(r) + "'s serialization failure had no real anomaly behind it: " +
                      why + ", which is why applications retry on 40001.",
                  width, 0, Tone::kPlain, paint, out);
  }
}

}  // namespace interleave::text
