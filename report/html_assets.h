// The style sheet and the script that every HTML page of a run carries
// inline (see html_page.h). Thread-safety: constant strings.
#pragma once

namespace interleave {

// The page's CSS: the variant grid (subgrid rows shared by the variants, one
// column per variant on a wide screen, stacked below 760 px), step boxes,
// arrows (ww solid, wr dashed, rw dotted, in Okabe-Ito colours), tables.
const char* HtmlPageCss();

// The page's script: the step cursor (Right / Left / Home / End and the
// buttons) over the rows of the variants shown, which boxes and edges are
// shown, and the arrows between boxes, drawn again when the layout changes.
const char* HtmlPageScript();

}  // namespace interleave
