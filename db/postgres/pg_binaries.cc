#include "db/postgres/pg_binaries.h"

#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>
#include <vector>

#include "db/db_failure.h"
#include "db/process/process_util.h"

namespace interleave {
namespace fs = std::filesystem;

namespace {

constexpr const char* kCacheFile = "pg-binaries";
constexpr const char* kVersionsRoot = "/usr/lib/postgresql";
// Entries kept in the cache file (the newest ones).
constexpr size_t kMaxEntries = 32;

bool HasServerBinaries(const std::string& dir) {
  return !dir.empty() && access((dir + "/postgres").c_str(), X_OK) == 0 &&
         access((dir + "/initdb").c_str(), X_OK) == 0;
}

std::string Trim(std::string text) {
  while (!text.empty() && isspace(static_cast<unsigned char>(text.back()))) text.pop_back();
  size_t start = 0;
  while (start < text.size() && isspace(static_cast<unsigned char>(text[start]))) ++start;
  return text.substr(start);
}

// "path:size:mtime:inode", or "" when `path` cannot be read.
std::string FileStamp(const std::string& path) {
  struct stat info;
  if (stat(path.c_str(), &info) != 0) return "";
  std::ostringstream stamp;
  stamp << path << ":" << info.st_size << ":" << info.st_mtim.tv_sec << "." << info.st_mtim.tv_nsec
        << ":" << info.st_ino;
  return stamp.str();
}

std::vector<std::string> PathEntries() {
  std::vector<std::string> dirs;
  const char* path = getenv("PATH");
  if (!path) return dirs;
  std::string entries = path;
  size_t start = 0;
  while (start <= entries.size()) {
    size_t end = entries.find(':', start);
    if (end == std::string::npos) end = entries.size();
    dirs.push_back(entries.substr(start, end - start));
    start = end + 1;
  }
  return dirs;
}

// The program execvp would run for `name`, or "".
std::string OnPath(const std::string& name) {
  for (const std::string& dir : PathEntries()) {
    const std::string candidate = (dir.empty() ? "." : dir) + "/" + name;
    struct stat info;
    if (stat(candidate.c_str(), &info) == 0 && S_ISREG(info.st_mode) &&
        access(candidate.c_str(), X_OK) == 0) {
      return candidate;
    }
  }
  return "";
}

// /usr/lib/postgresql/N/bin folders, newest version first.
std::vector<fs::path> VersionFolders() {
  std::vector<fs::path> versions;
  std::error_code error;
  for (auto& entry : fs::directory_iterator(kVersionsRoot, error)) {
    versions.push_back(entry.path() / "bin");
  }
  std::sort(versions.begin(), versions.end(), [](const fs::path& a, const fs::path& b) {
    return std::atoi(a.parent_path().filename().c_str()) >
           std::atoi(b.parent_path().filename().c_str());
  });
  return versions;
}

// The cache file: one "key\tvalue" a line, the newest last.
class AnswerCache {
 public:
  explicit AnswerCache(std::string cache_dir)
      : path_(cache_dir.empty() ? "" : cache_dir + "/" + kCacheFile) {}

  bool Find(const std::string& key, std::string* value) const {
    if (path_.empty() || key.empty()) return false;
    std::ifstream in(path_);
    std::string line;
    bool found = false;
    while (std::getline(in, line)) {
      const size_t tab = line.find('\t');
      if (tab != std::string::npos && line.compare(0, tab, key) == 0 && tab == key.size()) {
        *value = line.substr(tab + 1);
        found = true;
      }
    }
    return found;
  }

  void Remember(const std::string& key, const std::string& value) const {
    if (path_.empty() || key.empty() || key.find_first_of("\t\n") != std::string::npos ||
        value.find_first_of("\t\n") != std::string::npos) {
      return;
    }
    std::vector<std::string> lines;
    {
      std::ifstream in(path_);
      std::string line;
      while (std::getline(in, line)) {
        if (line.compare(0, key.size() + 1, key + "\t") != 0) lines.push_back(line);
      }
    }
    lines.push_back(key + "\t" + value);
    if (lines.size() > kMaxEntries) lines.erase(lines.begin(), lines.end() - kMaxEntries);
    const std::string temporary = path_ + ".new-" + std::to_string(getpid());
    {
      std::ofstream out(temporary, std::ios::trunc);
      for (const std::string& line : lines) out << line << "\n";
      if (!out) {
        unlink(temporary.c_str());
        return;
      }
    }
    if (rename(temporary.c_str(), path_.c_str()) != 0) unlink(temporary.c_str());
  }

 private:
  std::string path_;
};

// What `pg_config --bindir` says, remembered with the stamps of pg_config
// and of the version folders a wrapper script (Debian's) chooses between.
std::string PgConfigBinDir(const AnswerCache& cache) {
  const std::string pg_config = OnPath("pg_config");
  if (pg_config.empty()) return "";
  std::string key = "bindir " + FileStamp(pg_config);
  for (const fs::path& folder : VersionFolders()) key += " " + FileStamp(folder.string());
  std::string answer;
  if (cache.Find(key, &answer)) return answer;
  answer = Trim(CaptureOutput({pg_config, "--bindir"}));
  cache.Remember(key, answer);
  return answer;
}

std::string FindBinDir(const std::string& requested, const AnswerCache& cache) {
  if (!requested.empty()) {
    if (HasServerBinaries(requested)) return requested;
    throw DbFailure("no PostgreSQL server binaries (postgres, initdb) in " + requested);
  }
  if (const char* env = getenv("INTERLEAVE_PG_BINDIR")) {
    if (HasServerBinaries(env)) return env;
    throw DbFailure(std::string("INTERLEAVE_PG_BINDIR=") + env +
                    " holds no PostgreSQL server binaries (postgres, initdb)");
  }
  std::string from_pg_config = PgConfigBinDir(cache);
  if (HasServerBinaries(from_pg_config)) return from_pg_config;
  for (const fs::path& folder : VersionFolders()) {
    if (HasServerBinaries(folder)) return folder;
  }
  for (const std::string& dir : PathEntries()) {
    if (HasServerBinaries(dir)) return dir;
  }
  throw DbFailure(
      "no PostgreSQL server found: install postgresql (apt-get install postgresql), set "
      "INTERLEAVE_PG_BINDIR, or give a server with --db URL");
}

}  // namespace

PgBinaries FindPgBinaries(const std::string& requested, const std::string& cache_dir) {
  const AnswerCache cache(cache_dir);
  PgBinaries found;
  found.bindir = FindBinDir(requested, cache);
  const std::string postgres = found.bindir + "/postgres";
  const std::string key = "version " + FileStamp(postgres);
  std::string text;
  const bool remembered = cache.Find(key, &text);
  if (!remembered) text = CaptureOutput({postgres, "--version"});
  std::smatch match;
  if (!std::regex_search(text, match, std::regex("([0-9]+)(\\.[0-9]+)?"))) {
    throw DbFailure("could not run " + postgres + " --version");
  }
  found.version = match[0];
  found.major = match[1];
  if (!remembered) cache.Remember(key, found.version);
  return found;
}

}  // namespace interleave
