#include "gui/state_report.h"

#include <unistd.h>

#include <cstdio>
#include <fstream>

#include "report/json_writer.h"

namespace interleave::gui {

std::string ReportJson(const AppReport& report) {
  JsonWriter json;
  json.BeginObject();
  json.Key("scenario").String(report.scenario_path);
  json.Key("title").String(report.scenario_title);
  json.Key("schedule").String(report.schedule);
  json.Key("cursor").Int(report.cursor);
  json.Key("settled").Bool(report.settled);
  json.Key("interactive").Bool(report.interactive);
  json.Key("playing").Bool(report.playing);
  json.Key("picks").StringArray(report.picks);
  json.Key("order").String(report.order);
  json.Key("theme").String(report.theme);
  json.Key("presentation").Bool(report.presentation);
  json.Key("font_px").Double(report.font_px, 1);
  json.Key("server").String(report.server);
  json.Key("server_pid").Int(report.server_pid);
  json.Key("panes").BeginArray();
  for (const PaneReport& pane : report.panes) {
    json.BeginObject();
    json.Key("variant").String(pane.variant);
    json.Key("engine").String(pane.engine);
    json.Key("server_version").String(pane.server_version);
    json.Key("cursor").Int(pane.cursor);
    json.Key("busy").Bool(pane.busy);
    json.Key("finished").Bool(pane.finished);
    json.Key("verdict").String(pane.verdict);
    json.Key("headline").String(pane.headline);
    json.Key("steps").Int(pane.steps);
    json.Key("order").String(pane.order);
    json.Key("waiting").StringArray(pane.waiting);
    json.Key("committed").String(pane.committed);
    json.Key("error").String(pane.error);
    json.Key("hovered").String(pane.hovered);
    json.Key("visible_steps").Int(pane.visible_steps);
    json.Key("edges_drawn").Int(pane.edges_drawn);
    json.Key("card_shown").Bool(pane.card_shown);
    json.Key("card_overflow_px").Double(pane.card_overflow_px);
    json.Key("locks").StringArray(pane.locks, /*inline_items=*/false);
    json.EndObject();
  }
  json.EndArray();
  json.Key("exports").StringArray(report.exports, /*inline_items=*/false);
  json.Key("saved_schedule").String(report.saved_schedule);
  json.Key("message").String(report.message);
  json.Key("frames").Int(report.frames);
  json.Key("frame_ms_avg").Double(report.frame_ms_avg, 3);
  json.Key("frame_ms_max").Double(report.frame_ms_max, 3);
  json.Key("frame_interval_ms_avg").Double(report.frame_interval_ms_avg, 3);
  json.Key("build_ms_avg").Double(report.build_ms_avg, 3);
  json.Key("draw_ms_avg").Double(report.draw_ms_avg, 3);
  json.Key("triangles").Int(report.triangles);
  json.Key("locks_panel").Bool(report.locks_panel);
  const PredictReport& predict = report.predict;
  json.Key("predict").BeginObject();
  json.Key("on").Bool(predict.on);
  json.Key("pane").Int(predict.pane);
  json.Key("variant").String(predict.variant);
  json.Key("client").String(predict.client);
  json.Key("step").String(predict.step);
  json.Key("choices").StringArray(predict.choices, /*inline_items=*/false);
  json.Key("picked").Int(predict.picked);
  json.Key("right").Int(predict.right);
  json.Key("rounds").BeginArray();
  for (const PredictRoundReport& round : predict.rounds) {
    json.BeginObject();
    json.Key("cursor").Int(round.cursor);
    json.Key("variant").String(round.variant);
    json.Key("client").String(round.client);
    json.Key("step").String(round.step);
    json.Key("choices").StringArray(round.choices, /*inline_items=*/false);
    json.Key("picked").String(round.picked);
    json.Key("judged").Bool(round.judged);
    json.Key("final").Bool(round.final);
    json.Key("right").Bool(round.right);
    json.Key("actual").String(round.actual);
    json.Key("reason").String(round.reason);
    json.EndObject();
  }
  json.EndArray();
  json.EndObject();
  json.Key("widgets").BeginObject();
  for (const auto& [name, rect] : report.widgets) {
    json.Key(name).BeginArray(true);
    json.Double(rect.x, 1).Double(rect.y, 1).Double(rect.w, 1).Double(rect.h, 1);
    json.EndArray();
  }
  json.EndObject();
  json.EndObject();
  return json.str() + "\n";
}

bool WriteFileAtomically(const std::string& path, const std::string& text) {
  const std::string temp = path + ".tmp" + std::to_string(getpid());
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    out << text;
    out.flush();
    if (!out) return false;
  }
  return std::rename(temp.c_str(), path.c_str()) == 0;
}

}  // namespace interleave::gui
