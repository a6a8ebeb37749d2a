// A pane's header: the variant combo and what the variant changes (see
// pane_parts.h).
#include <algorithm>
#include <cfloat>

#include "gui/pane_parts.h"
#include "gui/theme.h"
#include "sim/plan/plan.h"

namespace interleave::gui::pane {

namespace {

std::string Description(const PaneContext& context) {
  const Variant* variant = VariantNamed(*context.scenario, context.variant);
  if (!variant) return "The scenario as written, no fix.";
  std::string text = variant->description.empty() ? "" : variant->description;
  if (variant->expect)
    text += (text.empty() ? "" : "  ") + std::string("Expected: ") +
            ExpectationName(*variant->expect) + ".";
  return text;
}

float ComboHeight(const DrawStyle& style) {
  return style.fonts->title_px + ImGui::GetStyle().FramePadding.y * 2;
}

// Where the header's parts go: the variant combo, then what the variant
// changes beside it (or under it when the pane is narrow).
struct HeaderGeometry {
  std::string text;  // what the variant changes, cut to fit
  float combo_w = 0;
  float text_x = 0, text_y = 0, text_w = 0, text_h = 0;
  float height = 0;
};

HeaderGeometry HeaderFor(const PaneContext& context, float width, const DrawStyle& style) {
  const FontSet& f = *style.fonts;
  HeaderGeometry g;
  const ImGuiStyle& im = ImGui::GetStyle();
  // As wide as the variant's name (the list that opens is as wide as it needs).
  float name_w = f.title->CalcTextSizeA(f.title_px, FLT_MAX, 0, context.variant.c_str()).x;
  g.combo_w = std::min(width, name_w + im.FramePadding.x * 2 + ComboHeight(style) + 4);
  const float combo_h = ComboHeight(style);
  const int max_lines = context.compact ? 1 : 3;  // presentation: the room goes to the timeline
  const float max_text_h = f.body_px * max_lines;
  const std::string text = Description(context);
  float beside = width - g.combo_w - im.ItemSpacing.x;
  if (beside >= f.body_px * 14) {
    g.text_x = g.combo_w + im.ItemSpacing.x;
    g.text_w = beside;
    g.text = FitLines(f.body, f.body_px, text, beside, max_lines);
    g.text_h = std::min(TextHeight(f.body, f.body_px, g.text, beside), max_text_h);
    g.text_y = g.text_h < combo_h ? (combo_h - g.text_h) * 0.5f : 0;
    g.height = std::max(combo_h, g.text_h) + 4;
  } else {
    g.text_y = combo_h + 4;
    g.text_w = width;
    g.text = FitLines(f.body, f.body_px, text, width, max_lines);
    g.text_h = std::min(TextHeight(f.body, f.body_px, g.text, width), max_text_h);
    g.height = combo_h + 4 + g.text_h + 4;
  }
  return g;
}

}  // namespace

float HeaderHeight(const PaneContext& context, float width, const DrawStyle& style) {
  return HeaderFor(context, width, style).height;
}

void DrawHeader(int index, const PaneContext& context, float width, float height,
                const DrawStyle& style, PaneUi* ui) {
  const FontSet& f = *style.fonts;
  const Palette& p = *style.palette;
  const HeaderGeometry g = HeaderFor(context, width, style);
  ImVec2 start = ImGui::GetCursorScreenPos();
  ImGui::PushFont(f.title);
  ImGui::SetNextItemWidth(g.combo_w);
  std::string id = "##variant" + std::to_string(index);
  if (ImGui::BeginCombo(id.c_str(), context.variant.c_str(), ImGuiComboFlags_HeightLarge)) {
    ImGui::PushFont(f.body);
    for (const std::string& name : context.variant_names) {
      bool selected = name == context.variant;
      if (ImGui::Selectable(name.c_str(), selected)) ui->picked_variant = name;
      if (selected) ImGui::SetItemDefaultFocus();
    }
    ImGui::PopFont();
    ImGui::EndCombo();
  }
  ImGui::PopFont();
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Pick the variant (fix) this pane shows");
  ImDrawList* draw = ImGui::GetWindowDrawList();
  ImVec2 text_pos(start.x + g.text_x, start.y + g.text_y);
  draw->PushClipRect(text_pos, ImVec2(text_pos.x + g.text_w, text_pos.y + g.text_h), true);
  WrappedText(draw, f.body, f.body_px, text_pos, ToU32(p.text), g.text, g.text_w);
  draw->PopClipRect();
  if (g.text != Description(context) &&
      ImGui::IsMouseHoveringRect(text_pos, ImVec2(text_pos.x + g.text_w, text_pos.y + g.text_h))) {
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(f.body_px * 30);
    ImGui::TextUnformatted(Description(context).c_str());
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
  }
  ImGui::SetCursorScreenPos(ImVec2(start.x, start.y + height));
}

}  // namespace interleave::gui::pane
