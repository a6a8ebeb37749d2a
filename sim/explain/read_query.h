// What one SQL statement reads, found with PostgreSQL's own parser
// (libpg_query), and turned into queries that the recorder runs in the
// statement's snapshot to learn which row versions the statement saw:
//   UPDATE users u SET coins = 70 WHERE u.id = 1
//   -> SELECT u.xmin::text, to_jsonb(u) FROM users u WHERE u.id = 1
// A statement reads in one or more scans: its own FROM (tables and joins,
// with their ON and WHERE conditions), and each subquery (IN, EXISTS, a
// scalar subquery in the select list, SET or VALUES, a derived table in FROM,
// a CTE, each arm of a UNION). A correlated subquery is restated over the
// outer FROM it refers to, with the outer conditions that do not themselves
// hold a subquery (PostgreSQL evaluates a subquery after the plain quals).
// Each scanned table contributes its rows' xmin (which transaction wrote the
// version) and the row itself. What cannot be restated (a data-modifying
// CTE) is reported as not analysable rather than guessed at.
// Thread-safety: pure functions (libpg_query keeps per-thread memory).
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace interleave {

struct ReadTable {
  std::string table;  // as written ("users", "app.users")
  std::string alias;  // the name the statement refers to it by
  // The columns of it the statement names anywhere (select list, SET
  // expressions, WHERE, ON ...), qualified by its alias or not; all of them
  // for `*` or `alias.*`.
  std::vector<std::string> columns;
  bool all_columns = false;
};

// One scan of a statement: the rows of `tables` it reads.
struct ReadScan {
  std::vector<ReadTable> tables;
  // SELECT t1.xmin::text, to_jsonb(t1), t2.xmin::text, to_jsonb(t2) ... with
  // the scan's own FROM and WHERE (and ORDER BY/LIMIT of a SELECT).
  std::string sql;
  // Per table: SELECT 1 FROM ... WHERE ..., the scan with that table replaced
  // by `interleave_candidate` (same alias): true for a row that the scan's
  // predicate matches. The recorder runs it on row versions written later,
  // to find the rows the predicate would have matched (phantoms).
  std::vector<std::string> match_sql;
  // The scan's own WHERE condition, deparsed ("" when it has none).
  std::string where;
};

struct ReadQuery {
  enum class Kind {
    kNone,         // reads no rows of a table (BEGIN, SET, INSERT ... VALUES ...)
    kRows,         // reads rows: see scans
    kUnanalysable  // reads rows in a way this analysis cannot restate
  };
  Kind kind = Kind::kNone;
  std::string statement_type;  // "SELECT", "UPDATE", "DELETE", "INSERT", ...
  std::vector<ReadScan> scans;
  bool locking = false;  // UPDATE, DELETE, SELECT ... FOR UPDATE/SHARE
  // Some reads are not included (partial_why says which).
  bool partial = false;
  std::string partial_why;  // "the look-up of ON CONFLICT"
  // An UPDATE whose SET computes from the row it updates (SET n = n + 1).
  bool set_reads_row = false;
  // Per table an UPDATE writes (as written): the columns its SET names.
  std::vector<std::pair<std::string, std::vector<std::string>>> set_columns;
  std::string why_unanalysable;
  // INSERT ... ON CONFLICT (columns) with a column list and VALUES: the
  // arbiter's look-up of the rows the new rows conflict with, restated as a
  // scan of the target table (its `sql` returns xmin and the row). That
  // look-up reads the newest committed version, not the snapshot's (at READ
  // COMMITTED it waits for an inserter in progress, then finds its row), so
  // the recorder runs it once the statement has completed.
  std::optional<ReadScan> conflict_scan;
};

// Analyses one statement (no trailing semicolon needed). A statement that
// does not parse is kUnanalysable (the server will say what is wrong).
ReadQuery AnalyzeReads(const std::string& statement);

// Whether the statement takes a snapshot (PostgreSQL's PlannedStmtRequiresSnapshot):
// everything but transaction control, SET/SHOW/RESET, LOCK, LISTEN/NOTIFY,
// FETCH and CHECKPOINT. At REPEATABLE READ and SERIALIZABLE, the first such
// statement of a transaction fixes the transaction's snapshot.
bool TakesSnapshot(const std::string& statement);

}  // namespace interleave
