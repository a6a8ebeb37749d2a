// The words the text timeline and the GUI put beside a step, so that the
// terminal and the classroom say the same thing: what the step returned as
// one phrase, what released a waiting step and whom a step released. The
// facts under them are in sim/judge/trace_facts.h, the phrases the verdict
// shares in sim/judge/trace_phrases.h. No layout, no colour, no glyphs.
// Thread-safety: pure functions of their arguments.
#pragma once

#include <string>

#include "sim/judge/anomaly_marks.h"
#include "sim/judge/trace_facts.h"
#include "sim/judge/trace_phrases.h"
#include "sim/model/trace.h"

namespace interleave {

// What the step returned, as one phrase: "price=40", "UPDATE 1",
// "UPDATE 1, price=40" (RETURNING); empty when every result only repeats its
// statement's keyword (BEGIN, COMMIT, SET): then `*plain_ok` is true.
std::string ResultText(const StepTrace& step, bool* plain_ok);

// " (released by a4)"; for a step that completed after its own sending (a
// deadlock resolved by aborting the other side), the blocker's step that
// ended just before it: " (released when alex's a3 failed)". May be empty.
std::string ReleasedText(const Trace& trace, const StepTrace& step);

// "releases robin's b2": the waiting steps that completed once `step` was
// sent (`completed_only` false: also those released that never completed);
// empty when it released nobody.
std::string ReleasesText(const Trace& trace, const StepTrace& step, bool completed_only = true);

}  // namespace interleave
