// The App's state report (--state-file): what the window shows, written after
// every change and, for the frame times, at most every 30 frames.
#include "gui/app_impl.h"
#include "gui/trace_words.h"
#include "util/text_util.h"

namespace interleave::gui {

void App::WriteReport() {
  if (options_.state_file.empty() || !view_) return;
  AppReport report;
  report.scenario_path = view_->scenario().path;
  report.scenario_title = view_->scenario().title;
  report.schedule = view_->OrderName();
  report.cursor = view_->cursor();
  report.settled = !progress_[0].busy && !progress_[1].busy;
  report.interactive = view_->interactive();
  report.playing = view_->playing();
  for (int client : view_->picks())
    report.picks.push_back(client >= 0 &&
                                   client < static_cast<int>(view_->scenario().clients.size())
                               ? view_->scenario().clients[client].name
                               : "?");
  for (const std::string& step : view_->Order())
    report.order += (report.order.empty() ? "" : " ") + step;
  report.theme = theme_ == ThemeKind::kDark ? "dark" : "light";
  report.presentation = presentation_;
  report.font_px = font_px_;
  report.server = host_ ? host_->Describe() : "";
  report.server_pid = host_ ? host_->ServerPid() : -1;
  report.widgets = widgets_;
  for (int p = 0; p < kPaneCount; ++p) {
    const PaneSnapshot& snapshot = *snapshots_[p];
    PaneReport& pane = report.panes[p];
    pane.variant = view_->variant(p);
    pane.engine = EngineName(snapshot.trace.server_version.empty() ? shown_engines_[p]
                                                                   : snapshot.trace.engine);
    pane.server_version = snapshot.trace.server_version;
    pane.cursor = snapshot.cursor;
    pane.busy = progress_[p].busy;
    pane.finished = snapshot.finished;
    if (snapshot.finished && snapshot.verdict) {
      pane.verdict = snapshot.verdict->Name();
      pane.headline = GraphHeadline(view_->scenario(), snapshot.trace, *snapshot.verdict);
    }
    pane.steps = static_cast<int>(snapshot.trace.steps.size());
    pane.order = snapshot.trace.OrderText();
    for (int client : snapshot.waiting_clients)
      pane.waiting.push_back(ClientName(snapshot.trace, client));
    for (const TableState& table : snapshot.committed)
      pane.committed +=
          (pane.committed.empty() ? "" : "; ") + table.table + " " + RowsInline(table.contents);
    pane.error = snapshot.error;
    const PaneUi& ui = pane_ui_[p];
    pane.visible_steps = ui.visible_steps;
    pane.edges_drawn = ui.edges_drawn;
    pane.card_shown = ui.card_apart;
    pane.card_overflow_px = ui.card_overflow_px;
    pane.locks = ui.lock_lines;
    const TimelineLayout& layout = ui.layout;
    if (ui.hovered_box >= 0 && ui.hovered_box < static_cast<int>(layout.boxes.size())) {
      int step = layout.boxes[ui.hovered_box].step;
      if (step >= 0 && step < static_cast<int>(snapshot.trace.steps.size()))
        pane.hovered = snapshot.trace.steps[step].step_name;
    }
    // Where the newest step's box is on the screen, when visible (tests hover it).
    for (int b = static_cast<int>(layout.boxes.size()) - 1; b >= 0; --b) {
      const StepBox& box = layout.boxes[b];
      if (box.step < 0 || box.kind == BoxKind::kPending) continue;
      WidgetRect rect{ui.content_origin.x + box.x, ui.content_origin.y + box.y, box.w, box.h};
      if (rect.y >= ui.canvas_min.y && rect.y + rect.h <= ui.canvas_max.y)
        report.widgets["pane" + std::to_string(p) + "_last_box"] = rect;
      break;
    }
  }
  ReportPredict(&report);
  report.exports = exports_;
  report.saved_schedule = saved_schedule_;
  report.message = message_.text();
  report.frames = frame_stats_.frames();
  report.frame_ms_avg = frame_stats_.FrameMsAvg();
  report.frame_ms_max = frame_stats_.FrameMsMax();
  report.build_ms_avg = frame_stats_.BuildMsAvg();
  report.draw_ms_avg = frame_stats_.DrawMsAvg();
  report.triangles = last_triangles_;
  report.locks_panel = show_locks_;
  report.frame_interval_ms_avg = frame_stats_.IntervalMsAvg();
  std::string json = ReportJson(report);
  // Frame times change every frame; write those at most every half second.
  AppReport without_times = report;
  without_times.frames = 0;
  without_times.frame_ms_avg = without_times.frame_ms_max = without_times.frame_interval_ms_avg = 0;
  without_times.build_ms_avg = without_times.draw_ms_avg = 0;
  std::string key = ReportJson(without_times);
  const bool timing_due = frame_stats_.frames() % 30 == 0;
  if (key == last_report_ && !timing_due) return;
  last_report_ = key;
  WriteFileAtomically(options_.state_file, json);
}

}  // namespace interleave::gui
