// Hand-built traces for the verdict and printer tests (no database): the
// lost-update story (alex and robin both raise a price they read) as
// PostgreSQL really plays it at READ COMMITTED, with SELECT ... FOR UPDATE,
// and at REPEATABLE READ with and without a retry.
// Thread-safety: plain values.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "sim/run/run.h"
#include "sim/model/scenario.h"
#include "sim/model/trace.h"
#include "sim/judge/verdict.h"

namespace interleave::sample {

inline StatementResult Tag(const std::string& tag) {
  StatementResult result;
  result.command_tag = tag;
  return result;
}

inline StatementResult Rows(std::vector<std::string> columns,
                            std::vector<std::vector<std::optional<std::string>>> rows) {
  StatementResult result;
  result.command_tag = "SELECT " + std::to_string(rows.size());
  result.columns = std::move(columns);
  result.rows = std::move(rows);
  return result;
}

inline DbError Error(const std::string& sqlstate, const std::string& message,
                     const std::string& detail = "") {
  return DbError{sqlstate, "ERROR", message, detail, ""};
}

inline const DbError kSerialization =
    Error("40001", "could not serialize access due to concurrent update");

inline TableState Products(const std::string& price) {
  TableState table;
  table.table = "products";
  table.contents = Rows({"id", "name", "price"}, {{"1", "widget", price}});
  return table;
}

// Builds a Trace event by event, the way the scheduler records one.
class TraceBuilder {
 public:
  TraceBuilder(std::vector<std::string> clients, Isolation level, std::string variant) {
    trace_.scenario_title = "Two clerks raise the same price";
    trace_.variant = std::move(variant);
    trace_.schedule = "race";
    trace_.client_names = std::move(clients);
    trace_.client_isolation.assign(trace_.client_names.size(), level);
    trace_.initial_state = {Products("10")};
  }

  // A step that was sent and completed (or failed) without waiting.
  int Done(int client, const std::string& name, const std::string& sql,
           std::vector<StatementResult> results, int attempt = 1) {
    int index = Send(client, name, sql, attempt);
    Finish(index, std::move(results), std::nullopt);
    trace_.events.push_back({TraceEvent::Kind::kCompleted, index, ""});
    return index;
  }
  int Failed(int client, const std::string& name, const std::string& sql, const DbError& error,
             int attempt = 1) {
    int index = Send(client, name, sql, attempt);
    Finish(index, {}, error);
    trace_.events.push_back({TraceEvent::Kind::kCompleted, index, ""});
    return index;
  }
  // A step that PostgreSQL reported as waiting for `blocker_client`, whose
  // last sent step was `blocker_step`.
  int Waits(int client, const std::string& name, const std::string& sql, int blocker_client,
            int blocker_step, int attempt = 1) {
    int index = Send(client, name, sql, attempt);
    StepTrace& step = trace_.steps[index];
    step.blocked = true;
    step.blocked_by_clients = {blocker_client};
    step.blocked_by_steps = {blocker_step};
    trace_.events.push_back({TraceEvent::Kind::kWaiting, index, ""});
    return index;
  }
  // The waiting step `index` completes after step `released_by` was sent.
  void Released(int index, int released_by, std::vector<StatementResult> results,
                std::optional<DbError> error = std::nullopt) {
    trace_.steps[index].released_by = released_by;
    Finish(index, std::move(results), std::move(error));
    trace_.events.push_back({TraceEvent::Kind::kCompletedLater, index, ""});
  }
  void Skipped(int client, const std::string& name, const std::string& sql,
               const std::string& reason, int attempt = 1) {
    int index = Send(client, name, sql, attempt);
    trace_.steps[index].status = StepStatus::kSkipped;
    trace_.steps[index].skip_reason = reason;
    trace_.events.push_back({TraceEvent::Kind::kSkipped, index, ""});
  }
  void Retry(int after_step, const std::string& text) {
    trace_.events.push_back({TraceEvent::Kind::kRetry, after_step, text});
  }
  void Check(const std::string& name, const std::string& value, const std::string& expected,
             bool passed, const std::string& explain) {
    CheckResult check;
    check.name = name;
    check.value = value;
    check.expected = expected;
    check.passed = passed;
    check.explain = explain;
    check.sql = "SELECT price FROM products WHERE id = 1";
    trace_.checks.push_back(check);
  }
  void Final(const std::string& price) { trace_.final_state = {Products(price)}; }

