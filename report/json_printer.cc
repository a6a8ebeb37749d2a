// The JSON printer (see json_printer.h).
#include "report/json_printer.h"

#include <nlohmann/json.hpp>

#include "report/graph_json.h"
#include "report/json_writer.h"
#include "sim/judge/lock_words.h"

namespace interleave {

namespace {

std::string EventKindName(TraceEvent::Kind kind) {
  switch (kind) {
    case TraceEvent::Kind::kCompleted:
      return "completed";
    case TraceEvent::Kind::kWaiting:
      return "waiting";
    case TraceEvent::Kind::kCompletedLater:
      return "completed_later";
    case TraceEvent::Kind::kSkipped:
      return "skipped";
    case TraceEvent::Kind::kCancelled:
      return "cancelled";
    case TraceEvent::Kind::kRetry:
      return "retry";
    case TraceEvent::Kind::kNotice:
      return "notice";
    default:
      return "other";
  }
}

void WriteInts(JsonWriter& json, const std::vector<int>& values) {
  json.BeginArray(true);
  for (int value : values) json.Int(value);
  json.EndArray();
}

void WriteError(JsonWriter& json, const std::optional<DbError>& error) {
  if (!error) {
    json.Null();
    return;
  }
  json.BeginObject();
  json.Key("sqlstate").String(error->sqlstate);
  json.Key("severity").String(error->severity);
  json.Key("message").String(error->message);
  json.Key("detail").String(error->detail);
  json.Key("hint").String(error->hint);
  json.EndObject();
}

// "columns" and "rows" (each row an array of strings and nulls).
void WriteColumnsAndRows(JsonWriter& json, const StatementResult& result) {
  json.Key("columns").StringArray(result.columns);
  json.Key("rows").BeginArray();
  for (const auto& row : result.rows) {
    json.BeginArray(true);
    for (const auto& value : row) json.NullableString(value);
    json.EndArray();
  }
  json.EndArray();
}

void WriteResult(JsonWriter& json, const StatementResult& result) {
  json.BeginObject();
  json.Key("tag").String(result.command_tag);
  WriteColumnsAndRows(json, result);
  json.EndObject();
}

void WriteState(JsonWriter& json, const std::vector<TableState>& state) {
  json.BeginArray();
  for (const TableState& table : state) {
    json.BeginObject();
    json.Key("table").String(table.table);
    WriteColumnsAndRows(json, table.contents);
    json.EndObject();
  }
  json.EndArray();
}

std::string StepName(const Trace& trace, int index) {
  return index >= 0 && index < static_cast<int>(trace.steps.size()) ? trace.steps[index].step_name
                                                                    : "";
}

std::string ClientName(const Trace& trace, int client) {
  return client >= 0 && client < static_cast<int>(trace.client_names.size())
             ? trace.client_names[client]
             : "";
}

void OrNull(JsonWriter& json, const std::string& value) {
  if (value.empty()) {
    json.Null();
  } else {
    json.String(value);
  }
}

// "locks": what each client held and waited for once the step completed or
// was found waiting (only when they were captured: with `run --locks` after
// every step, every client; by default after the steps that could take or
// wait for a lock, the step's own client only). "locks_when_done": for a step
// that waited, its client's locks once it completed.
void WriteLocks(JsonWriter& json, const Trace& trace, const LockSnapshot& snapshot,
                const char* key = "locks") {
  json.Key(key).BeginArray();
  for (const ClientLock& lock : snapshot.locks) {
    json.BeginObject();
    json.Key("client").String(ClientName(trace, lock.client));
    OrNull(json.Key("mode"), lock.mode);
    OrNull(json.Key("table"), lock.table);
    OrNull(json.Key("row"), lock.row);
    json.Key("granted").Bool(lock.granted);
    json.Key("scope").String(LockScopeName(lock.scope));
    if (lock.after_last) json.Key("after_last_row").Bool(true);
    if (lock.by_write) json.Key("by_write").Bool(true);
    std::vector<std::string> holders;
    for (int holder : lock.waits_for) holders.push_back(ClientName(trace, holder));
    if (!lock.granted) json.Key("waits_for").StringArray(holders);
    json.Key("words").String(LockPhrase(lock, trace.client_names));
    json.EndObject();
  }
  json.EndArray();
  if (!snapshot.unavailable.empty())
    json.Key(std::string(key) + "_unavailable").String(snapshot.unavailable);
}

void WriteStep(JsonWriter& json, const Trace& trace, const StepTrace& step) {
  json.BeginObject();
  json.Key("index").Int(step.index);
  json.Key("client").String(step.client_name);
  json.Key("client_index").Int(step.client);
  json.Key("step").String(step.step_name);
  json.Key("sql").String(step.sql);
  json.Key("attempt").Int(step.attempt);
  json.Key("status").String(StepStatusName(step.status));
  if (!step.skip_reason.empty()) json.Key("skip_reason").String(step.skip_reason);
  json.Key("blocked").Bool(step.blocked);
  json.Key("blocked_by").BeginArray();
  for (size_t i = 0; i < step.blocked_by_clients.size(); ++i) {
    int client = step.blocked_by_clients[i];
    int by_step = i < step.blocked_by_steps.size() ? step.blocked_by_steps[i] : -1;
    json.BeginObject();
    json.Key("client").String(client >= 0 && client < static_cast<int>(trace.client_names.size())
                                  ? trace.client_names[client]
                                  : "");
    json.Key("client_index").Int(client);
    if (by_step >= 0) {
      json.Key("step").String(StepName(trace, by_step));
      json.Key("step_index").Int(by_step);
    } else {
      json.Key("step").Null();
      json.Key("step_index").Null();
    }
    json.EndObject();
  }
  json.EndArray();
  json.Key("released_by");
  if (step.released_by >= 0)
    json.Int(step.released_by);
  else
    json.Null();
  json.Key("released_by_step");
  if (step.released_by >= 0)
    json.String(StepName(trace, step.released_by));
  else
    json.Null();
  json.Key("completion_order");
  if (step.completion_order >= 0)
    json.Int(step.completion_order);
  else
    json.Null();
  json.Key("results").BeginArray();
  for (const StatementResult& result : step.results) WriteResult(json, result);
  json.EndArray();
  json.Key("error");
  WriteError(json, step.error);
  json.Key("notices").StringArray(step.notices);
  json.Key("duration_ms").Double(step.duration_ms);
  if (step.forced_waiting) json.Key("forced_waiting").Bool(true);
  if (step.locks.captured) WriteLocks(json, trace, step.locks);
  if (step.locks_when_done.captured)
    WriteLocks(json, trace, step.locks_when_done, "locks_when_done");
  json.EndObject();
}

void WriteTrace(JsonWriter& json, const Trace& trace) {
  json.BeginObject();
  json.Key("schedule").String(trace.schedule);
  json.Key("order").BeginArray(true);
  for (const StepTrace& step : trace.steps) json.String(step.step_name);
  json.EndArray();
  json.Key("client_names").StringArray(trace.client_names);
  json.Key("isolation").BeginArray(true);
  for (Isolation level : trace.client_isolation) json.String(IsolationName(level));
  json.EndArray();
  json.Key("steps").BeginArray();
  for (const StepTrace& step : trace.steps) WriteStep(json, trace, step);
  json.EndArray();
  json.Key("events").BeginArray();
  for (const TraceEvent& event : trace.events) {
    json.BeginObject();
    json.Key("kind").String(EventKindName(event.kind));
    json.Key("step");
    if (event.step >= 0)
      json.Int(event.step);
    else
      json.Null();
    if (!event.text.empty()) json.Key("text").String(event.text);
    json.EndObject();
  }
  json.EndArray();
  json.Key("checks").BeginArray();
  for (const CheckResult& check : trace.checks) {
    json.BeginObject();
    json.Key("name").String(check.name);
    json.Key("passed").Bool(check.passed);
    json.Key("value").String(check.value);
    json.Key("expected").String(check.expected);
    json.Key("explain").String(check.explain);
    json.Key("sql").String(check.sql);
    json.Key("error");
    WriteError(json, check.error);
    json.EndObject();
  }
  json.EndArray();
  json.Key("initial_state");
  WriteState(json, trace.initial_state);
  json.Key("final_state");
  WriteState(json, trace.final_state);
  json.Key("setup_error");
  WriteError(json, trace.setup_error);
  json.Key("run_error");
  if (trace.run_error.empty())
    json.Null();
  else
    json.String(trace.run_error);
  json.Key("reordered").Bool(trace.reordered);
  json.Key("duration_ms").Double(trace.duration_ms);
  json.EndObject();
}

// An nlohmann value, written through the writer (so that it is laid out like
// the rest of the document).
void WriteValue(JsonWriter& json, const nlohmann::ordered_json& value) {
  if (value.is_object()) {
    json.BeginObject();
    for (const auto& [key, item] : value.items()) {
      json.Key(key);
      WriteValue(json, item);
    }
    json.EndObject();
  } else if (value.is_array()) {
    bool flat = true;
    for (const auto& item : value) flat = flat && !item.is_structured();
    json.BeginArray(flat);
    for (const auto& item : value) WriteValue(json, item);
    json.EndArray();
  } else if (value.is_string()) {
    json.String(value.get<std::string>());
  } else if (value.is_boolean()) {
    json.Bool(value.get<bool>());
  } else if (value.is_number_integer()) {
    json.Int(value.get<long long>());
  } else if (value.is_number()) {
    json.Double(value.get<double>());
  } else {
    json.Null();
  }
}

}  // namespace

void WriteScenarioJson(JsonWriter& json, const Scenario& scenario) {
  json.Key("scenario").BeginObject();
  json.Key("title").String(scenario.title);
  json.Key("anomaly").String(scenario.anomaly);
  json.Key("path").String(scenario.path);
  json.EndObject();
}

std::string FormatRunJson(const Scenario& scenario, const std::vector<VariantResult>& results) {
  JsonWriter json;
  json.BeginObject();
  WriteScenarioJson(json, scenario);
  json.Key("variants").BeginArray();
  for (const VariantResult& result : results) {
    const Variant* def = result.variant_def;
    const Verdict& verdict = result.verdict;
    json.BeginObject();
    json.Key("name").String(!result.variant.empty()         ? result.variant
                            : !result.trace.variant.empty() ? result.trace.variant
                                                            : "baseline");
    json.Key("description").String(def ? def->description : "");
    json.Key("engine").String(EngineName(result.trace.engine));
    json.Key("server_version").String(result.trace.server_version);
    json.Key("verdict").String(verdict.Name());
    json.Key("verdict_summary").String(verdict.summary);
    json.Key("verdict_reasons").StringArray(verdict.reasons);
    json.Key("waited_steps");
    WriteInts(json, verdict.waited_steps);
    json.Key("aborted_steps");
    WriteInts(json, verdict.aborted_steps);
    json.Key("retried_clients");
    WriteInts(json, verdict.retried_clients);
    json.Key("expect");
    if (def && def->expect)
      json.String(ExpectationName(*def->expect));
    else
      json.Null();
    json.Key("expect_why");
    if (def && def->expect && !def->expect_why.empty())
      json.String(def->expect_why);
    else
      json.Null();
    json.Key("matches_expect");
    if (def && def->expect)
      json.Bool(verdict.Matches(*def->expect));
    else
      json.Null();
    json.Key("graph");
    if (verdict.explanation)
      WriteValue(json, ExplanationJson(result.trace.history, *verdict.explanation));
    else
      json.Null();
    json.Key("graph_note");
    if (result.trace.explain_note.empty())
      json.Null();
    else
      json.String(result.trace.explain_note);
    json.Key("trace");
    WriteTrace(json, result.trace);
    json.EndObject();
  }
  json.EndArray();
  json.EndObject();
  return json.str() + "\n";
}

}  // namespace interleave
