// The text timeline printer (see text_printer.h): the title, the story and
// the shared starting state, then each variant (text_variant.h) and the
// comparison (text_comparison.h). Typesetting is in text_layout.h, the words
// on a trace in report/narration.h and sim/judge.
#include "report/text_printer.h"

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <set>
#include <sstream>

#include "report/text_comparison.h"
#include "report/text_glossary.h"
#include "report/text_layout.h"
#include "report/text_tables.h"
#include "report/text_timeline.h"
#include "report/text_timeline_rows.h"
#include "report/text_variant.h"
#include "sim/judge/trace_facts.h"
#include "util/text_util.h"

namespace interleave {

namespace {

// The words a reader may not know, glossed the first time they appear.
const char* const kGlossedTerms[] = {
    "lost update", "write skew", "read skew", "non-repeatable read", "phantom", "dirty write",
    "G-single", "G2-item", "G2", "G1c", "G0", "G1a", "G1b", "P0", "P1", "P2", "P3", "P4", "A5A",
    "A5B", "pivot", "EvalPlanQual", "40001", "40P01", "23505", "25P02", "55P03", "57014", "skipped",
    // Lock modes the timeline's "locks:" lines name.
    "FOR UPDATE", "FOR NO KEY UPDATE", "FOR SHARE", "FOR KEY SHARE", "ROW EXCLUSIVE", "ROW SHARE",
    "ACCESS EXCLUSIVE", "SIREAD"};

bool IsWordChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '-'; }

// Whether `line` holds `term` as a whole word.
bool HasTerm(const std::string& line, const std::string& term) {
  for (size_t at = line.find(term); at != std::string::npos; at = line.find(term, at + 1)) {
    bool before = at == 0 || !IsWordChar(line[at - 1]);
    size_t end = at + term.size();
    bool after = end >= line.size() || !IsWordChar(line[end]) ||
                 (line[end] == '-' && (end + 1 >= line.size() || line[end + 1] == ' '));
    if (before && after) return true;
  }
  return false;
}

// Appends a gloss for each term in out[from...] not glossed before.
void AppendGlosses(size_t from, int width, std::set<std::string>* glossed,
                   const text::Painter& paint, std::vector<std::string>* out) {
  std::vector<const GlossaryEntry*> entries;
  for (const char* term : kGlossedTerms) {
    const GlossaryEntry* entry = FindGlossaryEntry(term);
    if (!entry || glossed->count(entry->term)) continue;
    for (size_t i = from; i < out->size(); ++i)
      if (HasTerm((*out)[i], term)) {
        glossed->insert(entry->term);
        entries.push_back(entry);
        break;
      }
  }
  if (entries.empty()) return;
  out->push_back(paint("Terms used above", text::Tone::kHeading) +
                 " (interleave glossary TERM says more)");
  for (const GlossaryEntry* entry : entries)
    for (const std::string& line : text::Wrap(GlossaryText(*entry), width, 4, 2))
      out->push_back(paint(line, text::Tone::kNote));
  out->push_back("");
}

// The step rows of `result`, by what they read as (text::StepEventKey).
std::multiset<std::string> RowKeys(const VariantResult& result) {
  std::multiset<std::string> keys;
  for (const TraceEvent& event : EffectiveEvents(result.trace))
    if (IsStepEvent(event.kind) && ValidStep(result.trace, event.step))
      keys.insert(text::StepEventKey(result.trace, event));
  return keys;
}

// The earlier variant that variant `i` is told against: the one with the
// most step rows that read the same (the first on a tie), so that a variant
// close to the one before it shows only what differs from that one.
size_t ClosestEarlier(const std::vector<VariantResult>& results, size_t i) {
  const std::multiset<std::string> mine = RowKeys(results[i]);
  size_t best = 0;
  size_t best_common = 0;
  for (size_t j = 0; j < i; ++j) {
    std::multiset<std::string> theirs = RowKeys(results[j]);
    size_t common = 0;
    for (const std::string& key : mine) {
      auto found = theirs.find(key);
      if (found == theirs.end()) continue;
      theirs.erase(found);
      ++common;
    }
    if (common > best_common) {
      best = j;
      best_common = common;
    }
  }
  return best;
}

}  // namespace

using text::AppendComparison;
using text::AppendTable;
using text::AppendVariant;
using text::AppendWrapped;
using text::Painter;
using text::SameState;
using text::Symbols;
using text::SymbolsFor;
using text::Tone;
using text::TrimRight;
using text::Truncate;

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
  // One server for every variant is named once, not in each column header.
  const std::string server = text::SharedServer(results);
  if (!server.empty()) AppendWrapped("Server: " + server, width, 0, Tone::kPlain, paint, &out);
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
  for (size_t i = 0; i < results.size(); ++i) {
    text::Folding folding;
    folding.server_told = !server.empty();
    folding.brief = !options.full;
    if (i > 0 && !options.full) {
      folding.base = &results[ClosestEarlier(results, i)];
      for (size_t j = 0; j < i; ++j) folding.earlier.push_back(&results[j]);
    }
    AppendVariant(scenario, results[i], i + 1, results.size(), !same_start, width, sym, paint, &out,
                  folding);
  }
  if (results.size() >= 2) {
    AppendComparison(scenario, results, width, sym, paint, &out);
    out.push_back("");
  }
  // One glossary for the whole report: each term once.
  std::set<std::string> glossed;
  AppendGlosses(0, width, &glossed, paint, &out);
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
