// The private embedded PostgreSQL server: a cluster created once in a cache
// folder and reused, run on a Unix socket in a private folder (no TCP), with
// durability off and a short deadlock_timeout, stopped on destruction, at exit
// and on signals (see CleanupRegistry). As root it runs the server as an
// unprivileged user ("postgres" if it exists, else "nobody"), since initdb
// refuses root. If another interleave process is using the cached cluster at
// the same time, this one runs on a private copy of it, removed at stop.
// Thread-safety: Start/Stop from one thread; ConnInfo is safe anywhere.
// Ownership: owns the server process, its socket folder and any copy.
#pragma once

#include <sys/types.h>

#include <memory>
#include <string>

namespace interleave {

class PrivateServer {
 public:
  struct Options {
    std::string cache_dir;    // empty: INTERLEAVE_CACHE_DIR, XDG cache, or /var/cache
    std::string bindir;       // empty: found (INTERLEAVE_PG_BINDIR, pg_config, /usr/lib/postgresql)
    std::string socket_root;  // empty: /tmp (where socket folders are made)
  };

  // Creates the cluster if needed, cleans leftovers, starts the server and
  // waits until it accepts connections. Throws DbFailure with the log's tail.
  static std::unique_ptr<PrivateServer> Start(const Options& options);
  static std::unique_ptr<PrivateServer> Start() { return Start(Options{}); }

  PrivateServer(const PrivateServer&) = delete;
  PrivateServer& operator=(const PrivateServer&) = delete;
  ~PrivateServer();

  // Fast shutdown (immediate on a private copy, which is removed); waits
  // for the server to exit; removes the socket folder and any copy.
  void Stop();

  // libpq connection string for `database` on this server.
  std::string ConnInfo(const std::string& database) const;
  const std::string& data_dir() const { return data_dir_; }
  const std::string& socket_dir() const { return socket_dir_; }
  pid_t pid() const { return pid_; }
  const std::string& version() const { return version_; }
  double start_ms() const { return start_ms_; }      // server start only
  bool created_cluster() const { return created_; }  // initdb ran this time

  static constexpr const char* kSuperuser = "interleave";

 private:
  PrivateServer() = default;
  std::string data_dir_;
  std::string socket_dir_;
  std::string copy_dir_;  // non-empty when running on a private copy
  std::string log_path_;
  std::string version_;
  int lock_fd_ = -1;
  pid_t pid_ = -1;
  int cleanup_id_ = -1;
  double start_ms_ = 0;
  bool created_ = false;
};

}  // namespace interleave
