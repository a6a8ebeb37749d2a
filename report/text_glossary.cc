// The glossary (see text_glossary.h).
#include "report/text_glossary.h"

#include <algorithm>
#include <cctype>
#include <sstream>

namespace interleave {

const std::vector<GlossaryEntry>& Glossary() {
  static const std::vector<GlossaryEntry> kEntries = {
      // Anomalies, by their textbook names.
      {"dirty write",
       {"P0", "G0"},
       "a transaction overwrites a row another transaction wrote and has not committed yet; "
       "G0 is a cycle of ww edges only. PostgreSQL never allows it: the second writer waits "
       "for the first's row lock."},
      {"dirty read",
       {"P1", "G1a", "aborted read"},
       "a transaction reads a row version another transaction wrote and later rolled back "
       "(G1a). PostgreSQL never shows uncommitted data, even at READ UNCOMMITTED."},
      {"intermediate read",
       {"G1b"},
       "a transaction reads a version its writer later overwrote before committing."},
      {"G1c",
       {"circular information flow"},
       "a cycle of ww and wr edges: each transaction sees or overwrites the other's effect, "
       "so neither can come first."},
      {"non-repeatable read",
       {"P2", "fuzzy read"},
       "a transaction reads a row, another transaction changes it and commits, and the first "
       "would see a different value if it read again; at READ COMMITTED each statement sees "
       "what was committed when it started."},
      {"lost update",
       {"P4"},
       "two transactions read the same value and both write a value computed from it: the "
       "second write silently replaces the first, whose change is lost."},
      {"read skew",
       {"A5A"},
       "a transaction reads two related rows at different moments, with another transaction's "
       "committed change in between, so what it saw never existed together."},
      {"write skew",
       {"A5B"},
       "two transactions each read what the other is about to change, then write different "
       "rows: each alone keeps the rule, together they break it (G2-item)."},
      {"phantom",
       {"P3"},
       "a transaction searches with a condition (WHERE) and another transaction inserts or "
       "changes a row that matches it; the first acted on a result that no longer holds."},
      {"read-only transaction anomaly",
       {},
       "a read-only transaction sees a state that no serial order of the others produces "
       "(Fekete et al.); only SERIALIZABLE prevents it."},
      {"duplicate insert",
       {"check-then-insert"},
       "two requests both look for a row, both find none, and both insert it: a phantom; a "
       "UNIQUE constraint (or INSERT ... ON CONFLICT) is what stops it."},
      // Adya's classes and the graph.
      {"G-single",
       {"Gsingle", "single anti-dependency cycle"},
       "a dependency cycle with exactly one rw edge: one transaction missed a change the "
       "other made (read skew, lost update); REPEATABLE READ rules it out."},
      {"G2-item",
       {"item anti-dependency cycle"},
       "a cycle with two or more rw edges, each on rows read by key: each transaction missed "
       "the other's change (write skew); only SERIALIZABLE rules it out."},
      {"G2",
       {"anti-dependency cycle"},
       "a cycle with two or more rw edges, one from a search with a condition (a predicate): "
       "phantoms; only SERIALIZABLE rules it out."},
      {"ww edge",
       {"ww", "write-write dependency"},
       "T1 -ww-> T2: T2 overwrote a row version T1 wrote, so T1 comes before T2."},
      {"wr edge",
       {"wr", "write-read dependency"},
       "T1 -wr-> T2: T2 read a row version T1 wrote, so T1 comes before T2."},
      {"rw edge",
       {"rw", "anti-dependency", "read-write dependency"},
       "T1 -rw-> T2: T1 read a row version that T2 then replaced (or found no row that T2 "
       "then wrote), so T1 must come before T2: T1 did not see T2's change."},
      {"cycle",
       {"dependency cycle"},
       "edges leading from a transaction back to itself: no serial order puts each before the "
       "others, so the run is not serializable."},
      {"serial order",
       {"serializable", "equivalent to"},
       "an order of the committed transactions, one after another, that gives the same reads "
       "and writes as the run; a run with no cycle has one (\"equivalent to sam then kim\")."},
      {"pivot",
       {"dangerous structure"},
       "a SERIALIZABLE transaction with an rw edge in and an rw edge out; PostgreSQL aborts one "
       "transaction of such a pattern (40001) before it knows a cycle closes."},
      // PostgreSQL's mechanisms.
      {"snapshot",
       {"MVCC"},
       "the set of committed transactions a statement or transaction sees. READ COMMITTED takes "
       "one per statement; REPEATABLE READ and SERIALIZABLE one per transaction, at its first "
       "statement that reads (not at BEGIN)."},
      {"EvalPlanQual re-check",
       {"EvalPlanQual", "EPQ"},
       "at READ COMMITTED, an UPDATE, DELETE or SELECT ... FOR UPDATE that waited for a row "
       "lock re-reads the newest committed version of that row and checks its WHERE again; its "
       "snapshot is not refreshed, other rows are still read as of the statement's start."},
      {"FOR UPDATE",
       {"SELECT FOR UPDATE", "row lock"},
       "locks the rows a SELECT returns, as an UPDATE would: other writers and lockers of those "
       "rows wait; plain readers do not. It locks no gap: a row that does not exist yet is not "
       "locked."},
      {"FOR SHARE",
       {"SELECT FOR SHARE"},
       "locks the rows a SELECT returns against writers; other FOR SHARE readers do not wait."},
      {"FOR NO KEY UPDATE", {}, "the row lock an UPDATE that changes no key column takes."},
      {"FOR KEY SHARE",
       {},
       "the weakest row lock: it blocks deleting the row or changing its key."},
      {"ROW EXCLUSIVE",
       {},
       "the table lock INSERT, UPDATE and DELETE take: writers of different rows do not wait "
       "for each other (row locks decide who waits); what waits for it is a SHARE or stronger "
       "table lock: LOCK TABLE ... IN SHARE MODE, CREATE INDEX, most ALTER TABLE, TRUNCATE."},
      {"ROW SHARE",
       {},
       "the table lock SELECT ... FOR UPDATE or FOR SHARE takes, and a foreign key check "
       "takes on the table it refers to (it locks the referenced row FOR KEY SHARE); only "
       "EXCLUSIVE and ACCESS EXCLUSIVE (DDL) wait for it."},
      {"ACCESS SHARE",
       {},
       "the table lock every read takes; only ACCESS EXCLUSIVE (DROP TABLE, TRUNCATE, most "
       "ALTER TABLE) waits for it. The timeline does not list it: every statement that reads "
       "a table holds it."},
      {"ACCESS EXCLUSIVE",
       {},
       "the table lock DROP TABLE, TRUNCATE, most ALTER TABLE and LOCK TABLE take: every other "
       "statement on the table waits, even a plain SELECT."},
      {"SIREAD",
       {"predicate lock"},
       "SERIALIZABLE's record of what a transaction read (a row, a page or a table): it makes "
       "nobody wait; PostgreSQL uses it to find rw edges and abort one transaction with 40001."},
      {"READ COMMITTED",
       {"RC"},
       "PostgreSQL's default level: each statement sees the rows committed before it started."},
      {"READ UNCOMMITTED", {}, "PostgreSQL runs it as READ COMMITTED: there are no dirty reads."},
      {"REPEATABLE READ",
       {"RR", "snapshot isolation"},
       "one snapshot for the whole transaction; updating or locking a row another transaction "
       "changed since then fails with 40001."},
      {"SERIALIZABLE",
       {"SSI"},
       "REPEATABLE READ plus a watch for dangerous patterns of rw edges (pivots): it aborts "
       "with 40001 instead of letting a run end that no serial order gives; retry on 40001."},
      {"DEFERRABLE",
       {"safe snapshot"},
       "a SERIALIZABLE READ ONLY DEFERRABLE transaction waits for a snapshot no writer can "
       "invalidate, then runs without any risk of 40001."},
      // SQLSTATEs.
      {"40001",
       {"serialization_failure"},
       "could not serialize access: at REPEATABLE READ and SERIALIZABLE, updating, deleting or "
       "locking a row another transaction changed since the snapshot fails (\"due to "
       "concurrent update\"); SERIALIZABLE also aborts one transaction of a dangerous pattern "
       "of rw edges (a pivot). The application should retry the transaction."},
      {"40P01",
       {"deadlock_detected"},
       "two transactions wait for each other's locks; PostgreSQL picks the victim and aborts "
       "it. Retry it."},
      {"23505",
       {"unique_violation"},
       "the row would duplicate a key a UNIQUE constraint or index forbids (an insert waits "
       "for an uncommitted duplicate, then fails if that one commits)."},
      {"25P02",
       {"in_failed_sql_transaction"},
       "the transaction already failed: every statement until ROLLBACK is refused with "
       "\"current transaction is aborted\"."},
      {"55P03",
       {"lock_not_available"},
       "NOWAIT (or lock_timeout) and the lock was held: the statement fails instead of waiting."},
      {"57014",
       {"query_canceled"},
       "the statement was cancelled (by interleave when it hung past --step-timeout, or by "
       "statement_timeout)."},
      {"40002",
       {"transaction_integrity_constraint_violation"},
       "a deferred constraint failed at COMMIT."},
      // Scenario files.
      {"if_empty",
       {},
       "a step the application runs only when an earlier step of the same client returned no "
       "rows (\"not there yet, so insert\")."},
      {"if_found",
       {},
       "a step the application runs only when an earlier step returned rows; it is skipped when "
       "that step found none, failed or was skipped."},
      {"skipped",
       {"skipped step"},
       "a step the application did not send: its if_found, if_empty or condition said no (the "
       "step it names found no row, found one, or was itself skipped)."},
      {"condition",
       {},
       "a step the application runs only when an SQL boolean expression over values read "
       "earlier (${step.column}) is true."},
      {"x step",
       {"s2x", "r2x", "x steps"},
       "a step named like s2x that stands for the application's other branch (an answer such "
       "as HTTP 409 when the lookup found the row); it usually carries if_found or if_empty."},
      {"retry",
       {"attempt", "try 2"},
       "after a retryable error (40001, 40P01) the application rolls back and runs the whole "
       "transaction again; its steps show as \"(try 2)\" and in the order with a prime (l2')."},
      {"history",
       {"Berenson history"},
       "the run written as r1[x=100] w2[x=70] c2 ...: r read, w write, c commit, a abort, the "
       "number the transaction, in brackets the row and value."},
  };
  return kEntries;
}

namespace {

std::string Folded(const std::string& text) {
  std::string out;
  for (char c : text)
    if (std::isalnum(static_cast<unsigned char>(c)))
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

size_t Distance(const std::string& a, const std::string& b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t previous = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t here = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] == b[j - 1] ? 0 : 1)});
      previous = here;
    }
  }
  return row[b.size()];
}

}  // namespace

