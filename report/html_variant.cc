#include "report/html_variant.h"

#include <algorithm>
#include <map>
#include <set>
#include <vector>

#include "report/dependency_text.h"
#include "report/html_edges.h"
#include "report/html_escape.h"
#include "report/html_graph.h"
#include "report/narration.h"
#include "sim/judge/anomaly_marks.h"
#include "sim/judge/graph_words.h"
#include "sim/judge/trace_facts.h"
#include "sim/judge/trace_phrases.h"

namespace interleave {

namespace {

std::string Esc(const std::string& text) { return HtmlEscape(text); }

std::string Attr(const std::string& name, const std::string& value) {
  return " " + name + "=\"" + HtmlEscape(value) + "\"";
}

// The grid row of timeline row `row` (rows 1 and 2 are the headings).
int GridRow(int row) { return row + 2; }

// The grid column of client `client` (column 1 holds the row numbers; a
// gutter for the arrows sits between two clients).
int GridColumn(int client) { return 2 + 2 * client; }

std::string Place(int row, int column) {
  return " style=\"grid-row:" + std::to_string(row) + ";grid-column:" + std::to_string(column) +
         "\"";
}

std::string BoxId(int variant, const char* kind, int step) {
  return "v" + std::to_string(variant) + "-" + kind + std::to_string(step);
}

// The note to show beside a step: a step the variant replaced keeps the
// original's note only when its SQL is the same.
std::string NoteFor(const Scenario& scenario, const Plan& plan, const std::string& name) {
  const Step* def = StepAsRun(scenario, &plan, name);
  if (!def || def->note.empty()) return "";
  const Step* original = StepAsRun(scenario, nullptr, name);
  if (original && original != def && original->note == def->note && original->sql != def->sql)
    return "";
  return def->note;
}

std::string VerdictClass(const Verdict& verdict) {
  switch (verdict.kind) {
    case Verdict::Kind::kAnomaly:
      return "anomaly";
    case Verdict::Kind::kPrevented:
      return "prevented";
    case Verdict::Kind::kAbortedWithoutRetry:
      return "aborted";
    case Verdict::Kind::kError:
      return "error";
  }
  return "error";
}

std::string VerdictIcon(const Verdict& verdict) {
  switch (verdict.kind) {
    case Verdict::Kind::kAnomaly:
      return "\u2716 ";  // ✖
    case Verdict::Kind::kPrevented:
      return "\u2714 ";  // ✔
    case Verdict::Kind::kAbortedWithoutRetry:
      return "\u26A0 ";  // ⚠
    case Verdict::Kind::kError:
      return "\u2049 ";  // ⁉
  }
  return "";
}

std::string Badge(const Verdict& verdict) {
  return "<span class=\"badge " + VerdictClass(verdict) + "\">" + VerdictIcon(verdict) +
         Esc(verdict.Name()) + "</span>";
}

// A table's contents as an HTML table (every row, every column; cells wrap).
std::string TableHtml(const TableState& table) {
  std::string html = "<div class=\"table-wrap\"><table" + Attr("data-table", table.table) +
                     "><caption>" + Esc(table.table) + "</caption><thead><tr>";
  for (const std::string& column : table.contents.columns) html += "<th>" + Esc(column) + "</th>";
  html += "</tr></thead><tbody>";
  for (const auto& row : table.contents.rows) {
    html += "<tr>";
    for (const auto& value : row) {
      html += value ? "<td>" + Esc(*value) + "</td>" : "<td class=\"null\">NULL</td>";
    }
    html += "</tr>";
  }
  if (table.contents.rows.empty()) {
    html += "<tr><td class=\"empty\"" +
            Attr("colspan", std::to_string(std::max<size_t>(1, table.contents.columns.size()))) +
            ">no rows</td></tr>";
  }
  return html + "</tbody></table></div>";
}

std::string ErrorHtml(const DbError& error) {
  return "<span class=\"sqlstate\">" + Esc(error.sqlstate) + "</span> " + Esc(error.message) +
         (error.detail.empty() ? "" : " <span class=\"detail\">" + Esc(error.detail) + "</span>");
}

// Builds one variant's section. Refers to the scenario and the result it is
// given (they must outlive it); one thread at a time.
class VariantWriter {
 public:
  VariantWriter(const Scenario& scenario, const VariantResult& result, int index, int rows)
      : scenario_(scenario),
        result_(result),
        trace_(result.trace),
        index_(index),
        rows_(rows),
        events_(EffectiveEvents(trace_)),
        numbers_(NumberRows(trace_, events_)),
        snapshots_(SnapshotSteps(scenario, trace_)) {
    for (const AnomalyMark& mark :
         AnomalyMarks(scenario_, &result_.plan, trace_, result_.verdict, numbers_)) {
      marks_.push_back(mark);
    }
    if (result_.verdict.explanation) edges_ = PageEdges(trace_, *result_.verdict.explanation);
  }

