// One variant in the text report (see text_variant.h).
#include "report/text_variant.h"

#include "report/text_dependencies.h"
#include "report/text_tables.h"
#include "report/text_timeline.h"
#include "sim/judge/graph_words.h"
#include "sim/judge/trace_facts.h"
#include "sim/judge/trace_phrases.h"
#include "util/text_util.h"
#include "util/utf8.h"

namespace interleave::text {

std::string VariantTitle(const VariantResult& result) {
  if (!result.variant.empty()) return result.variant;
  if (!result.trace.variant.empty()) return result.trace.variant;
  return "baseline";
}

std::string VerdictWords(const Verdict& verdict) {
  if (verdict.kind == Verdict::Kind::kPrevented && verdict.how == Verdict::How::kNone)
    return "no anomaly";
  return verdict.Name();
}

std::string VerdictSentence(const VariantResult& result) {
  const Verdict& verdict = result.verdict;
  const std::string summary = Sentence(verdict.summary);
  if (!verdict.explanation || !result.trace.explained) return summary;
  const Explanation& explanation = *verdict.explanation;
  if (const Finding* finding = explanation.Reported()) {
    // A fix whose checks held over a run that is still not serializable says
    // so (unless the summary already told what the cycle is).
    if (verdict.kind != Verdict::Kind::kPrevented || !finding->remark.empty()) return summary;
    return summary + " Yet the dependency graph has a cycle, " + FindingName(*finding) +
           ", so the run is not serializable.";
  }
  if (VerdictWords(verdict) != "no anomaly") return summary;
  std::string order = SerialOrderText(result.trace.history, explanation);
  if (order.empty() || !result.trace.history.gaps.empty()) return summary;
  // The summary ends with the same order (for JSON and the window); the
  // sentence leads with it instead, so it is said once.
  std::string rest = verdict.summary;
  const std::string order_clause = "; serializable: " + order;
  if (rest.size() >= order_clause.size() &&
      rest.compare(rest.size() - order_clause.size(), order_clause.size(), order_clause) == 0)
    rest.erase(rest.size() - order_clause.size());
  return "serializable: " + order + ". " + Sentence(rest);
}

namespace {

Tone VerdictTone(const Verdict& verdict) {
  return verdict.kind == Verdict::Kind::kPrevented ? Tone::kGood : Tone::kBad;
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

// One line of the checks block, unwrapped: the check's result, or the
// explanation under a failed one.
struct CheckLine {
  std::string text;
  Tone tone;
  int indent;
};

std::vector<CheckLine> CheckLines(const Scenario& scenario, const Trace& trace,
                                  const std::string& verdict, const Symbols& sym) {
  std::vector<CheckLine> lines;
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
    lines.push_back({text, check.passed ? Tone::kGood : Tone::kBad, 2});
    // The verdict below often says the same sentence: then it is said once.
    std::string explain = check.explain;
    while (!explain.empty() && (explain.back() == '.' || explain.back() == ' ')) explain.pop_back();
    if (!check.passed && !explain.empty() && verdict.find(explain) == std::string::npos)
      lines.push_back({check.explain, Tone::kPlain, 4});
  }
  return lines;
}

// The checks: one check on the heading's line, several under it.
void AppendChecks(const std::vector<CheckLine>& lines, int width, const Painter& paint,
                  std::vector<std::string>* out) {
  if (lines.empty()) return;
  if (lines.size() == 1) {
    std::vector<std::string> wrapped = Wrap("Checks: " + lines[0].text, width, 4);
    for (size_t i = 0; i < wrapped.size(); ++i)
      out->push_back(i == 0 ? paint("Checks:", Tone::kHeading) +
                                  paint(wrapped[0].substr(7), lines[0].tone)
                            : paint(wrapped[i], lines[0].tone));
    return;
  }
  out->push_back(paint("Checks", Tone::kHeading));
  for (const CheckLine& line : lines)
    for (const std::string& part : Wrap(line.text, width, line.indent + 2, line.indent))
      out->push_back(paint(part, line.tone));
}

// "s2 -rw-> k3, k2 -rw-> s3": the run's edges without their values; "" when
// the run was not explained or has no edge.
std::string EdgeSkeleton(const VariantResult& result) {
  if (!result.trace.explained || !result.verdict.explanation) return "";
  std::string text;
  for (const Dependency& edge : result.verdict.explanation->graph.edges()) {
    const char* kind = edge.kind == DependencyKind::kWw   ? "ww"
                       : edge.kind == DependencyKind::kWr ? "wr"
                                                          : "rw";
    text += (text.empty() ? "" : ", ") +
            StepLabel(result.trace.history, edge.from, edge.from_step) + " -" + kind + "-> " +
            StepLabel(result.trace.history, edge.to, edge.to_step) + " " + edge.table + " " +
            edge.row;
  }
  return text;
}

// The final state `state` of variant `name` as what differs from `before`
// (`before_name`'s final state, or the starting state): per table, the rows
// only this one has, then the rows only `before` has.
void AppendStateChanges(const std::string& name, const std::vector<TableState>& state,
                        const std::string& before_name, const std::string& before_whose,
                        const std::vector<TableState>& before, int width, const Symbols& sym,
                        const Painter& paint, std::vector<std::string>* out) {
  AppendWrapped(
      "Final state (" + name + "): what differs from " + before_whose + " (the rest is the same)",
      width, 0, Tone::kHeading, paint, out);
  for (const TableState& table : state) {
    const TableState* other = nullptr;
    for (const TableState& t : before)
      if (t.table == table.table) other = &t;
    if (other && other->contents.columns == table.contents.columns &&
        other->contents.rows == table.contents.rows)
      continue;
    if (!other || other->contents.columns != table.contents.columns) {
      AppendTable(table, "", width, sym, paint, out);
      continue;
    }
    auto has = [](const StatementResult& contents, const auto& row) {
      for (const auto& r : contents.rows)
        if (r == row) return true;
      return false;
    };
    TableState only_here{table.table, {}};
    only_here.contents.columns = table.contents.columns;
    StatementResult only_before;
    only_before.columns = table.contents.columns;
    for (const auto& row : table.contents.rows)
      if (!has(other->contents, row)) only_here.contents.rows.push_back(row);
    for (const auto& row : other->contents.rows)
      if (!has(table.contents, row)) only_before.rows.push_back(row);
    if (!only_here.contents.rows.empty())
      AppendTable(only_here, " (rows " + before_name + " does not have)", width, sym, paint, out);
    if (!only_before.rows.empty())
      AppendWrapped(table.table + ": only " + before_name + " has " + RowsInline(only_before, 20),
                    width, 2, Tone::kPlain, paint, out);
  }
  out->push_back("");
}

// The whole final state, or (when `brief` and it is shorter) what differs
// from the starting state.
void AppendFinalState(const VariantResult& result, bool brief, int width, const Symbols& sym,
                      const Painter& paint, std::vector<std::string>* out) {
  const Trace& trace = result.trace;
  std::vector<std::string> whole;
  whole.push_back(paint("Final state (" + VariantTitle(result) + ")", Tone::kHeading));
  for (const TableState& table : trace.final_state)
    AppendTable(table, "", width, sym, paint, &whole);
  whole.push_back("");
  if (brief && !trace.initial_state.empty() && !SameState(trace.final_state, trace.initial_state)) {
    std::vector<std::string> changes;
    AppendStateChanges(VariantTitle(result), trace.final_state, "the starting state",
                       "the starting state", trace.initial_state, width, sym, paint, &changes);
    if (changes.size() < whole.size()) whole = changes;
  }
  out->insert(out->end(), whole.begin(), whole.end());
}

// Whether the verdict's sentence already says all a dependency block would:
// no edge, no finding, and the serial order it names.
bool VerdictTellsDependencies(const VariantResult& result) {
  const Trace& trace = result.trace;
  if (!trace.explained || !result.verdict.explanation || !trace.history.gaps.empty()) return false;
  const Explanation& explanation = *result.verdict.explanation;
  if (!explanation.graph.edges().empty() || !explanation.findings.empty() ||
      !explanation.serializable)
    return false;
  const std::string order = SerialOrderText(trace.history, explanation);
  return !order.empty() && VerdictSentence(result).find(order) != std::string::npos;
}

// The earlier variant (base first) whose `same` holds, or nullptr.
template <typename Same>
const VariantResult* SameAsEarlier(const Folding& folding, Same same) {
  if (!folding.base) return nullptr;
  if (same(*folding.base)) return folding.base;
  for (const VariantResult* other : folding.earlier)
    if (same(*other)) return other;
  return nullptr;
}

}  // namespace

void AppendVariant(const Scenario& scenario, const VariantResult& result, size_t number,
                   size_t count, bool show_initial, int width, const Symbols& sym,
                   const Painter& paint, std::vector<std::string>* out, const Folding& folding) {
  const Trace& trace = result.trace;
  const VariantResult* base = folding.base;
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
  // Said once: a variant that ran in base's order is told so under its rows.
  if (trace.reordered &&
      !(base && base->trace.reordered && base->trace.OrderText() == trace.OrderText()))
    AppendWrapped(
        "Not the listed order: a step came while its client still waited for a lock; the rows "
        "show what ran.",
        width, 0, Tone::kNote, paint, out);
  out->push_back("");

  if (show_initial && !trace.initial_state.empty()) {
    out->push_back(paint("Starting state", Tone::kHeading));
    for (const TableState& table : trace.initial_state)
      AppendTable(table, "", width, sym, paint, out);
    out->push_back("");
  }
  bool block_before = true;  // the timeline ends in a block, not in one line
  bool state_told = false;   // the order line said the final state is base's
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
    std::vector<std::string> edges = DependencyBlock(scenario, trace, result.verdict);
    const std::vector<std::string> base_edges =
        base ? DependencyBlock(scenario, base->trace, base->verdict) : std::vector<std::string>{};
    const std::string skeleton = EdgeSkeleton(result);
    // The same edges between the same steps and rows (their values may
    // differ, as a changed WHERE does) and the same cycle or serial order.
    const bool same_edges = base && !edges.empty() && edges.size() == base_edges.size() &&
                            edges.back() == base_edges.back() &&
                            (edges == base_edges || skeleton == EdgeSkeleton(*base));
    state_told = same_edges && !trace.final_state.empty() &&
                 SameState(trace.final_state, base->trace.final_state);
    const bool told = AppendTimeline(scenario, result, width, sym, paint, out, base,
                                     same_edges ? edges.back() : "", folding.server_told,
                                     folding.earlier, state_told);
    state_told = state_told && told;
    AppendNotes(scenario, trace, width, paint, out);
    block_before = !told;
    if (told) {
      // The order line said it.
    } else if (same_edges && edges.size() > 1) {
      out->push_back("");
      AppendWrapped("Dependencies: the same as " + VariantTitle(*base) + "'s (" + skeleton + "); " +
                        edges.back(),
                    width, 4, Tone::kPlain, paint, out);
    } else if (base && edges.size() > 1 && !skeleton.empty() && skeleton == EdgeSkeleton(*base)) {
      out->push_back("");
      AppendWrapped("Dependencies: the same edges between the same steps and rows as " +
                        VariantTitle(*base) + "'s (" + skeleton + "); " + edges.back(),
                    width, 4, Tone::kPlain, paint, out);
    } else if (!(base && VerdictTellsDependencies(result))) {
      AppendDependencies(scenario, trace, result.verdict, width, paint, out);
    } else {
      block_before = false;
    }
  }
  if (!trace.run_error.empty())
    AppendWrapped(sym.fail + " The run failed: " + trace.run_error, width, 0, Tone::kBad, paint,
                  out);

