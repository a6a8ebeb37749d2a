// PostgreSQL-style command tags for MariaDB's answers, which carry no tag of
// their own: "SELECT n" for a result set, "INSERT 0 n", "UPDATE n" (rows
// matched), "DELETE n", "BEGIN", "COMMIT", "ROLLBACK", else the statement's
// leading keywords ("CREATE TABLE", "SET"). The statements of a step are found
// with MariaDB's own lexical rules (backslash escapes in strings, backquoted
// names, # and -- and /* */ comments), which differ from PostgreSQL's.
// Thread-safety: stateless functions.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace interleave {

// The first two words (upper case) of each statement of `sql`, in order.
std::vector<std::vector<std::string>> MariaStatementWords(const std::string& sql);

// The tag of a statement that began with `words` and returned no result set.
std::string MariaCommandTag(const std::vector<std::string>& words, uint64_t affected_rows);

}  // namespace interleave