  std::string Section(bool shown) {
    const int clients = static_cast<int>(trace_.client_names.size());
    std::string columns = "var(--num)";
    for (int c = 0; c < clients; ++c)
      columns += c == 0 ? " minmax(0,1fr)" : " var(--gut) minmax(0,1fr)";
    std::string html = "<section class=\"variant" + std::string(shown ? "" : " hidden") + "\"" +
                       Attr("id", "v" + std::to_string(index_)) +
                       Attr("data-variant", HtmlVariantName(result_)) +
                       Attr("aria-label", "variant " + HtmlVariantName(result_)) +
                       Attr("data-rows", std::to_string(HtmlTimelineRows(trace_))) +
                       " style=\"grid-row:1 / span " + std::to_string(rows_ + 3) +
                       ";grid-template-columns:" + columns + "\">\n";
    html += Heading(clients);
    html += Timeline();
    html += Arrows();
    html += Footer();
    return html + "</section>\n";
  }

 private:
  std::string Heading(int clients) {
    const Variant* def = result_.variant_def;
    const Verdict& verdict = result_.verdict;
    std::string html = "<header class=\"vhead\" style=\"grid-row:1;grid-column:1 / -1\"><h2>" +
                       Esc(HtmlVariantName(result_)) + " " + Badge(verdict) + "</h2>";
    if (def && !def->description.empty())
      html += "<p class=\"desc\">" + Esc(def->description) + "</p>";
    if (def && def->expect) {
      const bool matches = verdict.Matches(*def->expect);
      html += "<p class=\"expect " + std::string(matches ? "match" : "mismatch") + "\">expected " +
              Esc(ExpectationName(*def->expect)) +
              (matches ? ": \u2714 as expected" : ": \u2716 not what was expected") + "</p>";
    }
    html += "</header>\n";
    for (int c = 0; c < clients; ++c) {
      html += "<div class=\"chead\"" + Attr("data-client", trace_.client_names[c]) +
              Place(2, GridColumn(c)) + "><span class=\"cname\">" + Esc(trace_.client_names[c]) +
              "</span><span class=\"level\">" +
              Esc(IsolationName(ClientLevel(scenario_, trace_, c))) + "</span></div>\n";
    }
    return html;
  }

  // The marks shown with step `step`'s result.
  std::string MarksAt(int step) {
    std::string html;
    for (const AnomalyMark& mark : marks_) {
      if (mark.step != step) continue;
      html += "<p class=\"mark\">\u26A0 " + Esc(mark.headline) + "</p>";
    }
    return html;
  }

  std::string ResultHtml(const StepTrace& step) {
    if (step.error) {
      return "<p class=\"res err\">\u2716 ERROR " + ErrorHtml(*step.error) + "</p>";
    }
    switch (step.status) {
      case StepStatus::kSkipped:
        return "<p class=\"res skip\">skipped" +
               (step.skip_reason.empty() ? "" : ": " + Esc(step.skip_reason)) + "</p>";
      case StepStatus::kCancelled:
        return "<p class=\"res err\">\u2716 cancelled: it hung (neither completed nor waited for "
               "a lock)</p>";
      case StepStatus::kNotRun:
        return "<p class=\"res skip\">not run</p>";
      default:
        break;
    }
    bool plain_ok = false;
    std::string text = ResultText(step, &plain_ok);
    std::string end = EndVerb(step, "");
    if (plain_ok)
      return "<p class=\"res ok plain\">\u2714 " + Esc(end.empty() ? "ok" : end) + "</p>";
    return "<p class=\"res ok\">\u2192 " + Esc(text) + "</p>";
  }

  std::string StepHead(const StepTrace& step, const std::string& suffix) {
    std::string html =
        "<div class=\"shead\"><span class=\"sname\">" + Esc(step.step_name) + "</span>" + suffix;
    if (step.attempt > 1)
      html += " <span class=\"attempt\">attempt " + std::to_string(step.attempt) + "</span>";
    if (snapshots_.count(step.index))
      html +=
          " <span class=\"snap\" title=\"this transaction's snapshot is taken here\">"
          "\u25C9 snapshot</span>";
    return html + "</div>";
  }

