// Reading which locks a run's clients hold and wait for on MariaDB, for
// MariaControlConnection::Locks. InnoDB lists every lock each transaction
// holds or waits for (table locks, record locks, gap and next-key locks,
// insert intentions) only in SHOW ENGINE INNODB STATUS, and only with
// innodb_status_output_locks=ON (the private server sets it; elsewhere only
// the lock a transaction waits for is listed, and the report says so).
// INNODB_LOCKS shows a lock only while someone waits for it, so it is not
// enough. A record is named by the columns of its index as InnoDB prints them
// (integers and strings decoded; other types left unnamed, never guessed);
// whom a waiter waits for comes from INNODB_LOCK_WAITS, as the caller reads it.
// Thread-safety: plain functions.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "db/engine.h"

namespace interleave {

// One lock as SHOW ENGINE INNODB STATUS prints it, before its record is named.
struct InnodbStatusLock {
  int thread_id = 0;
  ServerLock::Scope scope = ServerLock::Scope::kTable;
  std::string mode;       // "X", "S", "IX", "IS", "AUTO-INC"
  std::string table;      // unquoted
  std::string index;      // "PRIMARY" or the secondary index's name (record locks)
  bool supremum = false;  // the "after the last row" pseudo-record
  bool granted = true;
  // The record's fields as printed: hex bytes, or nullopt for SQL NULL.
  std::vector<std::optional<std::string>> fields;
};

// The locks of the transactions of `database` that `status` (the Status
// column of SHOW ENGINE INNODB STATUS) lists, one per record.
std::vector<InnodbStatusLock> ParseInnodbStatusLocks(const std::string& status,
                                                     const std::string& database);

// How a column's bytes in an InnoDB record are read.
struct InnodbColumn {
  std::string name;
  std::string data_type;  // information_schema.COLUMNS.DATA_TYPE ("int", "varchar")
  bool is_unsigned = false;
};

// "id=1", "name='Josh' id=1" from the record's first fields, one per column;
// empty when a column's type is not one that can be decoded.
std::string InnodbRecordKey(const std::vector<std::optional<std::string>>& fields,
                            const std::vector<InnodbColumn>& columns);

}  // namespace interleave
