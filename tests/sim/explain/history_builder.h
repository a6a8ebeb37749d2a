// Builds a History by hand, event by event in server order, for the tests of
// the dependency graph. Not thread-safe; owns the History it builds.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "sim/model/history.h"

namespace interleave::explain_test {

class HistoryBuilder {
 public:
  using Outcome = TxnRecord::Outcome;

  // A row that exists before any client runs: its initial version.
  VersionId Initial(const std::string& table, const std::string& key,
                    const std::string& values = "") {
    VersionId version{table, key, -1, 0};
    latest_[version.row()] = version;
    values_[version.row()] = values;
    return version;
  }

  // A new transaction of `client`; committed ones get commit orders in the
  // order they are declared unless CommitOrder says otherwise.
  int Txn(const std::string& client, Outcome outcome = Outcome::kCommitted) {
    TxnRecord txn;
    txn.id = static_cast<int>(history_.txns.size()) + 1;
    auto [it, added] = clients_.emplace(client, static_cast<int>(clients_.size()));
    txn.client = it->second;
    txn.client_name = client;
    txn.attempt = 1;
    for (const TxnRecord& other : history_.txns)
      if (other.client == txn.client) ++txn.attempt;
    txn.outcome = outcome;
    txn.xid = 1000 + txn.id;
    if (outcome == Outcome::kCommitted) txn.commit_order = committed_++;
    history_.txns.push_back(txn);
    return txn.id;
  }

  // Sets the commit order: `ids` committed in this order.
  void CommitOrder(const std::vector<int>& ids) {
    for (size_t i = 0; i < ids.size(); ++i) Record(ids[i]).commit_order = static_cast<int>(i);
  }

  // An UPDATE (or, with no earlier version of the row, an INSERT) of one row.
  VersionId Write(int txn, const std::string& step, const std::string& table,
                  const std::string& key, const std::string& values) {
    return AddWrite(txn, step, table, key, values, false);
  }

  VersionId Delete(int txn, const std::string& step, const std::string& table,
                   const std::string& key) {
    return AddWrite(txn, step, table, key, "", true);
  }

  // An item read that returned these rows: (key, version, values).
  void Read(int txn, const std::string& step, const std::string& table,
            const std::vector<SeenRow>& rows) {
    AddStep(txn, step);
    ReadEvent read;
    read.txn = txn;
    read.step = step;
    read.table = table;
    read.rows_seen = rows;
    history_.reads.push_back(read);
  }

  // A predicate read: the rows it returned and the rows it did not.
  void PredicateRead(int txn, const std::string& step, const std::string& table,
                     const std::string& where, const std::vector<SeenRow>& rows,
                     const std::vector<MissedRow>& missed) {
    Read(txn, step, table, rows);
    history_.reads.back().predicate = true;
    history_.reads.back().predicate_text = where;
    history_.reads.back().predicate_missed = missed;
  }

  // The finished History, its version order derived from the writes.
  History Build() const {
    History history = history_;
    history.version_order = CommittedVersionOrder(history);
    return history;
  }

 private:
  TxnRecord& Record(int id) { return history_.txns.at(id - 1); }

  void AddStep(int txn, const std::string& step) {
    std::vector<std::string>& steps = Record(txn).steps;
    if (steps.empty() || steps.back() != step) steps.push_back(step);
  }

  VersionId AddWrite(int txn, const std::string& step, const std::string& table,
                     const std::string& key, const std::string& values, bool deleted) {
    AddStep(txn, step);
    RowRef row{table, key};
    WriteEvent write;
    write.txn = txn;
    write.step = step;
    write.table = table;
    write.key = key;
    auto latest = latest_.find(row);
    if (latest != latest_.end()) {
      write.replaced = latest->second;
      write.old_values = values_[row];
    }
    int seq = 0;
    for (const WriteEvent& earlier : history_.writes)
      if (earlier.txn == txn && earlier.installed.row() == row) ++seq;
    write.installed = VersionId{table, key, txn, seq};
    write.deleted = deleted;
    write.new_values = values;
    latest_[row] = write.installed;
    values_[row] = values;
    history_.writes.push_back(write);
    return write.installed;
  }

  History history_;
  std::map<std::string, int> clients_;
  std::map<RowRef, VersionId> latest_;
  std::map<RowRef, std::string> values_;
  int committed_ = 0;
};

}  // namespace interleave::explain_test