  // The box of a step where it was sent (with its result, unless it waited).
  std::string StepBox(const StepTrace& step, int row) {
    const bool waited = step.blocked && numbers_.done[step.index] != row;
    std::string classes = "step";
    if (step.status == StepStatus::kSkipped || step.status == StepStatus::kNotRun)
      classes += " skipped";
    if (step.error || step.status == StepStatus::kCancelled) classes += " failed";
    if (waited) classes += " waiting";
    std::string html = "<article" + Attr("class", classes) +
                       Attr("id", BoxId(index_, "s", step.index)) +
                       Attr("data-step", step.step_name) + Attr("data-row", std::to_string(row)) +
                       Attr("data-client", StepClientName(trace_, step)) +
                       Attr("data-attempt", std::to_string(step.attempt)) +
                       Place(GridRow(row), GridColumn(step.client)) + ">";
    html += StepHead(step, "");
    if (!step.sql.empty()) html += "<pre class=\"sql\">" + Esc(step.sql) + "</pre>";
    if (waited) {
      std::string blockers = BlockersText(trace_, step);
      std::string wait = step.wait_kind == kSafeSnapshotWait
                             ? "waits for a safe snapshot"
                             : "waits for " + (blockers.empty() ? "a lock" : blockers);
      const int done = numbers_.done[step.index];
      html += "<p class=\"res wait\">\u25F7 " + Esc(wait) +
              (done > 0 ? "; completes at #" + std::to_string(done) : "; never completed") + "</p>";
    } else {
      html += ResultHtml(step);
      html += MarksAt(step.index);
    }
    html += Footnotes(step);
    return html + "</article>\n";
  }

  // The box of a waiting step where it really completed.
  std::string CompletionBox(const StepTrace& step, int row) {
    std::string classes = "step completion";
    if (step.error) classes += " failed";
    std::string html =
        "<article" + Attr("class", classes) + Attr("id", BoxId(index_, "d", step.index)) +
        Attr("data-completes", step.step_name) + Attr("data-row", std::to_string(row)) +
        Attr("data-client", StepClientName(trace_, step)) +
        Place(GridRow(row), GridColumn(step.client)) + ">";
    html += StepHead(step, " <span class=\"completes\">" +
                               std::string(step.error ? "fails" : "completes") +
                               Esc(ReleasedText(trace_, step)) + "</span>");
    html += ResultHtml(step);
    html += MarksAt(step.index);
    return html + "</article>\n";
  }

  std::string Footnotes(const StepTrace& step) {
    std::string html;
    std::string note = NoteFor(scenario_, result_.plan, step.step_name);
    if (!note.empty()) html += "<p class=\"note\">" + Esc(note) + "</p>";
    std::string releases = ReleasesText(trace_, step);
    if (!releases.empty()) html += "<p class=\"releases\">\u21B3 " + Esc(releases) + "</p>";
    return html;
  }

  std::string Timeline() {
    std::string html;
    std::set<int> rows_used;
    for (const StepTrace& step : trace_.steps) {
      const int sent = numbers_.sent[step.index];
      const int done = numbers_.done[step.index];
      if (sent < 0) continue;
      rows_used.insert(sent);
      html += StepBox(step, sent);
      if (done > 0 && done != sent) {
        rows_used.insert(done);
        html += CompletionBox(step, done);
        waits_.push_back(step.index);
      } else if (step.blocked && done < 0) {
        waits_.push_back(step.index);
      }
    }
    std::string numbers;
    for (int row : rows_used) {
      numbers += "<div class=\"rownum\"" + Attr("data-row", std::to_string(row)) +
                 Place(GridRow(row), 1) + ">#" + std::to_string(row) + "</div>\n";
    }
    return numbers + html;
  }

  // The box an edge's end is drawn at: where the step's statement really ran.
  std::string EndBox(int step) {
    if (step < 0) return "";
    const int sent = numbers_.sent[step];
    const int done = numbers_.done[step];
    if (done > 0 && done != sent) return BoxId(index_, "d", step);
    return sent > 0 ? BoxId(index_, "s", step) : "";
  }

