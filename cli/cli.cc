#include "cli/cli.h"

#include <functional>
#include <map>

#include "db/db_failure.h"
#include "sim/model/source_pos.h"
#ifdef INTERLEAVE_WITH_GUI
#include "cli/gui_command.h"
#endif

namespace interleave {
namespace {

const char* kUsage = R"(interleave: replay interleavings of SQL clients against a real PostgreSQL
and see what really happens, with and without each fix.

Usage:
  interleave run FILE [options]        run a scenario (.toml) or a PostgreSQL
                                       isolation spec (.spec) and show the timeline
  interleave explore FILE [options]    run every interleaving of every variant and
                                       count anomalies, waits and aborts
  interleave check PATH... [options]   run every variant of every scenario found and
                                       compare each verdict with its `expect` (CI)
  interleave list PATH...              the catalogue: title, anomaly, variants and
                                       their expected outcomes
  interleave catalogue PATH... --write FILE
                                       write the catalogue page (scenarios/README.md)
  interleave gui [PATH] [options]      the classroom window: two variants side by
                                       side, stepped live (PNG with --screenshot)
  interleave glossary [TERM]           what the printed words mean: anomaly names,
                                       graph edges, locks, SQLSTATEs, step kinds
  interleave --help | COMMAND --help   explain a command

Without --db, interleave starts its own private PostgreSQL server (a cluster
cached in ~/.cache/interleave, or /var/cache/interleave as root; Unix socket
only; stopped on exit). Scenario SQL only ever runs in a scratch database that
interleave creates and drops; the database a URL names is never written.

Exit status: 0 success; 1 a verdict did not match its expect (check), or a
variant's run failed (its setup failed, a statement passed its time limit, a
step waited for a lock nothing would release); 2 bad input or usage; 3 the
server could not be used or failed during a run; 130 interrupted (Ctrl-C),
143 terminated (SIGTERM).
)";

}  // namespace

int RunCli(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  std::map<std::string, std::function<int(const std::vector<std::string>&)>> commands = {
      {"run", [&](const std::vector<std::string>& rest) { return RunCommand(rest, out, err); }},
      {"check", [&](const std::vector<std::string>& rest) { return CheckCommand(rest, out, err); }},
      {"list", [&](const std::vector<std::string>& rest) { return ListCommand(rest, out, err); }},
      {"glossary",
       [&](const std::vector<std::string>& rest) { return GlossaryCommand(rest, out, err); }},
      {"explore",
       [&](const std::vector<std::string>& rest) { return ExploreCommand(rest, out, err); }},
      {"catalogue",
       [&](const std::vector<std::string>& rest) { return CatalogueCommand(rest, out, err); }},
#ifdef INTERLEAVE_WITH_GUI
      {"gui", [&](const std::vector<std::string>& rest) { return GuiCommand(rest, out, err); }},
#else
      {"gui",
       [&](const std::vector<std::string>&) {
         err << "interleave gui: this interleave was built without the GUI (it needs "
                "libimgui-dev, libglfw3-dev and OpenGL when CMake runs)\n";
         return kExitBadInput;
       }},
#endif
  };
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    out << kUsage;
    return args.empty() ? kExitBadInput : kExitOk;
  }
  if (args[0] == "--version") {
    out << "interleave 0.1\n";
    return kExitOk;
  }
  auto command = commands.find(args[0]);
  if (command == commands.end()) {
    err << "interleave: unknown command \"" << args[0] << "\"; commands: ";
    bool first = true;
    for (const auto& [name, unused] : commands) {
      err << (first ? "" : ", ") << name;
      first = false;
    }
    err << " (see interleave --help)\n";
    return kExitBadInput;
  }
  try {
    return command->second(std::vector<std::string>(args.begin() + 1, args.end()));
  } catch (const InputError& error) {
    if (error.pos().file.empty()) err << "interleave " << args[0] << ": ";
    err << error.what() << "\n";
    return kExitBadInput;
  } catch (const DbFailure& error) {
    err << "interleave: " << error.what() << "\n";
    return kExitServer;
  }
}

}  // namespace interleave
