// An error reaching or managing a PostgreSQL server (not a step's SQL error:
// those are outcomes, recorded in the trace). what() is one clear line.
// Thread-safety: plain value.
#pragma once

#include <stdexcept>
#include <string>

namespace interleave {

class DbFailure : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace interleave
