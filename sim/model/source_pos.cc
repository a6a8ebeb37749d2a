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

namespace {

// A message quotes what the file says, which may hold line breaks; the error
// stays one line.
std::string OneLine(const std::string& message) {
  std::string line;
  for (char c : message) {
    if (c == '\n')
      line += "\\n";
    else if (c == '\r')
      line += "\\r";
    else
      line += c;
  }
  return line;
}

}  // namespace

InputError::InputError(const SourcePos& pos, const std::string& message)
    : std::runtime_error(pos.ToString().empty() ? "error: " + OneLine(message)
                                                : pos.ToString() + ": error: " + OneLine(message)),
      pos_(pos) {}

InputError::InputError(const std::string& message)
    : std::runtime_error("error: " + OneLine(message)) {}

}  // namespace interleave
