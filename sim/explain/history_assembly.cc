#include "sim/explain/history_assembly.h"

#include <algorithm>
#include <optional>
#include <tuple>

#include "sim/explain/pg_snapshot.h"
#include "sim/explain/row_text.h"

namespace interleave {
namespace {

using RowKey = std::pair<std::string, std::string>;  // (table, key)

std::string QuoteIdent(const std::string& name) {
  std::string quoted = "\"";
  for (char c : name) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  return quoted + "\"";
}

std::string QuoteLiteral(const std::string& text) {
  std::string quoted = "'";
  for (char c : text) quoted += c == '\'' ? std::string("''") : std::string(1, c);
  return quoted + "'";
}

// What the writes tell about the rows' versions, as the reads need it.
struct Versions {
  std::map<std::string, int> txn_of_xmin;          // a version's xmin (or top xid) -> txn
  std::map<RowKey, std::map<int, int>> writes_of;  // row -> txn -> number of writes
  std::map<RowKey, std::vector<VersionId>> chain;  // row -> versions in server order
  std::map<std::tuple<std::string, std::string, int, int>, nlohmann::json> new_row_of;
  std::vector<nlohmann::json> writes;  // the notices in server order
};

void AddWrites(const RecordedRun& run, const Trace& trace, History& history, Versions& v) {
  v.writes = run.writes;
  std::sort(v.writes.begin(), v.writes.end(), [](const nlohmann::json& a, const nlohmann::json& b) {
    return a.value("seq", 0LL) < b.value("seq", 0LL);
  });
  static const std::vector<std::string> kNoKey;
  for (const nlohmann::json& write : v.writes) {
    const int txn = write.value("txn", -1);
    if (txn < 0 || txn >= static_cast<int>(history.txns.size())) continue;
    const std::string table = write.value("table", "");
    auto keys_it = run.key_columns.find(table);
    const auto& keys = keys_it == run.key_columns.end() ? kNoKey : keys_it->second;
    const std::string op = write.value("op", "");
    const nlohmann::json old_row = write.contains("old") ? write["old"] : nlohmann::json();
    const nlohmann::json new_row = write.contains("new") ? write["new"] : nlohmann::json();
    const std::string key = KeyText(op == "DELETE" ? old_row : new_row, keys);
    const long long xid = std::stoll(write.value("xid", "0"));
    history.txns[txn].xid = xid;
    v.txn_of_xmin[write.value("xid", "")] = txn;
    if (write.contains("xmin") && write["xmin"].is_string()) v.txn_of_xmin[write["xmin"]] = txn;

    WriteEvent event;
    event.txn = txn;
    const int step = write.value("step", -1);
    event.step =
        step >= 0 && step < static_cast<int>(trace.steps.size()) ? trace.steps[step].step_name : "";
    event.table = table;
    event.key = key;
    event.deleted = op == "DELETE";
    event.computed_from_row = op == "UPDATE" && run.computed_steps.count(step) > 0;
    // The columns the statement set: those its SET names (and any others
    // that changed), or, when that is not known, those that changed.
    const std::set<std::string>* set = nullptr;
    std::set<std::string> set_and_changed;
    if (op == "UPDATE") {
      auto by_step = run.set_columns.find(step);
      if (by_step != run.set_columns.end()) {
        auto by_table = by_step->second.find(table);
        if (by_table == by_step->second.end()) by_table = by_step->second.find("public." + table);
        if (by_table != by_step->second.end()) {
          set_and_changed = by_table->second;
          if (new_row.is_object() && old_row.is_object()) {
            for (const auto& [column, value] : new_row.items())
              if (!old_row.contains(column) || old_row.at(column) != value)
                set_and_changed.insert(column);
          }
          set = &set_and_changed;
          event.columns_set.assign(set_and_changed.begin(), set_and_changed.end());
        }
      }
    }
    // The version it replaced: the row's latest version by this transaction or
    // by a committed one (row locks make writers of one row take turns, and an
    // aborted writer's versions never became anyone's).
    const RowKey row_id{table, op == "UPDATE" ? KeyText(old_row, keys) : key};
    if (op != "INSERT") {
      std::optional<VersionId> current;
      for (const VersionId& version : v.chain[row_id]) {
        if (version.writer_txn == txn || history.Committed(version.writer_txn)) current = version;
      }
      event.replaced = current ? *current : VersionId{table, row_id.second, -1, 0};
      event.old_values = set ? ValuesText(old_row, keys, nullptr, set)
                             : ValuesText(old_row, keys, op == "UPDATE" ? &new_row : nullptr);
    }
    if (op != "DELETE") {
      event.new_values = set ? ValuesText(new_row, keys, nullptr, set)
                             : ValuesText(new_row, keys, op == "UPDATE" ? &old_row : nullptr);
    }
    int& n = v.writes_of[{table, key}][txn];
    event.installed = VersionId{table, key, txn, n++};
    if (op != "DELETE") v.new_row_of[{table, key, txn, event.installed.seq}] = new_row;
    v.chain[{table, key}].push_back(event.installed);
    history.writes.push_back(event);
  }
}

// Per candidate row (key, new row), whether `match_sql` (the scan with the
// table replaced by the candidate) matches it.
std::vector<bool> Matches(ControlConnection& control, const std::string& table,
                          const std::string& match_sql,
                          const std::vector<std::pair<std::string, nlohmann::json>>& candidates) {
  std::vector<bool> matches(candidates.size(), false);
  if (candidates.empty() || match_sql.empty()) return matches;
  std::string sql;
  for (size_t i = 0; i < candidates.size(); ++i) {
    if (i) sql += " UNION ALL ";
    sql += "(WITH interleave_candidate AS (SELECT * FROM jsonb_populate_record(NULL::public." +
           QuoteIdent(table) + ", " + QuoteLiteral(candidates[i].second.dump()) +
           "::jsonb)) SELECT " + std::to_string(i) + ", EXISTS (" + match_sql + "))";
  }
  StepOutcome evaluated = control.Execute(sql);
  if (evaluated.error || evaluated.results.empty()) return matches;
  for (const auto& row : evaluated.results.back().rows) {
    const size_t i = std::stoul(row[0].value_or("0"));
    if (i < matches.size()) matches[i] = row[1].value_or("f") == "t";
  }
  return matches;
}

// The read of one table by one scan.
ReadEvent TableRead(const RecordedRun& run, const PendingRead& pending, const ReadScan& scan,
                    size_t t, const ScannedTable& rows, ControlConnection& control,
                    const Trace& trace, const History& history, const Versions& v) {
  static const std::vector<std::string> kNoKey;
  const PgSnapshot snapshot = PgSnapshot::Parse(pending.snapshot);
  const ReadTable& table = scan.tables[t];
  std::string name = table.table;
  if (name.rfind("public.", 0) == 0) name = name.substr(7);
  auto keys_it = run.key_columns.find(name);
  const auto& keys = keys_it == run.key_columns.end() ? kNoKey : keys_it->second;
  const std::set<std::string> columns(table.columns.begin(), table.columns.end());
  const std::set<std::string>* only = table.all_columns ? nullptr : &columns;
  ReadEvent read;
  read.txn = pending.txn;
  read.step = pending.step_name;
  read.table = name;
  std::set<std::string> seen_keys;
  for (const auto& [xmin, row] : rows) {
    SeenRow seen;
    seen.key = KeyText(row, keys);
    if (!seen_keys.insert(seen.key).second) continue;  // a join returns a row once per partner
    seen.values = ValuesText(row, keys, nullptr, only);
    auto writer = v.txn_of_xmin.find(xmin);
    int writer_txn = writer == v.txn_of_xmin.end() ? -1 : writer->second;
    // The side connection shows committed versions; a transaction reads its
    // own writes made in earlier steps instead.
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
      auto counts = v.writes_of.find({name, seen.key});
      if (counts != v.writes_of.end() && counts->second.count(writer_txn))
        final_seq = counts->second.at(writer_txn) - 1;
    }
    seen.version = VersionId{name, seen.key, writer_txn, final_seq};
    if (!pending.newest_snapshot.empty() && writer_txn != pending.txn) {
      const PgSnapshot newest = PgSnapshot::Parse(pending.newest_snapshot);
      auto chain = v.chain.find({name, seen.key});
      for (const VersionId& version :
           chain == v.chain.end() ? std::vector<VersionId>() : chain->second) {
        if (version.writer_txn != pending.txn && history.Committed(version.writer_txn) &&
            newest.Sees(history.txns[version.writer_txn].xid) && history.IsFinal(version)) {
          seen.version = version;
          // The values it read are that version's, not the snapshot's.
          auto newer = v.new_row_of.find({name, seen.key, version.writer_txn, version.seq});
          if (newer != v.new_row_of.end())
            seen.values = ValuesText(newer->second, keys, nullptr, only);
        }
      }
    }
    read.rows_seen.push_back(seen);
  }
  const std::string match_sql = t < scan.match_sql.size() ? scan.match_sql[t] : "";
  read.predicate = !match_sql.empty();
  read.predicate_text = scan.where;
  if (!read.predicate || !snapshot.valid) return read;
  // Rows written by transactions the snapshot did not see, that the read did
  // not return: would their new version have matched?
  std::vector<std::pair<std::string, nlohmann::json>> candidates;
  for (const WriteEvent& write : history.writes) {
    if (write.table != name || write.txn == pending.txn || write.deleted) continue;
    if (!history.Committed(write.txn) || seen_keys.count(write.key)) continue;
    if (snapshot.Sees(history.txns[write.txn].xid)) continue;
    bool listed = false;
    for (const auto& candidate : candidates) listed = listed || candidate.first == write.key;
    if (listed) continue;
    for (const nlohmann::json& raw : v.writes) {
      if (raw.value("txn", -1) == write.txn && raw.value("table", "") == name &&
          KeyText(raw.contains("new") ? raw["new"] : nlohmann::json(), keys) == write.key) {
        candidates.emplace_back(write.key, raw["new"]);
        break;
      }
    }
  }
  const std::vector<bool> matches = Matches(control, name, match_sql, candidates);
  for (size_t i = 0; i < candidates.size(); ++i) {
    MissedRow missed;
    missed.key = candidates[i].first;
    missed.matches = matches[i];
    // What the snapshot had of the row: the last version by a committed
    // transaction it sees, the initial one if the row existed before (its
    // first write was not an insert), or nothing.
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
  // Rows the snapshot has in a committed version by another transaction that
  // the read did not return, whose version before that transaction matched:
  // the read saw them leave the predicate (or be deleted).
  std::vector<std::pair<std::string, nlohmann::json>> left;
  std::vector<const WriteEvent*> left_writes;
  for (size_t w = 0; w < history.writes.size(); ++w) {
    const WriteEvent& write = history.writes[w];
    if (write.table != name || write.txn == pending.txn || seen_keys.count(write.key)) continue;
    if (!history.Committed(write.txn) || !snapshot.Sees(history.txns[write.txn].xid) ||
        !history.IsFinal(write.installed))
      continue;
    bool superseded = false;  // a later version the snapshot also has
    for (size_t later = w + 1; later < history.writes.size(); ++later) {
      const WriteEvent& next = history.writes[later];
      superseded = superseded ||
                   (next.table == name && next.key == write.key &&
                    (next.txn == pending.txn ||
                     (history.Committed(next.txn) && snapshot.Sees(history.txns[next.txn].xid))));
    }
    if (superseded) continue;
    // The row as it was before the writer's first write of it.
    for (const nlohmann::json& raw : v.writes) {
      if (raw.value("txn", -1) != write.txn || raw.value("table", "") != name ||
          !raw.contains("old") || !raw["old"].is_object())
        continue;
      if (KeyText(raw["old"], keys) != write.key) continue;
      left.emplace_back(write.key, raw["old"]);
      left_writes.push_back(&write);
      break;
    }
  }
  const std::vector<bool> matched_before = Matches(control, name, match_sql, left);
  for (size_t i = 0; i < left.size(); ++i) {
    if (!matched_before[i]) continue;
    SeenRow seen;
    seen.key = left[i].first;
    seen.version = left_writes[i]->installed;
    seen.values = left_writes[i]->deleted ? "" : left_writes[i]->new_values;
    read.predicate_left.push_back(seen);
  }
  return read;
}

}  // namespace

History AssembleHistory(const RecordedRun& run, ControlConnection& control, const Trace& trace) {
  History history = run.history;
  Versions versions;
  AddWrites(run, trace, history, versions);
  for (const PendingRead& pending : run.reads) {
    if (pending.query.kind == ReadQuery::Kind::kUnanalysable) {
      history.gaps.push_back(pending.step_name + "'s reads (" + pending.query.why_unanalysable +
                             ")");
    } else if (pending.query.partial) {
      history.gaps.push_back(pending.step_name + "'s reads (" + pending.query.partial_why + ")");
    }
    if (pending.query.kind != ReadQuery::Kind::kRows) continue;
    for (size_t s = 0; s < pending.query.scans.size() && s < pending.rows.size(); ++s) {
      const ReadScan& scan = pending.query.scans[s];
      for (size_t t = 0; t < scan.tables.size() && t < pending.rows[s].size(); ++t) {
        history.reads.push_back(TableRead(run, pending, scan, t, pending.rows[s][t], control, trace,
                                          history, versions));
      }
    }
  }
  history.version_order = CommittedVersionOrder(history);
  return history;
}

}  // namespace interleave
