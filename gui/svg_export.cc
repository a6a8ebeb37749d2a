// The panes as SVG (see svg_export.h). The drawing follows the window's:
// banner, column headers, the timeline clipped to its canvas (boxes, waits,
// dependency arrows and their labels), and the committed data.
#include "gui/svg_export.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>

#include "gui/theme.h"
#include "gui/timeline_arrows.h"
#include "gui/trace_words.h"
#include "report/html_escape.h"

namespace interleave::gui {

namespace {

// Text and attribute values as XML (and HTML) references; what is not valid
// UTF-8 becomes U+FFFD and control characters are dropped, as XML requires.
std::string Escape(const std::string& text) { return HtmlEscape(text); }

std::string Num(float v) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f", v);
  return text;
}

class Svg {
 public:
  Svg(const Palette& p, const FontSet& f, float x0, float y0) : p_(p), f_(f), x0_(x0), y0_(y0) {}

  void Rect(float x, float y, float w, float h, const Rgb* fill, const Rgb* stroke, float width,
            float radius = 0, const std::string& dash = "") {
    out_ << "<rect x=\"" << Num(x - x0_) << "\" y=\"" << Num(y - y0_) << "\" width=\"" << Num(w)
         << "\" height=\"" << Num(h) << "\"";
    if (radius > 0) out_ << " rx=\"" << Num(radius) << "\"";
    out_ << " fill=\"" << (fill ? HexText(*fill) : "none") << "\"";
    if (stroke)
      out_ << " stroke=\"" << HexText(*stroke) << "\" stroke-width=\"" << Num(width) << "\"";
    if (!dash.empty()) out_ << " stroke-dasharray=\"" << dash << "\"";
    out_ << "/>\n";
  }
  // Text with its top-left at (x, y) (ImGui's convention), `size` px.
  void Text(float x, float y, const std::string& text, float size, bool mono, bool bold,
            const Rgb& color) {
    if (text.empty()) return;
    out_ << "<text x=\"" << Num(x - x0_) << "\" y=\"" << Num(y - y0_ + size * 0.8f)
         << "\" font-size=\"" << Num(size) << "\" font-family=\""
         << (mono ? "DejaVu Sans Mono, monospace" : "DejaVu Sans, sans-serif") << "\""
         << (bold ? " font-weight=\"bold\"" : "") << " fill=\"" << HexText(color)
         << "\" xml:space=\"preserve\">" << Escape(text) << "</text>\n";
  }
  // Proportional text wrapped at about `wrap` pixels; returns its height.
  float Wrapped(float x, float y, const std::string& text, float size, bool mono, bool bold,
                float wrap) {
    const float advance = size * (mono ? 0.6f : 0.55f);
    const int chars = std::max(8, static_cast<int>(wrap / advance));
    std::vector<std::string> lines = WrapText(text, chars, 0);
    for (size_t i = 0; i < lines.size(); ++i)
      Text(x, y + i * size * 1.2f, lines[i], size, mono, bold, p_.text);
    return lines.size() * size * 1.2f;
  }
  void Path(const std::string& d, const Rgb& stroke, float width, const std::string& dash) {
    out_ << "<path d=\"" << d << "\" fill=\"none\" stroke=\"" << HexText(stroke)
         << "\" stroke-width=\"" << Num(width) << "\"";
    if (!dash.empty()) out_ << " stroke-dasharray=\"" << dash << "\"";
    out_ << "/>\n";
  }
  void Triangle(float ax, float ay, float bx, float by, float cx, float cy, const Rgb& fill) {
    out_ << "<polygon points=\"" << Num(ax - x0_) << "," << Num(ay - y0_) << " " << Num(bx - x0_)
         << "," << Num(by - y0_) << " " << Num(cx - x0_) << "," << Num(cy - y0_) << "\" fill=\""
         << HexText(fill) << "\"/>\n";
  }
  float X(float x) const { return x - x0_; }
  float Y(float y) const { return y - y0_; }
  std::ostringstream& out() { return out_; }
  const Palette& p() const { return p_; }
  const FontSet& f() const { return f_; }

