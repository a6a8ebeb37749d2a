// The checks of a scenario that need its variants applied: a replaced or added
// step may name (if_empty, if_found, ${step.column}) only steps its client
// runs before it in the client as the variant changes it. The parsers check
// everything else; scenario_loader.h runs these after parsing.
// Thread-safety: pure functions of their arguments.
#pragma once

#include "sim/model/scenario.h"

namespace interleave {

// Checks every variant's Variant::step_references against MakePlan's clients,
// variant by variant, each in the order the clients run their steps. Throws
// the first InputError.
void CheckVariants(const Scenario& scenario);

}  // namespace interleave
