// A pane's verdict banner (see pane_parts.h).
#include <algorithm>
#include <cfloat>

#include "gui/pane_parts.h"
#include "gui/theme.h"

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

namespace {

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

}  // namespace

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

}  // namespace interleave::gui::pane
