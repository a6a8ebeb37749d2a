// The words the GUI puts on a trace. Most of them (a step's result, whom a
// waiting step waits for and what released it, where snapshots were taken,
// the row numbers and the anomaly marker) are the text timeline's own, from
// sim/trace_words.h, so that the terminal and the classroom say the same
// thing; here are the ones only the window needs: a step's complete result
// for the hover, how a step ended its transaction, a level's label and the
// verdict banner.
// Thread-safety: pure functions of their arguments.
#pragma once

#include <string>

#include "sim/model/scenario.h"
#include "sim/model/trace.h"
#include "report/trace_words.h"
#include "sim/judge/verdict.h"

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
