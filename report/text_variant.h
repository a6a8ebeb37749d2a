// One variant in the text report: its title and fix, the starting state when
// the variants did not share one, client setup, the timeline and the notes
// under it (steps not run, READ UNCOMMITTED, deadlocks), the dependencies
// (report/text_dependencies.h), the final state, the checks, the verdict and
// whether it matches the expectation.
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <vector>

#include "report/text_layout.h"
#include "sim/model/scenario.h"
#include "sim/run/run.h"

namespace interleave::text {

// The variant's name as a title ("baseline" for the scenario as written).
std::string VariantTitle(const VariantResult& result);

// The verdict's name for a reader: "no anomaly" for a run in which every
// check held without a wait or an abort, else Verdict::Name().
std::string VerdictWords(const Verdict& verdict);

// The verdict's sentence: a run with no anomaly says what its dependency
// graph says ("serializable: equivalent to robin then sam"), else the
// verdict's summary.
std::string VerdictSentence(const VariantResult& result);

// Appends variant `number` of `count`, at most `width` wide. With `base`
// (the first variant, when not printing in full) the steps that read the
// same as base's are folded, and the dependencies and the final state are
// told as what differs from base's.
void AppendVariant(const Scenario& scenario, const VariantResult& result, size_t number,
                   size_t count, bool show_initial, int width, const Symbols& sym,
                   const Painter& paint, std::vector<std::string>* out,
                   const VariantResult* base = nullptr);

}  // namespace interleave::text
