#include "sim/explain/recorder.h"

#include <algorithm>
#include <cstring>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <tuple>

#include "sim/explain/read_query.h"
#include "sim/model/sql_text.h"
#include "sim/model/transaction_end.h"
#include "util/text_util.h"

namespace interleave {
namespace {

constexpr const char* kNoticePrefix = "interleave-explain ";

// The trigger function and its installer, made once per scratch database.
// Notices are not transactional: a write reaches the recorder even when its
// transaction later aborts.
constexpr const char* kInstallSql = R"sql(
CREATE SCHEMA IF NOT EXISTS interleave_explain;
CREATE SEQUENCE IF NOT EXISTS interleave_explain.write_seq;
CREATE OR REPLACE FUNCTION interleave_explain.log_write() RETURNS trigger
LANGUAGE plpgsql AS $fn$
DECLARE
  key_columns text[] := TG_ARGV;
  old_row jsonb;
  new_row jsonb;
  new_xmin text;
  condition text;
BEGIN
  IF TG_OP <> 'INSERT' THEN old_row := to_jsonb(OLD); END IF;
  IF TG_OP <> 'DELETE' THEN
    new_row := to_jsonb(NEW);
    IF array_length(key_columns, 1) > 0 THEN
      SELECT string_agg(format('%I = ($1).%I', c, c), ' AND ') INTO condition
        FROM unnest(key_columns) c;
      EXECUTE format('SELECT xmin::text FROM %I.%I WHERE %s', TG_TABLE_SCHEMA, TG_TABLE_NAME,
                     condition) INTO new_xmin USING NEW;
    END IF;
  END IF;
  RAISE NOTICE 'interleave-explain %', json_build_object(
    'seq', nextval('interleave_explain.write_seq'), 'xid', pg_current_xact_id()::text,
    'xmin', new_xmin, 'table', TG_TABLE_NAME, 'op', TG_OP, 'old', old_row, 'new', new_row)::text;
  RETURN NULL;
END
$fn$;
CREATE OR REPLACE FUNCTION interleave_explain.install() RETURNS SETOF text
LANGUAGE plpgsql AS $fn$
DECLARE
  t record;
  keys text[];
BEGIN
  FOR t IN SELECT c.oid, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') ORDER BY c.relname LOOP
    SELECT array_agg(a.attname::text ORDER BY array_position(i.indkey, a.attnum)) INTO keys
      FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
      WHERE i.indrelid = t.oid AND i.indisprimary;
    EXECUTE format('CREATE TRIGGER interleave_explain_writes AFTER INSERT OR UPDATE OR DELETE '
                   'ON public.%I FOR EACH ROW EXECUTE FUNCTION interleave_explain.log_write(%s)',
                   t.relname, coalesce((SELECT string_agg(quote_literal(k), ', ') FROM unnest(keys) k), ''));
    RETURN NEXT t.relname || '=' || coalesce(array_to_string(keys, ','), '');
  END LOOP;
END
$fn$;
)sql";

// Per run: the triggers on the tables setup made ("table=key1,key2" rows).
constexpr const char* kInstallTriggersSql = "SELECT interleave_explain.install()";

// The first keywords of statements that may want a lock that conflicts with
// the side connection's ACCESS SHARE on the tables it read (LOCK TABLE,
// ALTER TABLE, TRUNCATE, DROP ...): before one is sent, the side
// transaction that scanned is ended.
bool MayWantExclusiveLock(const std::string& statement) {
  static const std::set<std::string> kHarmless = {
      "SELECT", "INSERT",    "UPDATE",  "DELETE", "BEGIN", "START", "COMMIT", "END",   "ROLLBACK",
      "ABORT",  "SAVEPOINT", "RELEASE", "SET",    "SHOW",  "RESET", "VALUES", "TABLE", "WITH"};
  return kHarmless.count(FirstKeyword(statement)) == 0;
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

std::string JsonValueText(const nlohmann::json& value) {
  if (value.is_null()) return "NULL";
  if (value.is_string()) return value.get<std::string>();
  return value.dump();
}

// "id=1" from a row and its key columns (every column when there is no key).
std::string KeyText(const nlohmann::json& row, const std::vector<std::string>& key_columns) {
  std::string text;
  if (!row.is_object()) return text;
  if (key_columns.empty()) {
    for (const auto& [column, value] : row.items())
      text += (text.empty() ? "" : ", ") + column + "=" + JsonValueText(value);
    return text;
  }
  for (const std::string& column : key_columns) {
    text += (text.empty() ? "" : ", ") + column + "=" +
            JsonValueText(row.contains(column) ? row.at(column) : nlohmann::json());
  }
  return text;
}

// "peepcoins=70": the columns that are not the key (all of them for a row
// without a key), or only those that differ from `other` when given.
std::string ValuesText(const nlohmann::json& row, const std::vector<std::string>& key_columns,
                       const nlohmann::json* other = nullptr) {
  std::string text;
  if (!row.is_object()) return text;
  for (const auto& [column, value] : row.items()) {
    if (std::find(key_columns.begin(), key_columns.end(), column) != key_columns.end()) continue;
    if (other && other->is_object() && other->contains(column) && other->at(column) == value)
      continue;
    text += (text.empty() ? "" : ", ") + column + "=" + JsonValueText(value);
  }
  return text;
}

// A pg_snapshot's text form, "xmin:xmax:xip1,xip2".
struct Snapshot {
  long long xmin = 0;
  long long xmax = 0;
  std::set<long long> in_progress;
  bool valid = false;

  static Snapshot Parse(const std::string& text) {
    Snapshot snapshot;
    std::istringstream in(text);
    char colon = 0;
    if (!(in >> snapshot.xmin >> colon >> snapshot.xmax) || colon != ':') return snapshot;
    snapshot.valid = true;
    if (in.peek() == ':') {
      in.get();
      long long xid = 0;
      while (in >> xid) {
        snapshot.in_progress.insert(xid);
        if (in.peek() == ',') in.get();
      }
    }
    return snapshot;
  }
  bool Sees(long long xid) const {
    return xid < xmin || (xid < xmax && in_progress.count(xid) == 0);
  }
};

// Per table of `query`, (xmin, row) of each row `scan` returned.
std::vector<std::vector<std::pair<std::string, nlohmann::json>>> ScannedRows(
    const ReadQuery& query, const StatementResult& scan) {
  std::vector<std::vector<std::pair<std::string, nlohmann::json>>> rows(query.tables.size());
  for (const auto& row : scan.rows) {
    for (size_t t = 0; t < query.tables.size() && 2 * t + 1 < row.size(); ++t) {
      if (!row[2 * t] || !row[2 * t + 1]) continue;  // an outer join's missing side
      rows[t].emplace_back(*row[2 * t], nlohmann::json::parse(*row[2 * t + 1], nullptr, false));
    }
  }
  return rows;
}

// The same from a JSON array of rows, each [xmin, row, xmin, row ...].
std::vector<std::vector<std::pair<std::string, nlohmann::json>>> ScannedJsonRows(
    const ReadQuery& query, const std::string& scan) {
  std::vector<std::vector<std::pair<std::string, nlohmann::json>>> rows(query.tables.size());
  const nlohmann::json parsed = nlohmann::json::parse(scan, nullptr, false);
  if (!parsed.is_array()) return rows;
  for (const nlohmann::json& row : parsed) {
    if (!row.is_array()) continue;
    for (size_t t = 0; t < query.tables.size() && 2 * t + 1 < row.size(); ++t) {
      if (!row[2 * t].is_string() || row[2 * t + 1].is_null())
        continue;  // an outer join's missing side
      rows[t].emplace_back(row[2 * t].get<std::string>(), row[2 * t + 1]);
    }
  }
  return rows;
}

}  // namespace

// One statement's read as the side connection restated it.
struct ExplainRecorder::PendingRead {
  int txn = -1;
  int step = -1;  // trace step index
  std::string step_name;
  ReadQuery query;
  std::string snapshot;
  std::string newest_snapshot;  // set when the rows' newest versions were read (EvalPlanQual)
  // Per table of query.tables: (xmin, row) of each row returned.
  std::vector<std::vector<std::pair<std::string, nlohmann::json>>> rows;
};

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
                               const std::vector<Isolation>& levels) {
  history_ = History{};
  computed_steps_.clear();
  unavailable_.clear();
  key_columns_.clear();
  clients_.clear();
  for (size_t c = 0; c < client_names.size(); ++c) {
    auto state = std::make_unique<ClientState>();
    state->name = client_names[c];
    Isolation level = c < levels.size() ? levels[c] : Isolation::kDefault;
    state->session_level = level == Isolation::kDefault ? Isolation::kReadCommitted : level;
    clients_.push_back(std::move(state));
  }
  for (size_t c = 0; c < side_.size(); ++c) CloseSide(static_cast<int>(c));
  StepOutcome installed;
  if (functions_installed_) {
    installed = control.Execute(kInstallTriggersSql);
    if (installed.error) functions_installed_ = false;  // made again below
  }
  if (!functions_installed_) {
    installed = control.Execute(std::string(kInstallSql) + kInstallTriggersSql);
    functions_installed_ = !installed.error;
  }
  installed_ = !installed.error;
  if (installed.error) {
    unavailable_ = "the write triggers could not be installed: " + installed.error->message;
    return;
  }
  if (!installed.results.empty()) {
    for (const auto& row : installed.results.back().rows) {
      const std::string entry = row.empty() ? "" : row[0].value_or("");
      const size_t equals = entry.find('=');
      if (equals == std::string::npos) continue;
      std::vector<std::string> keys;
      std::string rest = entry.substr(equals + 1);
      size_t start = 0;
      while (start < rest.size()) {
        size_t comma = rest.find(',', start);
        if (comma == std::string::npos) comma = rest.size();
        keys.push_back(rest.substr(start, comma - start));
        start = comma + 1;
      }
      key_columns_[entry.substr(0, equals)] = keys;
    }
  }
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
  ControlConnection* side = Side(client);
  if (!side) return false;
  std::string sql =
      std::string(state.holder_open ? "COMMIT; " : "") + "SELECT pg_current_snapshot()::text";
  std::vector<size_t> scanned;  // statement index of each scan
  for (size_t i = 0; i < statements.size(); ++i) {
    ReadQuery query = AnalyzeReads(statements[i]);
    if (query.kind != ReadQuery::Kind::kRows) continue;
    std::string columns;
    for (size_t c = 0; c < 2 * query.tables.size(); ++c)
      columns += (c ? ", " : "") + ("interleave_c" + std::to_string(c));
    sql += ", (SELECT coalesce(jsonb_agg(jsonb_build_array(" + columns + ")), '[]') FROM (" +
           query.sql + ") AS interleave_q(" + columns + "))";
    scanned.push_back(i);
  }
  StepOutcome outcome = side->Execute(sql);
  state.holder_open = false;
  state.snapshot_name.clear();
  side_in_txn_[client] = false;
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
    reads = reads || AnalyzeReads(statement).kind != ReadQuery::Kind::kNone;
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
  const size_t at = formatted.find(kNoticePrefix);
  if (at == std::string::npos) return false;
  if (!installed_ || client < 0 || client >= static_cast<int>(clients_.size())) return true;
  ClientState& state = Client(client);
  nlohmann::json write = nlohmann::json::parse(formatted.substr(at + strlen(kNoticePrefix)),
                                               nullptr, /*allow_exceptions=*/false);
  if (write.is_discarded() || !write.is_object()) return true;
  write["txn"] = state.txn;
  write["step"] = step;
  state.writes.push_back(std::move(write));
  return true;
}

