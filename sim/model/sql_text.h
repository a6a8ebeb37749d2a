// Just enough SQL lexing for the engine and its reports to agree on what a
// step's text says: its first keyword, and its statements (split at
// semicolons outside quotes, dollar quotes and comments). Not a parser.
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <vector>

namespace interleave {

// The first keyword of SQL, upper case ("SELECT"); leading white space,
// parentheses, semicolons and -- comments are skipped.
std::string FirstKeyword(const std::string& sql);
// Splits SQL into statements at semicolons outside quotes, dollar quotes and
// comments; each statement has its white space collapsed.
std::vector<std::string> SplitStatements(const std::string& sql);
// Whether `keyword` (a FirstKeyword) begins or ends a transaction: BEGIN,
// START, COMMIT, END, ROLLBACK or ABORT.
bool IsTransactionControl(const std::string& keyword);
}  // namespace interleave
