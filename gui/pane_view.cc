// One pane of the classroom window (see pane_view.h): its parts are measured
// together with the other pane's and drawn top to bottom. Each part is in
// its own file (see pane_parts.h).
#include "gui/pane_view.h"

#include <algorithm>
#include <cmath>

#include "gui/pane_parts.h"
#include "gui/trace_words.h"

namespace interleave::gui {

std::string SerializationFailureWhy(Isolation level) {
  // As the text output says it (report/text_comparison.cc): SSI's check at
  // SERIALIZABLE, first-updater-wins below it.
  if (level == Isolation::kSerializable)
    return "SERIALIZABLE aborts a transaction on a dangerous pattern of reads and writes (two rw "
           "edges in a row through a pivot) before it knows a cycle will form";
  return "at " + IsolationName(level) +
         " PostgreSQL aborts a transaction that would update or lock a row another transaction "
         "changed since its snapshot (could not serialize access due to concurrent update), "
         "whatever the values";
}

std::vector<std::string> HonestyNotes(const Scenario& scenario, const PaneSnapshot& snapshot,
                                      const PaneSnapshot& other) {
  std::vector<std::string> notes;
  const Trace& trace = snapshot.trace;
  bool read_uncommitted = false;
  for (int c = 0; c < static_cast<int>(trace.client_names.size()); ++c)
    read_uncommitted =
        read_uncommitted || ClientLevel(scenario, trace, c) == Isolation::kReadUncommitted;
  if (read_uncommitted)
    notes.push_back(
        "PostgreSQL runs READ UNCOMMITTED as READ COMMITTED, so no step here can read "
        "uncommitted data (no dirty reads).");
  bool deadlock = false, serialization = false;
  // The isolation level of the last step that failed with 40001: what the
  // failure means depends on it.
  Isolation failed_level = Isolation::kSerializable;
  for (size_t i = 0; i < trace.steps.size(); ++i) {
    const StepTrace& step = trace.steps[i];
    if (step.error && step.error->sqlstate == "40P01") deadlock = true;
    if (step.error && step.error->sqlstate == "40001") {
      serialization = true;
      failed_level = StepLevel(scenario, trace, static_cast<int>(i));
    }
  }
  if (deadlock)
    notes.push_back(
        "PostgreSQL detected the deadlock and chose the victim itself; the application does "
        "not choose which transaction is aborted.");
  if (serialization && snapshot.finished && other.finished && other.verdict &&
      other.verdict->kind == Verdict::Kind::kPrevented &&
      other.request.order == snapshot.request.order && other.verdict->aborted_steps.empty())
    notes.push_back("The " + other.request.variant +
                    " pane shows no anomaly in this interleaving, so this serialization failure "
                    "had no real anomaly behind it: " +
                    SerializationFailureWhy(failed_level) +
                    ", which is why applications retry on 40001.");
  return notes;
}

PaneHeights MeasurePane(const PaneSnapshot& snapshot, const PaneContext& context, float width,
                        const DrawStyle& style, const PaneUi& ui) {
  PaneHeights heights;
  heights.columns = ColumnHeaderHeight(ui.layout, *style.fonts);
  heights.header = pane::HeaderHeight(context, width, style);
  heights.banner = pane::BannerHeight(pane::BannerFor(snapshot, context), width, style);
  heights.state = pane::StateHeight(snapshot, style);
  if (context.show_locks)
    heights.locks = pane::LocksHeight(LockPanelFor(snapshot.trace), width, style);
  return heights;
}

PaneHeights MaxHeights(const PaneHeights& a, const PaneHeights& b) {
  PaneHeights heights;
  heights.header = std::max(a.header, b.header);
  heights.banner = std::max(a.banner, b.banner);
  heights.columns = std::max(a.columns, b.columns);
  heights.locks = std::max(a.locks, b.locks);
  heights.state = std::max(a.state, b.state);
  return heights;
}

float CanvasContentWidth(float pane_w, const DrawStyle& style) {
  const float pad = std::round(std::max(6.0f, style.fonts->mono_px * 0.42f));
  return pane_w - 2 * pad - ImGui::GetStyle().ScrollbarSize;
}

float CanvasHeight(const PaneHeights& heights, float pane_h, const DrawStyle& style) {
  // As DrawPane stacks them: header, banner, a half gap, the column headers,
  // the canvas, a half gap, the committed data; the canvas's own padding.
  const float gap = style.fonts->body_px * 0.4f;
  const float pad = std::round(std::max(6.0f, style.fonts->mono_px * 0.42f));
  const float spacing = ImGui::GetStyle().ItemSpacing.y;
  const float used = heights.header + heights.banner + gap * 0.5f + heights.columns + 2 +
                     heights.state + gap + 5 * spacing +
                     (heights.locks > 0 ? heights.locks + gap * 0.5f + 2 * spacing : 0);
  return std::max(pane_h - used, style.fonts->body_px * 4) - 2 * pad;
}

void DrawPane(int index, const PaneSnapshot& snapshot, const PaneContext& context,
              const PaneHeights& heights, ImVec2 size, const DrawStyle& style_in, PaneUi* ui) {
  const FontSet& f = *style_in.fonts;
  const float gap = f.body_px * 0.4f;
  const float spacing = ImGui::GetStyle().ItemSpacing.y;
  std::string id = "##pane" + std::to_string(index);
  ImVec2 start = ImGui::GetCursorScreenPos();
  ui->min = start;
  ui->max = ImVec2(start.x + size.x, start.y + size.y);
  ui->picked_variant.clear();
  // No background of its own: the canvas and the banner paint theirs.
  ImGui::BeginChild(id.c_str(), size, false,
                    ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoBackground);
  const float width = size.x;

  PanePicture& picture = ui->picture;
  picture.variant = context.variant;
  picture.header_min = ImGui::GetCursorScreenPos();
  pane::DrawHeader(index, context, width, heights.header, style_in, ui);
  const pane::Banner banner = pane::BannerFor(snapshot, context);
  picture.tone = static_cast<int>(banner.tone);
  picture.icon = banner.icon;
  picture.headline = banner.headline;
  picture.body = banner.body;
  picture.numbers = banner.numbers;
  picture.banner_min = ImGui::GetCursorScreenPos();
  picture.banner_max = ImVec2(picture.banner_min.x + width, picture.banner_min.y + heights.banner);
  pane::DrawBanner(banner, width, heights.banner, style_in, &picture);
  ImGui::Dummy(ImVec2(width, gap * 0.5f));

  // The canvas's content width: the pane minus its padding and scroll bar.
  const float pad = std::round(std::max(6.0f, f.mono_px * 0.42f));
  const float content_w = CanvasContentWidth(width, style_in);
  // The compact layout was made for both panes together (LayoutPanes).
  if (!context.compact) pane::EnsureLayout(snapshot, context, content_w, style_in, ui);
  DrawStyle style = style_in;
  style.metrics = &ui->metrics;
  style.finished = snapshot.finished;
  style.arrows = &ui->arrow_cache;

  ImVec2 header_at = ImGui::GetCursorScreenPos();
  picture.columns_min = ImVec2(header_at.x + pad, header_at.y);
  const float header_h = std::max(heights.columns, ColumnHeaderHeight(ui->layout, f));
  DrawColumnHeaders(ImGui::GetWindowDrawList(), ui->layout, ImVec2(header_at.x + pad, header_at.y),
                    style);
  ImGui::Dummy(ImVec2(width, header_h + 2));

  const float locks_h = heights.locks > 0 ? heights.locks + gap * 0.5f + 2 * spacing : 0;
  float canvas_h =
      size.y - (ImGui::GetCursorScreenPos().y - start.y) - heights.state - gap - locks_h;
  const float card_h = pane::CardHeight(ui->layout, snapshot.finished, context.compact, canvas_h);
  ui->card_apart = card_h > 0;
  ui->card_overflow_px = 0;
  style.card_apart = ui->card_apart;
  pane::DrawCanvas(snapshot, context,
                   ImVec2(width, std::max(canvas_h - pane::CardReserve(card_h), f.body_px * 4)),
                   style, ui);
  if (ui->card_apart) pane::DrawCardArea(ui->layout, width, card_h, style, ui);
  ImGui::Dummy(ImVec2(width, gap * 0.5f));
  ui->lock_lines.clear();
  if (heights.locks > 0) {
    // The locks after the newest step, under the timeline (both panes' the same height).
    const LockPanelText locks = LockPanelFor(snapshot.trace);
    pane::DrawLocks(locks, width, heights.locks, style);
    ImGui::Dummy(ImVec2(width, gap * 0.5f));
    ui->lock_lines.push_back(locks.heading);
    for (const LockLine& line : locks.lines) ui->lock_lines.push_back(line.text);
  }
  picture.state_min = ImGui::GetCursorScreenPos();
  picture.state_max = ImVec2(picture.state_min.x + width, picture.state_min.y + heights.state);
  picture.committed = snapshot.committed;
  picture.committed_note = snapshot.committed_note;
  pane::DrawState(snapshot, width, heights.state, style);
  ImGui::EndChild();
}

}  // namespace interleave::gui
