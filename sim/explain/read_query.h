// What one SQL statement reads, found with PostgreSQL's own parser
// (libpg_query), and turned into a query that the recorder runs in the
// statement's snapshot to learn which row versions the statement saw:
//   UPDATE users u SET coins = 70 WHERE u.id = 1
//   -> SELECT u.xmin::text, to_jsonb(u) FROM users u WHERE u.id = 1
// Each scanned table contributes its rows' xmin (which transaction wrote the
// version) and the row itself. Statements whose reads cannot be restated this
// way (WITH, UNION, a subquery in FROM) are reported as not analysable rather
// than guessed at; reads inside subqueries of the WHERE clause are not seen
// (`partial`).
// Thread-safety: pure functions (libpg_query keeps per-thread memory).
#pragma once

#include <string>
#include <vector>

namespace interleave {

struct ReadTable {
  std::string table;  // as written ("users", "app.users")
  std::string alias;  // the name the statement refers to it by
};

struct ReadQuery {
  enum class Kind {
    kNone,         // reads no rows of a table (BEGIN, SET, INSERT ... VALUES ...)
    kRows,         // reads rows: see tables and sql
    kUnanalysable  // reads rows in a way this analysis cannot restate
  };
  Kind kind = Kind::kNone;
  std::string statement_type;  // "SELECT", "UPDATE", "DELETE", "INSERT", ...
  std::vector<ReadTable> tables;
  // SELECT t1.xmin::text, to_jsonb(t1), t2.xmin::text, to_jsonb(t2) ... with
  // the statement's own FROM and WHERE (and ORDER BY/LIMIT of a SELECT).
  std::string sql;
  // The statement's WHERE condition, deparsed ("" when it has none). For a
  // one-table read the recorder evaluates it against row versions written
  // later, to find the rows a predicate would have matched (phantoms).
  std::string where;
  bool locking = false;  // UPDATE, DELETE, SELECT ... FOR UPDATE/SHARE
  bool partial = false;  // a subquery's reads are not included
  // An UPDATE whose SET computes from the row it updates (SET n = n + 1).
  bool set_reads_row = false;
  std::string why_unanalysable;
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
