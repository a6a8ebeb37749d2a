// A pane's committed data: the tables' rows any other connection would read
// after the current step (see pane_parts.h).
#include <algorithm>
#include <cfloat>
#include <cmath>
#include <vector>

#include "gui/pane_parts.h"
#include "gui/theme.h"

namespace interleave::gui::pane {

namespace {

constexpr size_t kStateRows = 4;  // rows shown per table; the rest scroll

// The heading's column: "Committed data" over where the rows come from.
float StateHeadingWidth(const DrawStyle& style) { return style.fonts->body_px * 9; }

}  // namespace

float StateHeight(const PaneSnapshot& snapshot, const DrawStyle& style) {
  const FontSet& f = *style.fonts;
  const float row = f.mono_px + ImGui::GetStyle().CellPadding.y * 2 + 1;
  float tables = 0;
  for (const TableState& table : snapshot.committed)
    tables += row * (1 + std::max<size_t>(
                             1, std::min(table.contents.rows.size() +
                                             (table.contents.rows.size() > kStateRows ? 1 : 0),
                                         kStateRows + 1))) +
              ImGui::GetStyle().ItemSpacing.y + ImGui::GetStyle().ScrollbarSize;
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
    // Every column as wide as its name and its widest value shown (never cut
    // to a letter); a table wider than the room scrolls sideways instead.
    const ImGuiStyle& im = ImGui::GetStyle();
    std::vector<float> widths;
    float total = 0;
    for (int c = 0; c < columns; ++c) {
      float w = f.mono->CalcTextSizeA(f.mono_px, FLT_MAX, 0, contents.columns[c].c_str()).x;
      size_t shown = 0;
      for (const auto& row : contents.rows) {
        if (shown++ >= kStateRows) break;
        if (c < static_cast<int>(row.size()))
          w = std::max(w,
                       f.mono->CalcTextSizeA(f.mono_px, FLT_MAX, 0, ValueText(row[c]).c_str()).x);
      }
      widths.push_back(std::ceil(w));
      total += std::ceil(w) + im.CellPadding.x * 2 + 1;
    }
    const float room = ImGui::GetContentRegionAvail().x;
    ImGuiTableFlags flags = ImGuiTableFlags_Borders | ImGuiTableFlags_SizingFixedFit |
                            ImGuiTableFlags_RowBg | ImGuiTableFlags_NoHostExtendX;
    ImVec2 outer(0, 0);
    if (total > room) {
      flags |= ImGuiTableFlags_ScrollX;
      const size_t rows = std::max<size_t>(
          1, std::min(contents.rows.size() + (contents.rows.size() > kStateRows ? 1 : 0),
                      kStateRows + 1));
      outer =
          ImVec2(room, (rows + 1) * (f.mono_px + im.CellPadding.y * 2 + 1) + im.ScrollbarSize + 2);
    }
    if (ImGui::BeginTable(id.c_str(), columns, flags, outer)) {
      for (int c = 0; c < columns; ++c)
        ImGui::TableSetupColumn(contents.columns[c].c_str(), ImGuiTableColumnFlags_WidthFixed,
                                widths[c]);
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

}  // namespace interleave::gui::pane
