// A pane's timeline canvas (see pane_parts.h); the lanes are drawn by
// gui/timeline_view.h from the layout of gui/timeline_layout.h.
#include <algorithm>
#include <cmath>

#include "gui/pane_parts.h"
#include "gui/view_context.h"

namespace interleave::gui::pane {

TimelineInput InputFor(const PaneSnapshot& snapshot, const PaneContext& context) {
  TimelineInput input;
  input.scenario = context.scenario;
  input.variant = VariantNamed(*context.scenario, snapshot.request.variant);
  input.plan = snapshot.plan.get();
  input.trace = &snapshot.trace;
  input.verdict = snapshot.finished && snapshot.verdict ? &*snapshot.verdict : nullptr;
  input.pending = snapshot.pending;
  input.waiting_clients = snapshot.waiting_clients;
  input.finished = snapshot.finished;
  if (!snapshot.finished && snapshot.lookahead_trace && snapshot.lookahead_verdict &&
      snapshot.lookahead_verdict->explanation) {
    input.lookahead = &*snapshot.lookahead_verdict->explanation;
    input.lookahead_trace = snapshot.lookahead_trace.get();
  }
  return input;
}

void NameColumns(const PaneSnapshot& snapshot, const PaneContext& context, TimelineLayout* layout) {
  // The layout's columns when no step ran yet: the scenario's clients.
  if (snapshot.trace.client_names.empty()) {
    for (size_t c = 0; c < layout->columns.size() && c < context.scenario->clients.size(); ++c)
      layout->columns[c].name = context.scenario->clients[c].name;
  }
}

void EnsureLayout(const PaneSnapshot& snapshot, const PaneContext& context, float width,
                  const DrawStyle& style, PaneUi* ui) {
  if (ui->layout_version == snapshot.version && ui->layout_width == width &&
      ui->layout_font == style.fonts->mono_px && ui->layout_compact == context.compact)
    return;
  ui->metrics = MetricsFor(*style.fonts, width, context.compact);
  ui->layout = LayoutTimeline(InputFor(snapshot, context), ui->metrics);
  NameColumns(snapshot, context, &ui->layout);
  ui->layout_version = snapshot.version;
  ui->layout_width = width;
  ui->layout_font = style.fonts->mono_px;
  ui->layout_compact = context.compact;
}

void DrawCanvas(const PaneSnapshot& snapshot, const PaneContext& context, ImVec2 size,
                const DrawStyle& style, PaneUi* ui) {
  const float pad = style.metrics->padding;
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(pad, pad));
  ImGui::BeginChild("##timeline", size, true, ImGuiWindowFlags_AlwaysVerticalScrollbar);
  const TimelineLayout& layout = ui->layout;
  const float view_h = ImGui::GetWindowHeight() - 2 * pad;

  // Follow the "now" line when the classroom steps (the anomaly at the end).
  if (ui->followed_version != snapshot.version && ui->followed_cursor != snapshot.cursor) {
    float y0 = layout.now_y, y1 = layout.now_y;
    if (!layout.rows.empty()) {
      // The rows the last step added, and the next step to come.
      const auto& rows = layout.rows;
      int last_done = -1;
      for (int r = 0; r < static_cast<int>(rows.size()); ++r)
        if (rows[r].y < layout.now_y) last_done = r;
      if (last_done >= 0) y0 = rows[last_done].y;
      y1 = last_done + 1 < static_cast<int>(rows.size()) && !snapshot.finished
               ? rows[last_done + 1].y + rows[last_done + 1].h
               : layout.now_y;
    }
    const StepBox* aborted = nullptr;
    for (const StepBox& box : layout.boxes)
      if (box.aborted && !aborted) aborted = &box;
    const StepBox* seen = nullptr;  // the step where the anomaly became visible
    for (const StepBox& box : layout.boxes)
      if (box.anomaly && box.kind != BoxKind::kAnomaly && !seen) seen = &box;
    if (snapshot.finished && ui->card_apart && seen) {
      // The end, with the anomaly's card under the canvas: the step where it
      // became visible.
      y0 = seen->y;
      y1 = seen->y + seen->h;
    } else if (snapshot.finished && layout.anomaly_box >= 0) {
      // The end: where the anomaly became visible (the marker whole, and the
      // step before it when there is room) ...
      const StepBox& mark = layout.boxes[layout.anomaly_box];
      y1 = mark.y + mark.h;
      y0 = std::max(mark.y - (mark.row > 0 ? layout.rows[mark.row - 1].h : 0), y1 - view_h);
    } else if (snapshot.finished && !layout.spans.empty()) {
      // ... or what prevented it: the first wait, from its step to its release ...
      y0 = layout.spans.front().y0;
      y1 = layout.spans.front().y1;
    } else if (snapshot.finished && aborted) {
      // ... or the first abort.
      y0 = aborted->y;
      y1 = aborted->y + aborted->h;
    }
    float scroll = ScrollToShow(y0, y1, ImGui::GetScrollY(), view_h);
    // Compact, at the end: the whole interleaving when it fits.
    if (context.compact && snapshot.finished && layout.steps_bottom <= view_h + 1) scroll = 0;
    ImGui::SetScrollY(scroll);
    ui->followed_cursor = snapshot.cursor;
    ui->followed_version = snapshot.version;
  }

