// The GUI's colours: the Okabe–Ito colour-blind-safe palette, WCAG contrast
// maths, and the light and dark palettes built from them. Every colour that
// carries text is chosen so that the text on it reaches 7:1 (teaching.md,
// point 10: aim for 7:1 on a projector); lines reach 3:1 against what they
// are drawn on. Colour never carries meaning alone: each tone also has an
// icon or a word where it is drawn.
// Thread-safety: plain values and pure functions.
#pragma once

#include <cstdint>
#include <string>

namespace interleave::gui {

// A colour with components in [0, 1] (sRGB).
struct Rgb {
  float r = 0, g = 0, b = 0;
  static Rgb FromHex(uint32_t rgb);  // 0xRRGGBB
  bool operator==(const Rgb&) const = default;
};

// WCAG 2 relative luminance and contrast ratio (1 to 21).
double RelativeLuminance(const Rgb& color);
double ContrastRatio(const Rgb& a, const Rgb& b);
// a * (1 - t) + b * t, per component.
Rgb Mix(const Rgb& a, const Rgb& b, float t);
// "#RRGGBB".
std::string HexText(const Rgb& color);

// Okabe & Ito (2008), "Color Universal Design".
namespace okabe_ito {
inline const Rgb kOrange = Rgb::FromHex(0xE69F00);
inline const Rgb kSkyBlue = Rgb::FromHex(0x56B4E9);
inline const Rgb kBluishGreen = Rgb::FromHex(0x009E73);
inline const Rgb kYellow = Rgb::FromHex(0xF0E442);
inline const Rgb kBlue = Rgb::FromHex(0x0072B2);
inline const Rgb kVermillion = Rgb::FromHex(0xD55E00);
inline const Rgb kReddishPurple = Rgb::FromHex(0xCC79A7);
}  // namespace okabe_ito

enum class ThemeKind { kLight, kDark };

// What each element of the GUI is painted with.
struct Palette {
  ThemeKind kind = ThemeKind::kLight;
  Rgb background;     // window
  Rgb panel;          // panes, tool bar
  Rgb text;           // body text (>= 7:1 on every fill below)
  Rgb text_muted;     // secondary text (>= 7:1 on background and panel too)
  Rgb grid;           // column rules, row separators (decoration)
  Rgb box_fill;       // a step's box
  Rgb box_border;     // its outline (>= 3:1 on panel)
  Rgb pending_fill;   // a step not run yet
  Rgb wait_fill;      // a waiting span and the "waits" line's background
  Rgb wait_line;      // the waiting span's bar (>= 3:1 on panel)
  Rgb bad_fill;       // anomaly: banner, marked box, failed step
  Rgb bad_line;       // anomaly outline (>= 3:1 on panel)
  Rgb good_fill;      // prevented: banner
  Rgb good_line;      // prevented outline (>= 3:1 on panel)
  Rgb neutral_fill;   // verdict not known yet
  Rgb snapshot_fill;  // "snapshot taken here"
  Rgb commit_line;    // the rule under a COMMIT (>= 3:1 on panel)
  Rgb clients[4];     // client stripes and header rules (>= 3:1 on panel)
  Rgb accent_fill;    // selected buttons, the hovered box
  // Dependency arrows, by DependencyKind (ww, wr, rw; >= 3:1 on panel). The
  // kind is also told by the line's style and its label.
  Rgb edges[3];
};

Palette LightPalette();
Palette DarkPalette();
const Palette& PaletteFor(ThemeKind kind);

}  // namespace interleave::gui
