// Measuring and cutting the pane's wrapped text (see pane_parts.h).
#include <cfloat>

#include "gui/pane_parts.h"

namespace interleave::gui::pane {

float TextHeight(ImFont* font, float size, const std::string& text, float wrap) {
  if (text.empty()) return 0;
  return font->CalcTextSizeA(size, FLT_MAX, wrap, text.c_str()).y;
}

// Draws wrapped text and returns its height.
float WrappedText(ImDrawList* draw, ImFont* font, float size, ImVec2 pos, ImU32 color,
                  const std::string& text, float wrap) {
  if (text.empty()) return 0;
  draw->AddText(font, size, pos, color, text.c_str(), nullptr, wrap);
  return TextHeight(font, size, text, wrap);
}

const Variant* VariantNamed(const Scenario& scenario, const std::string& name) {
  for (const Variant& variant : scenario.variants)
    if (variant.name == name) return &variant;
  return nullptr;
}

// `text` cut at a word so that it fits `max_lines` lines of `wrap` pixels,
// ending in "…" when cut.
std::string FitLines(ImFont* font, float size, const std::string& text, float wrap, int max_lines) {
  const float limit = size * max_lines + 0.5f;
  if (TextHeight(font, size, text, wrap) <= limit) return text;
  size_t end = text.size();
  while (end > 0) {
    end = text.rfind(' ', end - 1);
    if (end == std::string::npos || end == 0) break;
    std::string cut = text.substr(0, end) + " …";
    if (TextHeight(font, size, cut, wrap) <= limit) return cut;
  }
  return "…";
}

}  // namespace interleave::gui::pane
