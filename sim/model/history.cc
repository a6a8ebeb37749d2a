#include "sim/model/history.h"

#include <algorithm>
#include <set>

namespace interleave {

const TxnRecord* History::Txn(int id) const {
  for (const TxnRecord& txn : txns)
    if (txn.id == id) return &txn;
  return nullptr;
}

bool History::Committed(int id) const {
  const TxnRecord* txn = Txn(id);
  return txn != nullptr && txn->outcome == TxnRecord::Outcome::kCommitted;
}

const WriteEvent* History::WriteOf(const VersionId& version) const {
  if (version.writer_txn < 0) return nullptr;
  for (const WriteEvent& write : writes)
    if (write.installed == version) return &write;
  return nullptr;
}

bool History::IsFinal(const VersionId& version) const {
  if (version.writer_txn < 0) return true;
  for (const WriteEvent& write : writes)
    if (write.txn == version.writer_txn && write.installed.row() == version.row() &&
        write.installed.seq > version.seq)
      return false;
  return true;
}

std::map<RowRef, std::vector<VersionId>> CommittedVersionOrder(const History& history) {
  std::map<RowRef, std::vector<VersionId>> order;
  auto note_initial = [&](const VersionId& version) {
    if (version.writer_txn >= 0) return;
    std::vector<VersionId>& versions = order[version.row()];
    if (versions.empty() || versions.front().writer_txn >= 0)
      versions.insert(versions.begin(), version);
  };
  for (const WriteEvent& write : history.writes)
    if (write.replaced) note_initial(*write.replaced);
  for (const ReadEvent& read : history.reads) {
    for (const SeenRow& row : read.rows_seen) note_initial(row.version);
    for (const MissedRow& row : read.predicate_missed)
      if (row.seen) note_initial(*row.seen);
  }
  // A row's writers are serialized by its row lock, so the server order of
  // their final writes is the order the versions were installed in.
  for (const WriteEvent& write : history.writes) {
    if (!history.Committed(write.txn) || !history.IsFinal(write.installed)) continue;
    order[write.installed.row()].push_back(write.installed);
  }
  return order;
}

namespace {

// The 1-based position of `txn` among its client's transactions, and how
// many the client has.
std::pair<int, int> PositionInClient(const History& history, int txn) {
  const TxnRecord* record = history.Txn(txn);
  if (record == nullptr) return {1, 1};
  std::set<int> ids;
  for (const TxnRecord& other : history.txns)
    if (other.client == record->client) ids.insert(other.id);
  int position = static_cast<int>(std::distance(ids.begin(), ids.find(txn))) + 1;
  return {position, static_cast<int>(ids.size())};
}

std::string WithPosition(const History& history, int txn, const std::string& name) {
  auto [position, count] = PositionInClient(history, txn);
  if (count <= 1) return name;
  return name + "#" + std::to_string(position);
}

}  // namespace

std::string TxnLabel(const History& history, int txn) {
  const TxnRecord* record = history.Txn(txn);
  if (record == nullptr) return txn < 0 ? "setup" : "T" + std::to_string(txn);
  return WithPosition(history, txn, record->client_name);
}

std::string StepLabel(const History& history, int txn, const std::string& step) {
  return WithPosition(history, txn, step);
}

}  // namespace interleave