  Trace& trace() { return trace_; }

 private:
  int Send(int client, const std::string& name, const std::string& sql, int attempt) {
    StepTrace step;
    step.index = static_cast<int>(trace_.steps.size());
    step.client = client;
    step.client_name = trace_.client_names[client];
    step.step_name = name;
    step.sql = sql;
    step.attempt = attempt;
    step.duration_ms = 0.25;
    trace_.steps.push_back(step);
    return step.index;
  }
  void Finish(int index, std::vector<StatementResult> results, std::optional<DbError> error) {
    StepTrace& step = trace_.steps[index];
    step.results = std::move(results);
    step.error = std::move(error);
    step.status = step.error ? StepStatus::kFailed : StepStatus::kCompleted;
    step.completion_order = completions_++;
  }

  Trace trace_;
  int completions_ = 0;
};

inline Step MakeStep(const std::string& name, const std::string& sql) {
  Step step;
  step.name = name;
  step.sql = sql;
  return step;
}

constexpr const char* kRead = "SELECT price FROM products WHERE id = 1";
constexpr const char* kReadForUpdate = "SELECT price FROM products WHERE id = 1 FOR UPDATE";
constexpr const char* kExplain =
    "robin's update overwrote alex's, so alex's +20 is lost; any serial order gives 60";

// The scenario: alex adds 20 to the price, robin adds 30, each computing the
// new price in the application from what it read.
inline Scenario LostUpdateScenario() {
  Scenario scenario;
  scenario.path = "scenarios/lost_update.toml";
  scenario.title = "Two clerks raise the same price";
  scenario.anomaly = "lost update (P4)";
  scenario.story =
      "Alex and Robin both open the widget's page, see the price, and raise it: alex by 20, "
      "robin by 30. The application computes the new price from what it read.";
  Client alex;
  alex.name = "alex";
  alex.steps = {MakeStep("a1", "BEGIN"), MakeStep("a2", kRead),
                MakeStep("a3", "UPDATE products SET price = ${a2.price} + 20 WHERE id = 1"),
                MakeStep("a4", "COMMIT")};
  Client robin;
  robin.name = "robin";
  robin.steps = {MakeStep("b1", "BEGIN"), MakeStep("b2", kRead),
                 MakeStep("b3", "UPDATE products SET price = ${b2.price} + 30 WHERE id = 1"),
                 MakeStep("b4", "COMMIT")};
  scenario.clients = {alex, robin};
  Check check;
  check.name = "both_raises_kept";
  check.sql = "SELECT price FROM products WHERE id = 1";
  check.expect_any = {"60"};
  check.explain = kExplain;
  scenario.checks = {check};

  Variant for_update;
  for_update.name = "for-update";
  for_update.description =
      "Read with SELECT ... FOR UPDATE: the second reader waits for the first transaction to "
      "end, then reads the new price.";
  for_update.replace_steps["a2"] = MakeStep("a2", kReadForUpdate);
  for_update.replace_steps["b2"] = MakeStep("b2", kReadForUpdate);
  for_update.expect = Expectation::kPreventedByWait;
  for_update.expect_why = "the row lock makes robin's read wait until alex commits";

  Variant repeatable;
  repeatable.name = "repeatable-read";
  repeatable.description =
      "REPEATABLE READ: robin's update of a row changed since its snapshot fails with 40001; "
      "the application retries.";
  repeatable.isolation = Isolation::kRepeatableRead;
  repeatable.retry["robin"] = RetryPolicy{{"40001"}, 3};
  repeatable.expect = Expectation::kPreventedByAbort;
  repeatable.expect_why = "first updater wins; the second gets 40001 and retries";
  scenario.variants = {for_update, repeatable};
  return scenario;
}

// READ COMMITTED, a1 b1 a2 b2 a3 a4 b3 b4: robin writes 40 over alex's 30.
inline Trace BaselineTrace() {
  TraceBuilder b({"alex", "robin"}, Isolation::kReadCommitted, "baseline");
  b.Done(0, "a1", "BEGIN", {Tag("BEGIN")});
  b.Done(1, "b1", "BEGIN", {Tag("BEGIN")});
  b.Done(0, "a2", kRead, {Rows({"price"}, {{"10"}})});
  b.Done(1, "b2", kRead, {Rows({"price"}, {{"10"}})});
  b.Done(0, "a3", "UPDATE products SET price = 10 + 20 WHERE id = 1", {Tag("UPDATE 1")});
  b.Done(0, "a4", "COMMIT", {Tag("COMMIT")});
  b.Done(1, "b3", "UPDATE products SET price = 10 + 30 WHERE id = 1", {Tag("UPDATE 1")});
  b.Done(1, "b4", "COMMIT", {Tag("COMMIT")});
  b.Check("both_raises_kept", "40", "60", false, kExplain);
  b.Final("40");
  return b.trace();
}

// FOR UPDATE: b2 waits for alex (a2) until a4 commits, then reads 30.
inline Trace ForUpdateTrace() {
  TraceBuilder b({"alex", "robin"}, Isolation::kReadCommitted, "for-update");
  b.Done(0, "a1", "BEGIN", {Tag("BEGIN")});
  b.Done(1, "b1", "BEGIN", {Tag("BEGIN")});
  int a2 = b.Done(0, "a2", kReadForUpdate, {Rows({"price"}, {{"10"}})});
  int b2 = b.Waits(1, "b2", kReadForUpdate, 0, a2);
  b.Done(0, "a3", "UPDATE products SET price = 10 + 20 WHERE id = 1", {Tag("UPDATE 1")});
  int a4 = b.Done(0, "a4", "COMMIT", {Tag("COMMIT")});
  b.Released(b2, a4, {Rows({"price"}, {{"30"}})});
  b.Done(1, "b3", "UPDATE products SET price = 30 + 30 WHERE id = 1", {Tag("UPDATE 1")});
  b.Done(1, "b4", "COMMIT", {Tag("COMMIT")});
  b.Check("both_raises_kept", "60", "60", true, kExplain);
  b.Final("60");
  return b.trace();
}

// REPEATABLE READ: b3 fails with 40001; with `retry`, robin runs again and
// commits 60; without, its COMMIT rolls back and the price stays 30.
inline Trace RepeatableReadTrace(bool retry) {
  TraceBuilder b({"alex", "robin"}, Isolation::kRepeatableRead, "repeatable-read");
  b.Done(0, "a1", "BEGIN", {Tag("BEGIN")});
  b.Done(1, "b1", "BEGIN", {Tag("BEGIN")});
  b.Done(0, "a2", kRead, {Rows({"price"}, {{"10"}})});
  b.Done(1, "b2", kRead, {Rows({"price"}, {{"10"}})});
  b.Done(0, "a3", "UPDATE products SET price = 10 + 20 WHERE id = 1", {Tag("UPDATE 1")});
  b.Done(0, "a4", "COMMIT", {Tag("COMMIT")});
  int b3 = b.Failed(1, "b3", "UPDATE products SET price = 10 + 30 WHERE id = 1", kSerialization);
  if (retry) {
    b.Retry(b3,
            "robin got 40001 at b3; the application rolls back and runs the transaction again "
            "(attempt 2 of 3) after the schedule");
    b.Skipped(1, "b4", "COMMIT", "robin's transaction was rolled back; it runs again later");
    b.Retry(-1, "robin runs its transaction again (attempt 2)");
    b.Done(1, "b1", "BEGIN", {Tag("BEGIN")}, 2);
    b.Done(1, "b2", kRead, {Rows({"price"}, {{"30"}})}, 2);
    b.Done(1, "b3", "UPDATE products SET price = 30 + 30 WHERE id = 1", {Tag("UPDATE 1")}, 2);
    b.Done(1, "b4", "COMMIT", {Tag("COMMIT")}, 2);
    b.Check("both_raises_kept", "60", "60", true, kExplain);
    b.Final("60");
  } else {
    b.Done(1, "b4", "COMMIT", {Tag("ROLLBACK")});
    b.Check("both_raises_kept", "30", "60", false, kExplain);
    b.Final("30");
  }
  return b.trace();
}

inline VariantResult Result(const Scenario& scenario, Trace trace, const Variant* def) {
  VariantResult result;
  result.variant = trace.variant;
  result.variant_def = def;
  result.plan = MakePlan(scenario, def, Schedule{});  // the steps as the variant runs them
  result.verdict = Judge(scenario, trace);
  result.trace = std::move(trace);
  return result;
}

}  // namespace interleave::sample
