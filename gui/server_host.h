// The database server the GUI runs against, opened on a thread of its own
// that lives as long as the window: the private server is started with a
// parent-death signal tied to the thread that started it, so neither the UI
// thread's helpers nor a pane worker that may end early may start it. The
// window opens at once and shows "starting PostgreSQL" meanwhile. Destroying
// the host releases the Target on that same thread, which stops a private
// server.
// Thread-safety: all members are thread-safe.
// Ownership: owns the Target (shared with the pane workers while they run).
#pragma once

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

namespace interleave {
class Target;
enum class EngineKind;
}  // namespace interleave

namespace interleave::gui {

class ServerHost {
 public:
  using Opener = std::function<std::shared_ptr<Target>()>;

  // Opens Target::Open(url) (url empty: INTERLEAVE_DB, PG* variables or the
  // private server) on the host thread.
  explicit ServerHost(const std::string& url);
  // Opens Target::Open(url, engine) (url empty: that engine's private server,
  // or INTERLEAVE_DB when it names that engine).
  ServerHost(const std::string& url, EngineKind engine);
  // Opens the target `open` returns (tests pass one that already exists).
  // `starting` is what Describe() says until it is open.
  explicit ServerHost(Opener open, std::string starting = "starting PostgreSQL ...");
  ~ServerHost();
  ServerHost(const ServerHost&) = delete;
  ServerHost& operator=(const ServerHost&) = delete;

  // Blocks until the target is open; null (and *error set) when it failed.
  std::shared_ptr<Target> WaitForTarget(std::string* error);
  bool ready() const;
  // The private server's process id, or -1 (a URL's server, or not started).
  int ServerPid() const;
  // "private server (PostgreSQL 15.x)", "starting PostgreSQL ...", or the error.
  std::string Describe() const;

 private:
  void Main(Opener open);

  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::shared_ptr<Target> target_;
  std::string error_;
  std::string description_ = "starting PostgreSQL ...";
  bool done_ = false;  // open finished (target_ or error_ set)
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace interleave::gui
