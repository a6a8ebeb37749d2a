#include "gui/theme.h"

#include <algorithm>

namespace interleave::gui {

ImU32 ToU32(const Rgb& color, float alpha) {
  return ImGui::ColorConvertFloat4ToU32(ToVec4(color, alpha));
}

ImVec4 ToVec4(const Rgb& color, float alpha) { return ImVec4(color.r, color.g, color.b, alpha); }

void ApplyTheme(const Palette& p, float scale) {
  ImGuiStyle style;  // the defaults, then our sizes
  if (p.kind == ThemeKind::kDark)
    ImGui::StyleColorsDark(&style);
  else
    ImGui::StyleColorsLight(&style);
  style.WindowPadding = ImVec2(10, 8);
  style.FramePadding = ImVec2(10, 5);
  style.ItemSpacing = ImVec2(10, 6);
  style.ItemInnerSpacing = ImVec2(6, 4);
  style.ScrollbarSize = 18;
  style.GrabMinSize = 14;
  style.WindowRounding = 0;
  style.ChildRounding = 4;
  style.FrameRounding = 4;
  style.PopupRounding = 4;
  style.ScrollbarRounding = 6;
  style.GrabRounding = 4;
  style.WindowBorderSize = 0;
  style.ChildBorderSize = 1;
  style.FrameBorderSize = 1;
  style.PopupBorderSize = 1;
  style.ScaleAllSizes(std::max(1.0f, scale));

  const Rgb button = p.kind == ThemeKind::kDark ? Mix(p.panel, Rgb{1, 1, 1}, 0.12f)
                                                : Mix(p.panel, Rgb{0, 0, 0}, 0.09f);
  const Rgb button_hover = p.accent_fill;
  const Rgb button_active = Mix(p.accent_fill, p.text, 0.15f);
  ImVec4* c = style.Colors;
  c[ImGuiCol_Text] = ToVec4(p.text);
  c[ImGuiCol_TextDisabled] = ToVec4(p.text_muted);
  c[ImGuiCol_WindowBg] = ToVec4(p.background);
  c[ImGuiCol_ChildBg] = ImVec4(0, 0, 0, 0);  // the window's own background shows through
  c[ImGuiCol_PopupBg] = ToVec4(p.panel);
  c[ImGuiCol_Border] = ToVec4(p.grid);
  c[ImGuiCol_BorderShadow] = ImVec4(0, 0, 0, 0);
  c[ImGuiCol_FrameBg] = ToVec4(p.box_fill);
  c[ImGuiCol_FrameBgHovered] = ToVec4(p.accent_fill);
  c[ImGuiCol_FrameBgActive] = ToVec4(button_active);
  c[ImGuiCol_TitleBg] = ToVec4(p.panel);
  c[ImGuiCol_TitleBgActive] = ToVec4(p.panel);
  c[ImGuiCol_MenuBarBg] = ToVec4(p.panel);
  c[ImGuiCol_ScrollbarBg] = ImVec4(0, 0, 0, 0);
  c[ImGuiCol_ScrollbarGrab] = ToVec4(p.box_border);
  c[ImGuiCol_ScrollbarGrabHovered] = ToVec4(p.text_muted);
  c[ImGuiCol_ScrollbarGrabActive] = ToVec4(p.text);
  c[ImGuiCol_CheckMark] = ToVec4(p.text);
  c[ImGuiCol_SliderGrab] = ToVec4(p.box_border);
  c[ImGuiCol_SliderGrabActive] = ToVec4(p.text);
  c[ImGuiCol_Button] = ToVec4(button);
  c[ImGuiCol_ButtonHovered] = ToVec4(button_hover);
  c[ImGuiCol_ButtonActive] = ToVec4(button_active);
  c[ImGuiCol_Header] = ToVec4(p.accent_fill);
  c[ImGuiCol_HeaderHovered] = ToVec4(Mix(p.accent_fill, p.panel, 0.3f));
  c[ImGuiCol_HeaderActive] = ToVec4(button_active);
  c[ImGuiCol_Separator] = ToVec4(p.grid);
  c[ImGuiCol_TableHeaderBg] = ToVec4(p.box_fill);
  c[ImGuiCol_TableBorderStrong] = ToVec4(p.box_border);
  c[ImGuiCol_TableBorderLight] = ToVec4(p.grid);
  c[ImGuiCol_TableRowBg] = ImVec4(0, 0, 0, 0);
  c[ImGuiCol_TableRowBgAlt] = ToVec4(p.box_fill);
  c[ImGuiCol_TextSelectedBg] = ToVec4(p.accent_fill);
  c[ImGuiCol_NavHighlight] = ToVec4(p.clients[0]);
  c[ImGuiCol_ModalWindowDimBg] = ImVec4(0, 0, 0, 0.35f);
  ImGui::GetStyle() = style;
}

}  // namespace interleave::gui
