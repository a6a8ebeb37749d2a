// The App's panes: the baseline and a fix side by side, measured together so
// that their column headers, banners and committed-state panels line up, and
// (presentation) their timelines laid out together so that their rows do.
// Opened with engines (`gui --engine postgresql,mariadb`), each pane runs on
// its own engine's server and an engine picker sits above each pane.
#include <imgui.h>

#include <algorithm>
#include <cmath>

#include "gui/app_impl.h"

namespace interleave::gui {

std::shared_ptr<ServerHost> App::HostFor(EngineKind engine) {
  std::shared_ptr<ServerHost>& host = hosts_[engine];
  if (!host) host = std::make_shared<ServerHost>(options_.db_url, engine);
  return host;
}

bool App::EnginePickersShown() const { return !options_.engines.empty(); }

bool App::DrawEnginePickers(float pane_w, float gap) {
  constexpr EngineKind kEngines[] = {EngineKind::kPostgreSql, EngineKind::kMariaDb};
  int changed = -1;
  for (int p = 0; p < kPaneCount; ++p) {
    // Above its pane: SameLine's offset counts from the panes' group.
    if (p > 0) ImGui::SameLine(p * (pane_w + gap));
    ImGui::PushID(p);
    ImGui::SetNextItemWidth(std::min(pane_w, ImGui::GetFontSize() * 14));
    const std::string shown = EngineTitle(shown_engines_[p]);
    if (ImGui::BeginCombo("##engine", ("Engine: " + shown).c_str())) {
      for (EngineKind engine : kEngines) {
        if (ImGui::Selectable(EngineTitle(engine), engine == pane_engines_[p]) &&
            engine != pane_engines_[p]) {
          pane_engines_[p] = engine;
          changed = p;
        }
      }
      ImGui::EndCombo();
    }
    Remember(p == 0 ? "engine0" : "engine1");
    ImGui::PopID();
  }
  // The same variants, schedule and step, now with this engine in that pane.
  if (changed < 0 || !view_) return false;
  OpenScenario(selected_, view_->schedule(), view_->cursor());
  return true;
}

void App::DrawPanes(float width, float height) {
  const float gap = ImGui::GetStyle().ItemSpacing.x * 1.5f;
  const float pane_w = std::floor((width - gap) / 2);
  if (EnginePickersShown()) {
    // A new engine opens a new session: its panes are drawn from the next frame.
    if (DrawEnginePickers(pane_w, gap)) return;
    height -= ImGui::GetFrameHeightWithSpacing();
  }
  DrawStyle style;
  style.palette = &PaletteFor(theme_);
  style.fonts = &fonts_.fonts();
  LayoutMetrics metrics = MetricsFor(fonts_.fonts(), pane_w, presentation_);
  style.metrics = &metrics;

  PaneContext contexts[kPaneCount];
  PaneHeights heights;
  for (int p = 0; p < kPaneCount; ++p) {
    contexts[p].scenario = &session_->scenario(p);
    contexts[p].variant_names = view_->VariantNames();
    contexts[p].variant = view_->variant(p);
    contexts[p].cursor = view_->cursor();
    contexts[p].compact = presentation_;
    contexts[p].show_locks = show_locks_;
    contexts[p].time_s = NowSeconds();
    contexts[p].graph_cache = &pane_ui_[p].graph_cache;
    contexts[p].notes =
        HonestyNotes(view_->scenario(), *snapshots_[p], *snapshots_[kPaneCount - 1 - p]);
    heights =
        MaxHeights(heights, MeasurePane(*snapshots_[p], contexts[p], pane_w, style, pane_ui_[p]));
  }
  // The committed-state panels get at most a quarter of the height.
  heights.state = std::min(heights.state, height * 0.25f);
  heights.locks = std::min(heights.locks, height * 0.25f);  // and the locks panels as much
  // Both timelines together: in presentation mode, row by row and fitted.
  const PaneSnapshot* shown[kPaneCount];
  for (int p = 0; p < kPaneCount; ++p) shown[p] = snapshots_[p].get();
  LayoutPanes(shown, contexts, kPaneCount, CanvasContentWidth(pane_w, style),
              CanvasHeight(heights, height, style), style, pane_ui_);
  for (int p = 0; p < kPaneCount; ++p) {
    if (p > 0) ImGui::SameLine(0, gap);
    DrawPane(p, *snapshots_[p], contexts[p], heights, ImVec2(pane_w, height), style, &pane_ui_[p]);
    if (!pane_ui_[p].picked_variant.empty()) view_->SelectVariant(p, pane_ui_[p].picked_variant);
  }
}

}  // namespace interleave::gui
