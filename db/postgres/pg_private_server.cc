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
#include <thread>

#include "db/db_failure.h"
#include "db/postgres/pg_binaries.h"
#include "db/process/cleanup_registry.h"
#include "db/process/process_util.h"
#include "util/phase_log.h"

namespace interleave {
namespace fs = std::filesystem;

namespace {

constexpr int kPort = 5432;
constexpr const char* kSocketPrefix = "interleave-";

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

enum class PostmasterState { kStarting, kReady, kNoStatusLine };

// What `pid_file` (postmaster.pid) says of the server `pid`: its 8th line is
// "ready" once it accepts connections (PostgreSQL 10 and later); a file of
// another process (a stale one) or none yet: starting.
PostmasterState ReadPostmasterState(const std::string& pid_file, pid_t pid) {
  std::ifstream in(pid_file);
  std::string line;
  if (!std::getline(in, line) || std::atoi(line.c_str()) != pid) return PostmasterState::kStarting;
  int number = 1;
  bool complete = false;
  while (std::getline(in, line)) {
    ++number;
    if (number == 7) complete = true;  // the shared memory key: written with the socket
    if (number == 8) {
      return line.rfind("ready", 0) == 0 ? PostmasterState::kReady : PostmasterState::kStarting;
    }
  }
  return complete ? PostmasterState::kNoStatusLine : PostmasterState::kStarting;
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
  std::string cache_dir = CacheDir(options.cache_dir);
  MakeDir(cache_dir, geteuid() == 0 ? 0755 : 0700);
  const PgBinaries binaries = FindPgBinaries(options.bindir, cache_dir);
  NotePhase("server binaries and version found");
  const std::string& bindir = binaries.bindir;
  const std::string& major = binaries.major;
  server->version_ = binaries.version;
  RunAs user = ServerUser();

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

  NotePhase("cluster ready");
  server->socket_dir_ = MakeSocketFolder(options.socket_root, kSocketPrefix, user);
  server->log_path_ = server->socket_dir_ + "/server.log";

  auto start = std::chrono::steady_clock::now();
  server->pid_ =
      Spawn({bindir + "/postgres", "-D", server->data_dir_, "-k", server->socket_dir_, "-p",
             std::to_string(kPort), "-c", "listen_addresses=", "-c", "fsync=off", "-c",
             "synchronous_commit=off", "-c", "full_page_writes=off", "-c", "deadlock_timeout=100ms",
             "-c", "max_prepared_transactions=2", "-c", "autovacuum=off", "-c", "jit=off", "-c",
             "max_connections=200", "-c", "wal_level=minimal", "-c", "max_wal_senders=0", "-c",
             "unix_socket_permissions=0700", "-c", "log_min_messages=warning",
             // A scratch database is a few megabytes: a small
             // buffer pool starts faster, and each DROP TABLE
             // scans all of it.
             "-c", "shared_buffers=16MB",
             // No logical replication: one process fewer.
             "-c", "max_logical_replication_workers=0"},
            server->log_path_, user, true);
  if (server->pid_ < 0) throw DbFailure("cannot start " + bindir + "/postgres");
  PrivateServer* raw = server.get();
  server->cleanup_id_ = CleanupRegistry::Add([raw] { raw->Stop(); });

  // Ready when postmaster.pid says so (as pg_ctl -w checks), read every
  // half millisecond: asking with a connection while it starts would make
  // it start a backend only to refuse it.
  const std::string pid_file = server->data_dir_ + "/postmaster.pid";
  std::string ping = server->ConnInfo("postgres") + " connect_timeout=5";
  while (true) {
    const PostmasterState state = ReadPostmasterState(pid_file, server->pid_);
    if (state == PostmasterState::kReady ||
        (state == PostmasterState::kNoStatusLine && PQping(ping.c_str()) == PQPING_OK)) {
      break;
    }
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
    std::this_thread::sleep_for(std::chrono::microseconds(500));
  }
  server->start_ms_ = MillisecondsSince(start);
  NotePhase("server accepts connections");
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
    NotePhase("server stopping");
    // A private copy is removed next: immediate shutdown (no checkpoint).
    // The reused cluster: fast shutdown (ends sessions, checkpoints, exits),
    // so that the next start needs no recovery.
    StopChild(pid_, copy_dir_.empty() ? SIGINT : SIGQUIT, 15000);
    pid_ = -1;
    NotePhase("server stopped");
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
