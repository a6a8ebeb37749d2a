// `interleave gui`: the classroom window. Registered in cli/cli.cc when the
// GUI is built (INTERLEAVE_WITH_GUI).
// Thread-safety: call from the main thread.
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace interleave {

int GuiCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace interleave
