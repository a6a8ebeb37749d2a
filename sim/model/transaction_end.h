// Whether a statement or a step ended its client's transaction, and how. The
// one place that knows that ROLLBACK TO SAVEPOINT answers "ROLLBACK" while
// the transaction goes on, and that END and ABORT are COMMIT and ROLLBACK.
// Thread-safety: pure functions.
#pragma once

#include <string>

#include "db/result.h"
#include "sim/model/trace.h"

namespace interleave {

enum class TransactionEnd {
  kNone,        // the transaction (if any) goes on
  kCommitted,   // COMMIT / END succeeded
  kRolledBack,  // ROLLBACK / ABORT (not ROLLBACK TO SAVEPOINT)
  kAborted,     // the server aborted it (serialization failure, deadlock)
};

// How `statement` (one statement's text) with the answer `tag` ended the
// transaction. A COMMIT of a failed transaction answers "ROLLBACK".
TransactionEnd TransactionEndOfStatement(const std::string& statement, const std::string& tag);

// How a whole step ended its transaction: its last statement that ended one;
// kAborted when it failed with a serialization failure or a deadlock.
TransactionEnd TransactionEndOf(const StepTrace& step);

// SQLSTATEs that are outcomes of concurrency (serialization failure, deadlock,
// unique violation, lock not available, ...), as opposed to mistakes.
bool IsConcurrencyOutcome(const std::string& sqlstate);

}  // namespace interleave
