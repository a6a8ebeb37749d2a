#include "sim/model/transaction_end.h"

#include <set>
#include <vector>

#include "sim/model/sql_text.h"
#include "util/text_util.h"

namespace interleave {

TransactionEnd TransactionEndOfStatement(const std::string& statement, const std::string& tag) {
  const bool to_savepoint = FirstKeyword(statement) == "ROLLBACK" &&
                            AsciiUpper(statement).find(" TO ") != std::string::npos;
  if (tag == "COMMIT") return TransactionEnd::kCommitted;
  if (tag == "ROLLBACK" && !to_savepoint) return TransactionEnd::kRolledBack;
  return TransactionEnd::kNone;
}

TransactionEnd TransactionEndOf(const StepTrace& step) {
  if (step.status == StepStatus::kFailed || step.status == StepStatus::kCancelled)
    return step.error && IsConcurrencyOutcome(step.error->sqlstate) ? TransactionEnd::kAborted
                                                                    : TransactionEnd::kNone;
  if (step.status != StepStatus::kCompleted) return TransactionEnd::kNone;
  TransactionEnd end = TransactionEnd::kNone;
  const std::vector<std::string> statements = SplitStatements(step.sql);
  for (size_t i = 0; i < step.results.size(); ++i) {
    TransactionEnd here = TransactionEndOfStatement(
        i < statements.size() ? statements[i] : std::string(), step.results[i].command_tag);
    if (here != TransactionEnd::kNone) end = here;
  }
  return end;
}

bool IsConcurrencyOutcome(const std::string& sqlstate) {
  static const std::set<std::string> kOutcomes = {
      "40001",  // serialization_failure
      "40P01",  // deadlock_detected
      "23505",  // unique_violation (a concurrent insert of the same key)
      "23000",  // MariaDB's duplicate key (1062) and foreign key (1452) errors
      "23P01",  // exclusion_violation (a concurrent overlapping row)
      "23503",  // foreign_key_violation (the referenced row went away concurrently)
      "55P03",  // lock_not_available (NOWAIT, lock_timeout)
  };
  return kOutcomes.count(sqlstate) > 0;
}

}  // namespace interleave
