// The words the GUI puts on a trace. Most of them are the text timeline's
// own, so that the terminal and the classroom say the same thing: a step's
// result and what released it (report/narration.h), whom a waiting step
// waits for (sim/judge/trace_phrases.h), where snapshots were taken and the
// row numbers (sim/judge/trace_facts.h) and the anomaly marker
// (sim/judge/anomaly_marks.h). Here are the ones only the window needs: a step's complete result
// for the hover, how a step ended its transaction, a level's label and the
// verdict banner.
// Thread-safety: pure functions of their arguments.
#pragma once

#include <string>

#include "report/narration.h"
#include "sim/judge/anomaly_marks.h"
#include "sim/judge/trace_facts.h"
#include "sim/judge/trace_phrases.h"
#include "sim/judge/verdict.h"
#include "sim/model/scenario.h"
#include "sim/model/trace.h"

namespace interleave::gui {

// Every statement's complete result, for the hover: tags, columns and rows.
std::string FullResultText(const StepTrace& step);

// "READ COMMITTED (default)" for kDefault, else the level's name.
std::string LevelText(Isolation level);

// The verdict banner's words.
enum class VerdictTone { kBad, kGood, kNeutral };
struct VerdictWords {
  VerdictTone tone = VerdictTone::kNeutral;
  std::string headline;  // "ANOMALY: lost update (P4)" / "PREVENTED: a client waited"
  std::string summary;   // the verdict's sentence (who waited, whose update was lost)
  std::string numbers;   // "any serial order gives 30; got 60"
};
VerdictWords DescribeVerdict(const Scenario& scenario, const Trace& trace, const Verdict& verdict);
// What the banner says before the last step: the rule the checks hold.
VerdictWords DescribePending(const Scenario& scenario);

}  // namespace interleave::gui
