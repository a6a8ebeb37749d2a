// PNG pictures of the window or a part of it, for slides: the frame's pixels
// are read from the back buffer after ImGui has rendered and before
// glfwSwapBuffers (so it works under Xvfb with Mesa's llvmpipe) and written
// with stb_image_write.
// Thread-safety: UI thread only (needs the current OpenGL context).
#pragma once

#include <string>
#include <vector>

namespace interleave::gui {

// A region of the framebuffer in window pixels, origin top-left.
struct PixelRect {
  int x = 0, y = 0, w = 0, h = 0;
};

// RGB pixels, rows top to bottom.
struct Image {
  int width = 0, height = 0;
  std::vector<unsigned char> rgb;
};

// Reads `rect` of the current back buffer (clipped to a `fb_w` x `fb_h`
// framebuffer).
Image ReadPixels(const PixelRect& rect, int fb_w, int fb_h);
// Flips rows read bottom-up by OpenGL to top-down (exposed for tests).
void FlipRows(Image* image);
// Writes a PNG; returns "" or what went wrong.
std::string WritePng(const std::string& path, const Image& image);

// Where the `number`th export goes: DIR/STEM-stepN-KIND-NUMBER.png, STEM the
// scenario file's name without its extension ("interleave" without one), DIR
// "." when empty. `kind` is "window" or "panes".
std::string ExportPath(const std::string& dir, const std::string& scenario_path, int cursor,
                       const std::string& kind, int number);

}  // namespace interleave::gui
