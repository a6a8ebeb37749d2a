// A pane's verdict banner (see pane_parts.h).
#include <algorithm>
#include <cctype>
#include <cfloat>
#include <cmath>

#include "gui/pane_parts.h"
#include "gui/precedence_graph.h"
#include "gui/theme.h"
#include "sim/judge/graph_words.h"

namespace interleave::gui::pane {

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
    const Verdict& verdict = *snapshot.verdict;
    VerdictWords words = DescribeVerdict(scenario, snapshot.trace, verdict);
    banner.tone = words.tone;
    banner.icon = words.tone == VerdictTone::kGood ? "✓" : "✗";
    banner.headline = GraphHeadline(scenario, snapshot.trace, verdict);
    banner.body = words.summary;
    if (verdict.explanation && snapshot.trace.explained) {
      banner.explanation = &*verdict.explanation;
      banner.history = &snapshot.trace.history;
      banner.graph_cache = context.graph_cache;
      // The graph's name of it leads the sentence already: the headline says it.
      const Finding* reported = verdict.explanation->Reported();
      const std::string name = reported ? FindingName(*reported) : "";
      if (!name.empty() && verdict.summary.rfind(name + ": ", 0) == 0) {
        banner.body = verdict.summary.substr(name.size() + 2);
        if (!banner.body.empty()) banner.body[0] = static_cast<char>(std::toupper(banner.body[0]));
      }
      // Presentation: the graph beside the headline tells it, and the room
      // goes to the timeline (the text report keeps the sentence).
      if (context.compact && !verdict.explanation->graph.nodes().empty()) banner.body.clear();
    }
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

}  // namespace interleave::gui::pane

namespace interleave::gui {

std::string GraphHeadline(const Scenario& scenario, const Trace& trace, const Verdict& verdict) {
  VerdictWords words = DescribeVerdict(scenario, trace, verdict);
  if (!verdict.explanation || !trace.explained) return words.headline;
  const Finding* reported = verdict.explanation->Reported();
  if (verdict.kind == Verdict::Kind::kAnomaly && reported)
    return "ANOMALY: " + FindingName(*reported);
  return words.headline;
}

}  // namespace interleave::gui

namespace interleave::gui::pane {

namespace {

// The banner: a coloured stripe, then the icon and the headline on one line
// (the icon says it without colour: ✗ anomaly, ✓ prevented, … not known
// yet), then the verdict's sentence and the numbers.
struct BannerGeometry {
  float inset = 0;                                 // left edge of the text
  float wrap = 0;                                  // text width
  float graph_w = 0, graph_h = 0;                  // the precedence graph at the right (0: none)
  float caption_h = 0;                             // its caption, wrapped to its width
  const PrecedenceLayout* cached_graph = nullptr;  // the pane's cache's
  PrecedenceLayout own_graph;                      // when the pane keeps no cache
  const PrecedenceLayout& graph() const { return cached_graph ? *cached_graph : own_graph; }
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
  if (banner.explanation && banner.history && !banner.explanation->graph.nodes().empty()) {
    // The graph takes the right third; the words wrap beside it.
    g.graph_w = std::round(std::min(width * 0.36f, f.body_px * 15));
    g.graph_h = std::round(f.body_px * 2.8f);
    g.wrap -= g.graph_w + f.body_px * 0.5f;
    const float label_px = f.mono_px * 0.8f;
    const PrecedenceMetrics metrics = BannerGraphMetrics(
        g.graph_w, g.graph_h, f.mono_bold->CalcTextSizeA(label_px, FLT_MAX, 0, "M").x, label_px);
    if (banner.graph_cache) {
      g.cached_graph = &banner.graph_cache->Get(*banner.history, *banner.explanation, metrics);
    } else {
      g.own_graph = LayoutPrecedence(*banner.history, *banner.explanation, metrics);
    }
    g.caption_h = PrecedenceCaptionHeight(g.graph(), style);
  }
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
  // The graph, its caption under it, and a margin.
  if (g.graph_w > 0) g.height = std::max(g.height, g.graph_h + g.caption_h + f.body_px * 0.9f);
  return g;
}

}  // namespace

float BannerHeight(const Banner& banner, float width, const DrawStyle& style) {
  return BannerLayout(banner, width, style).height;
}

void DrawBanner(const Banner& banner, float width, float height, const DrawStyle& style,
                PanePicture* picture) {
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
  if (g.graph_w > 0) {
    const PrecedenceLayout& graph = g.graph();
    const ImVec2 at(b.x - g.graph_w - f.body_px * 0.4f, a.y + f.body_px * 0.3f);
    draw->AddRectFilled(ImVec2(at.x - 4, at.y - 2),
                        ImVec2(at.x + g.graph_w + 4, at.y + g.graph_h + g.caption_h + 4),
                        ToU32(p.panel), 4 * scale);
    DrawPrecedence(draw, graph, at, style);
    if (picture) {
      picture->graph = graph;
      picture->graph_origin = at;
    }
  }
  if (picture) {
    picture->has_graph = g.graph_w > 0;
    picture->banner_wrap = g.wrap;
  }
  ImGui::Dummy(ImVec2(width, height));
}

}  // namespace interleave::gui::pane