  ViewContext view;
  ImVec2 origin = ImGui::GetCursorScreenPos();
  view.origin_x = origin.x;
  view.origin_y = origin.y;
  ImVec2 win = ImGui::GetWindowPos();
  view.clip_x0 = win.x;
  view.clip_y0 = win.y;
  view.clip_x1 = win.x + ImGui::GetWindowWidth();
  view.clip_y1 = win.y + ImGui::GetWindowHeight();
  ImVec2 mouse = ImGui::GetMousePos();
  view.mouse_x = mouse.x;
  view.mouse_y = mouse.y;
  view.hovered = ImGui::IsWindowHovered();
  view.scale = std::max(1.0f, style.fonts->body_px / 18.0f);
  view.time_s = context.time_s;

  ui->content_origin = origin;
  ui->canvas_min = ImVec2(view.clip_x0, view.clip_y0);
  ui->canvas_max = ImVec2(view.clip_x1, view.clip_y1);
  ui->hovered_box = -1;
  ui->hovered_span = -1;
  if (view.hovered) {
    float x = view.ContentX(mouse.x), y = view.ContentY(mouse.y);
    ui->hovered_span = SpanAt(layout, x, y, style.metrics->span_width, 4 * view.scale);
    if (ui->hovered_span < 0) ui->hovered_box = BoxAt(layout, x, y);
  }
  TimelineCounts counts = DrawTimeline(ImGui::GetWindowDrawList(), layout, view, style,
                                       ui->hovered_box, ui->hovered_span);
  ui->visible_steps = counts.visible_steps;
  ui->edges_drawn = counts.edges_drawn;
  const float content_h = ui->card_apart ? layout.steps_bottom : layout.height;
  ImGui::Dummy(ImVec2(layout.gutter, std::max(content_h, 1.0f)));
  ui->scroll_y = ImGui::GetScrollY();
  if (ui->hovered_span >= 0)
    DrawSpanTooltip(layout, ui->hovered_span, snapshot.trace, style);
  else if (ui->hovered_box >= 0)
    DrawBoxTooltip(layout, ui->hovered_box, snapshot.trace, style);
  ImGui::EndChild();
  ImGui::PopStyleVar();
}

float CardHeight(const TimelineLayout& layout, bool finished, bool compact, float canvas_h) {
  if (!compact || !finished || layout.anomaly_box < 0) return 0;
  return std::min(layout.boxes[layout.anomaly_box].h, std::floor(canvas_h * 0.5f));
}

float CardReserve(float card_h) {
  return card_h > 0 ? card_h + ImGui::GetStyle().ItemSpacing.y : 0;
}

void DrawCardArea(const TimelineLayout& layout, float width, float card_h, const DrawStyle& style,
                  PaneUi* ui) {
  const StepBox& box = layout.boxes[layout.anomaly_box];
  ui->card_overflow_px = std::max(0.0f, box.h - card_h);
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
  ImGui::BeginChild("##card", ImVec2(width, card_h), false,
                    ImGuiWindowFlags_NoBackground |
                        (ui->card_overflow_px > 0 ? 0 : ImGuiWindowFlags_NoScrollbar));
  // In line with the timeline's content (the canvas's padding, its x).
  const ImVec2 at = ImGui::GetCursorScreenPos();
  ui->card_origin = ImVec2(at.x + style.metrics->padding + box.x, at.y);
  DrawCard(ImGui::GetWindowDrawList(), box, ui->card_origin, style);
  ImGui::Dummy(ImVec2(width, box.h));
  ImGui::EndChild();
  ImGui::PopStyleVar();
}

}  // namespace interleave::gui::pane
