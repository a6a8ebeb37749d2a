// Typesetting for the text timeline (see text_layout.h).
#include "report/text_layout.h"

#include <algorithm>
#include <sstream>

#include "util/text_util.h"
#include "util/utf8.h"

namespace interleave::text {

std::string Truncate(const std::string& text, int width, const std::string& ellipsis) {
  if (DisplayWidth(text) <= width) return text;
  int room = width - DisplayWidth(ellipsis);
  std::string out;
  bool had_escape = false;
  int used = 0;
  size_t i = 0;
  while (i < text.size()) {
    if (size_t escape = EscapeLength(text, i)) {
      out += text.substr(i, escape);
      had_escape = true;
      i += escape;
      continue;
    }
    size_t start = i;
    int w = CodepointWidth(NextCodepoint(text, &i));
    if (used + w > room) break;
    used += w;
    out += text.substr(start, i - start);
  }
  out += ellipsis;
  if (had_escape) out += "\x1b[0m";
  return out;
}

std::string PadRight(const std::string& text, int width) {
  int missing = width - DisplayWidth(text);
  return missing > 0 ? text + std::string(missing, ' ') : text;
}

std::string TrimRight(std::string text) {
  while (!text.empty() && text.back() == ' ') text.pop_back();
  return text;
}

std::string Repeat(const std::string& unit, int count) {
  std::string out;
  for (int i = 0; i < count; ++i) out += unit;
  return out;
}

std::vector<std::string> Wrap(const std::string& text, int width, int indent, int first_indent) {
  if (width < 4) width = 4;
  indent = std::min(indent, width / 2);
  first_indent = std::min(first_indent, width / 2);
  std::vector<std::string> lines;
  std::string line(first_indent, ' ');
  int base = first_indent;  // where the current line's words start
  int used = first_indent;
  auto new_line = [&]() {
    lines.push_back(line);
    line = std::string(indent, ' ');
    base = used = indent;
  };
  std::istringstream words(CollapseWhitespace(text));
  std::string word;
  while (words >> word) {
    if (used > base && used + 1 + DisplayWidth(word) > width) new_line();
    if (used > base) {
      line += ' ';
      ++used;
    }
    size_t i = 0;
    while (i < word.size()) {
      size_t start = i;
      int w = CodepointWidth(NextCodepoint(word, &i));
      if (used + w > width && used > base) new_line();
      line += word.substr(start, i - start);
      used += w;
    }
  }
  if (used > base || lines.empty()) lines.push_back(line);
  for (std::string& l : lines) l = TrimRight(l);
  return lines;
}

const Symbols& SymbolsFor(bool ascii) {
  static const Symbols kUnicode{"time ↓", "│", "─", "┼", "⏳", "→",   "…",
                                "✗",      "✓", "↻", "—", "…", "<<<", "•"};
  static const Symbols kAscii{"time |", "|",  "-",     "+", "[wait]", "->",  "...",
                              "x",      "ok", "retry", "-", "...",    "<<<", "*"};
  return ascii ? kAscii : kUnicode;
}

// Okabe–Ito colours as 256-colour codes: sky blue 74, reddish purple 175,
// blue 25, bluish green 36, orange 214, vermillion 166.
std::string Painter::operator()(const std::string& text, Tone tone, int client) const {
  if (!on_ || text.empty() || tone == Tone::kPlain) return text;
  static const int kClients[] = {74, 175, 25, 36};
  std::string code;
  switch (tone) {
    case Tone::kTitle:
    case Tone::kHeading:
      code = "1";
      break;
    case Tone::kWait:
      code = "38;5;214";
      break;
    case Tone::kBad:
      code = "1;38;5;166";
      break;
    case Tone::kGood:
      code = "38;5;36";
      break;
    case Tone::kNote:
      code = "3";
      break;
    case Tone::kSnapshot:
      code = "38;5;74";
      break;
    case Tone::kClient:
      code = "1;38;5;" + std::to_string(kClients[client % 4]);
      break;
    case Tone::kPlain:
      return text;
  }
  return "\x1b[" + code + "m" + text + "\x1b[0m";
}

void AppendWrapped(const std::string& text, int width, int indent, Tone tone, const Painter& paint,
                   std::vector<std::string>* out) {
  std::vector<std::string> lines = Wrap(text, width, indent, indent);
  for (const std::string& line : lines) out->push_back(paint(line, tone));
}

}  // namespace interleave::text
