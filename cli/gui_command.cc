// `interleave gui [PATH] [options]`: parses the options, checks the scenario
// and the variants before a window opens, runs the window, and turns how it
// ended into an exit status.
#include "cli/gui_command.h"

#include <cstdlib>
#include <filesystem>

#include "cli/cli.h"
#include "cli/cli_args.h"
#include "gui/app.h"
#include "sim/model/source_pos.h"
#include "sim/parse/scenario_loader.h"
#include "sim/plan/plan.h"
#include "sim/run/run.h"

namespace interleave {

namespace {

const char* kGuiHelp = R"(Usage: interleave gui [PATH] [options]

Opens the classroom window: a scenario browser over PATH (a scenario file or a
folder of them; default: ./scenarios), and for the chosen scenario two panes
side by side, the baseline and a fix, stepped live against PostgreSQL.

Keys: Right next step, Left back (replays from the start), Space play/pause,
Home reset, End last step, Ctrl +/- text size, F5 presentation, F6 theme,
F4 "who goes next?", F3 "what happens next?" (1-9 pick the next step's
outcome, Enter runs it, Tab predicts the other pane, Escape takes the pick
back), F2 scenario browser, F12 PNG of the window, Shift F12 PNG of the two
panes, L the locks panel, F9 the two runs as a web page (as run --html).

Options:
  --db URL              use this server instead of the private one
  --engine E[,E]        the panes' engines: postgresql, mariadb, or one for
                        each pane (postgresql,mariadb or both: PostgreSQL left,
                        MariaDB right; one --variant then shows that
                        variant in both panes); each engine on its private
                        server (with one engine, --db may name its server),
                        and an engine picker above each pane
  --variant NAME        the left pane's variant; give it twice for both panes
  --schedule NAME       start with this schedule
  --step N              start at step N (screenshots: default the last step)
  --screenshot OUT.png  render the window, write the PNG and exit (no input;
                        works under xvfb-run); OUT.svg writes the two panes
                        as an SVG (vector shapes and text) instead
  --size WxH            window size in pixels (default 1600x900)
  --presentation        large type (about 24 pt) for a projector
  --theme light|dark    colour theme (default light)
  --export-dir DIR      where PNG exports go (default: the current folder)
  --state-file PATH     keep a JSON report of the window's state there (tests;
                        also INTERLEAVE_GUI_STATE_FILE)
  --step-timeout MS     cancel a step that neither completes nor waits for a
                        lock within MS milliseconds (default 10000)
  --continuous          redraw every frame even when idle (frame timing)
  --no-browser          start with the scenario browser hidden
)";

int ExitStatusOf(gui::AppStatus status) {
  switch (status) {
    case gui::AppStatus::kOk:
      return kExitOk;
    case gui::AppStatus::kBadInput:
      return kExitBadInput;
    case gui::AppStatus::kServerFailed:
      return kExitServer;
  }
  return kExitServer;
}

std::string DefaultPath() {
  std::error_code ec;
  if (std::filesystem::is_directory("scenarios", ec)) return "scenarios";
  return std::string(INTERLEAVE_SOURCE_DIR) + "/scenarios";
}

}  // namespace

int GuiCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  CliArgs cli(args,
              {"--db", "--engine", "--variant", "--schedule", "--step", "--screenshot", "--size",
               "--theme", "--export-dir", "--state-file", "--step-timeout"},
              {"--presentation", "--continuous", "--no-browser", "--help", "-h"}, {"--variant"});
  if (cli.Has("--help") || cli.Has("-h")) {
    out << kGuiHelp;
    return kExitOk;
  }
  if (cli.positional().size() > 1) {
    err << "interleave gui: expected at most one scenario file or folder (see interleave gui "
           "--help)\n";
    return kExitBadInput;
  }
  gui::AppOptions options;
  options.path = cli.positional().empty() ? DefaultPath() : cli.positional()[0];
  options.db_url = cli.Get("--db");
  options.screenshot = cli.Get("--screenshot");
  options.variants = cli.GetAll("--variant");
  if (cli.Has("--engine")) {
    options.engines = ChosenEngines(cli);
    if (options.engines.size() > 2)
      throw InputError("--engine names the panes' engines: at most two");
  }
  options.schedule = cli.Get("--schedule");
  if (cli.Has("--step")) {
    // 0 is a step too: before the first one.
    const std::string step = cli.Get("--step");
    char* end = nullptr;
    long value = std::strtol(step.c_str(), &end, 10);
    if (step.empty() || *end != '\0' || value < 0 || value > 100000)
      throw InputError("--step expects a step number (0 or more), got \"" + step + "\"");
    options.step = static_cast<int>(value);
  }
  options.presentation = cli.Has("--presentation");
  options.continuous = cli.Has("--continuous");
  options.show_browser = !cli.Has("--no-browser");
  options.export_dir = cli.Get("--export-dir");
  options.state_file = cli.Get("--state-file");
  if (options.state_file.empty()) {
    const char* env = std::getenv("INTERLEAVE_GUI_STATE_FILE");
    if (env) options.state_file = env;
  }
  options.run.step_timeout = std::chrono::milliseconds(cli.GetInt("--step-timeout", 10000));

  if (options.variants.size() > 2)
    throw InputError("--variant names the panes' variants: give it at most twice");
  std::string theme = cli.Get("--theme", "light");
  if (theme != "light" && theme != "dark")
    throw InputError("--theme expects light or dark, got \"" + theme + "\"");
  options.theme = theme == "dark" ? gui::ThemeKind::kDark : gui::ThemeKind::kLight;
  if (cli.Has("--size")) {
    std::string size = cli.Get("--size");
    int w = 0, h = 0;
    char x = 0;
    if (std::sscanf(size.c_str(), "%d%c%d", &w, &x, &h) != 3 || (x != 'x' && x != 'X') || w < 320 ||
        h < 240 || w > 8192 || h > 8192)
      throw InputError("--size expects WIDTHxHEIGHT in pixels (at least 320x240), got \"" + size +
                       "\"");
    options.width = w;
    options.height = h;
  }

  // Check a scenario file, its variants and its schedule before a window opens.
  std::error_code ec;
  if (!std::filesystem::exists(options.path, ec))
    throw InputError("no such scenario file or folder: " + options.path);
  if (!std::filesystem::is_directory(options.path, ec)) {
    Scenario scenario = LoadScenario(options.path);
    for (const std::string& name : options.variants) FindVariant(scenario, name);
    if (!options.schedule.empty() && !scenario.is_isolation_spec)
      FindSchedule(scenario, options.schedule);
  } else if (!options.variants.empty() && !options.screenshot.empty()) {
    throw InputError("--variant needs a scenario file, not a folder");
  }
  if (!options.screenshot.empty()) {
    std::filesystem::path parent = std::filesystem::path(options.screenshot).parent_path();
    if (!parent.empty() && !std::filesystem::is_directory(parent, ec))
      throw InputError("--screenshot: no such folder: " + parent.string());
  }
  return ExitStatusOf(gui::RunApp(options, out, err));
}

}  // namespace interleave
