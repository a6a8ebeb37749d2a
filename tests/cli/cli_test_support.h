// Helpers for the command-line tests: a temporary folder of one's own, reading
// a file whole, and running `interleave ARGS` in-process with its output and
// exit status captured (optionally on the shared test server).
// Thread-safety: TempDir's names are made under a static counter; use the
// helpers from one test thread.
#pragma once

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "cli/cli.h"
#include "tests/test_support.h"

namespace interleave::testing {

// A folder of its own under the system's temp folder, removed at the end.
class TempDir {
 public:
  TempDir() {
    static int counter = 0;
    path_ = std::filesystem::temp_directory_path() /
            ("interleave_cli_test_" + std::to_string(getpid()) + "_" + std::to_string(counter++));
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  // Writes `text` to NAME (its folders made as needed); returns the path.
  std::string Write(const std::string& name, const std::string& text) const {
    std::filesystem::path file = path_ / name;
    std::filesystem::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary) << text;
    return file.string();
  }
  std::string operator/(const std::string& name) const { return (path_ / name).string(); }
  std::string path() const { return path_.string(); }

 private:
  std::filesystem::path path_;
};

inline std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

struct CliResult {
  int status;
  std::string out;
  std::string err;
};

// Runs `interleave ARGS` in this process.
inline CliResult RunCliCaptured(const std::vector<std::string>& args) {
  std::ostringstream out;
  std::ostringstream err;
  int status = RunCli(args, out, err);
  return {status, out.str(), err.str()};
}

// Runs `interleave ARGS --db URL` on the shared test server.
inline CliResult RunCliOnSharedServer(std::vector<std::string> args) {
  args.push_back("--db");
  args.push_back(SharedTarget().admin_url());
  return RunCliCaptured(args);
}

}  // namespace interleave::testing
