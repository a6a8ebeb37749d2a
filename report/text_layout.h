// The text timeline's typesetting: cutting, padding and word-wrapping text to
// terminal columns (wide characters and ANSI colour codes counted right, see
// util/utf8.h), the marker glyphs (Unicode or plain ASCII, every marker also
// in words) and the colour-blind-safe palette that only repeats what the
// words say. Used by the text printer's parts only.
// Thread-safety: pure functions; Painter and Symbols are immutable values.
#pragma once

#include <string>
#include <vector>

namespace interleave::text {

// Cuts `text` to at most `width` columns, ending in `ellipsis` when cut. ANSI
// sequences are kept (a reset is added after a cut).
std::string Truncate(const std::string& text, int width, const std::string& ellipsis);
// `text` followed by spaces up to `width` columns.
std::string PadRight(const std::string& text, int width);
std::string TrimRight(std::string text);
std::string Repeat(const std::string& unit, int count);
// Word-wraps plain `text` to `width` columns. The first line starts with
// `first_indent` spaces, the others with `indent`. Words longer than a line
// are cut into pieces.
std::vector<std::string> Wrap(const std::string& text, int width, int indent = 0,
                              int first_indent = 0);

// Marker glyphs; every marker carries words too, so none depends on a glyph.
struct Symbols {
  std::string time_down, vbar, hbar, cross, wait, arrow, later, fail, ok, retry, dash, ellipsis,
      anomaly, bullet;
};
const Symbols& SymbolsFor(bool ascii);

// What a piece of text means; the palette maps it to a colour.
enum class Tone { kPlain, kTitle, kHeading, kWait, kBad, kGood, kNote, kSnapshot, kClient };

// Paints text in its tone's colour (Okabe–Ito colours as 256-colour codes),
// or leaves it plain when colour is off. `client` picks a client's colour.
class Painter {
 public:
  explicit Painter(bool on) : on_(on) {}
  std::string operator()(const std::string& text, Tone tone, int client = 0) const;

 private:
  bool on_;
};

// Appends `text` wrapped to `width` with every line indented by `indent`,
// painted in `tone`.
void AppendWrapped(const std::string& text, int width, int indent, Tone tone, const Painter& paint,
                   std::vector<std::string>* out);

}  // namespace interleave::text
