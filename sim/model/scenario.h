// The scenario model: what a scenario file (TOML or PostgreSQL isolation
// .spec) says, after parsing and validation. Plain data; no database access.
// Thread-safety: immutable once parsed, so freely shared between threads.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "sim/model/source_pos.h"

namespace interleave {

// Isolation level a client's transactions run at. kDefault leaves the
// server's default (READ COMMITTED unless configured otherwise).
enum class Isolation { kDefault, kReadUncommitted, kReadCommitted, kRepeatableRead, kSerializable };

std::string IsolationName(Isolation level);  // "READ COMMITTED", ...
std::string IsolationSql(Isolation level);   // SQL phrase; empty for kDefault
std::optional<Isolation> ParseIsolation(const std::string& text);

// One step of a client: SQL sent as one query string. The SQL may use
// ${var} (a column the same client read earlier, "${step.column}" or the most
// recent "${column}"); values are substituted as SQL literals when sent.
struct Step {
  std::string name;
  std::string sql;
  SourcePos pos;
  // Application logic: run this step only if ...
  std::string if_empty;   // ... that earlier step of this client returned no rows
  std::string if_found;   // ... that earlier step of this client returned rows
  std::string condition;  // ... this SQL boolean expression (with ${vars}) is true
  std::string note;       // optional words shown beside the step
  // The SQL an engine sends instead of `sql`, by engine name ("mariadb");
  // `sql` is PostgreSQL's (see ForEngine).
  std::map<std::string, std::string> engine_sql;
};

// A step's use of another step by name: its if_empty or if_found, or a
// ${step.column} in its sql or if. Such a step must be one its own client
// runs before it.
struct StepReference {
  std::string step;   // the step named
  std::string usage;  // how, for messages: "if_empty of step \"a3\"",
                      // "${a2.price} in the sql of step \"a3\""
  SourcePos pos;      // where the name is written
};

// A client's retry policy: on one of these SQLSTATEs its transaction is rolled
// back and run again from its first step, after the schedule's other steps.
struct RetryPolicy {
  std::vector<std::string> sqlstates;  // e.g. {"40001", "40P01"}
  int max_attempts = 1;                // 1 = no retry
};

struct Client {
  std::string name;
  std::vector<Step> steps;
  std::vector<std::string> setup_sql;     // run on its connection before a schedule
  std::vector<std::string> teardown_sql;  // run on its connection after it
  std::optional<Isolation> isolation;     // used when the variant sets no level
  RetryPolicy retry;
  SourcePos pos;
};

// A step named in a schedule, with the isolation-spec markers.
struct ScheduleEntry {
  std::string step;                         // step name
  bool report_waiting_at_once = false;      // "(*)"
  std::vector<std::string> wait_for_steps;  // "(other)": not complete while other is active
  struct NoticeBlocker {
    std::string step;
    int notices = 0;
  };
  std::vector<NoticeBlocker> notice_blockers;  // "(other notices N)"
  SourcePos pos;
};

struct Schedule {
  std::string name;
  std::vector<ScheduleEntry> entries;
  SourcePos pos;
  std::string description;  // optional words about this interleaving (TOML)
};

// What a variant is expected to show. kPrevented matches any mechanism.
enum class Expectation {
  kAnomaly,
  kPrevented,
  kPreventedByWait,
  kPreventedByAbort,
  kAbortedWithoutRetry,
  kError,
};
std::string ExpectationName(Expectation e);  // "prevented-by-wait", ...
std::optional<Expectation> ParseExpectation(const std::string& text);

// A fix (or the baseline): what it changes relative to the scenario.
struct Variant {
  std::string name;
  std::string description;                            // the mechanism, in plain words
  std::optional<Isolation> isolation;                 // for every client
  std::map<std::string, Isolation> client_isolation;  // per client
  std::vector<std::string> extra_setup;               // e.g. a UNIQUE constraint
  std::map<std::string, Step> replace_steps;          // step name -> new step
  // Steps added to a client: inserted right after step `after` (or first).
  struct AddedStep {
    std::string client;
    std::string after;  // empty = before the first step
    Step step;
  };
  std::vector<AddedStep> add_steps;
  std::map<std::string, RetryPolicy> retry;  // client -> policy
  // What the replaced and added steps name, by step name: checked against the
  // clients as this variant changes them (sim/plan/variant_check.h).
  std::map<std::string, std::vector<StepReference>> step_references;
  std::optional<Expectation> expect;
  std::string expect_why;  // why PostgreSQL does what `expect` says
  // What another engine is expected to show, and why, by engine name; `expect`
  // and `expect_why` are PostgreSQL's (see ForEngine). An engine named in
  // `engine_expect` without an entry in `engine_why` keeps `expect_why`.
  std::map<std::string, Expectation> engine_expect;
  std::map<std::string, std::string> engine_why;
  // The extra setup an engine runs instead of `extra_setup`, by engine name.
  std::map<std::string, std::vector<std::string>> engine_setup;
  SourcePos pos;
};

// An invariant checked after a schedule. The SQL returns one row; either its
// first column is a boolean (true = holds), or it is compared as text with
// `expect_any` (e.g. every serial order's result).
struct Check {
  std::string name;
  std::string sql;
  std::vector<std::string> expect_any;
  std::string explain;  // sentence shown when the check fails
  SourcePos pos;
};

struct Scenario {
  std::string path;  // file it came from
  std::string title;
  std::string anomaly;  // standard name, e.g. "lost update (P4)"
  std::string story;
  std::string app;  // the application the story comes from, if any
  std::vector<std::string> setup_sql;
  std::vector<std::string> teardown_sql;
  std::vector<std::string> show_tables;  // tables whose state the output shows
  std::vector<Client> clients;
  std::vector<Schedule> schedules;  // empty = every interleaving (specs)
  std::vector<Variant> variants;    // empty = only the baseline
  std::vector<Check> checks;
  bool is_isolation_spec = false;
  // The engines the scenario runs on, by name ("postgresql", "mariadb");
  // empty: every engine. Isolation specs run on PostgreSQL only.
  std::vector<std::string> engines;
  // The setup an engine runs instead of `setup_sql`, by engine name.
  std::map<std::string, std::vector<std::string>> engine_setup;

  const Client* FindClient(const std::string& name) const;
  // Client index and step index of a step name, or {-1, -1}.
  std::pair<int, int> FindStep(const std::string& step_name) const;
};

// Throws InputError unless `reference`, made by step `index` of
// clients[client], names a step that client runs before it. `clients` are a
// scenario's, or a plan's (a variant's steps in their places).
void CheckReferenceIsEarlier(const std::vector<Client>& clients, int client, size_t index,
                             const StepReference& reference);

// Whether `scenario` runs on the engine named `engine` ("postgresql" ...).
bool RunsOn(const Scenario& scenario, const std::string& engine);

// `scenario` as the engine named `engine` runs it: every step (also the
// variants' replaced and added steps), setup and expectation replaced by that
// engine's own where the file gives one, and the per-engine tables cleared.
// For "postgresql" the scenario as written.
Scenario ForEngine(const Scenario& scenario, const std::string& engine);

}  // namespace interleave