const GlossaryEntry* FindGlossaryEntry(const std::string& term) {
  const std::string key = Folded(term);
  if (key.empty()) return nullptr;
  for (const GlossaryEntry& entry : Glossary()) {
    if (Folded(entry.term) == key) return &entry;
    for (const std::string& alias : entry.aliases)
      if (Folded(alias) == key) return &entry;
  }
  return nullptr;
}

std::vector<std::string> CloseGlossaryTerms(const std::string& term, size_t limit) {
  const std::string key = Folded(term);
  std::vector<std::pair<size_t, std::string>> scored;
  for (const GlossaryEntry& entry : Glossary()) {
    size_t best = Distance(key, Folded(entry.term));
    std::vector<std::string> names = entry.aliases;
    names.push_back(entry.term);
    for (const std::string& name : names) {
      const std::string folded = Folded(name);
      best = std::min(best, Distance(key, folded));
      if (!key.empty() && key.size() >= 2 &&
          (folded.find(key) != std::string::npos || key.find(folded) != std::string::npos))
        best = 0;
    }
    if (best <= std::max<size_t>(2, key.size() / 3)) scored.push_back({best, entry.term});
  }
  std::stable_sort(scored.begin(), scored.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<std::string> out;
  for (const auto& [score, name] : scored)
    if (out.size() < limit) out.push_back(name);
  return out;
}

std::string GlossaryText(const GlossaryEntry& entry) {
  std::string names = entry.term;
  if (!entry.aliases.empty()) {
    names += " (";
    for (size_t i = 0; i < entry.aliases.size(); ++i)
      names += (i > 0 ? ", " : "") + entry.aliases[i];
    names += ")";
  }
  return names + ": " + entry.gloss;
}

}  // namespace interleave
