// The command-line interface: `interleave run|check|list|explore|gui|catalogue`.
// Exit status: 0 success, 1 a check did not match its expectation, 2 bad input
// (with one clear message), 3 the server failed.
// Thread-safety: call from the main thread.
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace interleave {

constexpr int kExitOk = 0;
constexpr int kExitMismatch = 1;
constexpr int kExitBadInput = 2;
constexpr int kExitServer = 3;

int RunCli(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

// Subcommands (each in its own file).
int RunCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int ExploreCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int CheckCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int ListCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int GlossaryCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int CatalogueCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace interleave
