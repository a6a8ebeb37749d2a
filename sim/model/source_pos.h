// A place in a scenario file, and the error that points at it.
// Thread-safety: plain values.
#pragma once

#include <stdexcept>
#include <string>

namespace interleave {

struct SourcePos {
  std::string file;
  int line = 0;    // 1-based; 0 = unknown
  int column = 0;  // 1-based; 0 = unknown

  // "file:line:column", or as much of it as is known.
  std::string ToString() const;
};

// Bad input: a scenario file that cannot be used. what() is one line:
// "file:line:column: error: <what was wrong and what was expected>".
class InputError : public std::runtime_error {
 public:
  InputError(const SourcePos& pos, const std::string& message);
  explicit InputError(const std::string& message);
  const SourcePos& pos() const { return pos_; }

 private:
  SourcePos pos_;
};

}  // namespace interleave
