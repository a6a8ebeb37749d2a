#include "db/postgres/conninfo.h"

namespace interleave {

std::string QuoteConnInfoValue(const std::string& value) {
  std::string quoted = "'";
  for (char c : value) {
    if (c == '\'' || c == '\\') quoted += '\\';
    quoted += c;
  }
  return quoted + "'";
}

}  // namespace interleave
