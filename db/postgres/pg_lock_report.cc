#include "db/postgres/pg_lock_report.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <pqxx/pqxx>
#include <set>
#include <tuple>
#include <utility>
#include <vector>

#include "db/db_failure.h"

namespace interleave {
namespace {

using Scope = ServerLock::Scope;

// "RowExclusiveLock" -> "ROW EXCLUSIVE", as LOCK ... IN ... MODE spells it.
std::string TableModeName(const std::string& mode) {
  if (mode == "SIReadLock") return "SIREAD";
  std::string name = mode;
  if (name.size() > 4 && name.compare(name.size() - 4, 4, "Lock") == 0)
    name.resize(name.size() - 4);
  std::string spelled;
  for (char c : name) {
    if (std::isupper(static_cast<unsigned char>(c)) && !spelled.empty()) spelled += ' ';
    spelled += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return spelled;
}

// The row lock mode a waiter asked for, from the mode of the tuple lock it
// queues with (heapam.c's tupleLockExtraInfo).
std::string RowModeOfTupleLock(const std::string& mode) {
  if (mode == "AccessShareLock") return "FOR KEY SHARE";
  if (mode == "RowShareLock") return "FOR SHARE";
  if (mode == "ExclusiveLock") return "FOR NO KEY UPDATE";
  if (mode == "AccessExclusiveLock") return "FOR UPDATE";
  return "";
}

// pgrowlocks' mode names; "Update" and "No Key Update" are the locks of the
// holder's own UPDATE or DELETE of the row.
std::string RowModeOfPgRowLocks(const std::string& mode, bool* by_write) {
  *by_write = false;
  if (mode == "For Key Share") return "FOR KEY SHARE";
  if (mode == "For Share") return "FOR SHARE";
  if (mode == "For No Key Update") return "FOR NO KEY UPDATE";
  if (mode == "For Update") return "FOR UPDATE";
  *by_write = true;
  if (mode == "No Key Update") return "FOR NO KEY UPDATE";
  if (mode == "Update") return "FOR UPDATE";
  *by_write = false;
  return "";
}

std::vector<int> ParseIds(const std::string& text) {
  std::vector<int> ids;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find(',', start);
    if (end == std::string::npos) end = text.size();
    if (end > start) ids.push_back(std::stoi(text.substr(start, end - start)));
    start = end + 1;
  }
  return ids;
}

// A PostgreSQL array literal of the strings (each quoted).
std::string ArrayLiteral(const std::vector<std::string>& values) {
  std::string text = "{";
  for (size_t i = 0; i < values.size(); ++i) {
    text += i ? ",\"" : "\"";
    for (char c : values[i]) {
      if (c == '"' || c == '\\') text += '\\';
      text += c;
    }
    text += '"';
  }
  return text + "}";
}

std::string Ctid(const pqxx::field& page, const pqxx::field& tuple) {
  return "(" + std::string(page.c_str()) + "," + tuple.c_str() + ")";
}

// Names rows of `table` by primary key ("id=1"; text values quoted): ctid ->
// key, for the ctids the reading transaction sees. Empty when the table has no
// primary key.
std::map<std::string, std::string> RowKeys(pqxx::work& tx, const std::string& table,
                                           const std::vector<std::string>& ctids,
                                           bool* no_primary_key) {
  std::map<std::string, std::string> keys;
  std::string qualified = "public." + tx.quote_name(table);
  pqxx::result columns = tx.exec_params(
      "SELECT a.attname, t.typcategory = 'N' FROM pg_catalog.pg_index i "
      "JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey) "
      "JOIN pg_catalog.pg_type t ON t.oid = a.atttypid "
      "WHERE i.indrelid = $1::pg_catalog.regclass AND i.indisprimary "
      "ORDER BY pg_catalog.array_position(i.indkey::int2[], a.attnum)",
      qualified);
  if (columns.empty()) {
    *no_primary_key = true;
    return keys;
  }
  std::string parts;
  for (const auto& column : columns) {
    std::string name = column[0].c_str();
    std::string value = tx.quote_name(name) + "::text";
    value =
        column[1].as<bool>() ? "coalesce(" + value + ", 'NULL')" : "quote_nullable(" + value + ")";
    parts += (parts.empty() ? "" : ", ") + tx.quote(name + "=") + " || " + value;
  }
  for (const auto& row : tx.exec_params("SELECT ctid::text, concat_ws(' ', " + parts + ") FROM " +
                                            qualified + " WHERE ctid = ANY($1::tid[])",
                                        ArrayLiteral(ctids))) {
    keys[row[0].c_str()] = row[1].c_str();
  }
  return keys;
}

// A lock whose row is still to be named: (table, ctid).
struct Pending {
  ServerLock lock;
  std::string ctid;
};

void AddNote(LockReport* report, const std::string& note) {
  if (report->unavailable.find(note) != std::string::npos) return;
  report->unavailable += (report->unavailable.empty() ? "" : "; ") + note;
}

}  // namespace

LockReport ReadPgLocks(pqxx::connection& conn, const std::string& client_pids,
                       const std::string& pgrowlocks_schema) {
  LockReport report;
  if (client_pids.size() <= 2) return report;
  std::vector<Pending> pending;  // locks on rows, named below
  std::set<std::string> exclusive_tables;
  std::set<std::string> row_lock_tables;  // tables a client may hold row locks on
  try {
    pqxx::work tx(conn);
    tx.exec("SET LOCAL lock_timeout = '200ms'");
    pqxx::result rows = tx.exec_params(
        "SELECT coalesce(l.pid, 0), l.locktype, l.mode, l.granted, coalesce(c.relname, ''), "
        "coalesce(l.page, 0), coalesce(l.tuple, 0), "
        "CASE WHEN l.granted THEN '' "
        "ELSE pg_catalog.array_to_string(pg_catalog.pg_blocking_pids(l.pid), ',') END, "
        "coalesce(l.pid = ANY($1::int[]), false) "
        "FROM pg_catalog.pg_locks l "
        "LEFT JOIN pg_catalog.pg_class c ON c.oid = l.relation AND c.relkind IN ('r', 'p') "
        "AND c.relnamespace = 'public'::pg_catalog.regnamespace AND l.database = "
        "(SELECT oid FROM pg_catalog.pg_database WHERE datname = pg_catalog.current_database()) "
        "WHERE (l.pid = ANY($1::int[]) AND "
        "(c.oid IS NOT NULL OR (l.locktype = 'transactionid' AND NOT l.granted))) "
        "OR (l.mode = 'AccessExclusiveLock' AND l.locktype = 'relation' AND c.oid IS NOT NULL) "
        "ORDER BY 1, 5, 6, 7",
        client_pids);
    // A waiter's tuple lock (the row it queues for) and its wait for the
    // holder's transaction, per pid.
    std::map<int, Pending> row_waits;
    std::map<int, std::vector<int>> transaction_waits;
    for (const auto& row : rows) {
      const int pid = row[0].as<int>();
      const std::string locktype = row[1].c_str();
      const std::string mode = row[2].c_str();
      const bool granted = row[3].as<bool>();
      const std::string table = row[4].c_str();
      const std::vector<int> blockers = ParseIds(row[7].c_str());
      if (locktype == "relation" && mode == "AccessExclusiveLock" && !table.empty())
        exclusive_tables.insert(table);
      if (!row[8].as<bool>()) continue;  // not a client of the run
      ServerLock lock;
      lock.backend_id = pid;
      lock.table = table;
      lock.granted = granted;
      lock.waits_for = blockers;
      if (locktype == "transactionid") {
        transaction_waits[pid] = blockers;
      } else if (mode == "SIReadLock") {
        lock.scope = Scope::kPredicate;
        lock.mode = "SIREAD";
        if (locktype == "relation") {
          report.locks.push_back(lock);
        } else if (locktype == "page") {
          lock.row = "rows on page " + std::string(row[5].c_str());
          report.locks.push_back(lock);
        } else if (locktype == "tuple") {
          pending.push_back({lock, Ctid(row[5], row[6])});
        }
      } else if (locktype == "relation") {
        lock.mode = TableModeName(mode);
        // A client holds row locks on a table only while it holds ROW SHARE
        // (SELECT ... FOR UPDATE / SHARE) or ROW EXCLUSIVE (INSERT, UPDATE,
        // DELETE) or stronger on it: the tables pgrowlocks must read.
        if (granted && mode != "AccessShareLock") row_lock_tables.insert(table);
        report.locks.push_back(lock);
      } else if (locktype == "tuple") {
        lock.scope = Scope::kRow;
        lock.mode = RowModeOfTupleLock(mode);
        lock.granted = false;  // held only while queueing for the row
        row_waits[pid] = {lock, Ctid(row[5], row[6])};
      }
    }
    for (auto& [pid, wait] : row_waits) {
      auto transaction = transaction_waits.find(pid);
      if (transaction != transaction_waits.end()) {
        if (wait.lock.waits_for.empty()) wait.lock.waits_for = transaction->second;
        transaction_waits.erase(transaction);
      }
      pending.push_back(wait);
    }
    for (const auto& [pid, blockers] : transaction_waits) {
      // A wait for another transaction to end with no row named (e.g. an
      // INSERT waiting to learn whether a key it duplicates is committed).
      ServerLock lock;
      lock.backend_id = pid;
      lock.scope = Scope::kRow;
      lock.granted = false;
      lock.waits_for = blockers;
      report.locks.push_back(lock);
    }

    if (pgrowlocks_schema.empty()) {
      AddNote(&report,
              "row locks a client holds are not shown: PostgreSQL keeps them in the rows, not in "
              "pg_locks, and the scratch database has no pgrowlocks extension (waits for a row "
              "are shown)");
    } else {
      // pgrowlocks scans the whole table: only the tables a client may hold
      // row locks on, never one behind an ACCESS EXCLUSIVE.
      std::vector<std::string> tables;
      for (const std::string& table : row_lock_tables)
        if (!exclusive_tables.count(table)) tables.push_back(table);
      for (const auto& row :
           tables.empty()
               ? pqxx::result()
               : tx.exec_params("SELECT c.relname, r.locked_row::text, m.mode, m.pid "
                                "FROM pg_catalog.pg_class c CROSS JOIN LATERAL " +
                                    tx.quote_name(pgrowlocks_schema) +
                                    ".pgrowlocks('public.' || pg_catalog.quote_ident(c.relname)) r "
                                    "CROSS JOIN LATERAL ROWS FROM (pg_catalog.unnest(r.modes), "
                                    "pg_catalog.unnest(r.pids)) "
                                    "AS m(mode, pid) "
                                    "WHERE c.relnamespace = 'public'::pg_catalog.regnamespace AND "
                                    "c.relkind = 'r' "
                                    "AND c.relname = ANY($1::text[]) AND m.pid = ANY($2::int[]) "
                                    "ORDER BY 4, 1, 2",
                                ArrayLiteral(tables), client_pids)) {
        ServerLock lock;
        lock.backend_id = row[3].as<int>();
        lock.scope = Scope::kRow;
        lock.table = row[0].c_str();
        lock.mode = RowModeOfPgRowLocks(row[2].c_str(), &lock.by_write);
        pending.push_back({lock, row[1].c_str()});
      }
    }
    for (const auto& table : exclusive_tables) {
      AddNote(&report, "row locks on " + table +
                           " are not read while a transaction holds or waits for ACCESS "
                           "EXCLUSIVE on it");
    }

    // Name the rows, a table at a time.
    std::map<std::string, std::vector<std::string>> ctids;
    for (const auto& item : pending) {
      if (!exclusive_tables.count(item.lock.table)) ctids[item.lock.table].push_back(item.ctid);
    }
    std::map<std::pair<std::string, std::string>, std::string> keys;
    for (const auto& [table, list] : ctids) {
      bool no_primary_key = false;
      for (const auto& [ctid, key] : RowKeys(tx, table, list, &no_primary_key))
        keys[{table, ctid}] = key;
      if (no_primary_key) AddNote(&report, table + " has no primary key: its rows are not named");
    }
    for (auto& item : pending) {
      auto key = keys.find({item.lock.table, item.ctid});
      if (key != keys.end()) {
        item.lock.row = key->second;
      } else if (item.lock.granted && !exclusive_tables.count(item.lock.table)) {
        continue;  // a version the reader cannot see: see the header
      }
      report.locks.push_back(item.lock);
    }
    tx.commit();
  } catch (const pqxx::broken_connection& error) {
    throw DbFailure(std::string("the lock query failed: ") + error.what());
  } catch (const std::exception& error) {
    std::string message = error.what();
    while (!message.empty() && message.back() == '\n') message.pop_back();
    AddNote(&report, "locks could not be read: " + message);
  }
  // ACCESS SHARE on a table its client also holds in a stronger mode adds
  // nothing (it conflicts only with ACCESS EXCLUSIVE, which conflicts with
  // every mode), and it is most often not the client's own: the recorder's
  // write trigger (sim/explain/write_triggers.cc) reads the new row's xmin in
  // the writing client's session, taking ACCESS SHARE on the table its
  // INSERT, UPDATE or DELETE holds ROW EXCLUSIVE on. So it is left out.
  std::set<std::pair<int, std::string>> stronger;
  for (const ServerLock& lock : report.locks)
    if (lock.scope == Scope::kTable && lock.granted && lock.mode != "ACCESS SHARE")
      stronger.insert({lock.backend_id, lock.table});
  report.locks.erase(std::remove_if(report.locks.begin(), report.locks.end(),
                                    [&](const ServerLock& lock) {
                                      return lock.scope == Scope::kTable && lock.granted &&
                                             lock.mode == "ACCESS SHARE" &&
                                             stronger.count({lock.backend_id, lock.table});
                                    }),
                     report.locks.end());
  auto order = [](const ServerLock& lock) {
    return std::make_tuple(lock.backend_id, !lock.granted, lock.table, static_cast<int>(lock.scope),
                           lock.row, lock.mode, lock.by_write);
  };
  std::sort(report.locks.begin(), report.locks.end(),
            [&](const ServerLock& a, const ServerLock& b) { return order(a) < order(b); });
  report.locks.erase(std::unique(report.locks.begin(), report.locks.end(),
                                 [&](const ServerLock& a, const ServerLock& b) {
                                   return order(a) == order(b) && a.waits_for == b.waits_for;
                                 }),
                     report.locks.end());
  return report;
}

}  // namespace interleave
