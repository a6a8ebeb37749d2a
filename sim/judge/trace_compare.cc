#include "sim/judge/trace_compare.h"

namespace interleave {
namespace {

bool SameResults(const std::vector<StatementResult>& a, const std::vector<StatementResult>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i].command_tag != b[i].command_tag || a[i].columns != b[i].columns ||
        a[i].rows != b[i].rows) {
      return false;
    }
  }
  return true;
}

bool SameError(const std::optional<DbError>& a, const std::optional<DbError>& b) {
  if (a.has_value() != b.has_value()) return false;
  return !a || (a->sqlstate == b->sqlstate && a->message == b->message);
}

std::string Describe(const StepTrace& step) {
  return "step #" + std::to_string(step.index + 1) + " (" + step.step_name + ")";
}

}  // namespace

bool SameTraceIgnoringTiming(const Trace& a, const Trace& b, std::string* difference) {
  auto differ = [&](const std::string& what) {
    if (difference) *difference = what;
    return false;
  };
  if (a.steps.size() != b.steps.size()) {
    return differ("step count " + std::to_string(a.steps.size()) + " vs " +
                  std::to_string(b.steps.size()));
  }
  if (a.reordered != b.reordered) return differ("one ran as listed, the other did not");
  if (!SameError(a.setup_error, b.setup_error)) return differ("setup error");
  if (a.run_error != b.run_error) return differ("run error: " + a.run_error + " vs " + b.run_error);
  for (size_t i = 0; i < a.steps.size(); ++i) {
    const StepTrace& x = a.steps[i];
    const StepTrace& y = b.steps[i];
    if (x.step_name != y.step_name || x.client != y.client || x.attempt != y.attempt) {
      return differ(Describe(x) + " vs " + Describe(y) + ": another step");
    }
    if (x.sql != y.sql) return differ(Describe(x) + ": SQL " + x.sql + " vs " + y.sql);
    if (x.status != y.status) return differ(Describe(x) + ": status");
    if (x.blocked != y.blocked || x.forced_waiting != y.forced_waiting) {
      return differ(Describe(x) + ": waited in one run only");
    }
    if (x.blocked_by_clients != y.blocked_by_clients || x.blocked_by_steps != y.blocked_by_steps) {
      return differ(Describe(x) + ": waited for someone else");
    }
    if (x.released_by != y.released_by || x.completion_order != y.completion_order) {
      return differ(Describe(x) + ": completed at another moment");
    }
    if (!SameResults(x.results, y.results)) return differ(Describe(x) + ": other results");
    if (!SameError(x.error, y.error)) return differ(Describe(x) + ": other error");
    if (x.notices != y.notices) return differ(Describe(x) + ": other notices");
  }
  if (a.events.size() != b.events.size()) return differ("event count");
  for (size_t i = 0; i < a.events.size(); ++i) {
    if (a.events[i].kind != b.events[i].kind || a.events[i].step != b.events[i].step ||
        a.events[i].text != b.events[i].text) {
      return differ("event " + std::to_string(i + 1));
    }
  }
  if (a.checks.size() != b.checks.size()) return differ("check count");
  for (size_t i = 0; i < a.checks.size(); ++i) {
    if (a.checks[i].passed != b.checks[i].passed || a.checks[i].value != b.checks[i].value) {
      return differ("check " + a.checks[i].name + ": " + a.checks[i].value + " vs " +
                    b.checks[i].value);
    }
  }
  for (size_t i = 0; i < a.final_state.size() && i < b.final_state.size(); ++i) {
    if (!SameResults({a.final_state[i].contents}, {b.final_state[i].contents})) {
      return differ("final state of " + a.final_state[i].table);
    }
  }
  return true;
}

}  // namespace interleave
