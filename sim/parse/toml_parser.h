// The TOML scenario format, and its parser. ParseScenarioText reads one
// scenario, checks it and returns the Scenario; the first problem found is
// thrown as an InputError whose message is
//   "file:line:column: error: <what is wrong>; <what was expected>".
// It checks everything but what needs a variant applied: the references of
// replaced and added steps, kept in Variant::step_references, are checked by
// CheckVariants (sim/plan/variant_check.h), which LoadScenario and
// LoadScenarioText (sim/parse/scenario_loader.h) run after parsing.
// Thread-safety: the functions are reentrant (no shared state).
// The parser's parts: toml_scenario_builder.h.
//
// The format (every key not marked optional is required):
//
//   title   = "Lost update: two co-owners edit the same coupon"
//   anomaly = "lost update (P4)"       # the standard name of the anomaly
//   app     = "PeakPeeps"              # optional: the application in the story
//   story   = """plain words"""
//   setup   = """CREATE TABLE ...; INSERT ...;"""   # SQL string, or array of them
//   setup_file = "schema.sql"          # optional: read as one more SQL string,
//                                      # after `setup`; relative to this file.
//                                      # At least one of setup / setup_file.
//   teardown = "..."                   # optional SQL (string or array)
//   show = ["coupons"]                 # optional: tables whose committed
//                                      # contents the output shows
//   engines = ["postgresql"]           # optional: the engines the scenario
//                                      # runs on (postgresql, mariadb); absent:
//                                      # both. `interleave check --engine
//                                      # mariadb` skips the others ("skipped on
//                                      # mariadb: PostgreSQL only")
//
//   [[clients]]                        # at least two
//   name = "alex"                      # unique; [A-Za-z_][A-Za-z0-9_]*
//   isolation = "repeatable read"      # optional: read uncommitted, read
//                                      # committed, repeatable read, serializable
//                                      # (any case; '-' or '_' for spaces;
//                                      # also ru, rc, rr)
//   retry = { on = ["40001", "40P01"], max_attempts = 3 }
//                                      # optional: on these SQLSTATEs roll back
//                                      # and run the client's steps again;
//                                      # max_attempts counts all attempts (>= 1)
//   setup = "SET ..."                  # optional session SQL (string or array),
//                                      # run on the client's connection first
//   teardown = "..."                   # optional session SQL, run at the end
//
//     [[clients.steps]]                # at least one per client
//     name = "a1"                      # unique across ALL clients; letters,
//                                      # digits, '_' and '-'
//     sql = "BEGIN"                    # not empty; one query string
//     if_empty = "a0"                  # optional: run only if that earlier step
//                                      # of the same client returned no rows
//     if_found = "a0"                  # optional: ... returned rows
//     if = "${balance} >= ${price}"    # optional: an SQL boolean expression
//     note = "reads 50"                # optional words shown beside the step
//
//   [[schedules]]                      # at least one
//   name = "interleaved"               # unique
//   steps = ["a1", "r1", "a2"]         # or one string: "a1 r1 a2"; every step
//                                      # of every client exactly once, each
//                                      # client's steps in its own order
//   description = "..."                # optional
//
//   [[variants]]                       # optional; none = only the scenario as
//                                      # written ("baseline")
//   name = "for-update"                # unique
//   description = "..."                # optional: the mechanism, plain words
//   isolation = "serializable"         # optional: for every client
//   client_isolation = { alex = "serializable" }   # optional, per client
//   setup = "ALTER TABLE ..."          # optional extra setup (string or
//                                      # array), run after the scenario's
//   expect = "prevented-by-wait"       # optional: anomaly, prevented,
//                                      # prevented-by-wait, prevented-by-abort,
//                                      # aborted-without-retry, error
//   why = "..."                        # optional: why PostgreSQL does that
//   retry = { robin = { on = ["40001"], max_attempts = 3 } }
//                                      # optional: replaces those clients' own
//     [variants.replace]               # optional: step name -> new SQL, or an
//                                      # inline table of the fields to change
//     a2 = "SELECT price FROM coupons WHERE id = 1 FOR UPDATE"
//     a3 = { sql = "...", if_empty = "a2", if_found = "...", if = "...", note = "..." }
//                                      # a replaced step keeps its name and
//                                      # place; fields not given stay as they
//                                      # were ("" clears one); the plain
//                                      # string form also drops the note
//     [[variants.add]]                 # optional: a new step for a client
//     client = "alex"
//     after = "a1"                     # optional: a step of that client (or one
//                                      # this variant added before); without it
//                                      # the step runs before the client's first
//     name = "a1x"                     # a new, unique step name
//     sql = "..."                      # plus optional if_empty/if_found/if/note
//                                      # Schedules never list added steps: an
//                                      # added step runs right after its `after`
//                                      # step in every schedule.
//
//   [[checks]]                         # optional
//   name = "both edits kept"           # unique
//   sql = "SELECT price FROM coupons WHERE id = 1"
//   expect_any = ["30", "40"]          # optional (string or array): the first
//                                      # column, as text, must be one of these;
//                                      # absent = the SQL returns a boolean
//   explain = "..."                    # the sentence shown when the check fails
//
// Per engine: the values of these keys may differ between engines: `setup`
// and `setup_file` (top level), a step's `sql` (also in [variants.replace]
// tables and [[variants.add]]), and a variant's `setup`, `expect` and `why`.
// A plain value is for every engine; a table gives each engine its own, and
// must give PostgreSQL's:
//   sql = { postgresql = "... RETURNING id", mariadb = "...; SELECT LAST_INSERT_ID() AS id" }
//   expect.postgresql = "aborted-without-retry"   # dotted keys in [[variants]]
//   expect.mariadb = "anomaly"
//   why.mariadb = "InnoDB has no first-updater-wins at REPEATABLE READ ..."
// An engine missing from such a table gets PostgreSQL's value (for `expect`
// and `why` too). A variant without its own `setup` for an engine runs the
// PostgreSQL one. An unknown engine name is an error at its place
// (file:line:column).
//
// Variables: SQL in steps (sql, if) may use ${column} (the most recent value
// of that column this client read) or ${step.column} (the value a named
// earlier step of the same client read). Checks may use ${step.column} of
// any step. A ${step.column} naming an unknown step is an error.
#pragma once

#include <string>

#include "sim/model/scenario.h"

namespace interleave {

// Reads and parses the TOML scenario at `path`. Throws InputError.
Scenario ParseScenarioFile(const std::string& path);

// Parses TOML scenario `text`; `path` names it in errors and is the base for
// setup_file. Throws InputError.
Scenario ParseScenarioText(const std::string& text, const std::string& path);

}  // namespace interleave
