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
  if (VerdictWords(verdict) != "no anomaly" || !verdict.explanation || !result.trace.explained)
    return summary;
  const Explanation& explanation = *verdict.explanation;
  if (const Finding* finding = explanation.Reported())
    return summary + " The dependency graph still has a cycle, " + FindingName(*finding) +
           ", so the run is not serializable, but the rule the checks state held.";
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

void AppendChecks(const Scenario& scenario, const Trace& trace, const std::string& verdict,
                  int width, const Symbols& sym, const Painter& paint,
                  std::vector<std::string>* out) {
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
    // The verdict below often says the same sentence: then it is said once.
    std::string explain = check.explain;
    while (!explain.empty() && (explain.back() == '.' || explain.back() == ' ')) explain.pop_back();
    if (!check.passed && !explain.empty() && verdict.find(explain) == std::string::npos)
      AppendWrapped(check.explain, width, 4, Tone::kPlain, paint, out);
  }
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

// The final state as what differs from `base`'s: per table, the rows only
// this variant has, then the rows only base has.
void AppendStateChanges(const VariantResult& result, const VariantResult& base, int width,
                        const Symbols& sym, const Painter& paint, std::vector<std::string>* out) {
  const std::string name = VariantTitle(result);
  const std::string base_name = VariantTitle(base);
  if (SameState(result.trace.final_state, base.trace.final_state)) {
    AppendWrapped("Final state (" + name + "): the same as " + base_name + "'s.", width, 0,
                  Tone::kHeading, paint, out);
    out->push_back("");
    return;
  }
  AppendWrapped("Final state (" + name + "): what differs from " + base_name +
                    "'s (the other rows and tables are the same)",
                width, 0, Tone::kHeading, paint, out);
  for (const TableState& table : result.trace.final_state) {
    const TableState* other = nullptr;
    for (const TableState& t : base.trace.final_state)
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
    StatementResult only_base;
    only_base.columns = table.contents.columns;
    for (const auto& row : table.contents.rows)
      if (!has(other->contents, row)) only_here.contents.rows.push_back(row);
    for (const auto& row : other->contents.rows)
      if (!has(table.contents, row)) only_base.rows.push_back(row);
    if (!only_here.contents.rows.empty())
      AppendTable(only_here, " (rows " + base_name + " does not have)", width, sym, paint, out);
    if (!only_base.rows.empty())
      AppendWrapped(table.table + ": " + base_name + " had, and " + name +
                        " does not: " + RowsInline(only_base, 20),
                    width, 2, Tone::kPlain, paint, out);
  }
  out->push_back("");
}

}  // namespace

void AppendVariant(const Scenario& scenario, const VariantResult& result, size_t number,
                   size_t count, bool show_initial, int width, const Symbols& sym,
                   const Painter& paint, std::vector<std::string>* out, const VariantResult* base) {
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
    AppendTimeline(scenario, result, width, sym, paint, out, base);
    AppendNotes(scenario, trace, width, paint, out);
    std::vector<std::string> edges = DependencyBlock(scenario, trace, result.verdict);
    const std::string skeleton = EdgeSkeleton(result);
    if (base && edges.size() > 1 && !skeleton.empty() && skeleton == EdgeSkeleton(*base)) {
      out->push_back("");
      AppendWrapped("Dependencies: the same edges between the same steps and rows as " +
                        VariantTitle(*base) + "'s (" + skeleton + "); " + edges.back(),
                    width, 4, Tone::kPlain, paint, out);
    } else {
      AppendDependencies(scenario, trace, result.verdict, width, paint, out);
    }
  }
  if (!trace.run_error.empty())
    AppendWrapped(sym.fail + " The run failed: " + trace.run_error, width, 0, Tone::kBad, paint,
                  out);
  out->push_back("");

  if (!trace.final_state.empty() && base && !base->trace.final_state.empty()) {
    AppendStateChanges(result, *base, width, sym, paint, out);
  } else if (!trace.final_state.empty()) {
    out->push_back(paint("Final state (" + VariantTitle(result) + ")", Tone::kHeading));
    for (const TableState& table : trace.final_state)
      AppendTable(table, "", width, sym, paint, out);
    out->push_back("");
  }
  AppendChecks(scenario, trace, VerdictSentence(result), width, sym, paint, out);

  const Verdict& verdict = result.verdict;
  std::string line =
      "VERDICT " + VerdictWords(verdict) + " " + sym.dash + " " + VerdictSentence(result);
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

}  // namespace interleave::text
