// One pane of the classroom window (see pane_view.h).
//
// Index
//   [SECTION] Measuring text
//   [SECTION] Header: the variant and what it changes
//   [SECTION] The verdict banner
//   [SECTION] The timeline canvas
//   [SECTION] Committed state
//   [SECTION] The pane
#include "gui/pane_view.h"

#include <algorithm>
#include <cfloat>
#include <cmath>

#include "gui/theme.h"
#include "gui/trace_words.h"
#include "gui/view_context.h"
#include "sim/plan/plan.h"

namespace interleave::gui {

namespace {

//-----------------------------------------------------------------------------
// [SECTION] Measuring text
//-----------------------------------------------------------------------------

float TextHeight(ImFont* font, float size, const std::string& text, float wrap) {
  if (text.empty()) return 0;
  return font->CalcTextSizeA(size, FLT_MAX, wrap, text.c_str()).y;
}

// Draws wrapped text and returns its height.
float WrappedText(ImDrawList* draw, ImFont* font, float size, ImVec2 pos, ImU32 color,
                  const std::string& text, float wrap) {
  if (text.empty()) return 0;
  draw->AddText(font, size, pos, color, text.c_str(), nullptr, wrap);
  return TextHeight(font, size, text, wrap);
}

const Variant* VariantNamed(const Scenario& scenario, const std::string& name) {
  for (const Variant& variant : scenario.variants)
    if (variant.name == name) return &variant;
  return nullptr;
}

// `text` cut at a word so that it fits `max_lines` lines of `wrap` pixels,
// ending in "…" when cut.
std::string FitLines(ImFont* font, float size, const std::string& text, float wrap, int max_lines) {
  const float limit = size * max_lines + 0.5f;
  if (TextHeight(font, size, text, wrap) <= limit) return text;
  size_t end = text.size();
  while (end > 0) {
    end = text.rfind(' ', end - 1);
    if (end == std::string::npos || end == 0) break;
    std::string cut = text.substr(0, end) + " …";
    if (TextHeight(font, size, cut, wrap) <= limit) return cut;
  }
  return "…";
}

//-----------------------------------------------------------------------------
// [SECTION] Header: the variant and what it changes
//-----------------------------------------------------------------------------

std::string Description(const PaneContext& context) {
  const Variant* variant = VariantNamed(*context.scenario, context.variant);
  if (!variant) return "The scenario as written, no fix.";
  std::string text = variant->description.empty() ? "" : variant->description;
  if (variant->expect)
    text += (text.empty() ? "" : "  ") + std::string("Expected: ") +
            ExpectationName(*variant->expect) + ".";
  return text;
}

float ComboHeight(const DrawStyle& style) {
  return style.fonts->title_px + ImGui::GetStyle().FramePadding.y * 2;
}

// Where the header's parts go: the variant combo, then what the variant
// changes beside it (or under it when the pane is narrow).
struct HeaderGeometry {
  std::string text;  // what the variant changes, cut to fit
  float combo_w = 0;
  float text_x = 0, text_y = 0, text_w = 0, text_h = 0;
  float height = 0;
};

HeaderGeometry HeaderFor(const PaneContext& context, float width, const DrawStyle& style) {
  const FontSet& f = *style.fonts;
  HeaderGeometry g;
  const ImGuiStyle& im = ImGui::GetStyle();
  // As wide as the variant's name (the list that opens is as wide as it needs).
  float name_w = f.title->CalcTextSizeA(f.title_px, FLT_MAX, 0, context.variant.c_str()).x;
  g.combo_w = std::min(width, name_w + im.FramePadding.x * 2 + ComboHeight(style) + 4);
  const float combo_h = ComboHeight(style);
  const int max_lines = context.compact ? 2 : 3;
  const float max_text_h = f.body_px * max_lines;
  const std::string text = Description(context);
  float beside = width - g.combo_w - im.ItemSpacing.x;
  if (beside >= f.body_px * 14) {
    g.text_x = g.combo_w + im.ItemSpacing.x;
    g.text_w = beside;
    g.text = FitLines(f.body, f.body_px, text, beside, max_lines);
    g.text_h = std::min(TextHeight(f.body, f.body_px, g.text, beside), max_text_h);
    g.text_y = g.text_h < combo_h ? (combo_h - g.text_h) * 0.5f : 0;
    g.height = std::max(combo_h, g.text_h) + 4;
  } else {
    g.text_y = combo_h + 4;
    g.text_w = width;
    g.text = FitLines(f.body, f.body_px, text, width, max_lines);
    g.text_h = std::min(TextHeight(f.body, f.body_px, g.text, width), max_text_h);
    g.height = combo_h + 4 + g.text_h + 4;
  }
  return g;
}

float HeaderHeight(const PaneContext& context, float width, const DrawStyle& style) {
  return HeaderFor(context, width, style).height;
}

void DrawHeader(int index, const PaneContext& context, float width, float height,
                const DrawStyle& style, PaneUi* ui) {
  const FontSet& f = *style.fonts;
  const Palette& p = *style.palette;
  const HeaderGeometry g = HeaderFor(context, width, style);
  ImVec2 start = ImGui::GetCursorScreenPos();
  ImGui::PushFont(f.title);
  ImGui::SetNextItemWidth(g.combo_w);
  std::string id = "##variant" + std::to_string(index);
  if (ImGui::BeginCombo(id.c_str(), context.variant.c_str(), ImGuiComboFlags_HeightLarge)) {
    ImGui::PushFont(f.body);
    for (const std::string& name : context.variant_names) {
      bool selected = name == context.variant;
      if (ImGui::Selectable(name.c_str(), selected)) ui->picked_variant = name;
      if (selected) ImGui::SetItemDefaultFocus();
    }
    ImGui::PopFont();
    ImGui::EndCombo();
  }
  ImGui::PopFont();
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Pick the variant (fix) this pane shows");
  ImDrawList* draw = ImGui::GetWindowDrawList();
  ImVec2 text_pos(start.x + g.text_x, start.y + g.text_y);
  draw->PushClipRect(text_pos, ImVec2(text_pos.x + g.text_w, text_pos.y + g.text_h), true);
  WrappedText(draw, f.body, f.body_px, text_pos, ToU32(p.text), g.text, g.text_w);
  draw->PopClipRect();
  if (g.text != Description(context) &&
      ImGui::IsMouseHoveringRect(text_pos, ImVec2(text_pos.x + g.text_w, text_pos.y + g.text_h))) {
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(f.body_px * 30);
    ImGui::TextUnformatted(Description(context).c_str());
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
  }
  ImGui::SetCursorScreenPos(ImVec2(start.x, start.y + height));
}

//-----------------------------------------------------------------------------
// [SECTION] The verdict banner
//-----------------------------------------------------------------------------

struct Banner {
  VerdictTone tone = VerdictTone::kNeutral;
  std::string icon;
  std::string headline;
  std::string body;
  std::string numbers;
};

Banner BannerFor(const PaneSnapshot& snapshot, const PaneContext& context) {
  Banner banner;
  const Scenario& scenario = *context.scenario;
  if (!snapshot.error.empty() && (!snapshot.verdict || snapshot.connection_lost)) {
    banner.tone = VerdictTone::kBad;
    banner.icon = "✗";
    banner.headline = snapshot.connection_lost ? "THE CONNECTION WAS LOST" : "THIS PANE CANNOT RUN";
    banner.body = snapshot.error;
    return banner;
  }
  if (snapshot.verdict && snapshot.finished) {
    VerdictWords words = DescribeVerdict(scenario, snapshot.trace, *snapshot.verdict);
    banner.tone = words.tone;
    banner.icon = words.tone == VerdictTone::kGood ? "✓" : "✗";
    banner.headline = words.headline;
    banner.body = words.summary;
    for (const std::string& note : context.notes) banner.body += " Note: " + note;
    banner.numbers = words.numbers;
    return banner;
  }
  VerdictWords pending = DescribePending(scenario);
  banner.tone = VerdictTone::kNeutral;
  const int total = snapshot.entries;
  std::string where = context.cursor == 0       ? "Before the first step"
                      : context.cursor <= total ? "After step " + std::to_string(context.cursor) +
                                                      " of " + std::to_string(total)
                                                : "After the schedule: finishing";
  if (snapshot.busy && !snapshot.activity.empty()) where += " · " + snapshot.activity + " …";
  banner.headline = where;
  banner.body = context.compact ? ""
                                : "The verdict comes when the run is over (the checks read the "
                                  "final state).";
  banner.numbers = pending.numbers;
  if (!snapshot.waiting_clients.empty()) {
    std::string names;
    for (int client : snapshot.waiting_clients)
      names += (names.empty() ? "" : ", ") + ClientName(snapshot.trace, client);
    banner.headline +=
        " — " + names + (snapshot.waiting_clients.size() == 1 ? " waits" : " wait") + " for a lock";
  }
  return banner;
}

// The banner: a coloured stripe, then the icon and the headline on one line
// (the icon says it without colour: ✗ anomaly, ✓ prevented, … not known
// yet), then the verdict's sentence and the numbers.
struct BannerGeometry {
  float inset = 0;  // left edge of the text
  float wrap = 0;   // text width
  ImFont* head_font = nullptr;
  float head_px = 0;
  float icon_w = 0;
  float height = 0;
};

BannerGeometry BannerLayout(const Banner& banner, float width, const DrawStyle& style) {
  const FontSet& f = *style.fonts;
  BannerGeometry g;
  const float scale = std::max(1.0f, f.body_px / 18.0f);
  g.inset = 10 * scale + f.body_px * 0.5f;
  g.wrap = width - g.inset - f.body_px * 0.5f;
  const bool neutral = banner.tone == VerdictTone::kNeutral;
  g.head_font = neutral ? f.bold : f.title;
  g.head_px = neutral ? f.body_px : f.title_px;
  g.icon_w = banner.icon.empty()
                 ? 0
                 : g.head_font->CalcTextSizeA(g.head_px, FLT_MAX, 0, (banner.icon + " ").c_str()).x;
  float h = f.body_px * 0.35f;
  h += TextHeight(g.head_font, g.head_px, banner.headline, g.wrap - g.icon_w);
  if (!banner.body.empty()) h += 2 + TextHeight(f.body, f.body_px, banner.body, g.wrap);
  if (!banner.numbers.empty()) h += 3 + TextHeight(f.mono_bold, f.mono_px, banner.numbers, g.wrap);
  g.height = h + f.body_px * 0.35f;
  return g;
}

float BannerHeight(const Banner& banner, float width, const DrawStyle& style) {
  return BannerLayout(banner, width, style).height;
}

void DrawBanner(const Banner& banner, float width, float height, const DrawStyle& style) {
  const FontSet& f = *style.fonts;
  const Palette& p = *style.palette;
  const float scale = std::max(1.0f, f.body_px / 18.0f);
  const BannerGeometry g = BannerLayout(banner, width, style);
  ImDrawList* draw = ImGui::GetWindowDrawList();
  ImVec2 a = ImGui::GetCursorScreenPos();
  ImVec2 b(a.x + width, a.y + height);
  const Rgb& fill = banner.tone == VerdictTone::kBad    ? p.bad_fill
                    : banner.tone == VerdictTone::kGood ? p.good_fill
                                                        : p.neutral_fill;
  const Rgb& line = banner.tone == VerdictTone::kBad    ? p.bad_line
                    : banner.tone == VerdictTone::kGood ? p.good_line
                                                        : p.box_border;
  const bool neutral = banner.tone == VerdictTone::kNeutral;
  draw->AddRectFilled(a, b, ToU32(fill), 6 * scale);
  draw->AddRect(a, b, ToU32(line), 6 * scale, 0, (neutral ? 1.5f : 3.0f) * scale);
  draw->AddRectFilled(a, ImVec2(a.x + 10 * scale, b.y), ToU32(line), 6 * scale,
                      ImDrawFlags_RoundCornersLeft);
  float x = a.x + g.inset;
  float y = a.y + f.body_px * 0.35f;
  draw->AddText(g.head_font, g.head_px, ImVec2(x, y), ToU32(p.text), banner.icon.c_str());
  y += WrappedText(draw, g.head_font, g.head_px, ImVec2(x + g.icon_w, y), ToU32(p.text),
                   banner.headline, g.wrap - g.icon_w);
  if (!banner.body.empty())
    y += 2 +
         WrappedText(draw, f.body, f.body_px, ImVec2(x, y + 2), ToU32(p.text), banner.body, g.wrap);
  if (!banner.numbers.empty())
    WrappedText(draw, f.mono_bold, f.mono_px, ImVec2(x, y + 3), ToU32(p.text), banner.numbers,
                g.wrap);
  ImGui::Dummy(ImVec2(width, height));
}

//-----------------------------------------------------------------------------
// [SECTION] Committed state
//-----------------------------------------------------------------------------

constexpr size_t kStateRows = 4;  // rows shown per table; the rest scroll

// The heading's column: "Committed data" over where the rows come from.
float StateHeadingWidth(const DrawStyle& style) { return style.fonts->body_px * 9; }

float StateHeight(const PaneSnapshot& snapshot, const DrawStyle& style) {
  const FontSet& f = *style.fonts;
  const float row = f.mono_px + ImGui::GetStyle().CellPadding.y * 2 + 1;
  float tables = 0;
  for (const TableState& table : snapshot.committed)
    tables += row * (1 + std::max<size_t>(
                             1, std::min(table.contents.rows.size() +
                                             (table.contents.rows.size() > kStateRows ? 1 : 0),
                                         kStateRows + 1))) +
              ImGui::GetStyle().ItemSpacing.y;
  const float heading =
      f.body_px + ImGui::GetStyle().ItemSpacing.y +
      TextHeight(f.body, f.body_px, snapshot.committed_note, StateHeadingWidth(style));
  return std::max(tables, heading) + 6;
}

void DrawState(const PaneSnapshot& snapshot, float width, float height, const DrawStyle& style) {
  const FontSet& f = *style.fonts;
  const Palette& p = *style.palette;
  ImGui::BeginChild("##state", ImVec2(width, height), false, ImGuiWindowFlags_NoBackground);
  ImGui::BeginGroup();
  ImGui::PushFont(f.bold);
  ImGui::TextUnformatted("Committed data");
  ImGui::PopFont();
  ImGui::PushStyleColor(ImGuiCol_Text, ToVec4(p.text_muted));
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + StateHeadingWidth(style));
  ImGui::TextUnformatted(snapshot.committed_note.c_str());
  ImGui::PopTextWrapPos();
  ImGui::PopStyleColor();
  ImGui::EndGroup();
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("What any other connection would read now: committed rows only.");
  ImGui::SameLine(StateHeadingWidth(style) + ImGui::GetStyle().ItemSpacing.x * 2);
  ImGui::BeginGroup();
  if (snapshot.committed.empty()) ImGui::TextUnformatted("(no tables to show)");
  ImGui::PushFont(f.mono);
  for (const TableState& table : snapshot.committed) {
    const StatementResult& contents = table.contents;
    if (contents.columns.empty()) continue;
    int columns = static_cast<int>(contents.columns.size());
    std::string id = "##table_" + table.table;
    ImGui::PushFont(f.bold);
    ImGui::TextUnformatted(table.table.c_str());
    ImGui::PopFont();
    ImGui::SameLine();
    if (ImGui::BeginTable(id.c_str(), columns,
                          ImGuiTableFlags_Borders | ImGuiTableFlags_SizingFixedFit |
                              ImGuiTableFlags_RowBg | ImGuiTableFlags_NoHostExtendX)) {
      for (const std::string& column : contents.columns) ImGui::TableSetupColumn(column.c_str());
      ImGui::TableHeadersRow();
      size_t shown = 0;
      for (const auto& row : contents.rows) {
        if (shown++ >= kStateRows) break;
        ImGui::TableNextRow();
        for (size_t c = 0; c < row.size(); ++c) {
          ImGui::TableSetColumnIndex(static_cast<int>(c));
          ImGui::TextUnformatted(ValueText(row[c]).c_str());
        }
      }
      if (contents.rows.empty()) {
        ImGui::TableNextRow();
        ImGui::TableSetColumnIndex(0);
        ImGui::TextUnformatted("(no rows)");
      } else if (contents.rows.size() > kStateRows) {
        ImGui::TableNextRow();
        ImGui::TableSetColumnIndex(0);
        ImGui::Text("… %zu more rows", contents.rows.size() - kStateRows);
      }
      ImGui::EndTable();
    }
  }
  ImGui::PopFont();
  ImGui::EndGroup();
  ImGui::EndChild();
}

//-----------------------------------------------------------------------------
// [SECTION] The timeline canvas
//-----------------------------------------------------------------------------

void EnsureLayout(const PaneSnapshot& snapshot, const PaneContext& context, float width,
                  const DrawStyle& style, PaneUi* ui) {
  if (ui->layout_version == snapshot.version && ui->layout_width == width &&
      ui->layout_font == style.fonts->mono_px && ui->layout_compact == context.compact)
    return;
  ui->metrics = MetricsFor(*style.fonts, width, context.compact);
  TimelineInput input;
  input.scenario = context.scenario;
  input.variant = VariantNamed(*context.scenario, snapshot.request.variant);
  input.trace = &snapshot.trace;
  input.verdict = snapshot.finished && snapshot.verdict ? &*snapshot.verdict : nullptr;
  input.pending = snapshot.pending;
  input.waiting_clients = snapshot.waiting_clients;
  input.finished = snapshot.finished;
  ui->layout = LayoutTimeline(input, ui->metrics);
  // The layout's columns when no step ran yet: the scenario's clients.
  if (snapshot.trace.client_names.empty()) {
    for (size_t c = 0; c < ui->layout.columns.size() && c < context.scenario->clients.size(); ++c)
      ui->layout.columns[c].name = context.scenario->clients[c].name;
  }
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
    if (snapshot.finished && layout.anomaly_box >= 0) {
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
  DrawTimeline(ImGui::GetWindowDrawList(), layout, view, style, ui->hovered_box, ui->hovered_span);
  ImGui::Dummy(ImVec2(layout.gutter, std::max(layout.height, 1.0f)));
  ui->scroll_y = ImGui::GetScrollY();
  if (ui->hovered_span >= 0)
    DrawSpanTooltip(layout, ui->hovered_span, snapshot.trace, style);
  else if (ui->hovered_box >= 0)
    DrawBoxTooltip(layout, ui->hovered_box, snapshot.trace, style);
  ImGui::EndChild();
  ImGui::PopStyleVar();
}

}  // namespace

//-----------------------------------------------------------------------------
// [SECTION] The pane
//-----------------------------------------------------------------------------

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
  for (const StepTrace& step : trace.steps) {
    if (step.error && step.error->sqlstate == "40P01") deadlock = true;
    if (step.error && step.error->sqlstate == "40001") serialization = true;
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
                    "had no real anomaly behind it: PostgreSQL aborts on a dangerous pattern of "
                    "reads and writes, which is why applications retry on 40001.");
  return notes;
}

