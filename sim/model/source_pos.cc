#include "sim/model/source_pos.h"

namespace interleave {

std::string SourcePos::ToString() const {
  std::string text = file;
  if (line > 0) {
    text += ":" + std::to_string(line);
    if (column > 0) text += ":" + std::to_string(column);
  }
  return text;
}

InputError::InputError(const SourcePos& pos, const std::string& message)
    : std::runtime_error(pos.ToString().empty() ? "error: " + message
                                                : pos.ToString() + ": error: " + message),
      pos_(pos) {}

InputError::InputError(const std::string& message) : std::runtime_error("error: " + message) {}

}  // namespace interleave
