// Wording only the GUI needs (see trace_words.h); the words it shares with
// the text timeline are in report/narration.cc and sim/judge.
//
// Index
//   [SECTION] Results, transactions and levels
//   [SECTION] The verdict banner
#include "gui/trace_words.h"

#include <cctype>
#include <vector>

#include "util/text_util.h"

namespace interleave::gui {

//-----------------------------------------------------------------------------
// [SECTION] Results, transactions and levels
//-----------------------------------------------------------------------------

std::string FullResultText(const StepTrace& step) {
  std::string text;
  for (const StatementResult& result : step.results) {
    if (!text.empty()) text += "\n";
    text += result.command_tag.empty() ? "(no command tag)" : result.command_tag;
    if (!result.has_rows()) continue;
    text += "\n  ";
    for (size_t c = 0; c < result.columns.size(); ++c)
      text += (c > 0 ? " | " : "") + result.columns[c];
    for (const auto& row : result.rows) {
      text += "\n  ";
      for (size_t c = 0; c < row.size(); ++c) text += (c > 0 ? " | " : "") + ValueText(row[c]);
    }
    if (result.rows.empty()) text += "\n  (no rows)";
  }
  if (step.error) {
    if (!text.empty()) text += "\n";
    text += ErrorLine(*step.error);
    if (!step.error->detail.empty()) text += "\nDETAIL: " + step.error->detail;
    if (!step.error->hint.empty()) text += "\nHINT: " + step.error->hint;
  }
  for (const std::string& notice : step.notices) text += "\n" + CollapseWhitespace(notice);
  if (step.status == StepStatus::kSkipped)
    text = "skipped: " + (step.skip_reason.empty() ? std::string("the application decided not "
                                                                 "to run it")
                                                   : step.skip_reason);
  if (step.status == StepStatus::kNotRun) text = "not run";
  return text;
}

std::string LevelText(Isolation level) {
  return level == Isolation::kDefault ? "READ COMMITTED (default)" : IsolationName(level);
}

//-----------------------------------------------------------------------------
// [SECTION] The verdict banner
//-----------------------------------------------------------------------------

namespace {

// "any serial order gives 30; got 60" for the first failed (or only) check.
std::string NumbersText(const Scenario& scenario, const Trace& trace) {
  const CheckResult* shown = nullptr;
  for (const CheckResult& check : trace.checks)
    if (!check.passed) {
      shown = &check;
      break;
    }
  if (!shown && !trace.checks.empty()) shown = &trace.checks.front();
  if (!shown || shown->error) return "";
  bool serial = false;
  for (const Check& c : scenario.checks)
    if (c.name == shown->name) serial = !c.expect_any.empty();
  if (serial)
    return "any serial order gives " + shown->expected + "; got " +
           (shown->value.empty() ? std::string("nothing") : shown->value);
  return shown->name + ": " + CheckNumbers(*shown);
}

}  // namespace

VerdictWords DescribeVerdict(const Scenario& scenario, const Trace& trace, const Verdict& verdict) {
  VerdictWords words;
  words.summary = Sentence(verdict.summary);
  words.numbers = NumbersText(scenario, trace);
  const std::string anomaly = scenario.anomaly.empty() ? "anomaly" : scenario.anomaly;
  switch (verdict.kind) {
    case Verdict::Kind::kAnomaly:
      words.tone = VerdictTone::kBad;
      words.headline = "ANOMALY: " + anomaly;
      // The verdict's sentence starts with the anomaly's name; the headline has it.
      if (!scenario.anomaly.empty() && verdict.summary.rfind(scenario.anomaly + ": ", 0) == 0)
        words.summary = Sentence(verdict.summary.substr(scenario.anomaly.size() + 2));
      break;
    case Verdict::Kind::kPrevented:
      words.tone = VerdictTone::kGood;
      words.headline = verdict.how == Verdict::How::kWait    ? "PREVENTED: a client waited"
                       : verdict.how == Verdict::How::kAbort ? "PREVENTED: aborted and retried"
                                                             : "NO ANOMALY";
      break;
    case Verdict::Kind::kAbortedWithoutRetry:
      words.tone = VerdictTone::kBad;
      words.headline = "ABORTED, NOT RETRIED: work lost";
      break;
    case Verdict::Kind::kError:
      words.tone = VerdictTone::kBad;
      words.headline = "THE RUN FAILED";
      words.numbers.clear();
      break;
  }
  if (!words.summary.empty()) words.summary[0] = static_cast<char>(std::toupper(words.summary[0]));
  return words;
}

VerdictWords DescribePending(const Scenario& scenario) {
  VerdictWords words;
  words.tone = VerdictTone::kNeutral;
  words.headline = "Verdict after the last step";
  for (const Check& check : scenario.checks) {
    if (!check.expect_any.empty()) {
      std::string values;
      for (size_t i = 0; i < check.expect_any.size(); ++i)
        values += (i == 0 ? "" : " or ") + check.expect_any[i];
      words.numbers = "any serial order gives " + values + " (" + check.name + ")";
      break;
    }
  }
  if (words.numbers.empty() && !scenario.checks.empty())
    words.numbers = "check: " + scenario.checks.front().name;
  return words;
}

}  // namespace interleave::gui
