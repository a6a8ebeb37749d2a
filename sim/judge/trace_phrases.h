// The phrases the verdict and every printer put on the same facts, so that a
// verdict's sentence and the timeline above it say the same thing: values
// and rows, errors, a check's numbers, whom a waiting step waits for and the
// verb for how a step ended its transaction. No layout, no colour, no glyphs.
// Thread-safety: pure functions of their arguments.
#pragma once

#include <optional>
#include <string>

#include "db/result.h"
#include "sim/model/trace.h"

namespace interleave {

// `text` ending in exactly one full stop.
std::string Sentence(std::string text);

std::string ValueText(const std::optional<std::string>& value);  // "NULL" for null
// "price=40" / "id=1, price=40" / "(id=1, price=40) (id=2, price=50)" /
// "no rows"; more than `max_rows` rows end in "and N more rows".
std::string RowsInline(const StatementResult& result, size_t max_rows = 4);

// "40001 could not serialize access due to concurrent update" (SQLSTATE and
// message; "" when the error has neither).
std::string ErrorText(const DbError& error);
// "ERROR 40001 could not serialize access due to concurrent update".
std::string ErrorLine(const DbError& error);

// "expected 30, got 60" ("true" and "nothing" stand in for empty values).
std::string CheckNumbers(const CheckResult& check);

// Whom a waiting step waits for: "alex (a3)" or "alex (a3), sam (c2)"; ""
// when the trace does not say.
std::string BlockersText(const Trace& trace, const StepTrace& step);

// Whether `step` waited and then failed with 40P01: PostgreSQL aborted it to
// end a deadlock (nobody released it).
bool IsDeadlockVictim(const StepTrace& step);

// For a waiting step whose wait closed a deadlock: ", while bob's b3 waits
// for alice: a deadlock" (the earlier waiter it closes the cycle with); ""
// otherwise.
std::string DeadlockText(const Trace& trace, const StepTrace& step);

// How `step` ended, as a verb: "failed", "committed", "rolled back", or
// `otherwise` when it did not end its transaction.
std::string EndVerb(const StepTrace& step, const std::string& otherwise);

}  // namespace interleave
