// The text timeline's layout (see text_timeline.h).
#include "report/text_timeline.h"

#include <algorithm>

#include "report/text_history.h"
#include "report/text_timeline_rows.h"
#include "sim/judge/trace_facts.h"
#include "util/utf8.h"

namespace interleave::text {

int ClientCount(const Trace& trace) {
  int count = static_cast<int>(trace.client_names.size());
  for (const StepTrace& step : trace.steps) count = std::max(count, step.client + 1);
  return std::max(count, 1);
}

namespace {

// "Order: ..." and the history line; with `base`, one line when both are
// base's, which also says the dependencies are when `same_dependencies` is
// set (and ends with it), and the final state when `same_final_state`.
// Returns whether it said the dependencies.
bool AppendOrderAndHistory(const Scenario& scenario, const VariantResult& result,
                           const std::string& order, int width, const Symbols& sym,
                           std::vector<std::string>* out, const VariantResult* base,
                           const std::string& same_dependencies, bool same_final_state) {
  const std::string history = HistoryLine(result.trace);
  if (base && !order.empty() && !history.empty()) {
    TimelineRows base_rows = BuildTimelineRows(scenario, *base, sym, 40, width);
    if (base_rows.order == order && HistoryLine(base->trace) == history) {
      const std::string name = !base->variant.empty()         ? base->variant
                               : !base->trace.variant.empty() ? base->trace.variant
                                                              : "the first variant";
      // Base's section gave the order; the edges' class or serial order is
      // the lesson, so it is said again.
      const std::string text =
          same_dependencies.empty()
              ? "Order and history: the same as " + name + "'s (" + order + ")"
              : std::string(same_final_state ? "Order, history, dependency edges and final state"
                                             : "Order, history and dependency edges") +
                    ": the same as " + name + "'s; " + same_dependencies;
      for (const std::string& line : Wrap(text, width, 7)) out->push_back(line);
      return !same_dependencies.empty();
    }
  }
  if (!order.empty())
    for (const std::string& line : Wrap("Order: " + order, width, 7)) out->push_back(line);
  if (!history.empty())
    for (const std::string& line : Wrap(history, width, 9)) out->push_back(line);
  return false;
}

}  // namespace

std::string SharedServer(const std::vector<VariantResult>& results) {
  if (results.empty() || results[0].trace.server_version.empty()) return "";
  for (const VariantResult& r : results)
    if (r.trace.engine != results[0].trace.engine ||
        r.trace.server_version != results[0].trace.server_version)
      return "";
  return EngineAndVersion(results[0].trace.engine, results[0].trace.server_version);
}

bool AppendTimeline(const Scenario& scenario, const VariantResult& result, int width,
                    const Symbols& sym, const Painter& paint, std::vector<std::string>* out,
                    const VariantResult* base, const std::string& same_dependencies,
                    bool server_told, const std::vector<const VariantResult*>& others,
                    bool same_final_state) {
  const Trace& trace = result.trace;
  const int clients = ClientCount(trace);
  const int prefix = std::max(DisplayWidth(sym.time_down), 4) + 1;
  const std::string separator = " " + sym.vbar + " ";
  const int lane = (width - prefix - 3 * (clients - 1)) / clients;
  const bool columns = lane >= 18;

  std::vector<std::string> headers;
  std::vector<std::string> levels;
  for (int c = 0; c < clients; ++c) {
    headers.push_back(ClientName(trace, c));
    // Each of the client's transactions at the level it ran at.
    std::string level = ClientLevelsText(scenario, trace, c);
    levels.push_back(level == "READ COMMITTED" &&
                             ClientLevel(scenario, trace, c) == Isolation::kDefault
                         ? "READ COMMITTED, the default"
                         : level);
    // The engine and its version lead the level when the run had a server.
    if (!trace.server_version.empty() && !server_told)
      levels.back() = EngineAndVersion(trace.engine, trace.server_version) + ", " + levels.back();
  }

  if (columns) {
    bool one_line = true;
    for (int c = 0; c < clients; ++c)
      if (DisplayWidth(headers[c] + " (" + levels[c] + ")") + 3 > lane) one_line = false;
    std::vector<std::string> line1(clients), line2(clients);
    for (int c = 0; c < clients; ++c) {
      if (one_line) {
        line1[c] = paint(headers[c], Tone::kClient, c) + " (" + levels[c] + ")";
      } else {
        line1[c] = paint(Truncate(headers[c], lane, sym.ellipsis), Tone::kClient, c);
        line2[c] = Truncate(levels[c], lane, sym.ellipsis);
      }
    }
    auto lanes_line = [&](const std::string& left, const std::vector<std::string>& cells) {
      std::string text = PadRight(left, prefix);
      for (int c = 0; c < clients; ++c) {
        if (c > 0) text += separator;
        text += c + 1 < clients ? PadRight(cells[c], lane) : cells[c];
      }
      return TrimRight(text);
    };
    std::string rule = PadRight(sym.time_down, prefix);
    if (one_line) {
      // Each client's name and level sit in the rule over its column.
      for (int c = 0; c < clients; ++c) {
        // The separator before a column ends in a rule already.
        const std::string label = (c == 0 ? sym.hbar : "") + " " + line1[c] + " ";
        rule += (c > 0 ? sym.hbar + sym.cross + sym.hbar : "") + label +
                Repeat(sym.hbar, lane - DisplayWidth(label));
      }
    } else {
      out->push_back(lanes_line("", line1));
      out->push_back(lanes_line("", line2));
      for (int c = 0; c < clients; ++c)
        rule += (c > 0 ? sym.hbar + sym.cross + sym.hbar : "") + Repeat(sym.hbar, lane);
    }
    out->push_back(rule);

    TimelineRows timeline = BuildTimelineRows(scenario, result, sym, lane, width, base, others);
    for (const Row& row : timeline.rows) {
      for (size_t i = 0; i < row.lines.size(); ++i) {
        std::string line;
        if (row.lane < 0 || row.lane >= clients) {
          line = paint(row.lines[i].text, row.lines[i].tone);
        } else {
          std::vector<std::string> cells(clients);
          cells[row.lane] = paint(row.lines[i].text, row.lines[i].tone);
          line = lanes_line(i == 0 ? row.number : "", cells);
        }
        out->push_back(line);
      }
    }
    out->push_back(Repeat(sym.hbar, prefix - 1));
    return AppendOrderAndHistory(scenario, result, timeline.order, width, sym, out, base,
                                 same_dependencies, same_final_state);
  }

  // Tagged layout: "#3  robin  b3 UPDATE ...".
  std::string roster = "Clients: ";
  for (int c = 0; c < clients; ++c)
    roster += (c > 0 ? ", " : "") + headers[c] + " (" + levels[c] + ")";
  for (const std::string& line : Wrap(roster, width, 2)) out->push_back(line);
  int tag = 0;
  for (const std::string& name : headers) tag = std::max(tag, DisplayWidth(name));
  tag = std::min(tag, 12) + 2;
  const int room = std::max(width - prefix - tag, 16);
  out->push_back(sym.time_down);
  TimelineRows timeline = BuildTimelineRows(scenario, result, sym, room, width, base, others);
  for (const Row& row : timeline.rows) {
    for (size_t i = 0; i < row.lines.size(); ++i) {
      if (row.lane < 0 || row.lane >= clients) {
        out->push_back(paint(row.lines[i].text, row.lines[i].tone));
        continue;
      }
      std::string name = i == 0 ? Truncate(headers[row.lane], tag - 2, sym.ellipsis) : "";
      out->push_back(TrimRight(PadRight(i == 0 ? row.number : "", prefix) +
                               PadRight(paint(name, Tone::kClient, row.lane), tag) +
                               paint(row.lines[i].text, row.lines[i].tone)));
    }
  }
  return AppendOrderAndHistory(scenario, result, timeline.order, width, sym, out, base,
                               same_dependencies, same_final_state);
}

}  // namespace interleave::text
