// The timeline's lane drawers (see timeline_view.h).
//
// Index
//   [SECTION] Metrics and helpers
//   [SECTION] Column headers
//   [SECTION] Lanes: columns, rows, boxes, spans, the "now" line
//   [SECTION] Hover cards
#include "gui/timeline_view.h"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <string>

#include "gui/theme.h"
#include "gui/timeline_arrows.h"
#include "gui/trace_words.h"

namespace interleave::gui {

//-----------------------------------------------------------------------------
// [SECTION] Metrics and helpers
//-----------------------------------------------------------------------------

LayoutMetrics MetricsFor(const FontSet& fonts, float width, bool compact) {
  LayoutMetrics m;
  m.width = std::max(width, 200.0f);
  m.char_width = fonts.mono->CalcTextSizeA(fonts.mono_px, FLT_MAX, 0, "M").x;
  m.line_height = std::round(fonts.mono_px * 1.18f);
  m.padding = std::round(std::max(6.0f, fonts.mono_px * 0.42f));
  m.row_gap = std::round(fonts.mono_px * (compact ? 0.3f : 0.5f));
  m.column_gap = std::round(fonts.mono_px * 0.8f);
  m.span_width = std::round(fonts.mono_px * 0.75f);
  // A narrow gutter: the time axis (the row numbers are in the boxes).
  m.gutter_chars = 1.6f;
  m.max_sql_lines = compact ? 4 : 6;
  return m;
}

LayoutMetrics CompactMetricsFor(const FontSet& fonts, float width, float text_scale) {
  LayoutMetrics m = MetricsFor(fonts, width, true);
  const float px = fonts.mono_px * text_scale;
  m.compact = true;
  m.font_px = px;
  m.char_width = fonts.mono->CalcTextSizeA(px, FLT_MAX, 0, "M").x;
  m.line_height = std::round(px * 1.16f);
  m.padding = std::round(std::max(4.0f, px * 0.3f));
  m.row_gap = std::round(std::max(3.0f, px * 0.22f));
  m.span_width = std::round(std::max(8.0f, px * 0.6f));
  // The lanes between the columns hold the arrows' labels.
  m.column_gap = std::round(m.lane_chars * m.char_width * m.label_scale + 2 * m.padding);
  m.max_sql_lines = 4;
  m.max_label_lines = 4;  // "rw users id=1:" / "read 100," / "wrote 70" and a longer row key
  return m;
}

namespace {

float Scale(const DrawStyle& style) { return std::max(1.0f, style.fonts->body_px / 18.0f); }

// The box text's size: the compact layout's, or the mono font's own.
float TextPx(const DrawStyle& style) {
  return style.metrics && style.metrics->font_px > 0 ? style.metrics->font_px
                                                     : style.fonts->mono_px;
}

const Rgb* BandFor(LineTone tone, const Palette& p) {
  switch (tone) {
    case LineTone::kWait:
      return &p.wait_fill;
    case LineTone::kBad:
      return &p.bad_fill;
    case LineTone::kGood:
      return &p.good_fill;
    case LineTone::kSnapshot:
      return &p.snapshot_fill;
    default:
      return nullptr;
  }
}

// A dashed rectangle outline (ImDrawList has no dashes).
void DashedRect(ImDrawList* draw, ImVec2 a, ImVec2 b, ImU32 color, float thickness, float dash) {
  auto dashed = [&](ImVec2 from, ImVec2 to) {
    float length = std::hypot(to.x - from.x, to.y - from.y);
    if (length <= 0) return;
    ImVec2 dir((to.x - from.x) / length, (to.y - from.y) / length);
    for (float t = 0; t < length; t += dash * 2) {
      float e = std::min(t + dash, length);
      draw->AddLine(ImVec2(from.x + dir.x * t, from.y + dir.y * t),
                    ImVec2(from.x + dir.x * e, from.y + dir.y * e), color, StrokeWidth(thickness));
    }
  };
  dashed(a, ImVec2(b.x, a.y));
  dashed(ImVec2(b.x, a.y), b);
  dashed(b, ImVec2(a.x, b.y));
  dashed(ImVec2(a.x, b.y), a);
}

// A labelled pill at the top-right of a box.
void Badge(ImDrawList* draw, const std::string& text, LineTone tone, ImVec2 top_right,
           const DrawStyle& style) {
  const Palette& p = *style.palette;
  const FontSet& f = *style.fonts;
  const float size = TextPx(style) * 0.82f;
  ImVec2 text_size = f.mono_bold->CalcTextSizeA(size, FLT_MAX, 0, text.c_str());
  const float pad_x = size * 0.4f, pad_y = size * 0.12f;
  ImVec2 a(top_right.x - text_size.x - 2 * pad_x, top_right.y);
  ImVec2 b(top_right.x, top_right.y + text_size.y + 2 * pad_y);
  const Rgb* fill = tone == LineTone::kGood  ? &p.good_fill
                    : tone == LineTone::kBad ? &p.bad_fill
                                             : &p.neutral_fill;
  const Rgb* line = tone == LineTone::kGood  ? &p.good_line
                    : tone == LineTone::kBad ? &p.bad_line
                                             : &p.box_border;
  draw->AddRectFilled(a, b, ToU32(*fill), size * 0.3f);
  draw->AddRect(a, b, ToU32(*line), size * 0.3f, 0, StrokeWidth(1.5f * Scale(style)));
  draw->AddText(f.mono_bold, size, ImVec2(a.x + pad_x, a.y + pad_y), ToU32(p.text), text.c_str());
}

}  // namespace

//-----------------------------------------------------------------------------
// [SECTION] Column headers
//-----------------------------------------------------------------------------

namespace {

bool HeadersOnOneLine(const TimelineLayout& layout, const FontSet& f) {
  for (const ColumnLayout& column : layout.columns) {
    float w = f.bold->CalcTextSizeA(f.body_px * 1.1f, FLT_MAX, 0, column.name.c_str()).x +
              f.body->CalcTextSizeA(f.body_px * 0.92f, FLT_MAX, 0, column.level.c_str()).x +
              f.body_px * 1.0f;
    if (w > column.w) return false;
  }
  return true;
}

}  // namespace

float ColumnHeaderHeight(const TimelineLayout& layout, const FontSet& fonts) {
  const float line = fonts.body_px * 1.15f;
  return (HeadersOnOneLine(layout, fonts) ? line : line + fonts.body_px * 0.95f) + 8;
}

void DrawColumnHeaders(ImDrawList* draw, const TimelineLayout& layout, ImVec2 origin,
                       const DrawStyle& style) {
  const Palette& p = *style.palette;
  const FontSet& f = *style.fonts;
  const float scale = Scale(style);
  const float height = ColumnHeaderHeight(layout, f);
  const bool one_line = HeadersOnOneLine(layout, f);
  // "time ↓" over the gutter's axis: the direction of time, stated once.
  draw->AddText(f.body, f.body_px * 0.7f, ImVec2(origin.x, origin.y), ToU32(p.text_muted), "time");
  draw->AddText(f.bold, f.body_px, ImVec2(origin.x + 2, origin.y + f.body_px * 0.75f),
                ToU32(p.text_muted), "↓");
  for (size_t c = 0; c < layout.columns.size(); ++c) {
    const ColumnLayout& column = layout.columns[c];
    ImVec2 a(origin.x + column.x, origin.y);
    draw->PushClipRect(a, ImVec2(a.x + column.w, a.y + height), true);
    draw->AddText(f.bold, f.body_px * 1.1f, ImVec2(a.x + 4, a.y), ToU32(p.text),
                  column.name.c_str());
    ImVec2 level_at(a.x + 4, a.y + f.body_px * 1.15f);
    if (one_line)
      level_at =
          ImVec2(a.x + 4 + f.body_px * 0.8f +
                     f.bold->CalcTextSizeA(f.body_px * 1.1f, FLT_MAX, 0, column.name.c_str()).x,
                 a.y + f.body_px * 0.12f);
    draw->AddText(f.body, f.body_px * (one_line ? 0.92f : 0.85f), level_at, ToU32(p.text),
                  column.level.c_str());
    draw->PopClipRect();
    // The client's colour, under its name (position and label say who it is).
    draw->AddRectFilled(ImVec2(a.x, a.y + height - 5 * scale), ImVec2(a.x + column.w, a.y + height),
                        ToU32(p.clients[c % 4]));
  }
}

//-----------------------------------------------------------------------------
// [SECTION] Lanes: columns, rows, boxes, spans, the "now" line
//-----------------------------------------------------------------------------

namespace {

void DrawLanes(ImDrawList* draw, const TimelineLayout& layout, const ViewContext& view,
               const DrawStyle& style) {
  const Palette& p = *style.palette;
  const float top = std::max(view.VisibleTop(), 0.0f);
  const float bottom =
      std::min(view.VisibleBottom(), std::max(layout.height, view.VisibleBottom()));
  for (size_t c = 1; c < layout.columns.size(); ++c) {
    const ColumnLayout& column = layout.columns[c];
    float x = view.ScreenX(column.x - style.metrics->column_gap / 2);
    draw->AddLine(ImVec2(x, view.ScreenY(top)), ImVec2(x, view.ScreenY(bottom)), ToU32(p.grid),
                  StrokeWidth(1.5f * Scale(style)));
  }
}

void DrawBox(ImDrawList* draw, const StepBox& box, const ViewContext& view, const DrawStyle& style,
             bool hovered) {
  const Palette& p = *style.palette;
  const FontSet& f = *style.fonts;
  const LayoutMetrics& m = *style.metrics;
  const float scale = Scale(style);
  ImVec2 a(view.ScreenX(box.x), view.ScreenY(box.y));
  ImVec2 b(a.x + box.w, a.y + box.h);
  const float rounding = 4 * scale;

  Rgb fill = p.box_fill;
  if (box.kind == BoxKind::kPending) fill = p.pending_fill;
  if (box.kind == BoxKind::kAnomaly) fill = p.bad_fill;
  if (box.kind == BoxKind::kEvent) fill = p.neutral_fill;
  // A fill that equals the canvas is not drawn (less to rasterise).
  if (!(fill == p.panel)) draw->AddRectFilled(a, b, ToU32(fill), rounding);

  // Bands behind lines that carry a tone (the text itself stays at full contrast).
  for (size_t i = 0; i < box.lines.size(); ++i) {
    const Rgb* band = BandFor(box.lines[i].tone, p);
    if (!band || box.kind == BoxKind::kAnomaly) continue;
    float y = a.y + m.padding + i * m.line_height;
    draw->AddRectFilled(ImVec2(a.x + m.padding * 0.5f, y),
                        ImVec2(b.x - m.padding * 0.5f, y + m.line_height), ToU32(*band), 2 * scale);
  }
  // The client's stripe at the left edge.
  if (box.client >= 0 && box.kind != BoxKind::kPending)
    draw->AddRectFilled(a, ImVec2(a.x + 4 * scale, b.y), ToU32(p.clients[box.client % 4]), rounding,
                        ImDrawFlags_RoundCornersLeft);

  const float px = TextPx(style);
  for (size_t i = 0; i < box.lines.size(); ++i) {
    const BoxLine& line = box.lines[i];
    ImFont* font = line.tone == LineTone::kStepName ? f.mono_bold : f.mono;
    if (box.kind == BoxKind::kAnomaly && i == 0) font = f.mono_bold;
    Rgb color =
        (line.tone == LineTone::kMuted || line.tone == LineTone::kNote) ? p.text_muted : p.text;
    float y = a.y + m.padding + i * m.line_height + (m.line_height - px) * 0.5f;
    float x = a.x + m.padding;
    const char* text = line.text.c_str();
    if (line.lead > 0 && line.lead <= static_cast<int>(line.text.size())) {
      // The step's name in bold, then the SQL on the same line.
      draw->AddText(f.mono_bold, px, ImVec2(x, y), ToU32(p.text), text, text + line.lead);
      x += CodepointCount(line.text.substr(0, line.lead)) * m.char_width;
      text += line.lead;
    }
    draw->AddText(font, px, ImVec2(x, y), ToU32(color), text);
    if (!line.tail.empty()) {
      // A short result after the text, on a band of its tone.
      const float tx = a.x + m.padding + (CodepointCount(line.text) + 2) * m.char_width;
      const Rgb* band = BandFor(line.tail_tone, p);
      if (band)
        draw->AddRectFilled(
            ImVec2(tx - m.char_width * 0.4f, y - 1),
            ImVec2(tx + (CodepointCount(line.tail) + 0.4f) * m.char_width, y + m.line_height - 2),
            ToU32(*band), 2 * scale);
      draw->AddText(f.mono_bold, px, ImVec2(tx, y), ToU32(p.text), line.tail.c_str());
    }
  }

  // Outline: dashed for steps not run yet, thick for the anomaly.
  if (box.kind == BoxKind::kPending) {
    DashedRect(draw, a, b, ToU32(p.box_border), 1.5f * scale, 5 * scale);
  } else if (box.anomaly) {
    draw->AddRect(a, b, ToU32(p.bad_line), rounding, 0, StrokeWidth(4 * scale));
  } else {
    draw->AddRect(a, b, ToU32(p.box_border), rounding, 0, StrokeWidth(1.25f * scale));
  }
  if (hovered) draw->AddRect(a, b, ToU32(p.text), rounding, 0, StrokeWidth(2.5f * scale));
  // A COMMIT closes its transaction: a rule under the box.
  if (box.committed)
    draw->AddRectFilled(ImVec2(a.x, b.y - 4 * scale), ImVec2(b.x, b.y), ToU32(p.commit_line));
  if (box.aborted)
    draw->AddRectFilled(ImVec2(a.x, b.y - 4 * scale), ImVec2(b.x, b.y), ToU32(p.bad_line));
  if (!box.badge.empty())
    Badge(draw, box.badge, box.anomaly ? LineTone::kBad : box.badge_tone,
          ImVec2(b.x - m.padding * 0.5f, a.y + m.padding * 0.4f + box.badge_line * m.line_height),
          style);
}

void DrawSpan(ImDrawList* draw, const WaitSpan& span, const ViewContext& view,
              const DrawStyle& style, bool hovered) {
  const Palette& p = *style.palette;
  const LayoutMetrics& m = *style.metrics;
  const float scale = Scale(style);
  const float w = m.span_width * 0.55f;
  ImVec2 a(view.ScreenX(span.x + 1), view.ScreenY(span.y0));
  ImVec2 b(a.x + w, view.ScreenY(span.y1));
  draw->AddRectFilled(a, b, ToU32(p.wait_line), 2 * scale);
  if (hovered) draw->AddRect(a, b, ToU32(p.text), 2 * scale, 0, StrokeWidth(2 * scale));
  // Ticks: out of the box where the step was sent, into the box where it completed.
  draw->AddLine(ImVec2(a.x - 3 * scale, a.y + 1.5f * scale), ImVec2(b.x, a.y + 1.5f * scale),
                ToU32(p.wait_line), StrokeWidth(3 * scale));
  if (span.open) {
    // Still waiting: an arrow pointing on down, pulsing gently.
    float pulse = 0.5f + 0.5f * std::sin(static_cast<float>(view.time_s) * 4.0f);
    float tip = b.y + w * (0.6f + 0.4f * pulse);
    draw->AddTriangleFilled(ImVec2(a.x - w * 0.5f, b.y), ImVec2(b.x + w * 0.5f, b.y),
                            ImVec2((a.x + b.x) / 2, tip), ToU32(p.wait_line));
  } else {
    draw->AddLine(ImVec2(a.x - 3 * scale, b.y - 1.5f * scale), ImVec2(b.x, b.y - 1.5f * scale),
                  ToU32(p.wait_line), StrokeWidth(3 * scale));
  }
}

void DrawNowLine(ImDrawList* draw, const TimelineLayout& layout, const ViewContext& view,
                 const DrawStyle& style) {
  const Palette& p = *style.palette;
  const FontSet& f = *style.fonts;
  const float scale = Scale(style);
  const float size = f.mono_px * 0.8f;
  float y = view.ScreenY(std::max(layout.now_y - style.metrics->row_gap * 0.5f, size * 0.7f));
  float x0 = view.ScreenX(layout.gutter * 0.35f), x1 = view.ScreenX(style.metrics->width);
  for (float x = x0; x < x1; x += 14 * scale)
    draw->AddLine(ImVec2(x, y), ImVec2(std::min(x + 8 * scale, x1), y), ToU32(p.text_muted),
                  StrokeWidth(2 * scale));
  // "now", on a pill at the right end so that no box hides it.
  ImVec2 text = f.mono_bold->CalcTextSizeA(size, FLT_MAX, 0, "now");
  ImVec2 a(x1 - text.x - size * 0.8f, y - text.y * 0.5f - 2), b(x1, y + text.y * 0.5f + 2);
  draw->AddRectFilled(a, b, ToU32(p.panel), size * 0.3f);
  draw->AddRect(a, b, ToU32(p.text_muted), size * 0.3f, 0, StrokeWidth(1.5f * scale));
  draw->AddText(f.mono_bold, size, ImVec2(a.x + size * 0.4f, a.y + 2), ToU32(p.text), "now");
}

}  // namespace

TimelineCounts DrawTimeline(ImDrawList* draw, const TimelineLayout& layout, const ViewContext& view,
                            const DrawStyle& style, int hovered_box, int hovered_span) {
  TimelineCounts counts;
  const Palette& p = *style.palette;
  DrawLanes(draw, layout, view, style);
  // The time axis in the gutter: down to "now", then on (dashed) to the end.
  {
    const float scale = Scale(style);
    const float x = view.ScreenX(layout.gutter * 0.35f);
    const float end = style.card_apart ? layout.steps_bottom : layout.height;
    const float now = style.finished ? end : layout.now_y;
    const float top = view.ScreenY(0), mid = view.ScreenY(now);
    draw->AddLine(ImVec2(x, top), ImVec2(x, mid), ToU32(p.text_muted), StrokeWidth(2.5f * scale));
    // Only the dashes in view (a long trace has hundreds below the fold).
    const float from = std::max(mid, view.clip_y0 - 12 * scale);
    const float to = std::min(view.ScreenY(end), view.clip_y1);
    for (float y = mid + std::max(0.0f, std::floor((from - mid) / (12 * scale))) * 12 * scale;
         y < to; y += 12 * scale)
      draw->AddLine(ImVec2(x, y), ImVec2(x, y + 6 * scale), ToU32(p.text_muted),
                    StrokeWidth(2 * scale));
    const float head = 7 * scale;
    draw->AddTriangleFilled(ImVec2(x - head, mid - head * 1.6f),
                            ImVec2(x + head, mid - head * 1.6f), ImVec2(x, mid),
                            ToU32(p.text_muted));
  }
  auto [first, last] = VisibleRows(layout, view.VisibleTop(), view.VisibleBottom());
  for (int r = first; r < last; ++r) {
    const LayoutRow& row = layout.rows[r];
    if (row.box < 0) continue;
    const StepBox& box = layout.boxes[row.box];
    if (style.card_apart && box.kind == BoxKind::kAnomaly) continue;
    DrawBox(draw, box, view, style, row.box == hovered_box);
    if (IsStepBox(box) && box.y >= view.VisibleTop() - 0.5f &&
        box.y + box.h <= view.VisibleBottom() + 0.5f)
      ++counts.visible_steps;
  }
  for (size_t i = 0; i < layout.spans.size(); ++i) {
    const WaitSpan& span = layout.spans[i];
    if (view.IsVisible(span.y0, span.y1 + 40))
      DrawSpan(draw, span, view, style, static_cast<int>(i) == hovered_span);
  }
  if (!style.finished && view.IsVisible(layout.now_y - 20, layout.now_y + 20))
    DrawNowLine(draw, layout, view, style);
  counts.edges_drawn = DrawArrows(draw, layout, view, style);
  return counts;
}

void DrawCard(ImDrawList* draw, const StepBox& box, ImVec2 top_left, const DrawStyle& style) {
  ViewContext view;
  view.origin_x = top_left.x - box.x;
  view.origin_y = top_left.y - box.y;
  DrawBox(draw, box, view, style, false);
}

bool IsStepBox(const StepBox& box) {
  return box.kind == BoxKind::kStep || box.kind == BoxKind::kSkipped ||
         box.kind == BoxKind::kPending;
}

//-----------------------------------------------------------------------------
// [SECTION] Hover cards
//-----------------------------------------------------------------------------

namespace {

void Heading(const DrawStyle& style, const std::string& text) {
  ImGui::PushFont(style.fonts->bold);
  ImGui::TextUnformatted(text.c_str());
  ImGui::PopFont();
}

void Mono(const DrawStyle& style, const std::string& text) {
  ImGui::PushFont(style.fonts->mono);
  ImGui::TextUnformatted(text.c_str());
  ImGui::PopFont();
}

}  // namespace

void DrawBoxTooltip(const TimelineLayout& layout, int index, const Trace& trace,
                    const DrawStyle& style) {
  if (index < 0 || index >= static_cast<int>(layout.boxes.size())) return;
  const StepBox& box = layout.boxes[index];
  ImGui::BeginTooltip();
  ImGui::PushTextWrapPos(style.fonts->body_px * 34);
  if (box.step >= 0 && box.step < static_cast<int>(trace.steps.size())) {
    const StepTrace& step = trace.steps[box.step];
    const bool still_waiting = step.blocked && step.completion_order < 0;
    std::string title = ClientName(trace, step.client) + " · " + step.step_name;
    if (step.attempt > 1) title += " (attempt " + std::to_string(step.attempt) + ")";
    title +=
        " · " + (still_waiting ? std::string("waiting for a lock") : StepStatusName(step.status));
    Heading(style, title);
    ImGui::Separator();
    Heading(style, "SQL as sent");
    Mono(style, step.sql);
    ImGui::Spacing();
    Heading(style, "Result");
    std::string result =
        still_waiting ? "none yet: the statement waits in the server" : FullResultText(step);
    Mono(style, result.empty() ? "(nothing)" : result);
    if (step.blocked) {
      ImGui::Spacing();
      std::string whom = BlockersText(trace, step);
      const std::string held_by = whom.empty() ? std::string("a lock") : whom;
      const std::string text = step.completion_order < 0
                                   ? "Waits for " + held_by + ", which still holds the lock."
                                   : "Waited for " + held_by + ReleasedText(trace, step) + ".";
      ImGui::TextUnformatted(text.c_str());
    }
    if (step.completion_order >= 0) ImGui::Text("Sent to completed: %.1f ms", step.duration_ms);
  } else {
    for (const BoxLine& line : box.lines) ImGui::TextUnformatted(line.text.c_str());
  }
  ImGui::PopTextWrapPos();
  ImGui::EndTooltip();
}

void DrawSpanTooltip(const TimelineLayout& layout, int index, const Trace& trace,
                     const DrawStyle& style) {
  if (index < 0 || index >= static_cast<int>(layout.spans.size())) return;
  const WaitSpan& span = layout.spans[index];
  if (span.step < 0 || span.step >= static_cast<int>(trace.steps.size())) return;
  const StepTrace& step = trace.steps[span.step];
  ImGui::BeginTooltip();
  ImGui::PushTextWrapPos(style.fonts->body_px * 30);
  Heading(style, ClientName(trace, step.client) + "'s " + step.step_name + " waited for a lock");
  std::string text = "It " + span.label + (span.open ? ", and still waits." : ".");
  if (!span.open) text += " It completed" + ReleasedText(trace, step) + ".";
  ImGui::TextUnformatted(text.c_str());
  ImGui::PopTextWrapPos();
  ImGui::EndTooltip();
}

}  // namespace interleave::gui
