// UnitsOf walks the plan's steps client by client; ConflictsOfRun gathers
// each unit's footprint (rows and tables read and written, or "conflicts
// with everything") from the trace and its history, then compares every two
// units of different clients.
// Thread-safety: pure functions.
#include "sim/run/run_conflicts.h"

#include <algorithm>
#include <cctype>
#include <optional>
#include <set>

#include "sim/explain/read_query.h"
#include "sim/model/sql_text.h"
#include "sim/model/transaction_end.h"

namespace interleave {

StepUnits UnitsOf(const Scenario& scenario, const Plan& plan) {
  StepUnits units;
  for (const Client& client : scenario.clients)
    units.steps_per_client.push_back(client.steps.size());
  std::map<std::string, std::pair<size_t, size_t>> scheduled;
  for (size_t c = 0; c < scenario.clients.size(); ++c) {
    for (size_t s = 0; s < scenario.clients[c].steps.size(); ++s) {
      scheduled[scenario.clients[c].steps[s].name] = {c, s};
    }
  }
  for (size_t c = 0; c < plan.clients.size() && c < scenario.clients.size(); ++c) {
    std::optional<size_t> last;
    std::vector<std::string> leading;  // added before the client's first step
    for (const Step& step : plan.clients[c].steps) {
      auto found = scheduled.find(step.name);
      if (found != scheduled.end() && found->second.first == c) {
        last = found->second.second;
        for (const std::string& name : leading) units.unit_of[name] = {c, *last};
        leading.clear();
        units.unit_of[step.name] = found->second;
      } else if (last) {
        units.unit_of[step.name] = {c, *last};
      } else {
        leading.push_back(step.name);
      }
    }
  }
  return units;
}

namespace {

// What one unit did in one run.
struct Footprint {
  bool with_all = false;  // conflicts with every step of every other client
  bool free = true;       // only BEGINs that ran at once: conflicts with nothing
  bool recorded = false;  // some read or write of it was recorded
  bool locking = false;   // a locking read: its reads count as writes
  std::set<std::string> tables_written;
  std::set<std::string> tables_inserted_deleted;
  std::set<std::string> tables_scanned;  // predicate reads
  std::set<std::string> tables_read;     // any read
  std::set<RowRef> rows_written;
  std::set<RowRef> rows_read;
};

std::string Lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

// Functions whose result or effect depends on what other sessions did
// before, whatever rows they touch.
bool CallsOrderDependentFunction(const std::string& sql) {
  const std::string text = Lower(sql);
  for (const char* name :
       {"nextval", "setval", "currval", "lastval", "advisory", "txid", "pg_current_xact",
        "pg_snapshot", "pg_sleep", "pg_notify", "pg_cancel", "pg_terminate", "random",
        "clock_timestamp", "statement_timestamp", "pg_locks", "pg_stat"}) {
    if (text.find(name) != std::string::npos) return true;
  }
  return false;
}

enum class StepSql { kBegin, kData, kOther };

// BEGIN-only steps commute with everything (a snapshot is taken by the first
// statement after them); SELECT / INSERT / UPDATE / DELETE are data steps;
// anything else is kOther. Sets `locking` for a locking statement.
StepSql Classify(const std::string& sql, bool* locking, bool* ends_or_controls) {
  bool data = false;
  *locking = false;
  *ends_or_controls = false;
  for (const std::string& statement : SplitStatements(sql)) {
    const std::string keyword = FirstKeyword(statement);
    if (keyword.empty()) continue;
    if (keyword == "BEGIN" || keyword == "START") {
      if (Lower(statement).find("snapshot") != std::string::npos) return StepSql::kOther;
      continue;
    }
    if (keyword != "SELECT" && keyword != "INSERT" && keyword != "UPDATE" && keyword != "DELETE") {
      *ends_or_controls = true;
      return StepSql::kOther;
    }
    if (CallsOrderDependentFunction(statement)) return StepSql::kOther;
    ReadQuery reads = AnalyzeReads(statement);
    if (reads.kind == ReadQuery::Kind::kUnanalysable || reads.partial) return StepSql::kOther;
    if (reads.locking) *locking = true;
    data = true;
  }
  return data ? StepSql::kData : StepSql::kBegin;
}

bool Intersect(const std::set<std::string>& a, const std::set<std::string>& b) {
  for (const std::string& item : a) {
    if (b.count(item)) return true;
  }
  return false;
}

bool IntersectRows(const std::set<RowRef>& a, const std::set<RowRef>& b) {
  for (const RowRef& item : a) {
    if (b.count(item)) return true;
  }
  return false;
}

bool Conflicting(const Footprint& a, bool a_serializable, const Footprint& b, bool b_serializable) {
  if (a.free || b.free) return false;
  if (a.with_all || b.with_all) return true;
  if (Intersect(a.tables_written, b.tables_written)) return true;
  auto writes_what_other_reads = [](const Footprint& writer, const Footprint& reader,
                                    bool serializable) {
    if (Intersect(writer.tables_written, reader.tables_scanned)) return true;
    if (Intersect(writer.tables_inserted_deleted, reader.tables_read)) return true;
    if (serializable && Intersect(writer.tables_written, reader.tables_read)) return true;
    return IntersectRows(writer.rows_written, reader.rows_read);
  };
  const bool serializable = a_serializable || b_serializable;
  return writes_what_other_reads(a, b, serializable) || writes_what_other_reads(b, a, serializable);
}

}  // namespace

StepConflicts ConflictsOfRun(const Plan& plan, const Trace& trace, const StepUnits& units) {
  StepConflicts conflicts(units.steps_per_client);
  const size_t clients = units.steps_per_client.size();
  auto with_all = [&] {
    for (size_t c = 0; c < clients; ++c) {
      for (size_t s = 0; s < units.steps_per_client[c]; ++s) conflicts.AddWithAll(c, s);
    }
    return conflicts;
  };
  if (!trace.explained || !trace.history.gaps.empty() || !trace.run_error.empty() ||
      trace.setup_error) {
    return with_all();
  }
  std::vector<std::vector<Footprint>> prints(clients);
  for (size_t c = 0; c < clients; ++c) prints[c].resize(units.steps_per_client[c]);
  auto unit_of = [&](const std::string& name) -> Footprint* {
    auto found = units.unit_of.find(name);
    if (found == units.unit_of.end()) return nullptr;
    return &prints[found->second.first][found->second.second];
  };

  // How each step ran.
  std::set<std::pair<size_t, size_t>> completed;
  std::vector<bool> waited(trace.client_names.size(), false);
  std::vector<bool> in_transaction(trace.client_names.size(), false);
  for (const StepTrace& step : trace.steps) {
    // A retried attempt runs after every listed step, from the state they
    // left, in the order the failures came: the same in every order of the
    // listed steps that keeps their conflicts.
    if (step.attempt > 1) continue;
    Footprint* print = unit_of(step.step_name);
    if (!print) return with_all();
    const auto unit = units.unit_of.at(step.step_name);
    const size_t client = static_cast<size_t>(step.client);
    if (client >= waited.size()) return with_all();
    bool locking = false;
    bool controls = false;
    const StepSql kind = Classify(step.sql, &locking, &controls);
    if (locking) print->locking = true;
    const Step* planned = FindPlannedStep(plan, step.step_name);
    const bool branches = !planned || !planned->if_empty.empty() || !planned->if_found.empty() ||
                          !planned->condition.empty();
    const bool this_waited = step.blocked || !step.wait_kind.empty() || step.forced_waiting;
    if (step.status == StepStatus::kSkipped && !branches && !waited[client]) {
      // Skipped because its own client's transaction failed (or awaits its
      // retry): nothing was sent, and whether it is skipped was settled by
      // that client's failed step, which conflicts with everything.
      completed.insert(unit);
      print->recorded = true;
      continue;
    }
    const TransactionEnd end = TransactionEndOf(step);
    // Whether it ran inside an explicit transaction (else it autocommitted).
    bool began = false;
    for (const std::string& statement : SplitStatements(step.sql)) {
      const std::string keyword = FirstKeyword(statement);
      if (keyword == "BEGIN" || keyword == "START") began = true;
    }
    const bool autocommit = kind == StepSql::kData && !in_transaction[client] && !began;
    if (step.status != StepStatus::kCompleted || this_waited || waited[client] || branches ||
        end != TransactionEnd::kNone || kind == StepSql::kOther || autocommit) {
      print->with_all = true;
    }
    if (kind != StepSql::kBegin || print->with_all) print->free = false;
    if (kind == StepSql::kData && step.status == StepStatus::kCompleted) completed.insert(unit);
    if (kind == StepSql::kBegin) {
      completed.insert(unit);
      print->recorded = true;  // nothing to record
    }
    if (this_waited) waited[client] = true;
    if (began) in_transaction[client] = true;
    if (end != TransactionEnd::kNone) in_transaction[client] = false;
    if (step.released_by >= 0 && static_cast<size_t>(step.released_by) < trace.steps.size()) {
      Footprint* releaser = unit_of(trace.steps[step.released_by].step_name);
      if (!releaser) return with_all();
      releaser->with_all = true;
      releaser->free = false;
    }
  }
  // A step that never completed, or a unit of which no step ran.
  for (size_t c = 0; c < clients; ++c) {
    for (size_t s = 0; s < units.steps_per_client[c]; ++s) {
      if (!completed.count({c, s})) {
        prints[c][s].with_all = true;
        prints[c][s].free = false;
      }
    }
  }

  // What each step read and wrote.
  auto retried = [&](int txn) {
    const TxnRecord* record = trace.history.Txn(txn);
    return record && record->attempt > 1;
  };
  for (const WriteEvent& write : trace.history.writes) {
    if (retried(write.txn)) continue;
    Footprint* print = unit_of(write.step);
    if (!print) return with_all();
    print->recorded = true;
    print->tables_written.insert(write.table);
    print->rows_written.insert(RowRef{write.table, write.key});
    if (!write.replaced || write.deleted) print->tables_inserted_deleted.insert(write.table);
  }
  for (const ReadEvent& read : trace.history.reads) {
    if (retried(read.txn)) continue;
    Footprint* print = unit_of(read.step);
    if (!print) return with_all();
    print->recorded = true;
    print->tables_read.insert(read.table);
    if (read.predicate) print->tables_scanned.insert(read.table);
    for (const SeenRow& row : read.rows_seen) {
      print->rows_read.insert(RowRef{read.table, row.key});
      if (print->locking) {
        print->rows_written.insert(RowRef{read.table, row.key});
        print->tables_written.insert(read.table);
      }
    }
  }

  auto serializable = [&](size_t client) {
    if (client < trace.client_isolation.size() &&
        trace.client_isolation[client] == Isolation::kSerializable) {
      return true;
    }
    return client < plan.isolation.size() && plan.isolation[client] == Isolation::kSerializable;
  };
  for (size_t a = 0; a < clients; ++a) {
    for (size_t s = 0; s < units.steps_per_client[a]; ++s) {
      Footprint& print = prints[a][s];
      if (!print.recorded) print.with_all = true;
    }
  }
  for (size_t a = 0; a < clients; ++a) {
    for (size_t b = a + 1; b < clients; ++b) {
      for (size_t s = 0; s < units.steps_per_client[a]; ++s) {
        for (size_t t = 0; t < units.steps_per_client[b]; ++t) {
          if (Conflicting(prints[a][s], serializable(a), prints[b][t], serializable(b))) {
            conflicts.Add(a, s, b, t);
          }
        }
      }
    }
  }
  return conflicts;
}

}  // namespace interleave