 private:
  const Palette& p_;
  const FontSet& f_;
  float x0_, y0_;
  std::ostringstream out_;
};

const Rgb& ToneFill(const Palette& p, int tone) {
  return tone == static_cast<int>(VerdictTone::kBad)    ? p.bad_fill
         : tone == static_cast<int>(VerdictTone::kGood) ? p.good_fill
                                                        : p.neutral_fill;
}
const Rgb& ToneLine(const Palette& p, int tone) {
  return tone == static_cast<int>(VerdictTone::kBad)    ? p.bad_line
         : tone == static_cast<int>(VerdictTone::kGood) ? p.good_line
                                                        : p.box_border;
}

std::string Dash(const EdgeStroke& stroke) {
  return stroke.dash > 0 ? Num(stroke.dash) + " " + Num(stroke.gap) : "";
}

void Arrowhead(Svg* svg, float tip_x, float tip_y, float from_x, float from_y, float head,
               const Rgb& color) {
  float dx = tip_x - from_x, dy = tip_y - from_y;
  const float len = std::max(std::hypot(dx, dy), 0.001f);
  dx /= len;
  dy /= len;
  const float bx = tip_x - dx * head * 1.6f, by = tip_y - dy * head * 1.6f;
  svg->Triangle(tip_x, tip_y, bx - dy * head, by + dx * head, bx + dy * head, by - dx * head,
                color);
}

void Graph(Svg* svg, const PanePicture& pic) {
  const Palette& p = svg->p();
  const FontSet& f = svg->f();
  const PrecedenceLayout& g = pic.graph;
  const float ox = pic.graph_origin.x, oy = pic.graph_origin.y;
  const float px = f.mono_px * 0.8f;
  for (const PrecedenceEdge& e : g.edges) {
    const Rgb& color = p.edges[static_cast<int>(e.kind) % 3];
    const std::string dash = e.kind == DependencyKind::kWw   ? ""
                             : e.kind == DependencyKind::kWr ? "3 4"
                                                             : "9 5";
    std::ostringstream d;
    d << "M" << Num(svg->X(ox + e.x0)) << " " << Num(svg->Y(oy + e.y0)) << " Q"
      << Num(svg->X(ox + e.cx)) << " " << Num(svg->Y(oy + e.cy)) << " " << Num(svg->X(ox + e.x1))
      << " " << Num(svg->Y(oy + e.y1));
    svg->Path(d.str(), color, e.in_cycle ? 4 : 1.75f, dash);
    Arrowhead(svg, ox + e.x1, oy + e.y1, ox + (e.cx + e.x1) / 2, oy + (e.cy + e.y1) / 2,
              e.in_cycle ? 7 : 5, color);
    const std::string name(DependencyKindName(e.kind));
    svg->Rect(ox + e.label_x - px * 0.7f, oy + e.label_y - px * 0.55f, px * 1.4f, px * 1.1f,
              &p.panel, nullptr, 0);
    svg->Text(ox + e.label_x - px * 0.6f, oy + e.label_y - px * 0.5f, name, px, true, true, p.text);
  }
  for (const PrecedenceNode& node : g.nodes) {
    svg->Rect(ox + node.cx - node.rx, oy + node.cy - node.ry, 2 * node.rx, 2 * node.ry, &p.panel,
              node.in_cycle ? &p.bad_line : &p.clients[node.client % 4], node.in_cycle ? 3.5f : 2,
              node.ry);
    const float tw = CodepointCount(node.label) * px * 0.6f;
    svg->Text(ox + node.cx - tw / 2, oy + node.cy - px / 2, node.label, px, true, true, p.text);
  }
  svg->Text(ox, oy + g.height + 2, g.caption, f.body_px * 0.85f, false, false, p.text);
}

void Timeline(Svg* svg, const PaneUi& ui, int index) {
  const Palette& p = svg->p();
  const FontSet& f = svg->f();
  const TimelineLayout& layout = ui.layout;
  const LayoutMetrics& m = ui.metrics;
  const float px = m.font_px > 0 ? m.font_px : f.mono_px;
  const float ox = ui.content_origin.x, oy = ui.content_origin.y;
  const std::string clip = "canvas" + std::to_string(index);
  svg->out() << "<clipPath id=\"" << clip << "\"><rect x=\"" << Num(svg->X(ui.canvas_min.x))
             << "\" y=\"" << Num(svg->Y(ui.canvas_min.y)) << "\" width=\""
             << Num(ui.canvas_max.x - ui.canvas_min.x) << "\" height=\""
             << Num(ui.canvas_max.y - ui.canvas_min.y) << "\"/></clipPath>\n<g clip-path=\"url(#"
             << clip << ")\">\n";
  svg->Rect(ui.canvas_min.x, ui.canvas_min.y, ui.canvas_max.x - ui.canvas_min.x,
            ui.canvas_max.y - ui.canvas_min.y, nullptr, &p.grid, 1);
  const float top = ui.canvas_min.y - oy, bottom = ui.canvas_max.y - oy;
  // A box with its top-left at (x, y).
  auto draw_box = [&](const StepBox& box, float x, float y) {
    const Rgb* fill = box.kind == BoxKind::kAnomaly   ? &p.bad_fill
                      : box.kind == BoxKind::kEvent   ? &p.neutral_fill
                      : box.kind == BoxKind::kPending ? &p.pending_fill
                                                      : &p.box_fill;
    const bool pending = box.kind == BoxKind::kPending;
    svg->Rect(x, y, box.w, box.h, fill, box.anomaly ? &p.bad_line : &p.box_border,
              box.anomaly ? 4 : 1.25f, 4, pending ? "5 5" : "");
    if (box.client >= 0 && !pending)
      svg->Rect(x, y, 4, box.h, &p.clients[box.client % 4], nullptr, 0);
    for (size_t i = 0; i < box.lines.size(); ++i) {
      const BoxLine& line = box.lines[i];
      const float ly = y + m.padding + i * m.line_height + (m.line_height - px) * 0.5f;
      const bool muted = line.tone == LineTone::kMuted || line.tone == LineTone::kNote;
      const bool bold =
          line.tone == LineTone::kStepName || (box.kind == BoxKind::kAnomaly && i == 0);
      float lx = x + m.padding;
      std::string text = line.text;
      if (line.lead > 0 && line.lead <= static_cast<int>(text.size())) {
        svg->Text(lx, ly, text.substr(0, line.lead), px, true, true, p.text);
        lx += CodepointCount(text.substr(0, line.lead)) * m.char_width;
        text = text.substr(line.lead);
      }
      svg->Text(lx, ly, text, px, true, bold, muted ? p.text_muted : p.text);
      if (!line.tail.empty())
        svg->Text(x + m.padding + (CodepointCount(line.text) + 2) * m.char_width, ly, line.tail, px,
                  true, true, p.text);
    }
    if (box.committed) svg->Rect(x, y + box.h - 4, box.w, 4, &p.commit_line, nullptr, 0);
    if (box.aborted) svg->Rect(x, y + box.h - 4, box.w, 4, &p.bad_line, nullptr, 0);
    if (!box.badge.empty()) {
      const float size = px * 0.82f;
      const float w = CodepointCount(box.badge) * size * 0.62f + size * 0.8f;
      const float bx = x + box.w - m.padding * 0.5f - w;
      const float by = y + m.padding * 0.4f + box.badge_line * m.line_height;
      const bool bad = box.anomaly || box.badge_tone == LineTone::kBad;
      const bool good = !bad && box.badge_tone == LineTone::kGood;
      svg->Rect(bx, by, w, size * 1.3f,
                bad    ? &p.bad_fill
                : good ? &p.good_fill
                       : &p.neutral_fill,
                bad    ? &p.bad_line
                : good ? &p.good_line
                       : &p.box_border,
                1.5f, size * 0.3f);
      svg->Text(bx + size * 0.4f, by + size * 0.12f, box.badge, size, true, true, p.text);
    }
  };
  for (const StepBox& box : layout.boxes) {
    if (box.y + box.h < top || box.y > bottom) continue;
    if (ui.card_apart && box.kind == BoxKind::kAnomaly) continue;  // drawn under the canvas
    draw_box(box, ox + box.x, oy + box.y);
  }
  for (const WaitSpan& span : layout.spans) {
    if (span.y1 < top || span.y0 > bottom) continue;
    svg->Rect(ox + span.x + 1, oy + span.y0, m.span_width * 0.55f, span.y1 - span.y0, &p.wait_line,
              nullptr, 0, 2);
  }
  // Arrows: the cycle's last, on top.
  for (int i = static_cast<int>(layout.arrows.size()) - 1; i >= 0; --i) {
    const EdgeArrow& a = layout.arrows[i];
    const Rgb& color = p.edges[static_cast<int>(a.edge.kind) % 3];
    const EdgeStroke stroke = StrokeFor(a);
    std::ostringstream d;
    d << "M" << Num(svg->X(ox + a.x0)) << " " << Num(svg->Y(oy + a.y0)) << " C"
      << Num(svg->X(ox + a.cx0)) << " " << Num(svg->Y(oy + a.cy0)) << " " << Num(svg->X(ox + a.cx1))
      << " " << Num(svg->Y(oy + a.cy1)) << " " << Num(svg->X(ox + a.x1)) << " "
      << Num(svg->Y(oy + a.y1));
    svg->Path(d.str(), color, stroke.width, Dash(stroke));
    float bx = 0, by = 0;
    ArrowPoint(a, 0.9f, &bx, &by);
    Arrowhead(svg, ox + a.x1, oy + a.y1, ox + bx, oy + by,
              (a.in_cycle ? 7.0f : 5.0f) + stroke.width, color);
    const float lpx = px * m.label_scale, line = m.line_height * m.label_scale;
    svg->Rect(ox + a.label_x, oy + a.label_y, a.label_w, a.label_h, &p.panel, &color,
              a.in_cycle ? 2.5f : 1.25f, 3);
    for (size_t l = 0; l < a.label_lines.size(); ++l)
      svg->Text(ox + a.label_x + m.padding * 0.5f,
                oy + a.label_y + m.padding * 0.5f + l * line + (line - lpx) * 0.5f,
                a.label_lines[l], lpx, true, l == 0, p.text);
  }
  svg->out() << "</g>\n";
  if (ui.card_apart && layout.anomaly_box >= 0)
    draw_box(layout.boxes[layout.anomaly_box], ui.card_origin.x, ui.card_origin.y);
}

void State(Svg* svg, const PanePicture& pic) {
  const Palette& p = svg->p();
  const FontSet& f = svg->f();
  float x = pic.state_min.x, y = pic.state_min.y;
  svg->Text(x, y, "Committed data", f.body_px, false, true, p.text);
  svg->Wrapped(x, y + f.body_px * 1.2f, pic.committed_note, f.body_px * 0.85f, false, false,
               f.body_px * 9);
  x += f.body_px * 9.5f;
  const float px = f.mono_px, advance = px * 0.6f, line = px * 1.3f;
  for (const TableState& table : pic.committed) {
    const StatementResult& contents = table.contents;
    if (contents.columns.empty()) continue;
    svg->Text(x, y, table.table, px, true, true, p.text);
    // Each column as wide as its widest value or name.
    std::vector<int> widths;
    for (const std::string& column : contents.columns) widths.push_back(CodepointCount(column));
    for (const auto& row : contents.rows)
      for (size_t c = 0; c < row.size() && c < widths.size(); ++c)
        widths[c] = std::max(widths[c], CodepointCount(ValueText(row[c])));
    float cx = x + (CodepointCount(table.table) + 1) * advance;
    for (size_t c = 0; c < widths.size(); ++c) {
      svg->Text(cx, y, contents.columns[c], px, true, true, p.text);
      float ry = y + line;
      for (const auto& row : contents.rows) {
        if (ry + line > pic.state_max.y) break;
        if (c < row.size()) svg->Text(cx, ry, ValueText(row[c]), px, true, false, p.text);
        ry += line;
      }
      cx += (widths[c] + 2) * advance;
    }
    y += line * (1 + std::max<size_t>(1, contents.rows.size())) + 4;
    if (y > pic.state_max.y) break;
  }
}

}  // namespace

