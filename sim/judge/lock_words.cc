#include "sim/judge/lock_words.h"

#include <algorithm>
#include <map>

namespace interleave {
namespace {

using Scope = ServerLock::Scope;

std::string Possessive(const std::vector<int>& clients, const std::vector<std::string>& names) {
  std::string text;
  for (size_t i = 0; i < clients.size(); ++i) {
    const int c = clients[i];
    std::string name =
        c >= 0 && c < static_cast<int>(names.size()) ? names[c] : "client " + std::to_string(c);
    if (i > 0) text += i + 1 == clients.size() ? " and " : ", ";
    text += name + "'s";
  }
  return text;
}

}  // namespace

std::string LockTarget(const ClientLock& lock) {
  switch (lock.scope) {
    case Scope::kTable:
      return lock.table;
    case Scope::kGap:
    case Scope::kInsertIntention:
      if (lock.after_last) return lock.table + " after its last row";
      return lock.row.empty() ? "a gap of " + lock.table : lock.table + " before " + lock.row;
    case Scope::kNextKey:
      if (lock.after_last) return lock.table + " after its last row";
      return lock.row.empty() ? "a row of " + lock.table + " and the gap before it"
                              : lock.table + " " + lock.row + " and the gap before it";
    case Scope::kRow:
    case Scope::kPredicate:
      if (lock.row.empty())
        return lock.scope == Scope::kPredicate ? lock.table : "a row of " + lock.table;
      return lock.table + " " + lock.row;
  }
  return lock.table;
}

std::string LockPhrase(const ClientLock& lock, const std::vector<std::string>& client_names) {
  if (!lock.granted) {
    if (lock.table.empty()) {
      // PostgreSQL waits for the holder's transaction to end and names no row.
      if (lock.waits_for.empty()) return "waits for another transaction to end";
      return "waits for " + Possessive(lock.waits_for, client_names) +
             " transaction to end (the server names no row)";
    }
    const std::string insert = lock.scope == Scope::kInsertIntention ? " (to insert)" : "";
    if (lock.waits_for.empty()) {
      return "waits for a lock on " + LockTarget(lock) + insert +
             " (the server does not say whose)";
    }
    std::string locks = lock.waits_for.size() > 1 ? " locks on " : " lock on ";
    return "waits for " + Possessive(lock.waits_for, client_names) + locks + LockTarget(lock) +
           insert;
  }
  std::string mode = lock.mode;
  switch (lock.scope) {
    case Scope::kGap:
      return "holds a gap lock" + (mode.empty() ? "" : " (" + mode + ")") + " on " +
             LockTarget(lock);
    case Scope::kNextKey:
      return "holds a next-key lock" + (mode.empty() ? "" : " (" + mode + ")") + " on " +
             LockTarget(lock);
    case Scope::kInsertIntention:
      return "holds an insert intention on " + LockTarget(lock);
    case Scope::kRow: {
      if (mode.empty()) return "holds a row lock on " + LockTarget(lock);
      std::string phrase = "holds " + mode + " on " + LockTarget(lock);
      if (lock.by_write) {
        phrase += mode == "FOR NO KEY UPDATE" ? " (its UPDATE of the row)"
                                              : " (its UPDATE or DELETE of the row)";
      }
      return phrase;
    }
    case Scope::kTable:
    case Scope::kPredicate:
      return "holds " + (mode.empty() ? std::string("a lock") : mode) + " on " + LockTarget(lock);
  }
  return "holds " + mode + " on " + LockTarget(lock);
}

std::vector<std::string> ClientLockPhrases(const LockSnapshot& snapshot, int client,
                                           const std::vector<std::string>& client_names) {
  std::vector<ClientLock> own = snapshot.Of(client);
  std::stable_partition(own.begin(), own.end(),
                        [](const ClientLock& lock) { return lock.granted; });
  std::vector<std::string> phrases;
  for (const ClientLock& lock : own) {
    std::string phrase = LockPhrase(lock, client_names);
    if (std::find(phrases.begin(), phrases.end(), phrase) == phrases.end())
      phrases.push_back(phrase);
  }
  return phrases;
}

std::vector<std::string> LockTerms(const ClientLock& lock) {
  std::vector<std::string> terms;
  if (!lock.mode.empty()) terms.push_back(lock.mode);
  if (lock.scope == Scope::kGap) terms.push_back("gap lock");
  if (lock.scope == Scope::kNextKey) terms.push_back("next-key lock");
  if (lock.scope == Scope::kInsertIntention) terms.push_back("insert intention");
  return terms;
}

std::string LockGlossaryLine(const std::string& term) {
  static const std::map<std::string, std::string> glossary = {
      {"ACCESS SHARE",
       "the table lock every SELECT takes; only ACCESS EXCLUSIVE (DROP TABLE, TRUNCATE, most "
       "ALTER TABLE) conflicts with it"},
      {"ROW SHARE",
       "the table lock SELECT ... FOR UPDATE / FOR SHARE takes; only EXCLUSIVE and ACCESS "
       "EXCLUSIVE conflict with it"},
      {"ROW EXCLUSIVE",
       "the table lock UPDATE, DELETE and INSERT take; writers of different rows do not block "
       "each other with it (row locks decide who waits), only SHARE and stronger table locks do"},
      {"SHARE UPDATE EXCLUSIVE",
       "the table lock VACUUM, ANALYZE and CREATE INDEX CONCURRENTLY take; it conflicts with "
       "itself and the stronger table locks, not with reads or writes"},
      {"SHARE",
       "the table lock CREATE INDEX (and LOCK TABLE ... IN SHARE MODE) takes; writers wait, "
       "readers do not"},
      {"SHARE ROW EXCLUSIVE",
       "the table lock CREATE TRIGGER and some ALTER TABLE take; writers and another SHARE ROW "
       "EXCLUSIVE wait, readers do not"},
      {"EXCLUSIVE",
       "a table lock (REFRESH MATERIALIZED VIEW CONCURRENTLY, LOCK TABLE ... IN EXCLUSIVE "
       "MODE) beside which only plain reads go on"},
      {"ACCESS EXCLUSIVE",
       "the table lock DROP TABLE, TRUNCATE, most ALTER TABLE and a plain LOCK TABLE take; "
       "everything else waits, even a plain SELECT"},
      {"FOR UPDATE",
       "a row lock (SELECT ... FOR UPDATE, DELETE, an UPDATE that changes a key column): "
       "another transaction's UPDATE, DELETE or locking read of the row waits until it ends; "
       "a plain SELECT does not wait"},
      {"FOR NO KEY UPDATE",
       "the row lock an UPDATE that changes no key column takes (or SELECT ... FOR NO KEY "
       "UPDATE): other writers and locking reads of the row wait, except FOR KEY SHARE (a "
       "foreign key check); a plain SELECT does not wait"},
      {"FOR SHARE",
       "a shared row lock (SELECT ... FOR SHARE): others may hold it too, but UPDATE, DELETE "
       "and FOR UPDATE of the row wait"},
      {"FOR KEY SHARE",
       "the weakest row lock (a foreign key check takes it): only DELETE, an UPDATE that "
       "changes a key column and FOR UPDATE wait for it"},
      {"SIREAD",
       "not a lock anyone waits for: at SERIALIZABLE, PostgreSQL notes what a transaction "
       "read, to find dangerous patterns of reads and writes, and keeps the note until "
       "overlapping transactions end (even after a commit)"},
      {"X",
       "InnoDB's exclusive lock: another transaction's X or S lock on the same record waits "
       "until it ends; a plain (non-locking) SELECT does not"},
      {"S",
       "InnoDB's shared lock (SELECT ... LOCK IN SHARE MODE, or every read at SERIALIZABLE): "
       "others may hold S too; X waits"},
      {"IX",
       "InnoDB's intention exclusive table lock, taken before X row locks; it conflicts only "
       "with whole-table S and X locks (LOCK TABLES), not with other row writers"},
      {"IS",
       "InnoDB's intention shared table lock, taken before S row locks; it conflicts only "
       "with a whole-table X lock"},
      {"AUTO-INC",
       "InnoDB's table lock for the length of an INSERT into a table with an AUTO_INCREMENT "
       "column"},
      {"gap lock",
       "InnoDB locks the space between two index records so that no other transaction can "
       "insert there; gap locks never make each other wait. PostgreSQL has no gap locks"},
      {"next-key lock",
       "InnoDB's record lock together with a gap lock on the gap before the record; locking "
       "reads and writes take them at REPEATABLE READ so that no one inserts into a range "
       "they read"},
      {"insert intention",
       "the gap lock an INSERT takes: it waits for other transactions' gap locks on that "
       "gap, not for other inserts into it"},
  };
  auto entry = glossary.find(term);
  return entry == glossary.end() ? "" : term + ": " + entry->second + ".";
}

std::vector<std::string> LockGlossary(const std::vector<const LockSnapshot*>& snapshots) {
  std::vector<std::string> terms;
  for (const LockSnapshot* snapshot : snapshots) {
    if (!snapshot) continue;
    for (const ClientLock& lock : snapshot->locks) {
      if (!lock.granted) continue;  // a wait's words name no mode
      for (const std::string& term : LockTerms(lock)) {
        if (std::find(terms.begin(), terms.end(), term) == terms.end()) terms.push_back(term);
      }
    }
  }
  std::vector<std::string> lines;
  for (const std::string& term : terms) {
    std::string line = LockGlossaryLine(term);
    if (!line.empty()) lines.push_back(line);
  }
  return lines;
}

}  // namespace interleave
