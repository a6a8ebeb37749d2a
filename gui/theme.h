// Applies a Palette (gui/palette.h) to ImGui's style: window and widget
// colours with the palette's contrast, and sizes (padding, scroll bars,
// rounding) that grow with the font so the presentation preset stays usable
// from the back of a lecture hall.
// Thread-safety: UI thread only (ImGui's global style).
#pragma once

#include <imgui.h>

#include "gui/palette.h"

namespace interleave::gui {

ImU32 ToU32(const Rgb& color, float alpha = 1.0f);
ImVec4 ToVec4(const Rgb& color, float alpha = 1.0f);

// Sets ImGui's colours and sizes; `scale` is body font size / 18 px.
void ApplyTheme(const Palette& palette, float scale);

}  // namespace interleave::gui
