#include "gui/screenshot.h"

#define GL_GLEXT_PROTOTYPES
#include <GL/gl.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

// stb_image_write's implementation lives in this file only; static, so it
// cannot clash with the copy in libstb that imgui.pc links.
#define STB_IMAGE_WRITE_STATIC
#define STB_IMAGE_WRITE_IMPLEMENTATION
#include <stb_image_write.h>

namespace interleave::gui {

void FlipRows(Image* image) {
  const size_t stride = static_cast<size_t>(image->width) * 3;
  std::vector<unsigned char> row(stride);
  for (int top = 0, bottom = image->height - 1; top < bottom; ++top, --bottom) {
    unsigned char* a = image->rgb.data() + top * stride;
    unsigned char* b = image->rgb.data() + bottom * stride;
    std::memcpy(row.data(), a, stride);
    std::memcpy(a, b, stride);
    std::memcpy(b, row.data(), stride);
  }
}

Image ReadPixels(const PixelRect& rect, int fb_w, int fb_h) {
  Image image;
  int x0 = std::clamp(rect.x, 0, fb_w), y0 = std::clamp(rect.y, 0, fb_h);
  int x1 = std::clamp(rect.x + rect.w, 0, fb_w), y1 = std::clamp(rect.y + rect.h, 0, fb_h);
  image.width = x1 - x0;
  image.height = y1 - y0;
  if (image.width <= 0 || image.height <= 0) return Image{};
  image.rgb.resize(static_cast<size_t>(image.width) * image.height * 3);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadBuffer(GL_BACK);
  // OpenGL's origin is bottom-left.
  glReadPixels(x0, fb_h - y1, image.width, image.height, GL_RGB, GL_UNSIGNED_BYTE,
               image.rgb.data());
  FlipRows(&image);
  return image;
}

std::string WritePng(const std::string& path, const Image& image) {
  if (image.width <= 0 || image.height <= 0) return "nothing to write (empty image)";
  if (!stbi_write_png(path.c_str(), image.width, image.height, 3, image.rgb.data(),
                      image.width * 3))
    return "cannot write " + path + (errno ? std::string(": ") + std::strerror(errno) : "");
  return "";
}

std::string ExportPath(const std::string& dir, const std::string& scenario_path, int cursor,
                       const std::string& kind, int number) {
  namespace fs = std::filesystem;
  std::string stem = scenario_path.empty() ? "interleave" : fs::path(scenario_path).stem().string();
  char name[64];
  std::snprintf(name, sizeof name, "-step%d-%s-%d.png", cursor, kind.c_str(), number);
  return (fs::path(dir.empty() ? "." : dir) / (stem + name)).string();
}

}  // namespace interleave::gui