void ExplainRecorder::RecordReads(const Trace& trace, int step) {
  const StepTrace& done = trace.steps[step];
  ClientState& state = Client(done.client);
  const std::vector<std::string> statements = SplitStatements(done.sql);
  const size_t succeeded = std::min(statements.size(), done.results.size());
  for (size_t i = 0; i < succeeded; ++i) {
    ReadQuery query = AnalyzeReads(statements[i]);
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
      read.rows = ScannedJsonRows(query, *state.prescans[i]);
      if (query.locking && done.blocked && !SnapshotPerTransaction(state.txn_level) &&
          TakeSideSnapshot(done.client))
        read.newest_snapshot = state.snapshot;
    } else if (query.kind == ReadQuery::Kind::kRows) {
      ControlConnection* scanner = Side(static_cast<int>(side_.size()) - 1);
      if (scanner && !state.snapshot_name.empty()) {
        StepOutcome scan = scanner->Execute(
            "ROLLBACK; BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; "
            "SET TRANSACTION SNAPSHOT '" +
            state.snapshot_name + "'; " + query.sql);
        side_in_txn_.back() = true;
        if (!scan.error && !scan.results.empty()) {
          read.snapshot = state.snapshot;
          read.rows = ScannedRows(query, scan.results.back());
          // EvalPlanQual: a locking statement that waited at READ COMMITTED
          // re-read, once it got its locks, the newest version of each row its
          // own snapshot had matched (and only of those). Its rows are named in
          // its snapshot; their versions are the newest as it completed.
          if (query.locking && done.blocked && !SnapshotPerTransaction(state.txn_level) &&
              TakeSideSnapshot(done.client))
            read.newest_snapshot = state.snapshot;
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
  if (!done.blocked || !state.deferrable) RecordReads(trace, step);
  for (const std::string& statement : statements) {
    if (FirstKeyword(statement) == "UPDATE" && AnalyzeReads(statement).set_reads_row)
      computed_steps_.insert(step);
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
  History history = history_;
  if (!installed_) return history;
  for (size_t c = 0; c < clients_.size(); ++c) {
    if (clients_[c]->txn >= 0)
      history.txns[clients_[c]->txn].outcome = TxnRecord::Outcome::kAborted;
  }
  for (size_t c = 0; c < side_.size(); ++c) CloseSide(static_cast<int>(c));

  // Writes, in server order.
  std::vector<nlohmann::json> writes;
  for (const auto& state : clients_)
    writes.insert(writes.end(), state->writes.begin(), state->writes.end());
  std::sort(writes.begin(), writes.end(), [](const nlohmann::json& a, const nlohmann::json& b) {
    return a.value("seq", 0LL) < b.value("seq", 0LL);
  });
  std::map<std::string, int> txn_of_xmin;  // a version's xmin (or top xid) -> txn
  std::map<std::pair<std::string, std::string>, std::map<int, int>> writes_of;  // row -> txn -> n
  // Per row, the versions in server order: (writer txn, seq).
  std::map<std::pair<std::string, std::string>, std::vector<VersionId>> chain;
  // Each version's whole new row, by (table, key, writer txn, seq).
  std::map<std::tuple<std::string, std::string, int, int>, nlohmann::json> new_row_of;
  for (const nlohmann::json& write : writes) {
    const int txn = write.value("txn", -1);
    if (txn < 0 || txn >= static_cast<int>(history.txns.size())) continue;
    const std::string table = write.value("table", "");
    const auto& keys = key_columns_[table];
    const std::string op = write.value("op", "");
    const nlohmann::json old_row = write.contains("old") ? write["old"] : nlohmann::json();
    const nlohmann::json new_row = write.contains("new") ? write["new"] : nlohmann::json();
    const std::string key = KeyText(op == "DELETE" ? old_row : new_row, keys);
    const long long xid = std::stoll(write.value("xid", "0"));
    history.txns[txn].xid = xid;
    txn_of_xmin[write.value("xid", "")] = txn;
    if (write.contains("xmin") && write["xmin"].is_string()) txn_of_xmin[write["xmin"]] = txn;

    WriteEvent event;
    event.txn = txn;
    const int step = write.value("step", -1);
    event.step =
        step >= 0 && step < static_cast<int>(trace.steps.size()) ? trace.steps[step].step_name : "";
    event.table = table;
    event.key = key;
    event.deleted = op == "DELETE";
    event.computed_from_row = op == "UPDATE" && computed_steps_.count(step) > 0;
    // The version it replaced: the row's latest version by this transaction or
    // by a committed one (row locks make writers of one row take turns, and an
    // aborted writer's versions never became anyone's).
    const auto row_id = std::make_pair(table, op == "UPDATE" ? KeyText(old_row, keys) : key);
    if (op != "INSERT") {
      std::optional<VersionId> current;
      for (const VersionId& version : chain[row_id]) {
        if (version.writer_txn == txn || history.Committed(version.writer_txn)) current = version;
      }
      event.replaced = current ? *current : VersionId{table, row_id.second, -1, 0};
      event.old_values = ValuesText(old_row, keys, op == "UPDATE" ? &new_row : nullptr);
    }
    if (op != "DELETE")
      event.new_values = ValuesText(new_row, keys, op == "UPDATE" ? &old_row : nullptr);
    int& n = writes_of[{table, key}][txn];
    event.installed = VersionId{table, key, txn, n++};
    if (op != "DELETE") new_row_of[{table, key, txn, event.installed.seq}] = new_row;
    chain[{table, key}].push_back(event.installed);
    history.writes.push_back(event);
  }

  // Reads.
  for (const auto& state : clients_) {
    for (const PendingRead& pending : state->reads) {
      if (pending.query.kind == ReadQuery::Kind::kUnanalysable) {
        history.gaps.push_back(pending.step_name + "'s reads (" + pending.query.why_unanalysable +
                               ")");
      } else if (pending.query.partial) {
        history.gaps.push_back(pending.step_name + "'s reads inside a subquery");
      }
      if (pending.query.kind != ReadQuery::Kind::kRows) continue;
      const Snapshot snapshot = Snapshot::Parse(pending.snapshot);
      for (size_t t = 0; t < pending.query.tables.size() && t < pending.rows.size(); ++t) {
        const ReadTable& table = pending.query.tables[t];
        std::string name = table.table;
        if (name.rfind("public.", 0) == 0) name = name.substr(7);
        const auto& keys = key_columns_[name];
        ReadEvent read;
        read.txn = pending.txn;
        read.step = pending.step_name;
        read.table = name;
        std::set<std::string> seen_keys;
        for (const auto& [xmin, row] : pending.rows[t]) {
          SeenRow seen;
          seen.key = KeyText(row, keys);
          seen.values = ValuesText(row, keys);
          seen_keys.insert(seen.key);
          auto writer = txn_of_xmin.find(xmin);
          int writer_txn = writer == txn_of_xmin.end() ? -1 : writer->second;
          // The side connection shows committed versions; a transaction reads
          // its own writes made in earlier steps instead.
          for (const WriteEvent& own : history.writes) {
            if (own.txn != pending.txn || own.table != name || own.key != seen.key) continue;
            int own_step = -1;
            for (size_t s = 0; s < trace.steps.size(); ++s)
              if (trace.steps[s].step_name == own.step &&
                  trace.steps[s].client == trace.steps[pending.step].client)
                own_step = static_cast<int>(s);
            if (own_step >= 0 && own_step < pending.step) writer_txn = pending.txn;
          }
          int final_seq = 0;
          if (writer_txn >= 0) {
            auto counts = writes_of.find({name, seen.key});
            if (counts != writes_of.end() && counts->second.count(writer_txn))
              final_seq = counts->second.at(writer_txn) - 1;
          }
          seen.version = VersionId{name, seen.key, writer_txn, final_seq};
          if (!pending.newest_snapshot.empty() && writer_txn != pending.txn) {
            const Snapshot newest = Snapshot::Parse(pending.newest_snapshot);
            for (const VersionId& version : chain[{name, seen.key}]) {
              if (version.writer_txn != pending.txn && history.Committed(version.writer_txn) &&
                  newest.Sees(history.txns[version.writer_txn].xid) && history.IsFinal(version)) {
                seen.version = version;
                // The values it read are that version's, not the snapshot's.
                auto row = new_row_of.find({name, seen.key, version.writer_txn, version.seq});
                if (row != new_row_of.end()) seen.values = ValuesText(row->second, keys);
              }
            }
          }
          read.rows_seen.push_back(seen);
        }
        const bool single_table = pending.query.tables.size() == 1;
        read.predicate = single_table;
        read.predicate_text = single_table ? pending.query.where : "";
        if (single_table && snapshot.valid) {
          // Rows written by transactions the snapshot did not see, that the
          // read did not return: would their new version have matched?
          std::vector<std::pair<std::string, nlohmann::json>> candidates;
          for (const WriteEvent& write : history.writes) {
            if (write.table != name || write.txn == pending.txn || write.deleted) continue;
            if (!history.Committed(write.txn) || seen_keys.count(write.key)) continue;
            if (snapshot.Sees(history.txns[write.txn].xid)) continue;
            bool listed = false;
            for (const auto& candidate : candidates)
              listed = listed || candidate.first == write.key;
            if (listed) continue;
            for (const nlohmann::json& raw : writes) {
              if (raw.value("txn", -1) == write.txn && raw.value("table", "") == name &&
                  KeyText(raw.contains("new") ? raw["new"] : nlohmann::json(), keys) == write.key) {
                candidates.emplace_back(write.key, raw["new"]);
                break;
              }
            }
          }
          std::vector<bool> matches(candidates.size(), pending.query.where.empty());
          if (!candidates.empty() && !pending.query.where.empty()) {
            std::string values;
            for (size_t i = 0; i < candidates.size(); ++i) {
              std::string json = candidates[i].second.dump();
              std::string quoted = "'";
              for (char ch : json) quoted += ch == '\'' ? std::string("''") : std::string(1, ch);
              values += (i ? ", " : "") + ("(" + std::to_string(i) + ", " + quoted + "'::jsonb)");
            }
            StepOutcome evaluated =
                control.Execute("SELECT interleave_i, coalesce((" + pending.query.where +
                                "), false) FROM (VALUES " + values +
                                ") AS interleave_v(interleave_i, interleave_j), "
                                "LATERAL jsonb_populate_record(NULL::public." +
                                name + ", interleave_j) AS " + table.alias);
            if (!evaluated.error && !evaluated.results.empty()) {
              for (const auto& row : evaluated.results.back().rows) {
                const size_t i = std::stoul(row[0].value_or("0"));
                if (i < matches.size()) matches[i] = row[1].value_or("f") == "t";
              }
            }
          }
          for (size_t i = 0; i < candidates.size(); ++i) {
            MissedRow missed;
            missed.key = candidates[i].first;
            missed.matches = matches[i];
            // What the snapshot had of the row: the last version by a committed
            // transaction it sees, the initial one if the row existed before
            // (its first write was not an insert), or nothing.
            for (const WriteEvent& write : history.writes) {
              if (write.table != name || write.key != missed.key) continue;
              if (!missed.seen && write.replaced && write.replaced->writer_txn < 0)
                missed.seen = *write.replaced;
              if (history.Committed(write.txn) && snapshot.Sees(history.txns[write.txn].xid) &&
                  history.IsFinal(write.installed))
                missed.seen = write.installed;
            }
            read.predicate_missed.push_back(missed);
          }
        }
        history.reads.push_back(read);
      }
    }
  }
  history.version_order = CommittedVersionOrder(history);
  return history;
}

}  // namespace interleave
