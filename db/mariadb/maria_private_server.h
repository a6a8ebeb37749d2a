// The private MariaDB server: a data folder created once in a cache folder
// (mariadb-install-db, with real grant tables: root@localhost without a
// password) and reused, run by mariadbd on a Unix socket in a private
// /tmp/interleave-PID-* folder (no TCP), with durability off, stopped on
// destruction, at exit and on signals (see CleanupRegistry), and through a
// parent-death signal when the tool is killed. As root it runs the server as
// the unprivileged "mysql" user (else "nobody"), owner of its folders. If
// another process is using the cached data folder at the same time, this one
// runs on a private copy, removed at stop. Socket folders and copies that
// killed runs left are removed at start.
// Thread-safety: Start/Stop from one thread; the accessors are safe anywhere.
// Ownership: owns the server process, its socket folder and any copy.
#pragma once

#include <sys/types.h>

#include <memory>
#include <string>

#include "db/mariadb/maria_conn_params.h"

namespace interleave {

class MariaPrivateServer {
 public:
  struct Options {
    std::string cache_dir;    // empty: INTERLEAVE_CACHE_DIR, XDG cache, or /var/cache
    std::string mariadbd;     // empty: INTERLEAVE_MARIADBD, /usr/sbin/mariadbd, or PATH
    std::string socket_root;  // empty: /tmp (where socket folders are made)
  };

  // Whether a MariaDB server program can be found (for callers that skip).
  static bool Installed(const Options& options);
  // Creates the data folder if needed, cleans leftovers, starts the server and
  // waits (at most 60 s) until it accepts a connection. Throws DbFailure with
  // the server log's tail.
  static std::unique_ptr<MariaPrivateServer> Start(const Options& options);

  MariaPrivateServer(const MariaPrivateServer&) = delete;
  MariaPrivateServer& operator=(const MariaPrivateServer&) = delete;
  ~MariaPrivateServer();

  // Normal shutdown; waits for the server to exit; removes the socket folder
  // (and the copy, if any).
  void Stop();

  // How to reach `database` on this server as root.
  MariaConnParams Params(const std::string& database) const;
  const std::string& data_dir() const { return data_dir_; }
  const std::string& socket_dir() const { return socket_dir_; }
  pid_t pid() const { return pid_; }
  const std::string& version() const { return version_; }  // "10.11.19"
  double start_ms() const { return start_ms_; }            // server start only
  double install_ms() const { return install_ms_; }        // 0 unless created now
  bool created_data_dir() const { return created_; }       // install-db ran this time

 private:
  MariaPrivateServer() = default;
  std::string data_dir_;
  std::string socket_dir_;
  std::string copy_dir_;  // non-empty when running on a private copy
  std::string log_path_;
  std::string version_;
  int lock_fd_ = -1;
  pid_t pid_ = -1;
  int cleanup_id_ = -1;
  double start_ms_ = 0;
  double install_ms_ = 0;
  bool created_ = false;
};

}  // namespace interleave
