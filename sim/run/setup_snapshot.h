// A snapshot of what a scenario's setup made in a scratch database, so that
// the next run of the same setup starts from the same tables without
// dropping and recreating them: their rows are put back (TRUNCATE, then
// INSERT from copies kept in schema interleave_reset) and every sequence is
// set back to its value after setup. Keeping the tables keeps what was
// installed on them after setup (the recorder's write triggers) and every
// backend's caches of them, which a new schema costs on its first statement.
//
// It is used only when the restored state is provably the one a fresh setup
// makes:
// - the setup only creates tables, indexes, sequences, views, types and
//   domains, alters them, inserts rows (no ON CONFLICT ... DO UPDATE) and
//   comments on them, so its rows lie in the heap in insertion order, as the
//   restore inserts them, and no trigger or rule of the setup's acts on them;
// - schema public holds nothing but tables, partitioned tables, indexes,
//   sequences, views and composite types;
// - nothing changed the schema since the snapshot: an event trigger counts
//   every DDL command in the scratch database (any session, inside functions
//   too), and the restore refuses when the count moved;
// - no prepared transaction is left and no table has gathered statistics
//   (ANALYZE, autovacuum), which would change the plans its queries get.
// Otherwise (and on servers that refuse what it needs: the event trigger and
// session_replication_role need a superuser) the run gets the full reset; so
// do all later runs of a setup once a snapshot of it no longer applied
// (its steps or its clients' setup change the schema).
// Values a setup computes (now(), random()) are those of the run that made
// the snapshot.
//
// It works on a connection of its own, as the server's superuser (scenario
// SQL runs as a role that cannot touch schema interleave_reset), with short
// lock and statement timeouts.
// Thread-safety: one thread at a time. Ownership: owns its connection;
// borrows the scratch database, which must outlive it.
#pragma once

#include <memory>
#include <set>
#include <string>
#include <vector>

#include "db/engine.h"

namespace interleave {

class SetupSnapshot {
 public:
  explicit SetupSnapshot(ScratchDatabase& scratch);
  ~SetupSnapshot();
  SetupSnapshot(const SetupSnapshot&) = delete;
  SetupSnapshot& operator=(const SetupSnapshot&) = delete;

  // The identity of a setup of `setup_sql` whose tables then get `extras`
  // (e.g. "write triggers"), or "" when such a setup cannot be restored
  // (see above).
  static std::string KeyOf(const std::vector<std::string>& setup_sql, const std::string& extras);

  // Puts back the tables of the snapshot taken for `key`. True when it did:
  // the database is then as the setup (and the extras) left it, and
  // setup_results() are the rows the setup returned. False, with nothing
  // changed, when there is no such snapshot or it no longer applies: the run
  // then resets the database and runs its setup.
  bool Restore(const std::string& key);
  // After a full reset, the setup and the extras: snapshots the tables for
  // later runs of `key` ("" forgets the snapshot). `setup_results` are the
  // rows the setup returned.
  void Capture(const std::string& key, const std::vector<StatementResult>& setup_results);

  const std::vector<StatementResult>& setup_results() const { return setup_results_; }
  // How many runs were restored and how many got a full reset since made.
  int restored() const { return restored_; }
  int full_resets() const { return full_resets_; }

 private:
  ControlConnection* Connection();

  ScratchDatabase& scratch_;
  std::unique_ptr<ControlConnection> connection_;
  bool refused_ = false;            // the server refused the snapshot once: never again
  bool installed_ = false;          // schema interleave_reset and its event trigger exist
  std::string key_;                 // what the snapshot is of ("" none)
  std::set<std::string> unstable_;  // setups whose runs made a snapshot not apply
  std::string restore_sql_;
  std::vector<StatementResult> setup_results_;
  int restored_ = 0;
  int full_resets_ = 0;
};

}  // namespace interleave
