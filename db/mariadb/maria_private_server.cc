#include "db/mariadb/maria_private_server.h"

#include <fcntl.h>
#include <mysql.h>
#include <pwd.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <regex>
#include <sstream>
#include <thread>

#include "db/db_failure.h"
#include "db/process/cleanup_registry.h"
#include "db/process/process_util.h"

namespace interleave {
namespace fs = std::filesystem;

namespace {

constexpr const char* kSocketPrefix = "interleave-";
constexpr const char* kSocketName = "mysqld.sock";
constexpr const char* kPidFile = "mariadbd.pid";
constexpr int kReadyTimeoutMs = 60000;
constexpr int kStopTimeoutMs = 30000;

bool Executable(const std::string& path) {
  return !path.empty() && access(path.c_str(), X_OK) == 0;
}

std::string OnPath(const std::string& name) {
  const char* path = getenv("PATH");
  if (!path) return "";
  std::stringstream entries(path);
  std::string dir;
  while (std::getline(entries, dir, ':')) {
    if (!dir.empty() && Executable(dir + "/" + name)) return dir + "/" + name;
  }
  return "";
}

// The server program, or "" when none is installed.
std::string FindServer(const std::string& requested) {
  if (!requested.empty()) return Executable(requested) ? requested : "";
  if (const char* env = getenv("INTERLEAVE_MARIADBD"); env && *env) {
    return Executable(env) ? env : "";
  }
  for (const char* path : {"/usr/sbin/mariadbd", "/usr/local/sbin/mariadbd"}) {
    if (Executable(path)) return path;
  }
  return OnPath("mariadbd");
}

std::string FindInstallDb(const std::string& server) {
  fs::path dir = fs::path(server).parent_path();
  for (const fs::path& candidate :
       {dir / "mariadb-install-db", dir.parent_path() / "bin" / "mariadb-install-db",
        fs::path("/usr/bin/mariadb-install-db")}) {
    if (Executable(candidate)) return candidate;
  }
  std::string found = OnPath("mariadb-install-db");
  if (found.empty()) throw DbFailure("no mariadb-install-db found beside " + server);
  return found;
}

std::string CacheDir(const std::string& requested) {
  if (!requested.empty()) return requested;
  if (const char* env = getenv("INTERLEAVE_CACHE_DIR"); env && *env) return env;
  // Root's home is private (0700): the unprivileged server user could not
  // reach a data folder there.
  if (geteuid() == 0) return "/var/cache/interleave";
  if (const char* xdg = getenv("XDG_CACHE_HOME"); xdg && *xdg)
    return std::string(xdg) + "/interleave";
  if (const char* home = getenv("HOME"); home && *home)
    return std::string(home) + "/.cache/interleave";
  return "/tmp/interleave-cache-" + std::to_string(getuid());
}

// Ourselves, or (as root) "mysql" if it exists, else "nobody".
RunAs MariaServerUser() {
  RunAs user;
  user.uid = getuid();
  user.gid = getgid();
  if (geteuid() != 0) return user;
  for (const char* name : {"mysql", "nobody"}) {
    if (passwd* entry = getpwnam(name)) {
      user.uid = entry->pw_uid;
      user.gid = entry->pw_gid;
      user.change_user = true;
      return user;
    }
  }
  return user;
}

double MillisecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
      .count();
}

// "10.11.19" from `mariadbd --version`.
std::string ServerVersion(const std::string& server) {
  std::string text = CaptureOutput({server, "--version"});
  std::smatch match;
  if (!std::regex_search(text, match, std::regex("Ver ([0-9]+\\.[0-9]+\\.[0-9]+)"))) {
    throw DbFailure("could not run " + server + " --version");
  }
  return match[1];
}

void MakeDir(const std::string& path, mode_t mode) {
  std::error_code error;
  fs::create_directories(path, error);
  if (error) throw DbFailure("cannot create " + path + ": " + error.message());
  chmod(path.c_str(), mode);
}

// A server a killed run left on `data_dir` (its pid file names it and its
// command line names the folder): stop it.
void StopOrphanServer(const std::string& data_dir) {
  std::ifstream pid_file(data_dir + "/" + kPidFile);
  pid_t pid = 0;
  if (!(pid_file >> pid) || !ProcessAlive(pid)) return;
  std::ifstream cmdline_file("/proc/" + std::to_string(pid) + "/cmdline");
  std::string cmdline((std::istreambuf_iterator<char>(cmdline_file)),
                      std::istreambuf_iterator<char>());
  if (cmdline.find("--datadir=" + data_dir) == std::string::npos) return;
  kill(pid, SIGTERM);
  auto start = std::chrono::steady_clock::now();
  while (ProcessAlive(pid) && MillisecondsSince(start) < kStopTimeoutMs) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  if (ProcessAlive(pid)) kill(pid, SIGKILL);
}

// Creates the pristine data folder once (atomically: install-db into a
// temporary folder, then rename), under a lock file.
void EnsureTemplate(const std::string& server, const std::string& cache_dir,
                    const std::string& template_dir, const RunAs& user, bool* created) {
  if (fs::exists(template_dir + "/mysql/global_priv.frm")) return;
  std::string lock_path = cache_dir + "/create.lock";
  int lock_fd = open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (lock_fd < 0) throw DbFailure("cannot open " + lock_path);
  flock(lock_fd, LOCK_EX);
  if (!fs::exists(template_dir + "/mysql/global_priv.frm")) {
    std::string building = template_dir + ".building-" + std::to_string(getpid());
    RemoveTree(building);
    MakeDir(building, 0700);
    ChownTree(building, user);
    std::string log = cache_dir + "/mariadb-install-db.log";
    unlink(log.c_str());
    int fd = open(log.c_str(), O_WRONLY | O_CREAT, 0644);
    if (fd >= 0) close(fd);
    ChownTree(log, user);
    // env -C /: the server user may not be allowed into our working folder.
    int status = RunToCompletion(
        {"/usr/bin/env", "-C", "/", FindInstallDb(server), "--no-defaults", "--datadir=" + building,
         "--auth-root-authentication-method=normal", "--skip-test-db", "--skip-name-resolve",
         "--innodb-log-file-size=8M", "--innodb-use-native-aio=0"},
        log, user);
    if (status != 0 || !fs::exists(building + "/mysql/global_priv.frm")) {
      RemoveTree(building);
      close(lock_fd);
      throw DbFailure("mariadb-install-db failed (exit " + std::to_string(status) + "):\n" +
                      ReadFileTail(log, 2000));
    }
    RemoveTree(template_dir);
    fs::rename(building, template_dir);
    *created = true;
  }
  close(lock_fd);
}

void CopyDataDir(const std::string& from, const std::string& to, const RunAs& user) {
  RemoveTree(to);
  std::error_code error;
  fs::copy(from, to, fs::copy_options::recursive, error);
  if (error)
    throw DbFailure("cannot copy the cached data folder to " + to + ": " + error.message());
  chmod(to.c_str(), 0700);
  ChownTree(to, user);
}

// True once root can connect through the socket.
bool AcceptsConnections(const MariaConnParams& params) {
  MYSQL* mysql = mysql_init(nullptr);
  if (!mysql) return false;
  unsigned int timeout = 2;
  mysql_options(mysql, MYSQL_OPT_CONNECT_TIMEOUT, &timeout);
  bool ok = mysql_real_connect(mysql, "localhost", params.user.c_str(), nullptr, nullptr, 0,
                               params.socket.c_str(), 0) != nullptr;
  mysql_close(mysql);
  return ok;
}

}  // namespace

