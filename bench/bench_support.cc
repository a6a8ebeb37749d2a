// See bench_support.h.
#include "bench/bench_support.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <mutex>
#include <sstream>

namespace interleave::bench {
namespace {

namespace fs = std::filesystem;

bool FileContains(const fs::path& path, const std::string& needle) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str().find(needle) != std::string::npos;
}

}  // namespace

Target& BenchTarget() {
  static std::once_flag once;
  static std::shared_ptr<Target> target;
  std::call_once(once, [] {
    const char* url = std::getenv("INTERLEAVE_BENCH_DB");
    target = url && *url ? Target::Open(url) : Target::OpenPrivate();
  });
  return *target;
}

std::string SourceDir() { return INTERLEAVE_SOURCE_DIR; }

std::string SharedSpecsDir() {
  const char* env = std::getenv("INTERLEAVE_PG_ISOLATION");
  fs::path dir =
      env && *env ? fs::path(env) : fs::path(SourceDir()) / ".." / "shared" / "pg-isolation";
  std::error_code error;
  if (!fs::is_directory(dir / "specs", error)) return "";
  return fs::weakly_canonical(dir, error).string();
}

std::vector<SharedSpec> SharedSpecs() {
  std::vector<SharedSpec> specs;
  std::string dir = SharedSpecsDir();
  if (dir.empty()) return specs;
  for (const auto& entry : fs::directory_iterator(fs::path(dir) / "specs")) {
    if (entry.path().extension() != ".spec") continue;
    SharedSpec spec;
    spec.name = entry.path().stem().string();
    spec.path = entry.path().string();
    // The expected output, or its alternative NAME_1.out, shows the waits.
    for (const std::string suffix : {"", "_1"}) {
      fs::path expected = fs::path(dir) / "expected" / (spec.name + suffix + ".out");
      if (fs::exists(expected) && FileContains(expected, "<waiting ...>")) spec.lock_wait = true;
    }
    specs.push_back(spec);
  }
  std::sort(specs.begin(), specs.end(),
            [](const SharedSpec& a, const SharedSpec& b) { return a.name < b.name; });
  return specs;
}

std::string ReferenceTester() {
  const char* env = std::getenv("INTERLEAVE_ISOLATIONTESTER");
  if (env && *env) return fs::exists(env) ? env : "";
  std::error_code error;
  std::vector<std::string> found;
  for (const auto& version : fs::directory_iterator("/usr/lib/postgresql", error)) {
    fs::path tester = version.path() / "lib/pgxs/src/test/isolation/isolationtester";
    if (fs::exists(tester, error)) found.push_back(tester.string());
  }
  // Prefer the major version the private server runs (15).
  for (const auto& path : found) {
    if (path.find("/postgresql/15/") != std::string::npos) return path;
  }
  return found.empty() ? "" : found.front();
}

int RunReferenceTester(const std::string& tester, const std::string& conninfo,
                       const std::string& spec_name, const std::string& spec_path) {
  std::vector<std::string> env_strings;
  for (char** entry = environ; *entry; ++entry) {
    std::string variable = *entry;
    if (variable.rfind("PGAPPNAME=", 0) == 0 || variable.rfind("PGTZ=", 0) == 0 ||
        variable.rfind("PGDATESTYLE=", 0) == 0 || variable.rfind("PGOPTIONS=", 0) == 0) {
      continue;
    }
    env_strings.push_back(variable);
  }
  env_strings.push_back("PGAPPNAME=isolation/" + spec_name);
  env_strings.push_back("PGTZ=PST8PDT");
  env_strings.push_back("PGDATESTYLE=Postgres, MDY");
  env_strings.push_back("PGOPTIONS=-c intervalstyle=postgres_verbose");
  std::vector<char*> envp;
  for (auto& variable : env_strings) envp.push_back(variable.data());
  envp.push_back(nullptr);
  std::string arg0 = tester;
  std::string arg1 = conninfo;
  char* argv[] = {arg0.data(), arg1.data(), nullptr};

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, spec_path.c_str(), O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  pid_t pid = -1;
  int spawned = posix_spawn(&pid, tester.c_str(), &actions, nullptr, argv, envp.data());
  posix_spawn_file_actions_destroy(&actions);
  if (spawned != 0) return -1;
  int status = 0;
  if (waitpid(pid, &status, 0) < 0) return -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

double Percentile(std::vector<double> samples, double p) {
  if (samples.empty()) return 0;
  std::sort(samples.begin(), samples.end());
  double rank = p / 100.0 * static_cast<double>(samples.size() - 1);
  size_t low = static_cast<size_t>(rank);
  size_t high = std::min(low + 1, samples.size() - 1);
  double fraction = rank - static_cast<double>(low);
  return samples[low] + (samples[high] - samples[low]) * fraction;
}

}  // namespace interleave::bench
