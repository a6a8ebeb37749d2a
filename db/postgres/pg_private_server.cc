#include "db/postgres/pg_private_server.h"

#include <fcntl.h>
#include <libpq-fe.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <thread>

#include "db/db_failure.h"
#include "db/process/cleanup_registry.h"
#include "db/process/process_util.h"

namespace interleave {
namespace fs = std::filesystem;

namespace {

constexpr int kPort = 5432;
constexpr const char* kSocketPrefix = "interleave-";

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

std::string FindBinDir(const std::string& requested) {
  if (!requested.empty()) {
    if (HasServerBinaries(requested)) return requested;
    throw DbFailure("no PostgreSQL server binaries (postgres, initdb) in " + requested);
  }
  if (const char* env = getenv("INTERLEAVE_PG_BINDIR")) {
    if (HasServerBinaries(env)) return env;
    throw DbFailure(std::string("INTERLEAVE_PG_BINDIR=") + env +
                    " holds no PostgreSQL server binaries (postgres, initdb)");
  }
  std::string from_pg_config = Trim(CaptureOutput({"pg_config", "--bindir"}));
  if (HasServerBinaries(from_pg_config)) return from_pg_config;
  std::vector<fs::path> versions;
  std::error_code error;
  for (auto& entry : fs::directory_iterator("/usr/lib/postgresql", error)) {
    versions.push_back(entry.path());
  }
  std::sort(versions.begin(), versions.end(), [](const fs::path& a, const fs::path& b) {
    return std::atoi(a.filename().c_str()) > std::atoi(b.filename().c_str());
  });
  for (auto& version : versions) {
    if (HasServerBinaries(version / "bin")) return version / "bin";
  }
  if (const char* path = getenv("PATH")) {
    std::string entries = path;
    size_t start = 0;
    while (start <= entries.size()) {
      size_t end = entries.find(':', start);
      if (end == std::string::npos) end = entries.size();
      std::string dir = entries.substr(start, end - start);
      if (HasServerBinaries(dir)) return dir;
      start = end + 1;
    }
  }
  throw DbFailure(
      "no PostgreSQL server found: install postgresql (apt-get install postgresql), set "
      "INTERLEAVE_PG_BINDIR, or give a server with --db URL");
}

std::string CacheDir(const std::string& requested) {
  if (!requested.empty()) return requested;
  if (const char* env = getenv("INTERLEAVE_CACHE_DIR")) return env;
  // Root's home is private (0700), so the unprivileged server user could not
  // reach a cluster there.
  if (geteuid() == 0) return "/var/cache/interleave";
  if (const char* xdg = getenv("XDG_CACHE_HOME"); xdg && *xdg)
    return std::string(xdg) + "/interleave";
  if (const char* home = getenv("HOME"); home && *home)
    return std::string(home) + "/.cache/interleave";
  return "/tmp/interleave-cache-" + std::to_string(getuid());
}

double MillisecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
      .count();
}

// A server left running on `data_dir` by a run that was killed: stop it.
void StopOrphanServer(const std::string& data_dir) {
  std::ifstream pid_file(data_dir + "/postmaster.pid");
  pid_t pid = 0;
  if (!(pid_file >> pid) || !ProcessAlive(pid)) return;
  kill(pid, SIGQUIT);
  for (int i = 0; i < 5000 && ProcessAlive(pid); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
}

std::string MajorVersion(const std::string& bindir, std::string* full) {
  std::string text = CaptureOutput({bindir + "/postgres", "--version"});
  std::smatch match;
  if (!std::regex_search(text, match, std::regex("([0-9]+)(\\.[0-9]+)?"))) {
    throw DbFailure("could not run " + bindir + "/postgres --version");
  }
  *full = match[0];
  return match[1];
}

void MakeDir(const std::string& path, mode_t mode) {
  std::error_code error;
  fs::create_directories(path, error);
  if (error) throw DbFailure("cannot create " + path + ": " + error.message());
  chmod(path.c_str(), mode);
}

// Creates the pristine template cluster once (atomically: initdb into a
// temporary folder, then rename), under `create_lock`.
void EnsureTemplate(const std::string& bindir, const std::string& cache_dir,
                    const std::string& template_dir, const RunAs& user, bool* created) {
  if (fs::exists(template_dir + "/PG_VERSION")) return;
  std::string lock_path = cache_dir + "/create.lock";
  int lock_fd = open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (lock_fd < 0) throw DbFailure("cannot open " + lock_path);
  flock(lock_fd, LOCK_EX);
  if (!fs::exists(template_dir + "/PG_VERSION")) {
    std::string building = template_dir + ".building-" + std::to_string(getpid());
    RemoveTree(building);
    MakeDir(building, 0700);
    ChownTree(building, user);
    std::string log = cache_dir + "/initdb.log";
    unlink(log.c_str());
    int fd = open(log.c_str(), O_WRONLY | O_CREAT, 0644);
    if (fd >= 0) close(fd);
    ChownTree(log, user);
    int status =
        RunToCompletion({bindir + "/initdb", "-D", building, "-U", PrivateServer::kSuperuser, "-A",
                         "trust", "-E", "UTF8", "--locale=C", "--no-sync", "--no-instructions"},
                        log, user);
    if (status != 0) {
      RemoveTree(building);
      close(lock_fd);
      throw DbFailure("initdb failed (exit " + std::to_string(status) + "):\n" +
                      ReadFileTail(log, 2000));
    }
    fs::rename(building, template_dir);
    *created = true;
  }
  close(lock_fd);
}

void CopyCluster(const std::string& from, const std::string& to, const RunAs& user) {
  RemoveTree(to);
  std::error_code error;
  fs::copy(from, to, fs::copy_options::recursive, error);
  if (error) throw DbFailure("cannot copy the cached cluster to " + to + ": " + error.message());
  chmod(to.c_str(), 0700);
  ChownTree(to, user);
}

}  // namespace

std::unique_ptr<PrivateServer> PrivateServer::Start(const Options& options) {
  std::unique_ptr<PrivateServer> server(new PrivateServer());
  std::string bindir = FindBinDir(options.bindir);
  std::string major = MajorVersion(bindir, &server->version_);
  RunAs user = ServerUser();
  std::string cache_dir = CacheDir(options.cache_dir);
  MakeDir(cache_dir, geteuid() == 0 ? 0755 : 0700);

  std::string cluster_name = "pg" + major;
  std::string template_dir = cache_dir + "/" + cluster_name + ".template";
  std::string work_dir = cache_dir + "/" + cluster_name;
  RemoveDeadCopies(cache_dir, cluster_name);
  RemoveDeadSocketFolders(options.socket_root, kSocketPrefix);
  EnsureTemplate(bindir, cache_dir, template_dir, user, &server->created_);

  // One process at a time runs on the reused cluster; others get a copy.
  std::string lock_path = cache_dir + "/" + cluster_name + ".lock";
  server->lock_fd_ = open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (server->lock_fd_ < 0) throw DbFailure("cannot open " + lock_path);
  if (flock(server->lock_fd_, LOCK_EX | LOCK_NB) == 0) {
    server->data_dir_ = work_dir;
    StopOrphanServer(work_dir);
    if (!fs::exists(work_dir + "/PG_VERSION")) CopyCluster(template_dir, work_dir, user);
  } else {
    server->copy_dir_ = PrivateCopyName(cache_dir + "/" + cluster_name);
    server->data_dir_ = server->copy_dir_;
    CopyCluster(template_dir, server->copy_dir_, user);
  }

  server->socket_dir_ = MakeSocketFolder(options.socket_root, kSocketPrefix, user);
  server->log_path_ = server->socket_dir_ + "/server.log";

  auto start = std::chrono::steady_clock::now();
  server->pid_ = Spawn({bindir + "/postgres",
                        "-D",
                        server->data_dir_,
                        "-k",
                        server->socket_dir_,
                        "-p",
                        std::to_string(kPort),
                        "-c",
                        "listen_addresses=",
                        "-c",
                        "fsync=off",
                        "-c",
                        "synchronous_commit=off",
                        "-c",
                        "full_page_writes=off",
                        "-c",
                        "deadlock_timeout=100ms",
                        "-c",
                        "max_prepared_transactions=2",
                        "-c",
                        "autovacuum=off",
                        "-c",
                        "jit=off",
                        "-c",
                        "max_connections=200",
                        "-c",
                        "wal_level=minimal",
                        "-c",
                        "max_wal_senders=0",
                        "-c",
                        "unix_socket_permissions=0700",
                        "-c",
                        "log_min_messages=warning"},
                       server->log_path_, user, true);
  if (server->pid_ < 0) throw DbFailure("cannot start " + bindir + "/postgres");
  PrivateServer* raw = server.get();
  server->cleanup_id_ = CleanupRegistry::Add([raw] { raw->Stop(); });

  std::string ping = server->ConnInfo("postgres") + " connect_timeout=5";
  while (true) {
    if (PQping(ping.c_str()) == PQPING_OK) break;
    int status = 0;
    if (waitpid(server->pid_, &status, WNOHANG) == server->pid_) {
      server->pid_ = -1;
      std::string log = ReadFileTail(server->log_path_, 2000);
      throw DbFailure("the private PostgreSQL server exited at start:\n" + log);
    }
    if (MillisecondsSince(start) > 30000) {
      throw DbFailure("the private PostgreSQL server did not accept connections within 30 s:\n" +
                      ReadFileTail(server->log_path_, 2000));
    }
    // Readiness polling only: nothing about a run's events is ordered by this.
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  server->start_ms_ = MillisecondsSince(start);
  return server;
}

PrivateServer::~PrivateServer() { Stop(); }

void PrivateServer::Stop() {
  static std::mutex stop_mutex;
  std::lock_guard<std::mutex> lock(stop_mutex);
  if (cleanup_id_ >= 0) {
    CleanupRegistry::Remove(cleanup_id_);
    cleanup_id_ = -1;
  }
  if (pid_ > 0) {
    StopChild(pid_, SIGINT, 15000);  // fast shutdown: ends sessions, checkpoints, exits
    pid_ = -1;
  }
  if (!socket_dir_.empty()) {
    RemoveTree(socket_dir_);
    socket_dir_.clear();
  }
  if (!copy_dir_.empty()) {
    RemoveTree(copy_dir_);
    copy_dir_.clear();
  }
  if (lock_fd_ >= 0) {
    close(lock_fd_);
    lock_fd_ = -1;
  }
}

std::string PrivateServer::ConnInfo(const std::string& database) const {
  return "host=" + socket_dir_ + " port=" + std::to_string(kPort) + " user=" + kSuperuser +
         " dbname=" + database;
}

}  // namespace interleave
