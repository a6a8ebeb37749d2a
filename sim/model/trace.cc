#include "sim/model/trace.h"

namespace interleave {

std::string StepStatusName(StepStatus status) {
  switch (status) {
    case StepStatus::kCompleted:
      return "completed";
    case StepStatus::kFailed:
      return "failed";
    case StepStatus::kSkipped:
      return "skipped";
    case StepStatus::kCancelled:
      return "cancelled";
    case StepStatus::kNotRun:
      return "not-run";
  }
  return "unknown";
}

std::string Trace::OrderText() const {
  std::string text;
  for (const auto& step : steps) {
    if (!text.empty()) text += ' ';
    text += step.step_name;
    if (step.attempt > 1) text += "'" + std::string(step.attempt - 1, '\'').substr(1);
  }
  return text;
}

}  // namespace interleave
