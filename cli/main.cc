// interleave: replays interleavings of SQL clients against a real PostgreSQL
// and shows what really happened. This file only dispatches subcommands.
#include <unistd.h>

#include <iostream>
#include <string>
#include <vector>

#include "cli/cli.h"
#include "db/process/cleanup_registry.h"
#include "util/phase_log.h"

int main(int argc, char** argv) {
  interleave::NotePhase("main");
  interleave::CleanupRegistry::Install();
  std::vector<std::string> args(argv + 1, argv + argc);
  int status = interleave::RunCli(args, std::cout, std::cerr);
  std::cout.flush();
  interleave::NotePhase("output written");
  interleave::CleanupRegistry::RunAll();
  interleave::NotePhase("exit");
  return status;
}