std::string PanesSvg(const PaneUi ui[], int count, const Palette& p, const FontSet& f) {
  if (count <= 0) return "";
  const float x0 = ui[0].min.x, y0 = ui[0].min.y;
  const float w = ui[count - 1].max.x - x0, h = ui[count - 1].max.y - y0;
  Svg svg(p, f, x0, y0);
  svg.out() << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << Num(w) << "\" height=\""
            << Num(h) << "\" viewBox=\"0 0 " << Num(w) << " " << Num(h) << "\">\n";
  svg.Rect(x0, y0, w, h, &p.panel, nullptr, 0);
  for (int i = 0; i < count; ++i) {
    const PaneUi& pane = ui[i];
    const PanePicture& pic = pane.picture;
    svg.out() << "<g class=\"pane\" data-variant=\"" << Escape(pic.variant) << "\">\n";
    svg.Text(pic.header_min.x, pic.header_min.y, pic.variant, f.title_px, false, true, p.text);
    // The banner.
    const float bw = pic.banner_max.x - pic.banner_min.x, bh = pic.banner_max.y - pic.banner_min.y;
    svg.Rect(pic.banner_min.x, pic.banner_min.y, bw, bh, &ToneFill(p, pic.tone),
             &ToneLine(p, pic.tone), 3, 6);
    svg.Rect(pic.banner_min.x, pic.banner_min.y, 10, bh, &ToneLine(p, pic.tone), nullptr, 0);
    const float inset = 10 + f.body_px * 0.5f;
    float y = pic.banner_min.y + f.body_px * 0.35f;
    const bool neutral = pic.tone == static_cast<int>(VerdictTone::kNeutral);
    const float head_px = neutral ? f.body_px : f.title_px;
    y += svg.Wrapped(pic.banner_min.x + inset, y,
                     (pic.icon.empty() ? "" : pic.icon + " ") + pic.headline, head_px, false, true,
                     pic.banner_wrap);
    if (!pic.body.empty())
      y += 2 + svg.Wrapped(pic.banner_min.x + inset, y + 2, pic.body, f.body_px, false, false,
                           pic.banner_wrap);
    if (!pic.numbers.empty())
      svg.Wrapped(pic.banner_min.x + inset, y + 3, pic.numbers, f.mono_px, true, true,
                  pic.banner_wrap);
    if (pic.has_graph) Graph(&svg, pic);
    // The column headers.
    for (size_t c = 0; c < pane.layout.columns.size(); ++c) {
      const ColumnLayout& column = pane.layout.columns[c];
      const float cx = pic.columns_min.x + column.x;
      svg.Text(cx + 4, pic.columns_min.y, column.name, f.body_px * 1.1f, false, true, p.text);
      svg.Text(cx + 4, pic.columns_min.y + f.body_px * 1.15f, column.level, f.body_px * 0.85f,
               false, false, p.text);
      svg.Rect(cx, ui[i].canvas_min.y - 7, column.w, 5, &p.clients[c % 4], nullptr, 0);
    }
    Timeline(&svg, pane, i);
    State(&svg, pic);
    svg.out() << "</g>\n";
  }
  svg.out() << "</svg>\n";
  return svg.out().str();
}

std::string WriteSvg(const std::string& path, const std::string& svg) {
  std::ofstream out(path, std::ios::binary);
  if (!out) return "cannot write " + path;
  out << svg;
  out.close();
  if (!out) return "cannot write " + path;
  return "";
}

bool IsSvgPath(const std::string& path) {
  if (path.size() < 4) return false;
  std::string end = path.substr(path.size() - 4);
  for (char& c : end) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return end == ".svg";
}

}  // namespace interleave::gui
