// Records, while a scenario runs, what each transaction really read and wrote,
// as the server reports it, so that the run's dependency graph can be built
// from facts rather than from the scenario's labels.
//
// Writes: after setup, a row trigger on every table of the scenario's schema
// reports each inserted, updated or deleted row version as a notice
// ("interleave-explain {...}"): the writing transaction's xid, the new
// version's xmin, the old and new row, and a sequence number. Row locks make
// writers of one row take turns, so the sequence numbers give each row's
// version order. The notices never reach the trace.
//
// Reads: each client has a side connection. Just before a client sends a step
// that takes a snapshot, the side connection opens a REPEATABLE READ READ
// ONLY transaction, whose snapshot is then the one the step's statement gets
// (nothing runs in between). At REPEATABLE READ and SERIALIZABLE the side
// transaction is kept for the client's whole transaction, as its snapshot is.
// After the step, each of its reads is restated (see read_query.h) and run on
// the side connection: the row versions it returns, with their xmin, are the
// ones the statement saw. Where the snapshot serves one step only (READ
// COMMITTED, or an autocommit statement), the restated reads run instead in
// the very statement that takes the snapshot, one round trip before the step
// is sent, and nothing stays open. A locking statement (UPDATE, DELETE,
// SELECT ... FOR UPDATE) that waited for a lock at READ COMMITTED re-reads
// the newest version of the rows it locks (PostgreSQL's EvalPlanQual): its
// rows' versions are taken from a snapshot made when it completed.
//
// The trigger function is made once per scratch database (its schema
// outlives the reset of schema public); the triggers, on each run's tables,
// unless the run kept the last run's tables.
//
// Thread-safety: one thread (the scheduler's). Ownership: owns the side
// connections; borrows the scratch database, which must outlive it.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "db/engine.h"
#include "sim/explain/read_query.h"
#include "sim/model/history.h"
#include "sim/model/scenario.h"
#include "sim/model/trace.h"

namespace interleave {

class ExplainRecorder {
 public:
  // Side connections are opened on first use, one per client.
  ExplainRecorder(ScratchDatabase& scratch, size_t client_count);
  ~ExplainRecorder();
  ExplainRecorder(const ExplainRecorder&) = delete;
  ExplainRecorder& operator=(const ExplainRecorder&) = delete;

  // Starts a run: forgets the previous one and installs the write triggers on
  // the tables setup made (through `control`). `levels` are the clients'
  // session isolation levels; `sql` every text the run may send (setup and
  // steps), from which the recorder learns whether writes may happen in
  // subtransactions. When the server refuses something the recorder needs,
  // recording is off for the run and unavailable() says why. With
  // `tables_kept`, the tables are the last run's (their rows put back, see
  // sim/run/setup_snapshot.h), and so are their triggers: none are made.
  void BeginRun(ControlConnection& control, const std::vector<std::string>& client_names,
                const std::vector<Isolation>& levels, const std::vector<std::string>& sql,
                bool tables_kept = false);

  // The scheduler is about to send `sql` (after substitution) as trace step
  // `step` of `client` (attempt `attempt`).
  void BeforeSend(int client, int step, const std::string& sql);
  // Trace step `step` completed (or failed); `trace` holds its results.
  void AfterComplete(const Trace& trace, int step);
  // A notice arrived on `client`'s connection. True when it was the
  // recorder's (the caller then drops it).
  bool TakeNotice(int client, int step, const std::string& formatted);
  // The scheduler rolled back `client`'s transaction itself (before a retry,
  // or at the end of the run).
  void ClientRolledBack(int client);

  // The run's history, once every step has completed. Evaluates the reads'
  // predicates against the row versions written later (through `control`).
  History Finish(ControlConnection& control, const Trace& trace);

  // Why the run could not be recorded ("" when it was).
  const std::string& unavailable() const { return unavailable_; }

 private:
  struct ClientState;

  ClientState& Client(int client);
  ControlConnection* Side(int client);
  bool TakeSideSnapshot(int client);
  // The snapshot a statement starting now gets, in text form (for the
  // versions trace step `step`, a locking statement, re-read at READ
  // COMMITTED): the one its write trigger reported, or a new one.
  bool NewestSnapshot(int step, std::string* snapshot);
  // AnalyzeReads(statement), kept across runs (the same texts recur).
  const ReadQuery& Analysis(const std::string& statement);
  bool TakeSnapshotAndScan(int client, int step, const std::vector<std::string>& statements);
  void CloseSide(int client);
  void StartTxn(int client, int step);
  void EndTxn(int client, TxnRecord::Outcome outcome);
  void RecordReads(const Trace& trace, int step);
  void RecordConflictLookUp(const StepTrace& done, int step, const ReadScan& scan);

  ScratchDatabase& scratch_;
  std::vector<std::unique_ptr<ControlConnection>> side_;
  std::vector<std::unique_ptr<ClientState>> clients_;
  std::map<std::string, std::vector<std::string>> key_columns_;  // table -> primary key
  History history_;
  std::string unavailable_;
  bool installed_ = false;
  std::string install_error_;     // why the last installation failed ("" when it did not)
  std::set<int> computed_steps_;  // trace steps with an UPDATE that computes from the row
  // Per trace step, per table: the columns its UPDATEs' SET name.
  std::map<int, std::map<std::string, std::set<std::string>>> set_columns_;
  bool functions_installed_ = false;  // the trigger function exists in the scratch database
  std::vector<bool> side_in_txn_;     // per side connection: a transaction is open
  std::unordered_map<std::string, ReadQuery> analyses_;  // see Analysis
};

// Whether any of these SQL texts may write in a subtransaction (SAVEPOINT,
// a PL/pgSQL block with EXCEPTION): then a row version's xmin may be a
// subtransaction's xid, and the write triggers look it up.
bool MayWriteInSubtransactions(const std::vector<std::string>& sql);

}  // namespace interleave
