// The status line's message ("Wrote ….png", "Saved schedule …", "PNG export
// failed: …"): the last one set, and whether it is still shown. Reports of
// what was done stay 5 s; anything else is a problem and stays 30 s.
// Thread-safety: not thread-safe; the UI thread owns it.
#pragma once

#include <string>

namespace interleave::gui {

class StatusMessage {
 public:
  void Set(const std::string& text, double now_s);
  bool Shown(double now_s) const;
  // The last message, shown or not ("" before the first).
  const std::string& text() const { return text_; }

 private:
  std::string text_;
  double set_s_ = 0;
};

}  // namespace interleave::gui
