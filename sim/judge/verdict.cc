// Judging a trace: which SQLSTATEs are concurrency outcomes, and how a Trace
// becomes a Verdict (anomaly / prevented by wait or abort / aborted without
// retry / error) with one sentence a student can read.
// Thread-safety: pure functions of their arguments.
#include "sim/judge/verdict.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include "sim/judge/graph_words.h"
#include "sim/judge/trace_facts.h"
#include "sim/judge/trace_phrases.h"
#include "sim/model/sql_text.h"

namespace interleave {

namespace {

// The error as a verdict names it: "40001 could not serialize access ...".
std::string ErrorOrUnknown(const DbError& error) {
  std::string text = ErrorText(error);
  return text.empty() ? "an unknown error" : text;
}

// What a completed or failed step did, after "then": "read price=30",
// "completed (UPDATE 1)", "failed with 40001 ...".
std::string OutcomeText(const StepTrace& step) {
  if (step.status == StepStatus::kFailed && step.error)
    return "failed with " + ErrorOrUnknown(*step.error);
  for (auto it = step.results.rbegin(); it != step.results.rend(); ++it)
    if (it->has_rows()) return "read " + RowsInline(*it);
  if (!step.results.empty() && !step.results.back().command_tag.empty())
    return "completed (" + step.results.back().command_tag + ")";
  return "completed";
}

std::string JoinSentences(const std::vector<std::string>& parts) {
  std::string text;
  for (size_t i = 0; i < parts.size(); ++i) text += (i > 0 ? "; " : "") + parts[i];
  return text;
}

// "robin's b3 waited for alex (a3) until a4 committed, then read price=30"
std::string WaitSentence(const Trace& trace, const StepTrace& step) {
  std::string whom = BlockersText(trace, step);
  std::string text = StepClientName(trace, step) + "'s " + step.step_name + " waited for " +
                     (whom.empty() ? "a lock" : whom);
  if (step.released_by >= 0 && step.released_by < static_cast<int>(trace.steps.size())) {
    const StepTrace& release = trace.steps[step.released_by];
    bool same_client =
        step.blocked_by_clients.size() == 1 && step.blocked_by_clients.front() == release.client;
    text += " until ";
    if (!same_client) text += StepClientName(trace, release) + "'s ";
    text += release.step_name + " " + EndVerb(release, "ran");
  }
  if (step.status == StepStatus::kCompleted || step.status == StepStatus::kFailed)
    text += ", then " + OutcomeText(step);
  return text;
}

bool IsConcurrencyFailure(const StepTrace& step) {
  return step.status == StepStatus::kFailed && step.error &&
         IsConcurrencyOutcome(step.error->sqlstate);
}

// Index of the first step in the client's last attempt that failed with a
// concurrency outcome, per client; clients without one are absent.
std::map<int, int> AbortedInLastAttempt(const Trace& trace) {
  std::map<int, int> last = LastAttempts(trace);
  std::map<int, int> aborted;
  for (const StepTrace& step : trace.steps) {
    if (!IsConcurrencyFailure(step) || step.attempt != last[step.client]) continue;
    if (!aborted.count(step.client)) aborted[step.client] = step.index;
  }
  return aborted;
}

// "at b4 (COMMIT)" or "at b3".
std::string AtStep(const StepTrace& step) {
  std::string text = "at " + step.step_name;
  std::string keyword = FirstKeyword(step.sql);
  if (keyword == "COMMIT" || keyword == "END") text += " (COMMIT)";
  return text;
}

std::string AbortCause(const Trace& trace, const StepTrace& step) {
  std::string text = "(" + ErrorOrUnknown(*step.error);
  if (step.error->sqlstate == "40P01")
    text += "; PostgreSQL, not the application, chose " + StepClientName(trace, step) +
            " as the deadlock victim";
  return text + ")";
}

std::string CheckReason(const CheckResult& check) {
  std::string text = check.explain.empty() ? "check " + check.name + " failed" : check.explain;
  while (!text.empty() &&
         (text.back() == '.' || std::isspace(static_cast<unsigned char>(text.back()))))
    text.pop_back();
  return text + " (" + CheckNumbers(check) + ")";
}

Verdict MakeError(std::string summary) {
  Verdict verdict;
  verdict.kind = Verdict::Kind::kError;
  verdict.reasons.push_back(summary);
  verdict.summary = std::move(summary);
  return verdict;
}

// The first reason the run itself is not trustworthy, or "" when there is none.
std::string RunErrorText(const Scenario& scenario, const Trace& trace) {
  if (trace.setup_error)
    return "the setup failed with " + ErrorOrUnknown(*trace.setup_error) + ", so nothing ran";
  if (!trace.run_error.empty()) return "the run failed: " + trace.run_error;
  std::set<std::pair<int, int>> failed_transactions;  // (client, attempt) with an error
  for (const StepTrace& step : trace.steps) {
    if (step.status == StepStatus::kCancelled)
      return StepClientName(trace, step) + "'s " + step.step_name +
             " hung (it neither finished nor waited for a lock) and was cancelled";
    if (step.status != StepStatus::kFailed) continue;
    std::pair<int, int> transaction{step.client, step.attempt};
    if (!step.error)
      return StepClientName(trace, step) + "'s " + step.step_name +
             " failed without an error report";
    const std::string& state = step.error->sqlstate;
    bool follows_error = failed_transactions.count(transaction) > 0;
    failed_transactions.insert(transaction);
    if (IsConcurrencyOutcome(state)) continue;
    if (state == "25P02" && follows_error) continue;
    std::string why = state == "25P02" ? " without an earlier error in its transaction"
                                       : ", which is not a concurrency outcome but a mistake "
                                         "in the scenario or the server";
    return StepClientName(trace, step) + "'s " + step.step_name + " failed with " +
           ErrorOrUnknown(*step.error) + why;
  }
  for (const CheckResult& check : trace.checks)
    if (check.error)
      return "check " + check.name + " failed to run: " + ErrorOrUnknown(*check.error);
  if (trace.checks.empty() && !scenario.checks.empty()) return "the checks were not evaluated";
  return "";
}

}  // namespace

std::string Verdict::Name() const {
  switch (kind) {
    case Kind::kAnomaly:
      return "anomaly";
    case Kind::kPrevented:
      switch (how) {
        case How::kWait:
          return "prevented-by-wait";
        case How::kAbort:
          return "prevented-by-abort";
        case How::kNone:
          return "prevented";
      }
      return "prevented";
    case Kind::kAbortedWithoutRetry:
      return "aborted-without-retry";
    case Kind::kError:
      return "error";
  }
  return "error";
}

bool Verdict::Matches(Expectation expected) const {
  switch (expected) {
    case Expectation::kAnomaly:
      return kind == Kind::kAnomaly;
    case Expectation::kPrevented:
      return kind == Kind::kPrevented;
    case Expectation::kPreventedByWait:
      return kind == Kind::kPrevented && how == How::kWait;
    case Expectation::kPreventedByAbort:
      return kind == Kind::kPrevented && how == How::kAbort;
    case Expectation::kAbortedWithoutRetry:
      return kind == Kind::kAbortedWithoutRetry;
    case Expectation::kError:
      return kind == Kind::kError;
  }
  return false;
}

Verdict Judge(const Scenario& scenario, const Trace& trace) {
  std::string error = RunErrorText(scenario, trace);
  if (!error.empty()) return MakeError(error);

  Verdict verdict;
  for (const StepTrace& step : trace.steps) {
    if (step.blocked) verdict.waited_steps.push_back(step.index);
    if (IsConcurrencyFailure(step)) verdict.aborted_steps.push_back(step.index);
  }
  std::map<int, int> last_attempt = LastAttempts(trace);
  for (const auto& [client, attempt] : last_attempt)
    if (attempt > 1) verdict.retried_clients.push_back(client);

  std::vector<const CheckResult*> failed;
  for (const CheckResult& check : trace.checks)
    if (!check.passed) failed.push_back(&check);
  for (const CheckResult* check : failed) verdict.reasons.push_back(CheckReason(*check));

  if (trace.explained) verdict.explanation = Explain(trace.history);
  const Finding* finding = verdict.explanation ? verdict.explanation->Reported() : nullptr;
  const bool by_graph = scenario.checks.empty();  // no business rule: the graph decides
  const bool graph_anomaly = by_graph && finding != nullptr;
  const bool complete = trace.history.gaps.empty();
  if (!by_graph && verdict.explanation && (complete || finding)) {
    const History& history = trace.history;
    if (!failed.empty() && verdict.explanation->serializable) {
      verdict.reasons.push_back(
          "Yet the transactions are serializable (" +
          SerialOrderText(history, *verdict.explanation) +
          "): the rule the check states spans several transactions, and no isolation level "
          "protects a rule that spans transactions");
    } else if (failed.empty() && finding) {
      verdict.reasons.push_back("No check failed, yet the run is not serializable: " +
                                FindingName(*finding) + ": " + FindingSentence(history, *finding));
    }
  }

  // A transaction aborted by 40001 or 40P01 must be retried: a fix that
  // needs the retry counts as a fix only when the retry is there, even when
  // the checks hold (they may hold only because the aborted work is gone).
  std::map<int, int> aborted = AbortedInLastAttempt(trace);
  bool retryable_abort = false;
  for (const auto& [client, index] : aborted) {
    const std::string& sqlstate = trace.steps[index].error->sqlstate;
    if (sqlstate == "40001" || sqlstate == "40P01") retryable_abort = true;
  }
  if (!failed.empty() || graph_anomaly || retryable_abort) {
    if (!aborted.empty()) {
      verdict.kind = Verdict::Kind::kAbortedWithoutRetry;
      std::vector<std::string> parts;
      for (const auto& [client, index] : aborted) {
        const StepTrace& step = trace.steps[index];
        std::string name = StepClientName(trace, step);
        if (step.attempt > 1) {
          parts.push_back(name + " was aborted again " + AtStep(step) + " on attempt " +
                          std::to_string(step.attempt) + " " + AbortCause(trace, step) +
                          " and not retried further, so its work is lost: allow more attempts");
        } else {
          parts.push_back(name + " was aborted " + AtStep(step) + " " + AbortCause(trace, step) +
                          " and not retried, so its work is lost: add a retry");
        }
      }
      verdict.summary = JoinSentences(parts);
      if (failed.empty()) {
        verdict.summary +=
            trace.checks.empty()
                ? ""
                : (trace.checks.size() == 1 ? "; the check held" : "; every check held") +
                      std::string(" only because that work never happened");
      }
      return verdict;
    }
  }
  if (graph_anomaly) {
    verdict.kind = Verdict::Kind::kAnomaly;
    verdict.summary = FindingName(*finding) + ": " + FindingSentence(trace.history, *finding);
    if (!finding->remark.empty()) verdict.summary += "; " + finding->remark;
    verdict.reasons.push_back(verdict.summary);
    return verdict;
  }
  if (!failed.empty()) {
    verdict.kind = Verdict::Kind::kAnomaly;
    verdict.summary =
        (scenario.anomaly.empty() ? "" : scenario.anomaly + ": ") + CheckReason(*failed.front());
    if (failed.size() > 1)
      verdict.summary += "; " + std::to_string(failed.size() - 1) + " more check" +
                         (failed.size() > 2 ? "s" : "") + " failed";
    return verdict;
  }

  verdict.kind = Verdict::Kind::kPrevented;
  std::string held = trace.checks.empty()       ? "there were no checks to break"
                     : trace.checks.size() == 1 ? "the check held"
                                                : "every check held";
  if (!verdict.aborted_steps.empty()) {
    verdict.how = Verdict::How::kAbort;
    std::vector<std::string> parts;
    std::set<int> told;
    for (int index : verdict.aborted_steps) {
      const StepTrace& step = trace.steps[index];
      if (!told.insert(step.client).second) continue;
      std::string name = StepClientName(trace, step);
      std::string text = name + " was aborted " + AtStep(step) + " " + AbortCause(trace, step);
      int last = last_attempt[step.client];
      if (last > step.attempt) {
        const StepTrace* final_step = nullptr;
        for (const StepTrace& s : trace.steps)
          if (s.client == step.client && s.attempt == last && s.status != StepStatus::kNotRun)
            final_step = &s;
        text += " and retried; attempt " + std::to_string(last);
        if (final_step && TransactionEndOf(*final_step) == TransactionEnd::kCommitted)
          text += " committed";
        else if (final_step)
          text +=
              " ended with " + final_step->step_name + " " +
              (final_step->status == StepStatus::kFailed ? OutcomeText(*final_step) : "completed");
      } else {
        text += " and was not retried";
      }
      parts.push_back(text);
    }
    verdict.summary = JoinSentences(parts) + "; " + held;
  } else if (!verdict.waited_steps.empty()) {
    verdict.how = Verdict::How::kWait;
    std::vector<std::string> parts;
    for (size_t i = 0; i < verdict.waited_steps.size() && i < 2; ++i)
      parts.push_back(WaitSentence(trace, trace.steps[verdict.waited_steps[i]]));
    if (verdict.waited_steps.size() > 2)
      parts.push_back(std::to_string(verdict.waited_steps.size() - 2) + " more steps waited");
    verdict.summary = JoinSentences(parts) + "; " + held;
  } else {
    verdict.how = Verdict::How::kNone;
    verdict.summary = (trace.checks.empty()       ? std::string("There were no checks")
                       : trace.checks.size() == 1 ? std::string("The check held")
                                                  : std::string("Every check held")) +
                      ", and no client waited for a lock or was aborted";
  }
  if (finding && !finding->remark.empty()) verdict.summary += "; " + finding->remark;
  if (verdict.explanation && verdict.explanation->serializable &&
      !verdict.explanation->serial_order.empty() && complete) {
    verdict.summary += "; serializable: " + SerialOrderText(trace.history, *verdict.explanation);
  }
  if (verdict.explanation && verdict.explanation->serializable && !complete) {
    std::string gaps;
    for (const std::string& gap : trace.history.gaps) gaps += (gaps.empty() ? "" : "; ") + gap;
    verdict.summary += "; no cycle among what was recorded, but it did not see " + gaps;
  }
  return verdict;
}

}  // namespace interleave
