// Building libpq connection strings.
// Thread-safety: stateless functions.
#pragma once

#include <string>

namespace interleave {

// `value` as a libpq keyword=value value: single-quoted, with ' and \ escaped.
std::string QuoteConnInfoValue(const std::string& value);

}  // namespace interleave
