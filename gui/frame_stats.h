// Frame timings of the window over its recent frames, for the state report
// (and through it the end-to-end test's frame-time check): how long a frame
// took in all, how much of it was building the ImGui frame and how much
// OpenGL drawing, and the time between frame starts.
// Thread-safety: not thread-safe; the UI thread owns it.
#pragma once

#include <cstddef>
#include <deque>

namespace interleave::gui {

class FrameStats {
 public:
  // The frames the averages cover.
  static constexpr std::size_t kWindow = 120;

  // One frame: when it started, when the ImGui frame was built, when the
  // drawing was done and when the frame ended (seconds, one clock).
  void Record(double start_s, double built_s, double drawn_s, double end_s);

  long frames() const { return frames_; }
  double FrameMsAvg() const { return Average(frame_ms_); }
  double FrameMsMax() const;
  double BuildMsAvg() const { return Average(build_ms_); }
  double DrawMsAvg() const { return Average(draw_ms_); }
  // 0 until two frames have started.
  double IntervalMsAvg() const { return Average(interval_ms_); }

 private:
  static double Average(const std::deque<double>& values);
  static void Push(std::deque<double>* values, double value);

  std::deque<double> frame_ms_;
  std::deque<double> interval_ms_;
  std::deque<double> build_ms_;  // ImGui frame building (CPU)
  std::deque<double> draw_ms_;   // OpenGL drawing until finished (llvmpipe: CPU too)
  double last_start_s_ = -1;
  long frames_ = 0;
};

}  // namespace interleave::gui
