#include "report/html_page.h"

#include <algorithm>

#include "report/html_assets.h"
#include "report/html_escape.h"
#include "report/html_variant.h"

namespace interleave {

namespace {

std::string Esc(const std::string& text) { return HtmlEscape(text); }

// Arrowheads, one per kind, shared by every arrow of the page.
const char* kMarkers =
    "<svg class=\"defs\" width=\"0\" height=\"0\" aria-hidden=\"true\"><defs>"
    "<marker id=\"head-ww\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"12\" "
    "markerHeight=\"12\" markerUnits=\"userSpaceOnUse\" orient=\"auto-start-reverse\"><path "
    "d=\"M0,0 L10,5 L0,10 z\" "
    "fill=\"#D55E00\"/></marker>"
    "<marker id=\"head-wr\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"12\" "
    "markerHeight=\"12\" markerUnits=\"userSpaceOnUse\" orient=\"auto-start-reverse\"><path "
    "d=\"M0,0 L10,5 L0,10 z\" "
    "fill=\"#0072B2\"/></marker>"
    "<marker id=\"head-rw\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"12\" "
    "markerHeight=\"12\" markerUnits=\"userSpaceOnUse\" orient=\"auto-start-reverse\"><path "
    "d=\"M0,0 L10,5 L0,10 z\" "
    "fill=\"#009E73\"/></marker>"
    "<marker id=\"head-wait\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"10\" "
    "markerHeight=\"10\" markerUnits=\"userSpaceOnUse\" orient=\"auto-start-reverse\"><path "
    "d=\"M0,0 L10,5 L0,10 z\" "
    "fill=\"#555555\"/></marker>"
    "</defs></svg>\n";

std::string Paragraphs(const std::string& text) {
  std::string html;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find("\n\n", start);
    if (end == std::string::npos) end = text.size();
    std::string part = text.substr(start, end - start);
    std::replace(part.begin(), part.end(), '\n', ' ');
    if (part.find_first_not_of(' ') != std::string::npos) html += "<p>" + Esc(part) + "</p>";
    start = end + 2;
  }
  return html;
}

std::string Header(const Scenario& scenario, const std::vector<VariantResult>& results) {
  std::string html = "<header class=\"page\"><h1 id=\"title\">" +
                     Esc(scenario.title.empty() ? scenario.path : scenario.title) + "</h1>";
  if (!scenario.anomaly.empty()) html += "<p class=\"anomaly\">" + Esc(scenario.anomaly) + "</p>";
  std::string meta;
  if (!scenario.app.empty()) meta += Esc(scenario.app) + " \u00B7 ";
  meta += "<code>" + Esc(scenario.path) + "</code>";
  if (!results.empty() && !results.front().trace.schedule.empty())
    meta += " \u00B7 schedule <q>" + Esc(results.front().trace.schedule) + "</q>";
  html += "<p class=\"meta\">" + meta + "</p>";
  if (!scenario.story.empty())
    html += "<details class=\"story\" open><summary>Story</summary>" + Paragraphs(scenario.story) +
            "</details>";
  return html + "</header>\n";
}

std::string Controls(const std::vector<VariantResult>& results, const std::vector<bool>& shown) {
  std::string html =
      "<nav class=\"controls\" aria-label=\"step through the run\">"
      "<div class=\"buttons\">"
      "<button type=\"button\" data-go=\"home\" title=\"Home\" aria-label=\"Start\">\u21E4"
      "<span class=\"word\"> Start</span></button>"
      "<button type=\"button\" data-go=\"prev\" title=\"Left arrow\">\u25C0 Back</button>"
      "<button type=\"button\" data-go=\"next\" title=\"Right arrow\">Next \u25B6</button>"
      "<button type=\"button\" data-go=\"end\" title=\"End\" aria-label=\"All steps\">"
      "<span class=\"word\">All </span>\u21E5</button>"
      "<span id=\"position\" aria-live=\"polite\"></span></div></nav>\n";
  if (results.size() > 1) {
    html += "<fieldset class=\"show\"><legend>Variants shown</legend>";
    for (size_t i = 0; i < results.size(); ++i) {
      html += "<label><input type=\"checkbox\" data-show=\"v" + std::to_string(i) + "\"" +
              (shown[i] ? " checked" : "") + "> " + Esc(HtmlVariantName(results[i])) + "</label>";
    }
    html += "</fieldset>\n";
  }
  return html;
}

const char* kKey =
    "<p class=\"key\">Time goes down; each numbered row is one step in the order the server ran "
    "them, at the same height in every variant. \u2192 / \u2190 step forward and back, Home and "
    "End go to the start and the whole run. Arrows are dependencies between the steps that made "
    "them: <span class=\"k ww\">ww</span> solid (wrote, then overwrote), "
    "<span class=\"k wr\">wr</span> dotted (wrote, then read), "
    "<span class=\"k rw\">rw</span> dashed (read, then overwrote what was read), as in the "
    "window; the cycle's "
    "arrows are the thickest. \u25F7 marks a step waiting for a lock, joined to where it "
    "completed.</p>\n";

}  // namespace

std::string FormatRunHtml(const Scenario& scenario, const std::vector<VariantResult>& results) {
  int rows = 0;
  for (const VariantResult& result : results) rows = std::max(rows, HtmlTimelineRows(result.trace));
  // Two variants side by side, as in the classroom window; the others a
  // checkbox away.
  std::vector<bool> shown(results.size());
  for (size_t i = 0; i < results.size(); ++i) shown[i] = i < 2;

  const std::string title = scenario.title.empty() ? scenario.path : scenario.title;
  std::string html =
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
      "style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n"
      "<meta name=\"generator\" content=\"interleave\">\n<title>" +
      Esc(title) + " \u2014 interleave</title>\n<style>\n" + HtmlPageCss() +
      "</style>\n</head>\n<body data-rows=\"" + std::to_string(rows) + "\">\n" + kMarkers;
  html += Header(scenario, results);
  html += Controls(results, shown);
  html += kKey;
  html += "<main class=\"variants\" style=\"grid-template-rows:auto auto repeat(" +
          std::to_string(std::max(rows, 1)) + ",auto) auto\">\n";
  for (size_t i = 0; i < results.size(); ++i) {
    html += HtmlVariantSection(scenario, results[i], static_cast<int>(i), rows, shown[i]);
  }
  if (results.empty()) html += "<p class=\"muted\">No variant ran.</p>\n";
  html +=
      "</main>\n<footer class=\"made\">Made by interleave from a real run on the server; "
      "every wait, error and value is the server's own.</footer>\n<script>\n";
  html += HtmlPageScript();
  html += "</script>\n</body>\n</html>\n";
  return html;
}

}  // namespace interleave