  std::string Arrows() {
    std::string html;
    for (const PageEdge& edge : edges_) {
      const std::string from = EndBox(edge.from_step);
      const std::string to = EndBox(edge.to_step);
      if (from.empty() || to.empty()) continue;
      html += "<div" + Attr("class", "edge " + edge.kind + (edge.in_cycle ? " cycle" : "")) +
              Attr("data-edge", edge.id) + Attr("data-kind", edge.kind) + Attr("data-from", from) +
              Attr("data-to", to) + Attr("title", edge.line) +
              "><svg class=\"arrow\" aria-hidden=\"true\"><path" +
              Attr("marker-end", "url(#head-" + edge.kind + ")") +
              "/></svg><span class=\"edge-label\"><b class=\"kind\">" + Esc(edge.kind) +
              "</b><span class=\"detail\">" + Esc(edge.label.substr(edge.kind.size())) + "</span>" +
              (edge.in_cycle ? "<span class=\"cyc\"> \u27F2 cycle</span>" : "") + "</span></div>\n";
    }
    for (int step : waits_) {
      const int done = numbers_.done[step];
      if (done <= 0) continue;
      html += "<div class=\"wait-link\"" + Attr("data-wait", trace_.steps[step].step_name) +
              Attr("data-from", BoxId(index_, "s", step)) +
              Attr("data-to", BoxId(index_, "d", step)) +
              "><svg class=\"arrow\" aria-hidden=\"true\"><path/></svg></div>\n";
    }
    return html;
  }

  std::string VerdictBlock() {
    const Verdict& verdict = result_.verdict;
    std::string html = "<div class=\"verdict\"><h3>Verdict: " + Badge(verdict) + "</h3>";
    if (!verdict.summary.empty()) html += "<p class=\"summary\">" + Esc(verdict.summary) + "</p>";
    if (!verdict.reasons.empty()) {
      html += "<ul class=\"reasons\">";
      for (const std::string& reason : verdict.reasons) html += "<li>" + Esc(reason) + "</li>";
      html += "</ul>";
    }
    if (result_.variant_def && result_.variant_def->expect &&
        !result_.variant_def->expect_why.empty()) {
      html += "<details class=\"why\"><summary>Why PostgreSQL does this</summary><p>" +
              Esc(result_.variant_def->expect_why) + "</p></details>";
    }
    return html + "</div>";
  }

  std::string MarksBlock() {
    std::string html;
    for (const AnomalyMark& mark : marks_) {
      html += "<div class=\"where\"><h3>\u26A0 " + Esc(mark.headline) + "</h3>";
      for (const std::string& sentence : mark.sentences) html += "<p>" + Esc(sentence) + "</p>";
      html += "</div>";
    }
    return html;
  }

  std::string GraphBlock() {
    const Verdict& verdict = result_.verdict;
    std::string html = "<div class=\"graph\"><h3>Dependency graph</h3>";
    if (!verdict.explanation) {
      html += "<p class=\"muted\">" +
              Esc(trace_.explain_note.empty() ? "Reads and writes were not recorded for this run."
                                              : trace_.explain_note) +
              "</p></div>";
      return html;
    }
    const Explanation& explanation = *verdict.explanation;
    const History& history = trace_.history;
    if (const Finding* reported = explanation.Reported()) {
      html += "<p class=\"adya\"><span class=\"class\">" +
              Esc(std::string(AdyaClassName(reported->adya))) + "</span>" +
              (reported->anomaly.empty()
                   ? ""
                   : " <span class=\"textbook\">" + Esc(reported->anomaly) + "</span>") +
              (reported->IsCycle() ? " <span class=\"cyc\">\u27F2 cycle</span>" : "") + "</p>";
      html += "<p>" + Esc(Sentence(FindingSentence(history, *reported))) + "</p>";
    } else {
      std::string order = SerialOrderText(history, explanation);
      html += "<p class=\"adya serial\"><span class=\"class\">serializable</span>" +
              (order.empty() ? "" : " <span class=\"order\">" + Esc(order) + "</span>") + "</p>";
    }
    // The transactions and their edges, the cycle highlighted, as in the window.
    html += HtmlPrecedenceGraph(history, explanation);
    std::vector<std::string> findings = FindingLines(history, explanation);
    if (!findings.empty()) {
      html += "<ul class=\"findings\">";
      for (const std::string& line : findings) html += "<li>" + Esc(line) + "</li>";
      html += "</ul>";
    }
    if (!edges_.empty()) {
      html += "<ul class=\"edge-list\">";
      for (const PageEdge& edge : edges_) {
        html += "<li" + Attr("class", edge.kind + (edge.in_cycle ? " cycle" : "")) +
                Attr("data-edge-item", edge.id) + "><span class=\"kind\">" + Esc(edge.kind) +
                "</span> " + Esc(edge.line) + "</li>";
      }
      html += "</ul>";
    } else {
      html += "<p class=\"muted\">No dependency between two committed transactions.</p>";
    }
    if (!trace_.explain_note.empty())
      html += "<p class=\"muted\">" + Esc(trace_.explain_note) + "</p>";
    return html + "</div>";
  }

