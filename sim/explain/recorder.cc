#include "sim/explain/recorder.h"

#include <algorithm>
#include <cstring>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <tuple>

#include "sim/explain/history_assembly.h"
#include "sim/explain/read_query.h"
#include "sim/explain/write_triggers.h"
#include "sim/model/sql_text.h"
#include "sim/model/transaction_end.h"
#include "util/text_util.h"

namespace interleave {
namespace {

// The first keywords of statements that may want a lock that conflicts with
// the side connection's ACCESS SHARE on the tables it read (LOCK TABLE,
// ALTER TABLE, TRUNCATE, DROP ...): before one is sent, the side
// transaction that scanned is ended.
bool MayWantExclusiveLock(const std::string& statement) {
  static const std::set<std::string> kHarmless = {"SELECT",    "INSERT",  "UPDATE", "DELETE",
                                                  "SAVEPOINT", "RELEASE", "SET",    "SHOW",
                                                  "RESET",     "VALUES",  "TABLE",  "WITH"};
  const std::string word = FirstKeyword(statement);
  return !IsTransactionControl(word) && kHarmless.count(word) == 0;
}

std::optional<Isolation> LevelNamed(const std::string& statement) {
  const std::string upper = AsciiUpper(statement);
  const size_t at = upper.find("ISOLATION LEVEL ");
  if (at == std::string::npos) return std::nullopt;
  const std::string rest = upper.substr(at + 16);
  if (rest.rfind("SERIALIZABLE", 0) == 0) return Isolation::kSerializable;
  if (rest.rfind("REPEATABLE READ", 0) == 0) return Isolation::kRepeatableRead;
  if (rest.rfind("READ COMMITTED", 0) == 0) return Isolation::kReadCommitted;
  if (rest.rfind("READ UNCOMMITTED", 0) == 0) return Isolation::kReadUncommitted;
  return std::nullopt;
}

bool SnapshotPerTransaction(Isolation level) {
  return level == Isolation::kRepeatableRead || level == Isolation::kSerializable;
}

// Per scan of `query`, per table, (xmin, row) of each row: from a JSON
// array (per scan) of arrays of rows, each [xmin, row, xmin, row ...].
std::vector<ScannedTable> ScannedJsonRows(const ReadScan& scan, const nlohmann::json& rows) {
  std::vector<ScannedTable> tables(scan.tables.size());
  if (!rows.is_array()) return tables;
  for (const nlohmann::json& row : rows) {
    if (!row.is_array()) continue;
    for (size_t t = 0; t < scan.tables.size() && 2 * t + 1 < row.size(); ++t) {
      if (!row[2 * t].is_string() || row[2 * t + 1].is_null())
        continue;  // an outer join's missing side
      tables[t].emplace_back(row[2 * t].get<std::string>(), row[2 * t + 1]);
    }
  }
  return tables;
}

// One expression whose value is a JSON array with, per scan of `query`, the
// rows its restated query returns, each [xmin, row, xmin, row ...].
std::string ScansExpression(const ReadQuery& query) {
  std::string scans;
  for (const ReadScan& scan : query.scans) {
    std::string columns;
    for (size_t c = 0; c < 2 * scan.tables.size(); ++c)
      columns += (c ? ", " : "") + ("interleave_c" + std::to_string(c));
    scans += (scans.empty() ? "" : ", ") +
             ("(SELECT coalesce(jsonb_agg(jsonb_build_array(" + columns + ")), '[]') FROM (" +
              scan.sql + ") AS interleave_q(" + columns + "))");
  }
  return "jsonb_build_array(" + scans + ")";
}

// Per scan of `query`, its rows from the value of ScansExpression.
std::vector<std::vector<ScannedTable>> ScansRows(const ReadQuery& query, const std::string& json) {
  const nlohmann::json scans = nlohmann::json::parse(json, nullptr, false);
  std::vector<std::vector<ScannedTable>> rows;
  for (size_t s = 0; s < query.scans.size(); ++s)
    rows.push_back(ScannedJsonRows(
        query.scans[s], scans.is_array() && s < scans.size() ? scans[s] : nlohmann::json()));
  return rows;
}

}  // namespace

struct ExplainRecorder::ClientState {
  std::string name;
  Isolation session_level = Isolation::kReadCommitted;
  Isolation txn_level = Isolation::kReadCommitted;
  bool in_block = false;
  bool txn_snapshot_fixed = false;  // REPEATABLE READ and up: the snapshot is taken
  bool deferrable = false;          // waits for a safe snapshot: not recordable
  int txn = -1;                     // History txn id of the open transaction
  int attempt = 1;
  bool holder_open = false;   // the side transaction that holds the snapshot
  std::string snapshot_name;  // pg_export_snapshot() of the holder
  std::string snapshot;       // pg_current_snapshot() of the holder
  std::vector<PendingRead> reads;
  // Reads scanned with the snapshot before the step was sent (see
  // TakeSnapshotAndScan): the trace step, and per statement of the step its
  // scan (empty: not scanned), with the snapshot's text.
  int prescanned_step = -1;
  std::vector<std::optional<std::string>> prescans;  // JSON: see TakeSnapshotAndScan
  std::string prescan_snapshot;
  std::vector<nlohmann::json> writes;  // notices, with "txn" and "step" added
};

ExplainRecorder::ExplainRecorder(ScratchDatabase& scratch, size_t client_count)
    : scratch_(scratch), side_(client_count + 1), side_in_txn_(client_count + 1, false) {}

ExplainRecorder::~ExplainRecorder() = default;

ExplainRecorder::ClientState& ExplainRecorder::Client(int client) { return *clients_[client]; }

// Connection `client` holds client's snapshot; the last one scans.
ControlConnection* ExplainRecorder::Side(int client) {
  std::unique_ptr<ControlConnection>& side = side_[client];
  if (!side) {
    try {
      side = scratch_.ConnectControl({"interleave/explain", {}});
      StepOutcome settings = side->Execute(
          "SET lock_timeout = '200ms'; SET statement_timeout = '5s'; "
          "SET client_min_messages = error");
      if (settings.error) throw std::runtime_error(settings.error->message);
    } catch (const std::exception& error) {
      side.reset();
      if (unavailable_.empty()) unavailable_ = std::string("no side connection: ") + error.what();
      return nullptr;
    }
  }
  return side.get();
}

void ExplainRecorder::BeginRun(ControlConnection& control,
                               const std::vector<std::string>& client_names,
                               const std::vector<Isolation>& levels,
                               const std::vector<std::string>& sql, bool tables_kept) {
  history_ = History{};
  computed_steps_.clear();
  set_columns_.clear();
  unavailable_.clear();
  clients_.clear();
  for (size_t c = 0; c < client_names.size(); ++c) {
    auto state = std::make_unique<ClientState>();
    state->name = client_names[c];
    Isolation level = c < levels.size() ? levels[c] : Isolation::kDefault;
    state->session_level = level == Isolation::kDefault ? Isolation::kReadCommitted : level;
    clients_.push_back(std::move(state));
  }
  for (size_t c = 0; c < side_.size(); ++c) CloseSide(static_cast<int>(c));
  if (!tables_kept) {
    install_error_ = InstallWriteTriggers(control, MayWriteInSubtransactions(sql),
                                          &functions_installed_, &key_columns_);
  }
  installed_ = install_error_.empty();
  if (!installed_) unavailable_ = "the write triggers could not be installed: " + install_error_;
}

void ExplainRecorder::CloseSide(int client) {
  if (client < static_cast<int>(clients_.size())) {
    clients_[client]->holder_open = false;
    clients_[client]->snapshot.clear();
    clients_[client]->snapshot_name.clear();
  }
  if (side_[client] && side_in_txn_[client]) side_[client]->Execute("ROLLBACK");
  side_in_txn_[client] = false;
}

bool ExplainRecorder::TakeSideSnapshot(int client) {
  ClientState& state = Client(client);
  ControlConnection* side = Side(client);
  if (!side) return false;
  StepOutcome outcome = side->Execute(std::string(state.holder_open ? "COMMIT; " : "") +
                                      "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; "
                                      "SELECT pg_export_snapshot(), pg_current_snapshot()::text");
  state.holder_open = !outcome.error;
  side_in_txn_[client] = true;  // open, or failed: ended by the next ROLLBACK
  if (outcome.error || outcome.results.empty() || outcome.results.back().rows.empty()) {
    if (unavailable_.empty())
      unavailable_ = "a snapshot could not be taken" +
                     (outcome.error ? ": " + outcome.error->message : std::string());
    state.snapshot.clear();
    return false;
  }
  const auto& row = outcome.results.back().rows.front();
  state.snapshot_name = row[0].value_or("");
  state.snapshot = row[1].value_or("");
  return true;
}

// One round trip, one statement (so one snapshot): the snapshot's text and
// the restated reads of `statements`, each aggregated into a JSON array of
// [xmin, row, xmin, row ...] per row returned. Nothing stays open on the side
// connection. Falls back to TakeSideSnapshot (the reads then scanned after
// the step) when a restated read fails.
bool ExplainRecorder::TakeSnapshotAndScan(int client, int step,
                                          const std::vector<std::string>& statements) {
  ClientState& state = Client(client);
  state.prescanned_step = -1;
  state.prescans.assign(statements.size(), std::nullopt);
  // Any connection will do, as nothing stays open: the scanner's, which all
  // clients share, so that one backend's caches serve every read of a run.
  if (state.holder_open) CloseSide(client);
  const int scanner_index = static_cast<int>(side_.size()) - 1;
  ControlConnection* side = Side(scanner_index);
  if (!side) return false;
  std::string sql = std::string(side_in_txn_[scanner_index] ? "ROLLBACK; " : "") +
                    "SELECT pg_current_snapshot()::text";
  std::vector<size_t> scanned;  // statement index of each scan
  for (size_t i = 0; i < statements.size(); ++i) {
    const ReadQuery& query = Analysis(statements[i]);
    if (query.kind != ReadQuery::Kind::kRows) continue;
    sql += ", " + ScansExpression(query);
    scanned.push_back(i);
  }
  StepOutcome outcome = side->Execute(sql);
  side_in_txn_[scanner_index] = false;
  if (outcome.error || outcome.results.empty() || outcome.results.back().rows.size() != 1 ||
      outcome.results.back().rows[0].size() != 1 + scanned.size()) {
    return TakeSideSnapshot(client);
  }
  const auto& row = outcome.results.back().rows[0];
  state.snapshot = row[0].value_or("");
  state.prescan_snapshot = state.snapshot;
  for (size_t k = 0; k < scanned.size(); ++k)
    state.prescans[scanned[k]] = row[1 + k].value_or("[]");
  state.prescanned_step = step;
  return true;
}

const ReadQuery& ExplainRecorder::Analysis(const std::string& statement) {
  auto found = analyses_.find(statement);
  if (found != analyses_.end()) return found->second;
  if (analyses_.size() >= 4096) analyses_.clear();  // texts with ever new values
  return analyses_.emplace(statement, AnalyzeReads(statement)).first->second;
}

bool ExplainRecorder::NewestSnapshot(int step, std::string* snapshot) {
  // The write trigger's, when the step wrote: taken after the lock was got.
  for (const auto& state : clients_) {
    for (auto write = state->writes.rbegin(); write != state->writes.rend(); ++write) {
      if (write->value("step", -1) != step || !write->contains("snapshot") ||
          !(*write)["snapshot"].is_string())
        continue;
      *snapshot = (*write)["snapshot"].get<std::string>();
      return true;
    }
  }
  const int scanner_index = static_cast<int>(side_.size()) - 1;
  ControlConnection* scanner = Side(scanner_index);
  if (!scanner) return false;
  StepOutcome outcome =
      scanner->Execute(std::string(side_in_txn_[scanner_index] ? "ROLLBACK; " : "") +
                       "SELECT pg_current_snapshot()::text");
  side_in_txn_[scanner_index] = false;
  if (outcome.error || outcome.results.empty() || outcome.results.back().rows.empty()) return false;
  *snapshot = outcome.results.back().rows.front()[0].value_or("");
  return !snapshot->empty();
}

void ExplainRecorder::StartTxn(int client, int step) {
  ClientState& state = Client(client);
  TxnRecord txn;
  txn.id = static_cast<int>(history_.txns.size());
  txn.client = client;
  txn.client_name = state.name;
  txn.attempt = state.attempt;
  txn.outcome = TxnRecord::Outcome::kOpen;
  history_.txns.push_back(txn);
  state.txn = txn.id;
  state.txn_level = state.session_level;
  state.txn_snapshot_fixed = false;
  state.deferrable = false;
}

void ExplainRecorder::EndTxn(int client, TxnRecord::Outcome outcome) {
  ClientState& state = Client(client);
  if (state.txn < 0) return;
  TxnRecord& txn = history_.txns[state.txn];
  txn.outcome = outcome;
  if (outcome == TxnRecord::Outcome::kCommitted) {
    int committed = 0;
    for (const TxnRecord& other : history_.txns)
      if (other.commit_order >= 0) ++committed;
    txn.commit_order = committed;
  }
  state.txn = -1;
  state.in_block = false;
  state.txn_snapshot_fixed = false;
}

void ExplainRecorder::BeforeSend(int client, int step, const std::string& sql) {
  if (!installed_ || client < 0 || client >= static_cast<int>(clients_.size())) return;
  ClientState& state = Client(client);
  const std::vector<std::string> statements = SplitStatements(sql);
  // A statement that may want an exclusive lock must not wait for the side
  // connection, which holds ACCESS SHARE on the tables it last scanned.
  for (const std::string& statement : statements) {
    if (MayWantExclusiveLock(statement)) {
      CloseSide(static_cast<int>(side_.size()) - 1);
      break;
    }
  }
  if (state.txn < 0) StartTxn(client, step);
  bool reads = false;
  bool takes_snapshot = false;
  bool begins = state.in_block;
  Isolation level = state.in_block ? state.txn_level : state.session_level;
  for (const std::string& statement : statements) {
    const std::string word = FirstKeyword(statement);
    if (word == "BEGIN" || word == "START") {
      begins = true;
      level = LevelNamed(statement).value_or(state.session_level);
    }
    takes_snapshot = takes_snapshot || TakesSnapshot(statement);
    reads = reads || Analysis(statement).kind != ReadQuery::Kind::kNone;
  }
  const bool per_transaction = begins && SnapshotPerTransaction(level);
  const bool kept = per_transaction && state.in_block && state.txn_snapshot_fixed;
  // At REPEATABLE READ the first statement that takes a snapshot fixes the
  // transaction's, which later reads use. Other steps that read nothing need
  // no snapshot.
  // A snapshot for this step alone: its reads are scanned with it at once.
  state.prescanned_step = -1;
  if (takes_snapshot && !kept && reads && !per_transaction) {
    TakeSnapshotAndScan(client, step, statements);
  } else if (takes_snapshot && !kept && (reads || per_transaction)) {
    TakeSideSnapshot(client);
  }
}

bool ExplainRecorder::TakeNotice(int client, int step, const std::string& formatted) {
  const size_t at = formatted.find(kWriteNoticePrefix);
  if (at == std::string::npos) return false;
  if (!installed_ || client < 0 || client >= static_cast<int>(clients_.size())) return true;
  ClientState& state = Client(client);
  nlohmann::json write = nlohmann::json::parse(formatted.substr(at + strlen(kWriteNoticePrefix)),
                                               nullptr, /*allow_exceptions=*/false);
  if (write.is_discarded() || !write.is_object()) return true;
  write["txn"] = state.txn;
  write["step"] = step;
  state.writes.push_back(std::move(write));
  return true;
}

// ON CONFLICT's look-up read the newest committed version of the rows it
// conflicted with: scanned now, in a snapshot taken after the statement
// completed (its own new rows, uncommitted, are not seen: no edge).
void ExplainRecorder::RecordConflictLookUp(const StepTrace& done, int step, const ReadScan& scan) {
  ClientState& state = Client(done.client);
  PendingRead read;
  read.txn = state.txn;
  read.step = step;
  read.step_name = done.step_name;
  read.query.kind = ReadQuery::Kind::kRows;
  read.query.statement_type = "INSERT";
  read.query.scans = {scan};
  const int scanner_index = static_cast<int>(side_.size()) - 1;
  ControlConnection* scanner = Side(scanner_index);
  if (!scanner) return;
  StepOutcome outcome =
      scanner->Execute(std::string(side_in_txn_[scanner_index] ? "ROLLBACK; " : "") +
                       "SELECT pg_current_snapshot()::text, " + ScansExpression(read.query));
  side_in_txn_[scanner_index] = false;
  if (outcome.error || outcome.results.empty() || outcome.results.back().rows.size() != 1 ||
      outcome.results.back().rows[0].size() != 2) {
    read.query.kind = ReadQuery::Kind::kUnanalysable;
    read.query.why_unanalysable =
        "the look-up of ON CONFLICT could not be restated" +
        (outcome.error ? " (" + outcome.error->message + ")" : std::string());
  } else {
    const auto& row = outcome.results.back().rows[0];
    read.snapshot = row[0].value_or("");
    read.rows = ScansRows(read.query, row[1].value_or("[]"));
  }
  state.reads.push_back(std::move(read));
}

void ExplainRecorder::RecordReads(const Trace& trace, int step) {
  const StepTrace& done = trace.steps[step];
  ClientState& state = Client(done.client);
  const std::vector<std::string> statements = SplitStatements(done.sql);
  const size_t succeeded = std::min(statements.size(), done.results.size());
  for (size_t i = 0; i < succeeded; ++i) {
    const ReadQuery& query = Analysis(statements[i]);
    if (query.conflict_scan) RecordConflictLookUp(done, step, *query.conflict_scan);
    if (query.kind == ReadQuery::Kind::kNone) continue;
    PendingRead read;
    read.txn = state.txn;
    read.step = step;
    read.step_name = done.step_name;
    read.query = query;
    const bool prescanned =
        state.prescanned_step == step && i < state.prescans.size() && state.prescans[i].has_value();
    if (query.kind == ReadQuery::Kind::kRows && prescanned) {
      read.snapshot = state.prescan_snapshot;
      read.rows = ScansRows(query, *state.prescans[i]);
      if (query.locking && done.blocked && !SnapshotPerTransaction(state.txn_level))
        NewestSnapshot(step, &read.newest_snapshot);
    } else if (query.kind == ReadQuery::Kind::kRows) {
      ControlConnection* scanner = Side(static_cast<int>(side_.size()) - 1);
      if (scanner && !state.snapshot_name.empty()) {
        std::string sql =
            "ROLLBACK; BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; "
            "SET TRANSACTION SNAPSHOT '" +
            state.snapshot_name + "'";
        StepOutcome scan = scanner->Execute(sql + "; SELECT " + ScansExpression(query));
        side_in_txn_.back() = true;
        if (!scan.error && scan.results.size() == 1 && scan.results[0].rows.size() == 1 &&
            !scan.results[0].rows[0].empty() && scan.results[0].rows[0][0]) {
          read.snapshot = state.snapshot;
          read.rows = ScansRows(query, *scan.results[0].rows[0][0]);
          // EvalPlanQual: a locking statement that waited at READ COMMITTED
          // re-read, once it got its locks, the newest version of each row its
          // own snapshot had matched (and only of those). Its rows are named in
          // its snapshot; their versions are the newest as it completed.
          if (query.locking && done.blocked && !SnapshotPerTransaction(state.txn_level))
            NewestSnapshot(step, &read.newest_snapshot);
        } else {
          read.query.kind = ReadQuery::Kind::kUnanalysable;
          read.query.why_unanalysable =
              "its reads could not be restated" +
              (scan.error ? " (" + scan.error->message + ")" : std::string());
        }
      }
    }
    state.reads.push_back(std::move(read));
  }
}

void ExplainRecorder::AfterComplete(const Trace& trace, int step) {
  if (!installed_ || step < 0 || step >= static_cast<int>(trace.steps.size())) return;
  const StepTrace& done = trace.steps[step];
  if (done.client < 0 || done.client >= static_cast<int>(clients_.size())) return;
  ClientState& state = Client(done.client);
  if (state.txn < 0) StartTxn(done.client, step);
  state.attempt = done.attempt;
  history_.txns[state.txn].attempt = done.attempt;
  auto& steps = history_.txns[state.txn].steps;
  if (steps.empty() || steps.back() != done.step_name) steps.push_back(done.step_name);

  const std::vector<std::string> statements = SplitStatements(done.sql);
  const size_t succeeded = std::min(statements.size(), done.results.size());
  // Transaction control first, so that reads are filed under the right level.
  for (size_t i = 0; i < succeeded; ++i) {
    const std::string word = FirstKeyword(statements[i]);
    if (word == "BEGIN" || word == "START") {
      state.in_block = true;
      state.txn_level = LevelNamed(statements[i]).value_or(state.session_level);
      state.deferrable = AsciiUpper(statements[i]).find("DEFERRABLE") != std::string::npos &&
                         AsciiUpper(statements[i]).find("NOT DEFERRABLE") == std::string::npos;
      break;
    }
    if (word == "SET" && AsciiUpper(statements[i]).find("SET TRANSACTION") == 0) {
      state.txn_level = LevelNamed(statements[i]).value_or(state.txn_level);
    }
    if (word == "SET" &&
        AsciiUpper(statements[i]).find("SESSION CHARACTERISTICS") != std::string::npos) {
      state.session_level = LevelNamed(statements[i]).value_or(state.session_level);
    }
  }
  // A DEFERRABLE transaction's snapshot is taken when its wait for a safe
  // one ends: take the side snapshot now (nothing ran since), and read in it.
  if (done.blocked && state.deferrable && done.wait_kind == kSafeSnapshotWait)
    TakeSideSnapshot(done.client);
  RecordReads(trace, step);
  for (const std::string& statement : statements) {
    const std::string word = FirstKeyword(statement);
    if (word != "UPDATE" && word != "INSERT") continue;
    const ReadQuery& query = Analysis(statement);
    if (query.set_reads_row) computed_steps_.insert(step);
    for (const auto& [table, columns] : query.set_columns)
      set_columns_[step][table].insert(columns.begin(), columns.end());
  }
  for (size_t i = 0; i < succeeded; ++i) {
    if (TakesSnapshot(statements[i]) && SnapshotPerTransaction(state.txn_level))
      state.txn_snapshot_fixed = true;
    const std::string word = FirstKeyword(statements[i]);
    if (word == "PREPARE") {
      EndTxn(done.client, TxnRecord::Outcome::kOpen);
      break;
    }
    switch (TransactionEndOfStatement(statements[i], done.results[i].command_tag)) {
      case TransactionEnd::kCommitted:
        EndTxn(done.client, TxnRecord::Outcome::kCommitted);
        break;
      case TransactionEnd::kRolledBack:
        EndTxn(done.client, TxnRecord::Outcome::kAborted);
        break;
      default:
        break;
    }
    if (state.txn < 0 && i + 1 < succeeded) StartTxn(done.client, step);
  }
  if (state.txn >= 0 && !state.in_block) {
    // An autocommit step (one statement, or several in one implicit
    // transaction) commits when it succeeds.
    EndTxn(done.client, done.error ? TxnRecord::Outcome::kAborted : TxnRecord::Outcome::kCommitted);
  }
}

void ExplainRecorder::ClientRolledBack(int client) {
  if (!installed_ || client < 0 || client >= static_cast<int>(clients_.size())) return;
  EndTxn(client, TxnRecord::Outcome::kAborted);
}

History ExplainRecorder::Finish(ControlConnection& control, const Trace& trace) {
  if (!installed_) return history_;
  RecordedRun run;
  run.history = history_;
  for (size_t c = 0; c < clients_.size(); ++c) {
    if (clients_[c]->txn >= 0)
      run.history.txns[clients_[c]->txn].outcome = TxnRecord::Outcome::kAborted;
  }
  for (size_t c = 0; c < side_.size(); ++c) CloseSide(static_cast<int>(c));
  for (const auto& state : clients_) {
    run.writes.insert(run.writes.end(), state->writes.begin(), state->writes.end());
    run.reads.insert(run.reads.end(), state->reads.begin(), state->reads.end());
  }
  run.key_columns = key_columns_;
  run.computed_steps = computed_steps_;
  run.set_columns = set_columns_;
  return AssembleHistory(run, control, trace);
}

bool MayWriteInSubtransactions(const std::vector<std::string>& sql) {
  for (const std::string& text : sql) {
    const std::string upper = AsciiUpper(text);
    for (const char* word : {"SAVEPOINT", "EXCEPTION", "SUBTRANSACTION"})
      if (upper.find(word) != std::string::npos) return true;
  }
  return false;
}

}  // namespace interleave
