// The GUI's fonts: DejaVu Sans for words and DejaVu Sans Mono for SQL and
// results (fonts-dejavu-core), rasterised at the current size so that text
// stays sharp at every scale (Ctrl +/- and the presentation preset rebuild
// the atlas instead of stretching it). Falls back to ImGui's built-in font
// when the TTF files are missing, and says so.
// Thread-safety: UI thread only; Build() must run outside a frame (between
// ImGui::Render() and the next ImGui::NewFrame()).
// Ownership: the fonts belong to ImGui's atlas (io.Fonts).
#pragma once

#include <imgui.h>

#include <string>

namespace interleave::gui {

struct FontSet {
  ImFont* body = nullptr;       // DejaVu Sans
  ImFont* bold = nullptr;       // DejaVu Sans Bold
  ImFont* title = nullptr;      // DejaVu Sans Bold, larger
  ImFont* mono = nullptr;       // DejaVu Sans Mono
  ImFont* mono_bold = nullptr;  // DejaVu Sans Mono Bold
  float body_px = 18;
  float mono_px = 17;
  float title_px = 22;
  bool fallback = false;  // the TTF files were not found
};

class FontLibrary {
 public:
  FontLibrary() = default;
  FontLibrary(const FontLibrary&) = delete;
  FontLibrary& operator=(const FontLibrary&) = delete;

  // Rebuilds the atlas with body text `body_px` pixels high and uploads it
  // (needs the OpenGL backend initialised). Returns false (and *warning) when
  // it fell back to the built-in font.
  bool Build(float body_px, std::string* warning);
  const FontSet& fonts() const { return fonts_; }

  // Where the DejaVu fonts are looked for (INTERLEAVE_FONT_DIR overrides).
  static std::string FontDir();

 private:
  FontSet fonts_;
  ImVector<ImWchar> ranges_;  // must outlive the atlas: ImGui keeps the pointer
};

}  // namespace interleave::gui
