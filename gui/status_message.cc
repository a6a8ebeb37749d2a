#include "gui/status_message.h"

namespace interleave::gui {

void StatusMessage::Set(const std::string& text, double now_s) {
  text_ = text;
  set_s_ = now_s;
}

bool StatusMessage::Shown(double now_s) const {
  const bool problem = text_.rfind("Wrote ", 0) != 0 && text_.rfind("Saved ", 0) != 0;
  return !text_.empty() && now_s - set_s_ < (problem ? 30 : 5);
}

}  // namespace interleave::gui