  const VariantResult* same_state =
      trace.final_state.empty() ? nullptr : SameAsEarlier(folding, [&](const VariantResult& other) {
        return SameState(trace.final_state, other.trace.final_state);
      });
  // A one-line final state needs no blank line around it, unless a block
  // (the dependencies) comes before it.
  if (state_told) {
    // Said with the order.
  } else if (!same_state || block_before || !trace.run_error.empty()) {
    out->push_back("");
  }
  if (state_told) {
    // Said with the order.
  } else if (same_state) {
    AppendWrapped("Final state (" + VariantTitle(result) + "): the same as " +
                      VariantTitle(*same_state) + "'s.",
                  width, 0, Tone::kHeading, paint, out);
  } else if (!trace.final_state.empty() && base && !base->trace.final_state.empty()) {
    // What differs from base's, unless the whole state is shorter.
    std::vector<std::string> changes;
    AppendStateChanges(VariantTitle(result), trace.final_state, VariantTitle(*base),
                       VariantTitle(*base) + "'s", base->trace.final_state, width, sym, paint,
                       &changes);
    std::vector<std::string> whole;
    AppendFinalState(result, false, width, sym, paint, &whole);
    const std::vector<std::string>& shorter = whole.size() < changes.size() ? whole : changes;
    out->insert(out->end(), shorter.begin(), shorter.end());
  } else if (!trace.final_state.empty()) {
    AppendFinalState(result, folding.brief, width, sym, paint, out);
  }

