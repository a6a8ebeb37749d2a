#include "gui/frame_stats.h"

#include <algorithm>

namespace interleave::gui {

void FrameStats::Record(double start_s, double built_s, double drawn_s, double end_s) {
  if (last_start_s_ >= 0) Push(&interval_ms_, (start_s - last_start_s_) * 1000);
  last_start_s_ = start_s;
  Push(&frame_ms_, (end_s - start_s) * 1000);
  Push(&build_ms_, (built_s - start_s) * 1000);
  Push(&draw_ms_, (drawn_s - built_s) * 1000);
  ++frames_;
}

double FrameStats::FrameMsMax() const {
  double max = 0;
  for (double ms : frame_ms_) max = std::max(max, ms);
  return max;
}

double FrameStats::Average(const std::deque<double>& values) {
  double sum = 0;
  for (double v : values) sum += v;
  return values.empty() ? 0.0 : sum / values.size();
}

void FrameStats::Push(std::deque<double>* values, double value) {
  values->push_back(value);
  if (values->size() > kWindow) values->pop_front();
}

}  // namespace interleave::gui
