// The panes as an SVG picture for slides and the web: vector shapes and real
// text (it scales on any projector and its words can be searched), drawn
// from what the panes showed in the last frame (their layouts, scroll
// positions, banners, graphs and committed data), not from pixels.
// Thread-safety: pure functions (plus one file write).
#pragma once

#include <string>

#include "gui/fonts.h"
#include "gui/palette.h"
#include "gui/pane_view.h"

namespace interleave::gui {

// The SVG document of panes `ui[0..count)`, the rectangle from the first
// pane's top-left to the last one's bottom-right; sizes from `fonts`.
std::string PanesSvg(const PaneUi ui[], int count, const Palette& palette, const FontSet& fonts);

// Writes `svg` to `path`; returns "" or what went wrong.
std::string WriteSvg(const std::string& path, const std::string& svg);

// Whether `path` names an SVG file (".svg", any case).
bool IsSvgPath(const std::string& path);

}  // namespace interleave::gui
