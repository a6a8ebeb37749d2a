// The App's pictures: PNG exports of the window or of the two panes (F12,
// Shift F12, the PNG button), read from the back buffer at the end of the
// frame; SVG of the two panes (the PNG button's list), drawn from their
// layouts; the web page of the two panes' runs (F9, the same page as
// `interleave run --html`); and the screenshot mode (--screenshot OUT.png or
// OUT.svg), which waits for both panes to settle, writes one picture and
// ends the loop.
#include <imgui.h>

#include "gui/app_impl.h"
#include "gui/screenshot.h"
#include "gui/svg_export.h"
#include "report/html_page.h"

namespace interleave::gui {

void App::RequestExport(ExportWhat what) { export_requests_.push_back(what); }

void App::CaptureExports() {
  if (export_requests_.empty()) return;
  int fb_w = 0, fb_h = 0, win_w = 0, win_h = 0;
  glfwGetFramebufferSize(window_, &fb_w, &fb_h);
  glfwGetWindowSize(window_, &win_w, &win_h);
  const float sx = win_w > 0 ? static_cast<float>(fb_w) / win_w : 1;
  const float sy = win_h > 0 ? static_cast<float>(fb_h) / win_h : 1;
  for (ExportWhat what : export_requests_) {
    if (what == ExportWhat::kHtml) {
      ExportHtml();
      continue;
    }
    if (what == ExportWhat::kPanesSvg) {
      std::string path = ExportPath(options_.export_dir, view_ ? view_->scenario().path : "",
                                    view_ ? view_->cursor() : 0, "panes", ++export_count_);
      path = path.substr(0, path.size() - 4) + ".svg";
      std::string error =
          WriteSvg(path, PanesSvg(pane_ui_, kPaneCount, PaletteFor(theme_), fonts_.fonts()));
      if (error.empty()) {
        exports_.push_back(path);
        Message("Wrote " + path);
      } else {
        Message("SVG export failed: " + error);
      }
      continue;
    }
    PixelRect rect{0, 0, fb_w, fb_h};
    std::string kind = "window";
    if (what == ExportWhat::kPanes) {
      kind = "panes";
      ImVec2 a = pane_ui_[0].min, b = pane_ui_[kPaneCount - 1].max;
      rect = PixelRect{static_cast<int>(a.x * sx), static_cast<int>(a.y * sy),
                       static_cast<int>((b.x - a.x) * sx), static_cast<int>((b.y - a.y) * sy)};
    }
    std::string path = ExportPath(options_.export_dir, view_ ? view_->scenario().path : "",
                                  view_ ? view_->cursor() : 0, kind, ++export_count_);
    std::string error = WritePng(path, ReadPixels(rect, fb_w, fb_h));
    if (error.empty()) {
      exports_.push_back(path);
      Message("Wrote " + path);
    } else {
      Message("PNG export failed: " + error);
    }
  }
  export_requests_.clear();
}

void App::ExportHtml() {
  if (!view_) return;
  // The page shows whole runs, as `interleave run --html` does: both panes
  // must have run to their end.
  std::vector<VariantResult> results;
  for (int p = 0; p < kPaneCount; ++p) {
    const PaneSnapshot* snapshot = snapshots_[p].get();
    if (!snapshot || !snapshot->finished || !snapshot->verdict || !snapshot->plan) {
      Message("The web page shows whole runs: step both panes to the end (End), then export it.");
      return;
    }
    bool shown = false;
    for (const VariantResult& result : results)
      shown = shown || result.variant == view_->variant(p);
    if (shown) continue;  // the same variant in both panes: once
    VariantResult result;
    result.variant = view_->variant(p);
    for (const Variant& variant : view_->scenario().variants)
      if (variant.name == result.variant) result.variant_def = &variant;
    result.plan = *snapshot->plan;
    result.trace = snapshot->trace;
    result.verdict = *snapshot->verdict;
    results.push_back(std::move(result));
  }
  std::string path = ExportPath(options_.export_dir, view_->scenario().path, view_->cursor(),
                                "page", ++export_count_);
  path = path.substr(0, path.size() - 4) + ".html";
  if (WriteFileAtomically(path, FormatRunHtml(view_->scenario(), results))) {
    exports_.push_back(path);
    Message("Wrote " + path);
  } else {
    Message("Web page export failed: cannot write " + path);
  }
}

// In screenshot mode: true when the picture has been taken (or given up).
bool App::ScreenshotStep() {
  if (options_.screenshot.empty() || screenshot_done_) return screenshot_done_;
  bool settled = session_ && !progress_[0].busy && !progress_[1].busy;
  if (settled && view_) {
    int end = ViewState::EndCursor(progress_);
    if (end >= 0 && view_->cursor() > end) settled = false;  // clamps next frame
  }
  settled_frames_ = settled ? settled_frames_ + 1 : 0;
  // A few frames after settling: layouts, scroll positions and fonts are final.
  if (settled_frames_ >= 4) {
    int fb_w = 0, fb_h = 0;
    glfwGetFramebufferSize(window_, &fb_w, &fb_h);
    // OUT.svg: the two panes as vector shapes and text; else the window's pixels.
    const bool svg = IsSvgPath(options_.screenshot);
    std::string error =
        svg ? WriteSvg(options_.screenshot,
                       PanesSvg(pane_ui_, kPaneCount, PaletteFor(theme_), fonts_.fonts()))
            : WritePng(options_.screenshot, ReadPixels({0, 0, fb_w, fb_h}, fb_w, fb_h));
    if (error.empty()) {
      out_ << "wrote " << options_.screenshot << " (" << fb_w << "x" << fb_h << ", step "
           << (view_ ? view_->cursor() : 0) << ")\n";
      for (int p = 0; p < kPaneCount; ++p)
        if (snapshots_[p] && !snapshots_[p]->error.empty())
          err_ << "interleave gui: pane " << p + 1 << ": " << snapshots_[p]->error << "\n";
    } else {
      err_ << "interleave gui: " << error << "\n";
      status_ = AppStatus::kBadInput;
    }
    screenshot_done_ = true;
  } else if (NowSeconds() - started_s_ > options_.timeout_s) {
    err_ << "interleave gui: the runs did not settle within " << options_.timeout_s
         << " s; no screenshot\n";
    status_ = AppStatus::kServerFailed;
    screenshot_done_ = true;
  }
  return screenshot_done_;
}

}  // namespace interleave::gui
