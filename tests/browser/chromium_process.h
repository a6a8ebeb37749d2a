// A headless Chromium for the browser tests: started with its own throw-away
// profile folder and a DevTools port it picks itself (read from the
// profile's DevToolsActivePort), in its own process group, and killed (the
// whole group) and its folder removed when the object goes, whatever path
// the test took. Every wait is bounded. Thread-safety: one thread owns it.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <string>

namespace interleave::browser_test {

class ChromiumProcess {
 public:
  // The chromium binary: $INTERLEAVE_CHROMIUM when set (none when it is not
  // executable), else "chromium" on PATH, or /usr/bin/chromium; "" when none.
  static std::string Find();

  ChromiumProcess() = default;
  ~ChromiumProcess();
  ChromiumProcess(const ChromiumProcess&) = delete;
  ChromiumProcess& operator=(const ChromiumProcess&) = delete;

  // Starts `binary` headless and waits at most `timeout` for its DevTools
  // port. False, with `*error` set, when it did not come up.
  bool Start(const std::string& binary, std::chrono::milliseconds timeout, std::string* error);

  int port() const { return port_; }
  // "/devtools/browser/<id>", the browser's WebSocket path.
  const std::string& browser_path() const { return browser_path_; }

  // Kills the process group and reaps the browser (at most a few seconds).
  void Stop();

 private:
  pid_t pid_ = -1;
  int port_ = 0;
  std::string browser_path_;
  std::string profile_dir_;
  std::string log_path_;
};

}  // namespace interleave::browser_test