  const Verdict& verdict = result.verdict;
  const std::string sentence = VerdictSentence(result);
  const std::vector<CheckLine> checks = CheckLines(scenario, trace, sentence, sym);
  // Checks and verdict as an earlier variant's: said in one line.
  auto same_verdict = [&](const VariantResult& other) {
    if (VerdictWords(other.verdict) != VerdictWords(verdict) || VerdictSentence(other) != sentence)
      return false;
    const std::vector<CheckLine> theirs = CheckLines(scenario, other.trace, sentence, sym);
    if (theirs.size() != checks.size()) return false;
    for (size_t i = 0; i < checks.size(); ++i)
      if (theirs[i].text != checks[i].text) return false;
    return true;
  };
  const VariantResult* same_as = SameAsEarlier(folding, same_verdict);
  std::string line = "VERDICT " + VerdictWords(verdict) + " " + sym.dash + " ";
  if (same_as) {
    std::string told;
    for (const CheckLine& check : checks) told += (told.empty() ? "" : "; ") + check.text;
    line += "as in " + VariantTitle(*same_as) + (told.empty() ? "" : ": " + told);
  } else {
    AppendChecks(checks, width, paint, out);
    line += sentence;
  }
  std::vector<std::string> wrapped = Wrap(line, width, 8);
  for (size_t i = 0; i < wrapped.size(); ++i)
    out->push_back(i == 0 ? paint(wrapped[i].substr(0, 8), Tone::kHeading) +
                                paint(wrapped[i].substr(8), VerdictTone(verdict))
                          : paint(wrapped[i], VerdictTone(verdict)));
  if (result.variant_def && result.variant_def->expect) {
    Expectation expect = *result.variant_def->expect;
    bool matches = verdict.Matches(expect);
    // A verdict that matches says so on the expectation's line.
    std::string text = matches ? sym.ok + " As expected: " + ExpectationName(expect)
                               : "Expected " + ExpectationName(expect);
    if (!result.variant_def->expect_why.empty())
      text += " " + sym.dash + " " + Sentence(result.variant_def->expect_why);
    AppendWrapped(text, width, 0, Tone::kPlain, paint, out);
    if (!matches)
      AppendWrapped(sym.fail + " MISMATCH: expected " + ExpectationName(expect) + " but got " +
                        verdict.Name() + ".",
                    width, 0, Tone::kBad, paint, out);
  }
  out->push_back("");
}

}  // namespace interleave::text