  std::string WaitsAndErrors() {
    std::string waits;
    std::string errors;
    for (const StepTrace& step : trace_.steps) {
      if (step.blocked) {
        const int done = numbers_.done[step.index];
        std::string blockers = BlockersText(trace_, step);
        waits +=
            "<li>" + Esc(StepClientName(trace_, step) + "'s " + step.step_name) + " (#" +
            std::to_string(numbers_.sent[step.index]) + ") waited for " +
            Esc(blockers.empty() ? (step.wait_kind.empty() ? "a lock" : step.wait_kind)
                                 : blockers) +
            (done > 0 ? "; completed at #" + std::to_string(done) + Esc(ReleasedText(trace_, step))
                      : "; never completed") +
            "</li>";
      }
      if (step.error) {
        errors += "<li>" + Esc(StepClientName(trace_, step) + "'s " + step.step_name) + " (#" +
                  std::to_string(DoneRow(numbers_, step.index)) + "): ERROR " +
                  ErrorHtml(*step.error) + "</li>";
      }
    }
    if (trace_.setup_error)
      errors += "<li>setup: ERROR " + ErrorHtml(*trace_.setup_error) + "</li>";
    if (!trace_.run_error.empty()) errors += "<li>run: " + Esc(trace_.run_error) + "</li>";
    std::string html;
    if (!waits.empty()) html += "<div class=\"waits\"><h3>Waits</h3><ul>" + waits + "</ul></div>";
    if (!errors.empty())
      html += "<div class=\"errors\"><h3>Errors</h3><ul>" + errors + "</ul></div>";
    if (trace_.reordered) {
      html +=
          "<p class=\"muted\">The schedule could not run as listed (a client's next step came "
          "while its previous one still waited for a lock); the timeline shows the order "
          "that ran.</p>";
    }
    return html;
  }

  std::string ChecksBlock() {
    if (trace_.checks.empty()) return "";
    std::string html = "<div class=\"checks\"><h3>Checks</h3><ul>";
    for (const CheckResult& check : trace_.checks) {
      html += "<li" + Attr("class", check.passed ? "pass" : "fail") + ">" +
              (check.passed ? "\u2714 " : "\u2716 ") + "<b>" + Esc(check.name) +
              "</b>: " + Esc(check.error ? ErrorText(*check.error) : CheckNumbers(check)) +
              (check.passed || check.explain.empty()
                   ? ""
                   : " \u2014 <span class=\"explain\">" + Esc(check.explain) + "</span>") +
              "</li>";
    }
    return html + "</ul></div>";
  }

  std::string StateBlock() {
    if (trace_.final_state.empty() && trace_.initial_state.empty()) return "";
    std::string html = "<div class=\"state\"><h3>Final state</h3>";
    for (const TableState& table : trace_.final_state) html += TableHtml(table);
    if (!trace_.initial_state.empty()) {
      html += "<details><summary>Starting state</summary>";
      for (const TableState& table : trace_.initial_state) html += TableHtml(table);
      html += "</details>";
    }
    return html + "</div>";
  }

  std::string Footer() {
    return "<footer class=\"vfoot\" style=\"grid-row:" + std::to_string(rows_ + 3) +
           ";grid-column:1 / -1\">" + VerdictBlock() + MarksBlock() + GraphBlock() +
           WaitsAndErrors() + ChecksBlock() + StateBlock() + "</footer>\n";
  }

  const Scenario& scenario_;
  const VariantResult& result_;
  const Trace& trace_;
  const int index_;
  const int rows_;
  const std::vector<TraceEvent> events_;
  const RowNumbers numbers_;
  const std::set<int> snapshots_;
  std::vector<AnomalyMark> marks_;
  std::vector<PageEdge> edges_;
  std::vector<int> waits_;  // steps that waited, in trace order
};

}  // namespace

int HtmlTimelineRows(const Trace& trace) {
  RowNumbers numbers = NumberRows(trace, EffectiveEvents(trace));
  int rows = 0;
  for (int row : numbers.sent) rows = std::max(rows, row);
  for (int row : numbers.done) rows = std::max(rows, row);
  return rows;
}

std::string HtmlVariantName(const VariantResult& result) {
  return !result.variant.empty()         ? result.variant
         : !result.trace.variant.empty() ? result.trace.variant
                                         : "baseline";
}

std::string HtmlVariantSection(const Scenario& scenario, const VariantResult& result, int index,
                               int rows, bool shown) {
  return VariantWriter(scenario, result, index, rows).Section(shown);
}

}  // namespace interleave
