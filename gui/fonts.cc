#include "gui/fonts.h"

#include <imgui.h>
#include <sys/stat.h>

#include <cstdlib>

#include "backends/imgui_impl_opengl3.h"

namespace interleave::gui {

namespace {

bool Exists(const std::string& path) {
  struct stat info;
  return stat(path.c_str(), &info) == 0;
}

// Every character the GUI draws beyond Latin-1: arrows, ticks and crosses,
// the warning sign, the snapshot dot, dashes and quotes scenario text uses.
const char kSymbols[] = "↓↑→←↻↺⇤⇥…✓✗⚠◉●○▶◀■□☰—–−“”‘’•·×≤≥≠√∞€£²³½°±";

}  // namespace

std::string FontLibrary::FontDir() {
  const char* dir = std::getenv("INTERLEAVE_FONT_DIR");
  return dir && *dir ? dir : "/usr/share/fonts/truetype/dejavu";
}

bool FontLibrary::Build(float body_px, std::string* warning) {
  ImGuiIO& io = ImGui::GetIO();
  io.Fonts->Clear();
  fonts_ = FontSet{};
  fonts_.body_px = body_px;
  fonts_.mono_px = body_px * 0.94f;
  fonts_.title_px = body_px * 1.25f;

  const std::string dir = FontDir();
  const std::string sans = dir + "/DejaVuSans.ttf";
  const std::string sans_bold = dir + "/DejaVuSans-Bold.ttf";
  const std::string mono = dir + "/DejaVuSansMono.ttf";
  const std::string mono_bold = dir + "/DejaVuSansMono-Bold.ttf";

  if (ranges_.empty()) {
    ImFontGlyphRangesBuilder builder;
    builder.AddRanges(io.Fonts->GetGlyphRangesDefault());
    static const ImWchar kLatinExtended[] = {0x0100, 0x017F, 0};
    builder.AddRanges(kLatinExtended);
    builder.AddText(kSymbols);
    builder.BuildRanges(&ranges_);
  }

  bool ok = Exists(sans) && Exists(mono);
  if (ok) {
    ImFontConfig config;
    config.OversampleH = 2;
    config.OversampleV = 1;
    fonts_.body = io.Fonts->AddFontFromFileTTF(sans.c_str(), fonts_.body_px, &config, ranges_.Data);
    const std::string& bold_path = Exists(sans_bold) ? sans_bold : sans;
    fonts_.bold =
        io.Fonts->AddFontFromFileTTF(bold_path.c_str(), fonts_.body_px, &config, ranges_.Data);
    fonts_.title =
        io.Fonts->AddFontFromFileTTF(bold_path.c_str(), fonts_.title_px, &config, ranges_.Data);
    fonts_.mono = io.Fonts->AddFontFromFileTTF(mono.c_str(), fonts_.mono_px, &config, ranges_.Data);
    const std::string& mono_bold_path = Exists(mono_bold) ? mono_bold : mono;
    fonts_.mono_bold =
        io.Fonts->AddFontFromFileTTF(mono_bold_path.c_str(), fonts_.mono_px, &config, ranges_.Data);
    ok = fonts_.body && fonts_.bold && fonts_.title && fonts_.mono && fonts_.mono_bold;
  }
  if (!ok) {
    io.Fonts->Clear();
    ImFontConfig config;
    config.SizePixels = 13;
    ImFont* font = io.Fonts->AddFontDefault(&config);
    fonts_ = FontSet{font, font, font, font, font, 13, 13, 13, true};
    if (warning)
      *warning = "DejaVu fonts not found in " + dir +
                 " (install fonts-dejavu-core); using ImGui's small built-in font";
  }
  io.Fonts->Build();
  io.FontDefault = fonts_.body;
  ImGui_ImplOpenGL3_DestroyFontsTexture();
  ImGui_ImplOpenGL3_CreateFontsTexture();
  return ok;
}

}  // namespace interleave::gui
