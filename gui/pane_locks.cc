// A pane's locks panel (see pane_parts.h): the words of gui/lock_panel.h
// under the timeline, a line a lock, the waits on the colour of waiting.
#include <algorithm>

#include "gui/pane_parts.h"
#include "gui/theme.h"

namespace interleave::gui::pane {

namespace {

float Inset(const DrawStyle& style) { return std::max(6.0f, style.fonts->body_px * 0.4f); }

}  // namespace

float LocksHeight(const LockPanelText& panel, float width, const DrawStyle& style) {
  const FontSet& f = *style.fonts;
  const float wrap = std::max(width - 2 * Inset(style), f.body_px * 4);
  float h = f.body_px * 1.25f;  // the heading
  for (const LockLine& line : panel.lines) h += TextHeight(f.body, f.body_px, line.text, wrap) + 2;
  return h + 2 * Inset(style) * 0.5f + 2;
}

void DrawLocks(const LockPanelText& panel, float width, float height, const DrawStyle& style) {
  const FontSet& f = *style.fonts;
  const Palette& p = *style.palette;
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const ImVec2 a = ImGui::GetCursorScreenPos();
  const ImVec2 b(a.x + width, a.y + height);
  const float inset = Inset(style);
  const float scale = std::max(1.0f, f.body_px / 18.0f);
  draw->AddRectFilled(a, b, ToU32(p.panel), 4 * scale);
  draw->AddRect(a, b, ToU32(p.box_border), 4 * scale, 0, StrokeWidth(1.25f * scale));
  draw->PushClipRect(a, b, true);
  const float wrap = std::max(width - 2 * inset, f.body_px * 4);
  float y = a.y + inset * 0.5f;
  draw->AddText(f.bold, f.body_px, ImVec2(a.x + inset, y), ToU32(p.text), panel.heading.c_str());
  y += f.body_px * 1.25f;
  for (const LockLine& line : panel.lines) {
    const float h = TextHeight(f.body, f.body_px, line.text, wrap);
    if (line.waiting) {
      // A wait: on the waiting colour, with the waiting bar's stripe.
      draw->AddRectFilled(ImVec2(a.x + inset * 0.5f, y - 1), ImVec2(b.x - inset * 0.5f, y + h + 1),
                          ToU32(p.wait_fill), 2 * scale);
      draw->AddRectFilled(ImVec2(a.x + inset * 0.5f, y - 1),
                          ImVec2(a.x + inset * 0.5f + 4 * scale, y + h + 1), ToU32(p.wait_line));
    }
    WrappedText(draw, f.body, f.body_px, ImVec2(a.x + inset, y), ToU32(p.text), line.text, wrap);
    y += h + 2;
  }
  draw->PopClipRect();
  ImGui::Dummy(ImVec2(width, height));
}

}  // namespace interleave::gui::pane