bool MariaPrivateServer::Installed(const Options& options) {
  return !FindServer(options.mariadbd).empty();
}

std::unique_ptr<MariaPrivateServer> MariaPrivateServer::Start(const Options& options) {
  std::unique_ptr<MariaPrivateServer> server(new MariaPrivateServer());
  std::string program = FindServer(options.mariadbd);
  if (program.empty()) {
    throw DbFailure(
        "no MariaDB server found: install mariadb-server (apt-get install mariadb-server), set "
        "INTERLEAVE_MARIADBD, or give a server with --db mariadb://...");
  }
  server->version_ = ServerVersion(program);
  std::string major = server->version_.substr(0, server->version_.rfind('.'));
  RunAs user = MariaServerUser();
  std::string cache_dir = CacheDir(options.cache_dir);
  MakeDir(cache_dir, geteuid() == 0 ? 0755 : 0700);

  std::string data_name = "mariadb-" + major;
  std::string template_dir = cache_dir + "/" + data_name + ".template";
  std::string work_dir = cache_dir + "/" + data_name;
  RemoveDeadCopies(cache_dir, data_name);
  RemoveDeadSocketFolders(options.socket_root, kSocketPrefix);
  auto install_start = std::chrono::steady_clock::now();
  EnsureTemplate(program, cache_dir, template_dir, user, &server->created_);
  if (server->created_) server->install_ms_ = MillisecondsSince(install_start);

  // One process at a time runs on the reused data folder; others get a copy.
  std::string lock_path = cache_dir + "/" + data_name + ".lock";
  server->lock_fd_ = open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (server->lock_fd_ < 0) throw DbFailure("cannot open " + lock_path);
  if (flock(server->lock_fd_, LOCK_EX | LOCK_NB) == 0) {
    server->data_dir_ = work_dir;
    StopOrphanServer(work_dir);
    if (server->created_ || !fs::exists(work_dir + "/mysql/global_priv.frm")) {
      CopyDataDir(template_dir, work_dir, user);
    }
  } else {
    server->copy_dir_ = PrivateCopyName(cache_dir + "/" + data_name);
    server->data_dir_ = server->copy_dir_;
    CopyDataDir(template_dir, server->copy_dir_, user);
  }

  server->socket_dir_ = MakeSocketFolder(options.socket_root, kSocketPrefix, user);
  server->log_path_ = server->socket_dir_ + "/server.log";

  auto start = std::chrono::steady_clock::now();
  server->pid_ = Spawn(
      {program, "--no-defaults", "--datadir=" + server->data_dir_,
       "--socket=" + server->socket_dir_ + "/" + kSocketName,
       "--pid-file=" + server->data_dir_ + "/" + kPidFile, "--tmpdir=" + server->socket_dir_,
       "--skip-networking", "--skip-name-resolve", "--skip-log-bin",
       "--innodb-flush-log-at-trx-commit=0", "--innodb-doublewrite=0",
       "--innodb-buffer-pool-size=32M", "--innodb-log-file-size=8M", "--innodb-use-native-aio=0",
       "--max-connections=200", "--character-set-server=utf8mb4", "--collation-server=utf8mb4_bin",
       // Says who holds a metadata lock (see MariaControlConnection).
       "--plugin-load-add=metadata_lock_info",
       // Lists every lock a transaction holds in SHOW ENGINE INNODB STATUS.
       "--innodb-status-output-locks=ON"},
      server->log_path_, user, true);
  if (server->pid_ < 0) throw DbFailure("cannot start " + program);
  MariaPrivateServer* raw = server.get();
  server->cleanup_id_ = CleanupRegistry::Add([raw] { raw->Stop(); });

  MariaConnParams ping = server->Params("");
  while (!AcceptsConnections(ping)) {
    int status = 0;
    if (waitpid(server->pid_, &status, WNOHANG) == server->pid_) {
      server->pid_ = -1;
      std::string log = ReadFileTail(server->log_path_, 2000);
      throw DbFailure("the private MariaDB server exited at start:\n" + log);
    }
    if (MillisecondsSince(start) > kReadyTimeoutMs) {
      throw DbFailure("the private MariaDB server did not accept connections within 60 s:\n" +
                      ReadFileTail(server->log_path_, 2000));
    }
    // Readiness polling only: nothing about a run's events is ordered by this.
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  server->start_ms_ = MillisecondsSince(start);
  return server;
}

MariaPrivateServer::~MariaPrivateServer() { Stop(); }

void MariaPrivateServer::Stop() {
  static std::mutex stop_mutex;
  std::lock_guard<std::mutex> lock(stop_mutex);
  if (cleanup_id_ >= 0) {
    CleanupRegistry::Remove(cleanup_id_);
    cleanup_id_ = -1;
  }
  if (pid_ > 0) {
    StopChild(pid_, SIGTERM, kStopTimeoutMs);  // normal shutdown: ends sessions, flushes, exits
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

MariaConnParams MariaPrivateServer::Params(const std::string& database) const {
  MariaConnParams params;
  params.user = "root";
  params.socket = socket_dir_ + "/" + kSocketName;
  params.database = database;
  return params;
}

}  // namespace interleave
