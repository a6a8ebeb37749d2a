// Small text helpers shared by the printers and commands.
// Thread-safety: stateless functions.
#pragma once

#include <string>

namespace interleave {

// Runs of white space (newlines, tabs) become one space; the ends are trimmed.
std::string CollapseWhitespace(const std::string& text);

}  // namespace interleave
