#include "report/html_edges.h"

#include <algorithm>
#include <cctype>
#include <utility>

#include "report/dependency_text.h"

namespace interleave {

namespace {

// "100" for "peepcoins=100"; values of several columns stay as they are.
std::string ShortValue(const std::string& value) {
  const size_t eq = value.find('=');
  if (eq == std::string::npos || value.find(", ") != std::string::npos) return value;
  return value.substr(eq + 1);
}

// "name=Josh, peepcoins=100" as (column, value) pairs; false when it does
// not split into such pairs (a value holding ", " or no "=").
bool SplitValues(const std::string& values,
                 std::vector<std::pair<std::string, std::string>>* pairs) {
  size_t start = 0;
  while (start <= values.size()) {
    size_t end = values.find(", ", start);
    if (end == std::string::npos) end = values.size();
    const std::string part = values.substr(start, end - start);
    const size_t eq = part.find('=');
    if (eq == std::string::npos || eq == 0) return false;
    pairs->emplace_back(part.substr(0, eq), part.substr(eq + 1));
    start = end + 2;
  }
  return !pairs->empty();
}

// What a read saw of the columns the other end wrote: "peepcoins=100" of
// "name=Josh, peepcoins=100" beside a write of "peepcoins=70". The read's
// whole row when the columns cannot be told apart or none is shared.
std::string SameColumns(const std::string& read, const std::string& written) {
  std::vector<std::pair<std::string, std::string>> seen, wrote;
  if (!SplitValues(read, &seen) || !SplitValues(written, &wrote)) return read;
  std::string out;
  for (const auto& [column, value] : seen) {
    bool shared = false;
    for (const auto& other : wrote) shared = shared || other.first == column;
    if (shared) out += (out.empty() ? "" : ", ") + column + "=" + value;
  }
  return out.empty() ? read : out;
}

// Whether `word` occurs in `text` as a whole identifier.
bool HasWord(const std::string& text, const std::string& word) {
  auto ident = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; };
  for (size_t at = text.find(word); at != std::string::npos; at = text.find(word, at + 1)) {
    const size_t end = at + word.size();
    if ((at == 0 || !ident(text[at - 1])) && (end >= text.size() || !ident(text[end]))) return true;
  }
  return false;
}

// What a row written into a predicate's range holds of the columns the
// predicate names ("media_type=movie, title=Dune" for "title = 'Dune' AND
// media_type = 'movie'"); the whole row when it names none of them.
std::string PredicateColumns(const std::string& written, const std::string& predicate) {
  std::vector<std::pair<std::string, std::string>> pairs;
  if (predicate.empty() || !SplitValues(written, &pairs)) return written;
  std::string out;
  for (const auto& [column, value] : pairs) {
    if (HasWord(predicate, column)) out += (out.empty() ? "" : ", ") + column + "=" + value;
  }
  return out.empty() ? written : out;
}

std::string Did(const std::string& verb, const std::string& value) {
  return value.empty() ? verb : verb + " " + ShortValue(value);
}

std::string Wrote(const Dependency& edge) {
  return edge.to_deleted ? "deleted it" : Did("wrote", edge.to_value);
}

}  // namespace

std::string EdgeLabel(const Dependency& edge) {
  std::string label =
      std::string(DependencyKindName(edge.kind)) + " " + edge.table + " " + edge.row;
  switch (edge.kind) {
    case DependencyKind::kWw:
      return label + ": " + Did("wrote", edge.from_value) + ", " + Wrote(edge);
    case DependencyKind::kWr:
      return label + ": " + Did("wrote", edge.from_value) + ", " +
             Did("read", SameColumns(edge.to_value, edge.from_value));
    case DependencyKind::kRw:
      break;
  }
  const std::string read =
      edge.to_deleted ? edge.from_value : SameColumns(edge.from_value, edge.to_value);
  if (!edge.predicate) return label + ": " + Did("read", read) + ", " + Wrote(edge);
  // The predicate itself is the read's SQL, on its box.
  const std::string saw = edge.from_saw_row ? Did("saw", read) + ", not matching" : "saw no row";
  return label + ": " + saw + ", " +
         (edge.to_deleted ? "deleted it"
                          : Did("wrote", PredicateColumns(edge.to_value, edge.predicate_text)));
}

int StepIndexOf(const Trace& trace, int txn, const std::string& step) {
  const TxnRecord* record = trace.history.Txn(txn);
  int by_name = -1;
  for (const StepTrace& candidate : trace.steps) {
    if (candidate.step_name != step) continue;
    if (!record) return candidate.index;
    if (candidate.client == record->client && candidate.attempt == record->attempt)
      return candidate.index;
    if (by_name < 0 && candidate.client == record->client) by_name = candidate.index;
  }
  return by_name;
}

std::vector<PageEdge> PageEdges(const Trace& trace, const Explanation& explanation) {
  const Finding* reported = explanation.Reported();
  std::vector<Dependency> edges = explanation.graph.edges();
  if (reported) {
    for (const Dependency& edge : reported->edges) {
      if (std::find(edges.begin(), edges.end(), edge) == edges.end()) edges.push_back(edge);
    }
  }
  std::vector<PageEdge> page;
  for (const Dependency& edge : edges) {
    PageEdge out;
    const std::string kind(DependencyKindName(edge.kind));
    out.id = StepLabel(trace.history, edge.from, edge.from_step) + "-" + kind + "->" +
             StepLabel(trace.history, edge.to, edge.to_step);
    out.kind = kind;
    out.label = EdgeLabel(edge);
    out.line = DependencyLine(trace.history, edge);
    out.from_step = StepIndexOf(trace, edge.from, edge.from_step);
    out.to_step = StepIndexOf(trace, edge.to, edge.to_step);
    out.in_cycle = reported && std::find(reported->edges.begin(), reported->edges.end(), edge) !=
                                   reported->edges.end();
    page.push_back(std::move(out));
  }
  return page;
}

}  // namespace interleave
