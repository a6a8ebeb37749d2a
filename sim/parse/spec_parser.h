// Parser for PostgreSQL isolation test specs (.spec files, the format of
// src/test/isolation in PostgreSQL 15: specscanner.l and specparse.y). The
// interleavings isolationtester runs for a spec without permutation lines are
// enumerated by sim/plan/interleavings.h.
//
// Grammar (in this order): any number of `setup { SQL }`, an optional
// `teardown { SQL }`, one or more `session NAME` each with an optional
// `setup { }`, one or more `step NAME { SQL }` and an optional `teardown { }`,
// then any number of `permutation STEP...` lines whose steps may carry
// markers in parentheses: `(*)`, `(other)`, `(other notices N)`, several
// separated by commas. Names may be "double quoted" ("" is a quote). `#`
// starts a comment outside SQL blocks and quoted names.
//
// SQL blocks are kept as isolationtester keeps them: spaces and tabs (not
// newlines) right after `{` and right before `}` are dropped; the block ends at
// the first `}` (there is no nesting, as in the reference scanner).
//
// Mapping to the model: is_isolation_spec = true, title = file stem,
// clients = sessions, schedules = one per permutation line (name = the step
// names joined by single spaces), markers in ScheduleEntry. Errors throw
// InputError with file:line:column (columns count bytes, a tab is one).
//
// Thread-safety: the functions are pure; safe to call from any thread.
// Ownership: returns values, keeps nothing.
#pragma once

#include <string>
#include <vector>

#include "sim/model/scenario.h"

namespace interleave {

// Reads and parses a spec file. Throws InputError (also when the file cannot
// be read).
Scenario ParseSpecFile(const std::string& path);

// Parses spec text; `path` names it in errors and gives the title (its stem).
Scenario ParseSpecText(const std::string& text, const std::string& path);

// Step names defined in the spec but used by none of its permutation lines,
// sorted by byte value (isolationtester warns "unused step name: X" for each
// when the spec has permutation lines). Empty when there are no permutations.
std::vector<std::string> UnusedSpecSteps(const Scenario& scenario);

}  // namespace interleave
