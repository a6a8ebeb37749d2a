// The palettes keep the contrast teaching.md asks for: text at 7:1 on every
// fill it is drawn on, lines at 3:1 on the panes.
#include "gui/palette.h"

#include <gtest/gtest.h>

namespace interleave::gui {
namespace {

TEST(ContrastTest, MatchesWcagReferenceValues) {
  EXPECT_NEAR(ContrastRatio(Rgb::FromHex(0x000000), Rgb::FromHex(0xFFFFFF)), 21.0, 1e-9);
  EXPECT_NEAR(ContrastRatio(Rgb::FromHex(0xFFFFFF), Rgb::FromHex(0xFFFFFF)), 1.0, 1e-9);
  // #767676 on white is the classic 4.54:1.
  EXPECT_NEAR(ContrastRatio(Rgb::FromHex(0x767676), Rgb::FromHex(0xFFFFFF)), 4.54, 0.01);
  EXPECT_EQ(HexText(okabe_ito::kVermillion), "#D55E00");
  EXPECT_EQ(HexText(Mix(Rgb::FromHex(0x000000), Rgb::FromHex(0xFFFFFF), 0.5f)), "#808080");
}

class PaletteTest : public ::testing::TestWithParam<ThemeKind> {};

TEST_P(PaletteTest, TextReachesSevenToOneOnEveryFill) {
  const Palette& p = PaletteFor(GetParam());
  const struct {
    const char* name;
    Rgb fill;
  } fills[] = {{"background", p.background},       {"panel", p.panel},
               {"box_fill", p.box_fill},           {"pending_fill", p.pending_fill},
               {"wait_fill", p.wait_fill},         {"bad_fill", p.bad_fill},
               {"good_fill", p.good_fill},         {"neutral_fill", p.neutral_fill},
               {"snapshot_fill", p.snapshot_fill}, {"accent_fill", p.accent_fill}};
  for (const auto& fill : fills) {
    EXPECT_GE(ContrastRatio(p.text, fill.fill), 7.0)
        << "text " << HexText(p.text) << " on " << fill.name << " " << HexText(fill.fill);
  }
  for (const Rgb& fill : {p.background, p.panel, p.box_fill, p.pending_fill}) {
    EXPECT_GE(ContrastRatio(p.text_muted, fill), 7.0)
        << "muted text " << HexText(p.text_muted) << " on " << HexText(fill);
  }
}

TEST_P(PaletteTest, LinesReachThreeToOneOnThePanel) {
  const Palette& p = PaletteFor(GetParam());
  for (const Rgb& line : {p.box_border, p.wait_line, p.bad_line, p.good_line, p.commit_line,
                          p.clients[0], p.clients[1], p.clients[2], p.clients[3]}) {
    EXPECT_GE(ContrastRatio(line, p.panel), 3.0) << HexText(line) << " on " << HexText(p.panel);
  }
}

TEST_P(PaletteTest, ClientColoursDifferFromEachOther) {
  const Palette& p = PaletteFor(GetParam());
  for (int a = 0; a < 4; ++a)
    for (int b = a + 1; b < 4; ++b) EXPECT_FALSE(p.clients[a] == p.clients[b]);
}

INSTANTIATE_TEST_SUITE_P(Themes, PaletteTest,
                         ::testing::Values(ThemeKind::kLight, ThemeKind::kDark));

}  // namespace
}  // namespace interleave::gui
