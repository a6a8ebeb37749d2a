// The parts of one pane (gui/pane_view.h), each in its own file, measured
// and drawn by DrawPane in gui/pane_view.cc:
//
//   gui/pane_text.cc    measuring and cutting wrapped text
//   gui/pane_header.cc  the variant combo and what the variant changes
//   gui/pane_banner.cc  the verdict banner
//   gui/pane_canvas.cc  the timeline canvas: its layout, scrolling, hover
//   gui/pane_fit.cc     both panes' compact layouts, fitted and row-aligned
//   gui/pane_locks.cc   the locks panel
//   gui/pane_state.cc   the committed contents of the tables
//
// Private to gui/: only gui/pane_view.cc and the other gui/pane_*.cc files
// include it (and the tests of the banner).
// Thread-safety: UI thread only, inside an ImGui frame (BannerFor is pure).
#pragma once

#include <imgui.h>

#include <string>

#include "gui/lock_panel.h"
#include "gui/pane_view.h"
#include "gui/trace_words.h"

namespace interleave::gui::pane {

// Text: the height of `text` wrapped at `wrap` pixels; drawing it (returns
// its height); `text` cut at a word to fit `max_lines` lines, ending in "…"
// when cut.
float TextHeight(ImFont* font, float size, const std::string& text, float wrap);
float WrappedText(ImDrawList* draw, ImFont* font, float size, ImVec2 pos, ImU32 color,
                  const std::string& text, float wrap);
std::string FitLines(ImFont* font, float size, const std::string& text, float wrap, int max_lines);
// The scenario's variant of that name, or null (the baseline).
const Variant* VariantNamed(const Scenario& scenario, const std::string& name);

// The header: the variant combo (a pick lands in ui->picked_variant) and what
// the variant changes, beside the combo or under it when the pane is narrow.
float HeaderHeight(const PaneContext& context, float width, const DrawStyle& style);
void DrawHeader(int index, const PaneContext& context, float width, float height,
                const DrawStyle& style, PaneUi* ui);

// The verdict banner: red where the anomaly happened, green with how it was
// prevented, grey while the run is still going.
struct Banner {
  VerdictTone tone = VerdictTone::kNeutral;
  std::string icon;
  std::string headline;
  std::string body;
  std::string numbers;
  // The run's graph, drawn beside the words (valid while the snapshot is).
  const Explanation* explanation = nullptr;
  const History* history = nullptr;
  PrecedenceCache* graph_cache = nullptr;  // the pane's (see PaneContext)
};

Banner BannerFor(const PaneSnapshot& snapshot, const PaneContext& context);
float BannerHeight(const Banner& banner, float width, const DrawStyle& style);
// Notes in `picture` (if any) where its text and graph went.
void DrawBanner(const Banner& banner, float width, float height, const DrawStyle& style,
                PanePicture* picture = nullptr);

// The timeline canvas: EnsureLayout lays the trace out again when the
// snapshot, the width, the font or the compact mode changed; DrawCanvas
// scrolls to what the last step did (at the end: the anomaly, the wait or the
// abort), draws what is visible and the hover card.
void EnsureLayout(const PaneSnapshot& snapshot, const PaneContext& context, float width,
                  const DrawStyle& style, PaneUi* ui);
// What the layout of a pane is made from; the scenario's client names on the
// columns of a pane that has not run a step yet.
TimelineInput InputFor(const PaneSnapshot& snapshot, const PaneContext& context);
void NameColumns(const PaneSnapshot& snapshot, const PaneContext& context, TimelineLayout* layout);
void DrawCanvas(const PaneSnapshot& snapshot, const PaneContext& context, ImVec2 size,
                const DrawStyle& style, PaneUi* ui);

// Presentation, at the end: the anomaly's card under the timeline instead of
// in it, so that it never scrolls away. CardHeight is the room it gets (its
// box's height, at most half of `canvas_h`, the room of the canvas and the
// card together; 0: no card), CardReserve what it takes from the canvas, and DrawCard
// draws it (scrolling only when it needs more room than it gets, which
// ui->card_overflow_px then says).
float CardHeight(const TimelineLayout& layout, bool finished, bool compact, float canvas_h);
float CardReserve(float card_h);
void DrawCardArea(const TimelineLayout& layout, float width, float card_h, const DrawStyle& style,
                  PaneUi* ui);

// The locks panel (gui/pane_locks.cc): what each client holds and waits
// for after the newest step, under the timeline.
float LocksHeight(const LockPanelText& panel, float width, const DrawStyle& style);
void DrawLocks(const LockPanelText& panel, float width, float height, const DrawStyle& style);

// The committed contents of the tables after the current step.
float StateHeight(const PaneSnapshot& snapshot, const DrawStyle& style);
void DrawState(const PaneSnapshot& snapshot, float width, float height, const DrawStyle& style);

}  // namespace interleave::gui::pane
