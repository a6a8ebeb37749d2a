// The engines side by side (see engine_comparison.h).
#include "report/engine_comparison.h"

#include <algorithm>
#include <cctype>

#include "report/text_comparison.h"
#include "report/text_layout.h"
#include "sim/judge/trace_facts.h"
#include "sim/judge/trace_phrases.h"

namespace interleave {
namespace {

// "40001", or for MariaDB "40001, error 1213" (its own number is the detail).
std::string ErrorCode(const Trace& trace, const DbError& error) {
  std::string code = error.sqlstate;
  if (trace.engine == EngineKind::kMariaDb && !error.detail.empty() &&
      std::all_of(error.detail.begin(), error.detail.end(),
                  [](unsigned char c) { return std::isdigit(c) != 0; }))
    code += (code.empty() ? "" : ", ") + std::string("error ") + error.detail;
  return code;
}

std::string Joined(const std::vector<std::string>& parts, const std::string& separator) {
  std::string text;
  for (const std::string& part : parts) text += (text.empty() ? "" : separator) + part;
  return text;
}

}  // namespace

std::string EngineOutcomeText(const VariantResult& result, bool ascii) {
  const text::Symbols& sym = text::SymbolsFor(ascii);
  const Trace& trace = result.trace;
  const Verdict& verdict = result.verdict;
  std::vector<std::string> parts;
  for (const CheckResult& check : trace.checks) {
    parts.push_back(check.name + " " +
                    (check.error ? "could not run"
                                 : (check.value.empty() ? "nothing" : check.value) + " " +
                                       (check.passed ? sym.ok : sym.fail)));
  }
  for (int index : verdict.waited_steps) {
    if (!ValidStep(trace, index)) continue;
    const StepTrace& step = trace.steps[index];
    std::string whom = BlockersText(trace, step);
    parts.push_back(step.step_name + " waited" + (whom.empty() ? "" : " for " + whom));
  }
  for (int index : verdict.aborted_steps) {
    if (!ValidStep(trace, index)) continue;
    const StepTrace& step = trace.steps[index];
    bool retried = std::find(verdict.retried_clients.begin(), verdict.retried_clients.end(),
                             step.client) != verdict.retried_clients.end();
    std::string code = step.error ? ErrorCode(trace, *step.error) : "";
    parts.push_back(StepClientName(trace, step) + " aborted at " + step.step_name +
                    (code.empty() ? "" : " (" + code + ")") +
                    (retried ? ", retried" : ", not retried"));
  }
  if (verdict.kind == Verdict::Kind::kError) {
    if (trace.setup_error) {
      parts.push_back("setup failed: " + trace.setup_error->message);
    } else if (!trace.run_error.empty()) {
      parts.push_back(trace.run_error);
    } else {
      for (const StepTrace& step : trace.steps)
        if (step.error) {
          parts.push_back(step.step_name + " failed (" + ErrorCode(trace, *step.error) +
                          "): " + step.error->message);
          break;
        }
    }
  }
  std::string text = verdict.Name();
  if (!parts.empty()) text += ": " + Joined(parts, "; ");
  if (result.variant_def && result.variant_def->expect &&
      !verdict.Matches(*result.variant_def->expect))
    text += " (expected " + ExpectationName(*result.variant_def->expect) + ")";
  return text;
}

std::string FormatEngineComparison(const std::vector<EngineRun>& runs, int width, bool color,
                                   bool ascii) {
  if (runs.size() < 2) return "";
  width = std::max(width, 40);
  const text::Symbols& sym = text::SymbolsFor(ascii);
  const text::Painter paint(color);
  std::vector<std::string> out;
  out.push_back(paint("Engines side by side", text::Tone::kHeading));

  std::vector<std::string> titles;
  for (const EngineRun& run : runs)
    titles.push_back(EngineAndVersion(run.engine, run.server_version));
  std::string schedule;
  for (const EngineRun& run : runs)
    if (!run.results.empty() && schedule.empty()) schedule = run.results.front().trace.schedule;
  text::AppendWrapped("The same variants on " + Joined(titles, " and ") +
                          (schedule.empty() ? "" : ", each running the schedule " + schedule) +
                          ", one engine after the other, each from a fresh setup.",
                      width, 0, text::Tone::kPlain, paint, &out);

  // Variants in the order the first engine ran them, then any the others
  // ran on their own.
  std::vector<std::string> variants;
  for (const EngineRun& run : runs)
    for (const VariantResult& result : run.results)
      if (std::find(variants.begin(), variants.end(), result.variant) == variants.end())
        variants.push_back(result.variant);

  std::vector<std::vector<std::string>> rows;
  rows.push_back({"variant"});
  for (const std::string& title : titles) rows.front().push_back(title);
  std::vector<std::string> differ;
  for (const std::string& name : variants) {
    std::vector<std::string> row = {name};
    std::vector<std::string> verdicts;
    for (const EngineRun& run : runs) {
      auto it = std::find_if(run.results.begin(), run.results.end(),
                             [&](const VariantResult& r) { return r.variant == name; });
      if (it == run.results.end()) {
        row.push_back("not run on this engine");
        continue;
      }
      row.push_back(EngineOutcomeText(*it, ascii));
      verdicts.push_back(it->verdict.Name());
    }
    rows.push_back(row);
    bool same = verdicts.size() == runs.size() &&
                std::all_of(verdicts.begin(), verdicts.end(),
                            [&](const std::string& v) { return v == verdicts.front(); });
    if (!same) {
      std::vector<std::string> each;
      for (size_t i = 0; i < runs.size() && i < verdicts.size(); ++i)
        each.push_back(std::string(EngineTitle(runs[i].engine)) + " " + verdicts[i]);
      differ.push_back(name + " (" + Joined(each, ", ") + ")");
    }
  }
  for (const std::string& line : text::TableLines(rows, width, sym)) out.push_back(line);
  if (differ.empty()) {
    text::AppendWrapped("The engines agree on every variant.", width, 0, text::Tone::kGood, paint,
                        &out);
  } else {
    text::AppendWrapped("The engines differ on " + Joined(differ, "; ") + ".", width, 0,
                        text::Tone::kBad, paint, &out);
  }
  std::string text;
  for (const std::string& line : out) text += line + "\n";
  return text;
}

}  // namespace interleave
