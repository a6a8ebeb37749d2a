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

// How a variant after the first is told when the report is not printed in
// full: against `base` (the earlier variant closest to it) and the
// `earlier` variants. Does not own them.
struct Folding {
  const VariantResult* base = nullptr;
  std::vector<const VariantResult*> earlier;
  bool server_told = false;  // the report named the server once: headers leave it out
  bool brief = false;        // not --full: the first variant's final state may be told as changes
};

// Appends variant `number` of `count`, at most `width` wide. With a base,
// the steps that read the same as base's are folded; dependencies, order and
// history equal to base's are said in one line; a final state, or checks and
// verdict, equal to an earlier variant's say so in one line; the final state
// is otherwise told as what differs from base's.
void AppendVariant(const Scenario& scenario, const VariantResult& result, size_t number,
                   size_t count, bool show_initial, int width, const Symbols& sym,
                   const Painter& paint, std::vector<std::string>* out,
                   const Folding& folding = {});

}  // namespace interleave::text
