// What one run's transactions read and wrote, version by version, as the
// server reported it: the input of the dependency graph (Adya's direct
// serialization graph). Plain data, filled by whoever records a run; nothing
// here talks to a database. Thread-safety: plain values.
//
// A version of a row is named by the transaction that installed it, not by
// its value: (table, key, writer_txn, seq). The state set up before any
// client ran is the initial version, writer_txn = -1. A transaction that
// writes the same row twice installs seq 0, then seq 1; only its last one is
// its final version, the one other transactions may see once it commits.
#pragma once

#include <compare>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace interleave {

// One row of one table: "users", "id=1".
struct RowRef {
  std::string table;
  std::string key;

  auto operator<=>(const RowRef&) const = default;
};

// One version of one row.
struct VersionId {
  std::string table;
  std::string key;      // the row's primary key, "id=1"
  int writer_txn = -1;  // TxnRecord::id of the writer; -1: the initial (setup) version
  int seq = 0;          // the n-th (0-based) write of this row by writer_txn

  RowRef row() const { return {table, key}; }
  bool operator==(const VersionId&) const = default;
};

// One transaction of one client: a BEGIN ... COMMIT, a retry's new attempt,
// or one autocommit statement.
struct TxnRecord {
  enum class Outcome { kCommitted, kAborted, kOpen };

  int id = 0;                      // unique in the History
  int client = 0;                  // the client's index in the scenario
  std::string client_name;         // "laptop"
  int attempt = 1;                 // 1 for the first run, 2 for the first retry, ...
  std::vector<std::string> steps;  // the step names it ran, in order
  Outcome outcome = Outcome::kOpen;
  long long xid = 0;      // the server's transaction id (xmin of its versions)
  int commit_order = -1;  // 0-based among committed transactions; -1 otherwise
};

// One row written by one statement: an INSERT (replaced is empty), an
// UPDATE, or a DELETE (deleted; `installed` is then the row's tombstone).
struct WriteEvent {
  int txn = 0;
  std::string step;
  std::string table;
  std::string key;
  std::optional<VersionId> replaced;  // the version overwritten; empty for an insert
  VersionId installed;
  bool deleted = false;
  std::string old_values;  // "peepcoins=100"; empty for an insert
  std::string new_values;  // "peepcoins=70"; empty for a delete
  // The new values were computed from the version replaced (SET n = n + 1),
  // not only from what the application had read before.
  bool computed_from_row = false;
  // An UPDATE's columns: those its SET names and any others that changed;
  // empty when not known, and for an insert or a delete (every column).
  std::vector<std::string> columns_set;
};

// A row a read returned, and which version of it.
struct SeenRow {
  std::string key;
  VersionId version;
  std::string values;  // "peepcoins=100"
};

// A row a predicate read ranged over but did not return: it did not exist in
// the reader's snapshot (seen is empty, or a tombstone), or its version there
// did not match. `matches` says whether the next committed version of the
// row, the one installed right after `seen`, satisfies the predicate: an
// insert or an update into the predicate's match set.
struct MissedRow {
  std::string key;
  std::optional<VersionId> seen;  // empty: no version of the row existed in the snapshot
  bool matches = false;
};

// One statement's read of one table. Every row it returned is an item read
// (wr and item rw dependencies); a predicate read also lists the rows it did
// not return (predicate rw dependencies: phantoms).
struct ReadEvent {
  int txn = 0;
  std::string step;
  std::string table;
  std::vector<SeenRow> rows_seen;
  bool predicate = false;      // a scan with a WHERE, or of the whole table
  std::string predicate_text;  // "dept = 1"; empty for a whole-table scan
  std::vector<MissedRow> predicate_missed;
  // Rows the read's snapshot had in a version that another transaction made
  // stop matching (an update out of the predicate, or a delete): the read
  // saw that change, so it depends on the writer (Adya's predicate wr).
  std::vector<SeenRow> predicate_left;
};

// One run's record.
struct History {
  // What the record could not see ("r4: the reads inside a subquery"): a
  // cycle found is real, but an acyclic graph with gaps proves nothing.
  std::vector<std::string> gaps;
  std::vector<TxnRecord> txns;
  std::vector<WriteEvent> writes;  // in the order the server performed them
  std::vector<ReadEvent> reads;    // in the order the server performed them
  // Per row, its versions in installation order: the initial version (if the
  // row existed before the run) and each committed transaction's final
  // version. CommittedVersionOrder derives it from `writes`.
  std::map<RowRef, std::vector<VersionId>> version_order;

  // The transaction with this id, or nullptr.
  const TxnRecord* Txn(int id) const;
  bool Committed(int id) const;
  // The write that installed `version`, or nullptr (the initial version).
  const WriteEvent* WriteOf(const VersionId& version) const;
  // Whether `version` is the last one its writer wrote of its row.
  bool IsFinal(const VersionId& version) const;
};

// The version order implied by `history.writes` (server order) and the
// outcomes: committed transactions' final versions, after an initial version
// for each row some read or write refers to as the initial one.
std::map<RowRef, std::vector<VersionId>> CommittedVersionOrder(const History& history);

// The words for a transaction: its client's name, "laptop", or "laptop#2"
// for the client's second transaction when the client has several.
std::string TxnLabel(const History& history, int txn);
// The words for a step of a transaction: "l2", or "l2#2" likewise.
std::string StepLabel(const History& history, int txn, const std::string& step);

}  // namespace interleave
