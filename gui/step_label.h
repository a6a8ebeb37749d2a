// The tool bar's words for the step cursor ("Step 3 of 8", "Step 9 (the
// end)"), from the cursor, the last cursor the panes can reach (-1 while not
// known) and the schedule's entry count.
// Thread-safety: a pure function.
#pragma once

#include <string>

namespace interleave::gui {

std::string StepLabel(int cursor, int end, int entries);

}  // namespace interleave::gui
