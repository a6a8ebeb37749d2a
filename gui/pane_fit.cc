// Both panes' compact layouts, fitted to the canvas and row-aligned (see
// LayoutPanes in pane_view.h).
#include <algorithm>
#include <string>

#include "gui/pane_parts.h"

namespace interleave::gui {

namespace {

constexpr float kLargestScale = 1.0f;
constexpr float kSmallestScale = 0.5f;
constexpr float kScaleStep = 0.04f;

// Lays out every pane with `metrics`, the rows of all of them as high as the
// highest; returns the most height a pane needs: the bottom of its step rows
// and, at the end, the anomaly's card under them (see CardHeight).
float LayoutAligned(const std::vector<TimelineInput>& inputs, const LayoutMetrics& metrics,
                    float canvas_h, std::vector<TimelineLayout>* layouts) {
  layouts->clear();
  std::vector<int> shared;
  for (const TimelineInput& input : inputs) {
    TimelineLayout layout = LayoutTimeline(input, metrics);
    if (shared.size() < layout.row_lines.size()) shared.resize(layout.row_lines.size(), 0);
    for (size_t r = 0; r < layout.row_lines.size(); ++r)
      shared[r] = std::max(shared[r], layout.row_lines[r]);
  }
  float bottom = 0;
  for (TimelineInput input : inputs) {
    input.row_lines = shared;
    layouts->push_back(LayoutTimeline(input, metrics));
    const TimelineLayout& layout = layouts->back();
    const float card = pane::CardHeight(layout, input.finished, true, canvas_h);
    bottom = std::max(bottom, layout.steps_bottom + pane::CardReserve(card));
  }
  return bottom;
}

}  // namespace

void LayoutPanes(const PaneSnapshot* const snapshots[], const PaneContext contexts[], int count,
                 float content_w, float canvas_h, const DrawStyle& style, PaneUi ui[]) {
  if (count <= 0) return;
  if (!contexts[0].compact) {
    for (int p = 0; p < count; ++p)
      pane::EnsureLayout(*snapshots[p], contexts[p], content_w, style, &ui[p]);
    return;
  }
  const FontSet& fonts = *style.fonts;
  // The fit holds while the scenario, the variants and the size stay.
  std::string key = contexts[0].scenario->path + "|" + std::to_string(content_w) + "|" +
                    std::to_string(canvas_h) + "|" + std::to_string(fonts.mono_px);
  std::string inputs_key = key;
  for (int p = 0; p < count; ++p) {
    key += "|" + contexts[p].variant;
    inputs_key += "|" + contexts[p].variant + "@" + std::to_string(snapshots[p]->version);
  }
  if (ui[0].fit_key == key && ui[0].fit_inputs == inputs_key) return;
  if (ui[0].fit_key != key) ui[0].fit_scale = kLargestScale;
  std::vector<TimelineInput> inputs;
  for (int p = 0; p < count; ++p) inputs.push_back(pane::InputFor(*snapshots[p], contexts[p]));
  std::vector<TimelineLayout> layouts;
  float scale = ui[0].fit_scale;
  // The largest scale, no larger than before, at which the step rows and
  // the anomaly's whole card fit; else the card with its first sentence only;
  // else the smallest scale (the rows scroll, the card stays in view).
  LayoutMetrics metrics;
  for (int sentences : {0, 1}) {
    float s = scale;
    metrics = CompactMetricsFor(fonts, content_w, s);
    metrics.mark_sentences = sentences;
    bool fits;
    while (!(fits = LayoutAligned(inputs, metrics, canvas_h, &layouts) <= canvas_h) &&
           s > kSmallestScale) {
      s = std::max(kSmallestScale, s - kScaleStep);
      metrics = CompactMetricsFor(fonts, content_w, s);
      metrics.mark_sentences = sentences;
    }
    if (fits || sentences == 1) {
      scale = s;
      break;
    }
  }
  ui[0].fit_scale = scale;
  ui[0].fit_key = key;
  ui[0].fit_inputs = inputs_key;
  for (int p = 0; p < count; ++p) {
    ui[p].metrics = metrics;
    ui[p].layout = std::move(layouts[p]);
    pane::NameColumns(*snapshots[p], contexts[p], &ui[p].layout);
    ui[p].layout_version = snapshots[p]->version;
    ui[p].layout_width = content_w;
    ui[p].layout_font = fonts.mono_px;
    ui[p].layout_compact = true;
  }
}

}  // namespace interleave::gui
