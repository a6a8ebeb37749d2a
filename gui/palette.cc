#include "gui/palette.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace interleave::gui {

namespace {

double Linear(float channel) {
  double c = channel;
  return c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
}

const Rgb kWhite = Rgb::FromHex(0xFFFFFF);
const Rgb kBlack = Rgb::FromHex(0x000000);

}  // namespace

Rgb Rgb::FromHex(uint32_t rgb) {
  return Rgb{((rgb >> 16) & 0xFF) / 255.0f, ((rgb >> 8) & 0xFF) / 255.0f, (rgb & 0xFF) / 255.0f};
}

double RelativeLuminance(const Rgb& color) {
  return 0.2126 * Linear(color.r) + 0.7152 * Linear(color.g) + 0.0722 * Linear(color.b);
}

double ContrastRatio(const Rgb& a, const Rgb& b) {
  double la = RelativeLuminance(a);
  double lb = RelativeLuminance(b);
  if (la < lb) std::swap(la, lb);
  return (la + 0.05) / (lb + 0.05);
}

Rgb Mix(const Rgb& a, const Rgb& b, float t) {
  return Rgb{a.r + (b.r - a.r) * t, a.g + (b.g - a.g) * t, a.b + (b.b - a.b) * t};
}

std::string HexText(const Rgb& color) {
  auto byte = [](float c) {
    return static_cast<int>(std::lround(std::clamp(c, 0.0f, 1.0f) * 255));
  };
  char text[8];
  std::snprintf(text, sizeof text, "#%02X%02X%02X", byte(color.r), byte(color.g), byte(color.b));
  return text;
}

Palette LightPalette() {
  using namespace okabe_ito;
  Palette p;
  p.kind = ThemeKind::kLight;
  // One background for the window and the panes: glClear paints it, and a
  // software rasteriser (llvmpipe on a lecture-hall PC) has less to fill.
  p.panel = kWhite;
  p.background = p.panel;
  p.text = Rgb::FromHex(0x111111);
  p.text_muted = Rgb::FromHex(0x3A3A3A);
  p.grid = Rgb::FromHex(0xC9CBCF);
  p.box_fill = p.panel;  // boxes are told apart by their outline and stripe
  p.box_border = Rgb::FromHex(0x5F6368);
  p.pending_fill = kWhite;
  // Tints of the palette's colours keep dark text at 7:1 or more; the lines
  // are darker shades of the same hues so that they reach 3:1 on white.
  p.wait_fill = Mix(kOrange, kWhite, 0.72f);
  p.wait_line = Mix(kOrange, kBlack, 0.32f);
  p.bad_fill = Mix(kVermillion, kWhite, 0.78f);
  p.bad_line = kVermillion;
  p.good_fill = Mix(kBluishGreen, kWhite, 0.78f);
  p.good_line = Mix(kBluishGreen, kBlack, 0.1f);
  p.neutral_fill = Rgb::FromHex(0xE4E5E8);
  p.snapshot_fill = Mix(kSkyBlue, kWhite, 0.7f);
  p.commit_line = Mix(kBluishGreen, kBlack, 0.1f);
  p.clients[0] = kBlue;
  p.clients[1] = Mix(kReddishPurple, kBlack, 0.25f);
  p.clients[2] = Mix(kBluishGreen, kBlack, 0.1f);
  p.clients[3] = Mix(kSkyBlue, kBlack, 0.4f);
  p.accent_fill = Mix(kSkyBlue, kWhite, 0.55f);
  p.edges[0] = kBlue;                             // ww
  p.edges[1] = Mix(kBluishGreen, kBlack, 0.25f);  // wr
  p.edges[2] = Mix(kVermillion, kBlack, 0.1f);    // rw
  return p;
}

Palette DarkPalette() {
  using namespace okabe_ito;
  Palette p;
  p.kind = ThemeKind::kDark;
  p.panel = Rgb::FromHex(0x181A1D);
  p.background = p.panel;
  p.text = Rgb::FromHex(0xF4F4F4);
  p.text_muted = Rgb::FromHex(0xC9CBCF);
  p.grid = Rgb::FromHex(0x3A3E44);
  p.box_fill = Rgb::FromHex(0x23262A);
  p.box_border = Rgb::FromHex(0x8C9198);
  p.pending_fill = p.panel;
  // Dark shades of the palette's colours keep light text at 7:1 or more; the
  // lines are the palette's colours themselves.
  p.wait_fill = Mix(kOrange, p.panel, 0.72f);
  p.wait_line = kOrange;
  p.bad_fill = Mix(kVermillion, p.panel, 0.66f);
  p.bad_line = Mix(kVermillion, kWhite, 0.15f);
  p.good_fill = Mix(kBluishGreen, p.panel, 0.66f);
  p.good_line = kBluishGreen;
  p.neutral_fill = Rgb::FromHex(0x2C3035);
  p.snapshot_fill = Mix(kSkyBlue, p.panel, 0.72f);
  p.commit_line = kBluishGreen;
  p.clients[0] = kSkyBlue;
  p.clients[1] = kReddishPurple;
  p.clients[2] = kBluishGreen;
  p.clients[3] = kYellow;
  p.accent_fill = Mix(kBlue, p.panel, 0.45f);
  p.edges[0] = kSkyBlue;                         // ww
  p.edges[1] = kBluishGreen;                     // wr
  p.edges[2] = Mix(kVermillion, kWhite, 0.15f);  // rw
  return p;
}

const Palette& PaletteFor(ThemeKind kind) {
  static const Palette kLight = LightPalette();
  static const Palette kDark = DarkPalette();
  return kind == ThemeKind::kDark ? kDark : kLight;
}

}  // namespace interleave::gui
