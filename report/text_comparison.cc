// The comparison of variants (see text_comparison.h).
#include "report/text_comparison.h"

#include "report/text_tables.h"
#include "report/text_variant.h"
#include "util/text_util.h"

namespace interleave::text {

namespace {

std::string Shorten(const std::string& sql, size_t limit = 60) {
  std::string text = CollapseWhitespace(sql);
  if (text.size() <= limit) return text;
  return Truncate(text, static_cast<int>(limit), "...");
}

// What a variant changes, in words, from its definition.
std::string ChangeText(const VariantResult& result) {
  const Variant* v = result.variant_def;
  if (!v) return "the scenario as written";
  std::vector<std::string> parts;
  if (v->isolation) parts.push_back("every client at " + IsolationName(*v->isolation));
  for (const auto& [client, level] : v->client_isolation)
    parts.push_back(client + " at " + IsolationName(level));
  for (const std::string& sql : v->extra_setup)
    parts.push_back("setup adds `" + Shorten(sql) + "`");
  for (const auto& [name, step] : v->replace_steps)
    parts.push_back(name + " becomes `" + Shorten(step.sql) + "`");
  for (const auto& added : v->add_steps)
    parts.push_back(added.client + " adds " + added.step.name + " `" + Shorten(added.step.sql) +
                    "`");
  for (const auto& [client, policy] : v->retry) {
    std::string states;
    for (const std::string& s : policy.sqlstates) states += (states.empty() ? "" : "/") + s;
    parts.push_back(client + " retries on " + states + " (up to " +
                    std::to_string(policy.max_attempts) + " attempts)");
  }
  if (parts.empty()) return "the scenario as written";
  std::string text;
  for (size_t i = 0; i < parts.size(); ++i) text += (i > 0 ? ", " : "") + parts[i];
  return text;
}

}  // namespace

void AppendComparison(const Scenario& scenario, const std::vector<VariantResult>& results,
                      int width, const Painter& paint, std::vector<std::string>* out) {
  bool same_start = true;
  bool same_schedule = true;
  for (const VariantResult& r : results) {
    same_start = same_start && SameState(r.trace.initial_state, results[0].trace.initial_state);
    same_schedule = same_schedule && r.trace.schedule == results[0].trace.schedule;
  }
  const bool spec = scenario.is_isolation_spec;
  std::string text = "Comparison: the " + std::to_string(results.size()) +
                     (spec ? " permutations " : " variants ");
  text += same_start ? "started from the same state" : "did NOT start from the same state";
  if (same_schedule && !spec && !results[0].trace.schedule.empty())
    text += " and ran the same schedule (" + results[0].trace.schedule + ")";
  text += ". ";
  const VariantResult& base = results[0];
  for (size_t i = 0; i < results.size(); ++i) {
    const VariantResult& r = results[i];
    text +=
        VariantTitle(r) + (spec ? "" : " (" + ChangeText(r) + ")") + " gave " + r.verdict.Name();
    std::string state = StatePhrase(r.trace.final_state);
    if (i > 0 && SameState(r.trace.final_state, base.trace.final_state))
      text += ", with the same final state as " + VariantTitle(base);
    else if (!state.empty())
      text += ", ending with " + state;
    text += ". ";
  }
  // An abort with no anomaly behind it in the baseline.
  if (base.verdict.kind == Verdict::Kind::kPrevented) {
    for (size_t i = 1; i < results.size(); ++i) {
      const VariantResult& r = results[i];
      bool serialization = false;
      for (int index : r.verdict.aborted_steps)
        if (r.trace.steps[index].error && r.trace.steps[index].error->sqlstate == "40001")
          serialization = true;
      if (serialization)
        text += VariantTitle(base) + " shows no anomaly in this interleaving, so " +
                VariantTitle(r) +
                "'s serialization failure had no real anomaly behind it: PostgreSQL aborts "
                "on a dangerous pattern of reads and writes, which is why applications "
                "retry on 40001. ";
    }
  }
  AppendWrapped(TrimRight(text), width, 0, Tone::kPlain, paint, out);
}

}  // namespace interleave::text