PaneHeights MeasurePane(const PaneSnapshot& snapshot, const PaneContext& context, float width,
                        const DrawStyle& style, const PaneUi& ui) {
  PaneHeights heights;
  heights.columns = ColumnHeaderHeight(ui.layout, *style.fonts);
  heights.header = HeaderHeight(context, width, style);
  heights.banner = BannerHeight(BannerFor(snapshot, context), width, style);
  heights.state = StateHeight(snapshot, style);
  return heights;
}

PaneHeights MaxHeights(const PaneHeights& a, const PaneHeights& b) {
  return PaneHeights{std::max(a.header, b.header), std::max(a.banner, b.banner),
                     std::max(a.columns, b.columns), std::max(a.state, b.state)};
}

void DrawPane(int index, const PaneSnapshot& snapshot, const PaneContext& context,
              const PaneHeights& heights, ImVec2 size, const DrawStyle& style_in, PaneUi* ui) {
  const FontSet& f = *style_in.fonts;
  const float gap = f.body_px * 0.4f;
  std::string id = "##pane" + std::to_string(index);
  ImVec2 start = ImGui::GetCursorScreenPos();
  ui->min = start;
  ui->max = ImVec2(start.x + size.x, start.y + size.y);
  ui->picked_variant.clear();
  // No background of its own: the canvas and the banner paint theirs.
  ImGui::BeginChild(id.c_str(), size, false,
                    ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoBackground);
  const float width = size.x;

  DrawHeader(index, context, width, heights.header, style_in, ui);
  DrawBanner(BannerFor(snapshot, context), width, heights.banner, style_in);
  ImGui::Dummy(ImVec2(width, gap * 0.5f));

  // The canvas's content width: the pane minus its padding and scroll bar.
  const float pad = std::round(std::max(6.0f, f.mono_px * 0.42f));
  const float content_w = width - 2 * pad - ImGui::GetStyle().ScrollbarSize;
  EnsureLayout(snapshot, context, content_w, style_in, ui);
  DrawStyle style = style_in;
  style.metrics = &ui->metrics;
  style.finished = snapshot.finished;

  ImVec2 header_at = ImGui::GetCursorScreenPos();
  const float header_h = std::max(heights.columns, ColumnHeaderHeight(ui->layout, f));
  DrawColumnHeaders(ImGui::GetWindowDrawList(), ui->layout, ImVec2(header_at.x + pad, header_at.y),
                    style);
  ImGui::Dummy(ImVec2(width, header_h + 2));

  float canvas_h = size.y - (ImGui::GetCursorScreenPos().y - start.y) - heights.state - gap;
  DrawCanvas(snapshot, context, ImVec2(width, std::max(canvas_h, f.body_px * 4)), style, ui);
  ImGui::Dummy(ImVec2(width, gap * 0.5f));
  DrawState(snapshot, width, heights.state, style);
  ImGui::EndChild();
}

}  // namespace interleave::gui
