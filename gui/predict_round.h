// One "what happens next?" question and how a pick is judged. Before the next
// step runs, the class picks what it does first: completes (for a read: with
// which value), waits for a lock, fails with an error, or is skipped by the
// application. The choices come from a finished preview run of the same
// variant and interleaving (so the right one is among them) and from values
// the rows it reads held there (the version before and after a concurrent
// write) or the same step's result in the other pane's run. Whether a pick
// is right is decided only from the live run's trace, once the step ran.
// Thread-safety: plain values and pure functions of their arguments.
#pragma once

#include <string>
#include <vector>

#include "sim/model/scenario.h"
#include "sim/model/trace.h"

namespace interleave::gui {

// What a step does first.
enum class Outcome { kCompletes, kWaits, kFails, kSkipped, kHangs };

// "completes", "waits for a lock", "fails with an error", "is skipped", "hangs".
std::string OutcomeWords(Outcome outcome);

struct PredictChoice {
  Outcome outcome = Outcome::kCompletes;
  std::string value;  // a read's rows (RowsInline); "" when not a read

  // "completes and reads price=30", "waits for a lock" ...
  std::string Label() const;
  bool operator==(const PredictChoice&) const = default;
};

// The question about one step of one pane's run.
struct PredictQuestion {
  int cursor = 0;       // the step cursor before the step runs
  int pane = 0;         // the pane whose run the class predicts
  std::string variant;  // that pane's variant
  int client = 0;
  std::string client_name;
  std::string step;  // the step's name
  std::string sql;   // as the preview sent it
  std::vector<PredictChoice> choices;
};

// The value a step read: RowsInline of its last result with columns; "" when
// no statement of it returned rows or columns.
std::string ReadValue(const StepTrace& step);

// The first step named `name` in `trace` (a retry's later attempts come
// after), or nullptr.
const StepTrace* FindStep(const Trace& trace, const std::string& name);

// What `step` did first, as the trace says.
Outcome OutcomeOf(const StepTrace& step);

// The question about step `name` (client `client`), built from `preview`, a
// finished run of the same variant and interleaving, and `others`, finished
// runs of other variants (their result of the same step is a distractor).
// Empty choices when the preview does not hold the step.
PredictQuestion BuildQuestion(const Scenario& scenario, int cursor, int pane,
                              const std::string& variant, const std::string& name,
                              const Trace& preview, const std::vector<const Trace*>& others);

// How a pick fared.
struct Judgement {
  bool known = false;  // the live step ran (or started waiting)
  bool final = false;  // nothing about it can change any more (it is not waiting)
  bool right = false;
  Outcome outcome = Outcome::kCompletes;
  std::string actual;  // "completes and reads price=45", "waits for a lock"
  std::string reason;  // "waits: josh holds the row lock on coupons id=2 since j3"
};

// Judges `pick` for step `name` against the live run's `live` trace. `preview` (may be null) names
// the row a wait was for and where a value came from: the live trace's record of reads and writes
// is only complete at the end of the run.
Judgement JudgePick(const PredictChoice& pick, const std::string& name, const Trace& live,
                    const Trace* preview);

}  // namespace interleave::gui
