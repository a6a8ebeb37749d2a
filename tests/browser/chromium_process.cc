#include "tests/browser/chromium_process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>
#include <vector>

namespace interleave::browser_test {

namespace {

bool Executable(const std::string& path) { return access(path.c_str(), X_OK) == 0; }

// Reaps `pid` within `timeout`; true when it has exited.
bool Reap(pid_t pid, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (true) {
    int status = 0;
    pid_t got = waitpid(pid, &status, WNOHANG);
    if (got == pid || (got < 0 && errno == ECHILD)) return true;
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

}  // namespace

std::string ChromiumProcess::Find() {
  if (const char* chosen = std::getenv("INTERLEAVE_CHROMIUM"))
    return Executable(chosen) ? chosen : "";
  if (const char* path = std::getenv("PATH")) {
    std::stringstream dirs(path);
    std::string dir;
    while (std::getline(dirs, dir, ':')) {
      if (!dir.empty() && Executable(dir + "/chromium")) return dir + "/chromium";
    }
  }
  return Executable("/usr/bin/chromium") ? "/usr/bin/chromium" : "";
}

ChromiumProcess::~ChromiumProcess() { Stop(); }

bool ChromiumProcess::Start(const std::string& binary, std::chrono::milliseconds timeout,
                            std::string* error) {
  char dir_template[] = "/tmp/interleave-chromium-XXXXXX";
  if (!mkdtemp(dir_template)) {
    *error = "cannot make a profile folder in /tmp";
    return false;
  }
  profile_dir_ = dir_template;
  log_path_ = profile_dir_ + ".log";
  std::vector<std::string> args = {binary,
                                   "--headless=new",
                                   "--remote-debugging-port=0",
                                   "--user-data-dir=" + profile_dir_,
                                   "--no-sandbox",
                                   "--disable-gpu",
                                   "--no-first-run",
                                   "--no-default-browser-check",
                                   "--disable-extensions",
                                   "--disable-background-networking",
                                   "--disable-component-update",
                                   "--disable-sync",
                                   "--mute-audio",
                                   "--hide-scrollbars",
                                   "about:blank"};
  pid_ = fork();
  if (pid_ < 0) {
    *error = "fork failed";
    return false;
  }
  if (pid_ == 0) {
    setpgid(0, 0);
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    int log = open(log_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (log >= 0) {
      dup2(log, STDOUT_FILENO);
      dup2(log, STDERR_FILENO);
    }
    std::vector<char*> argv;
    for (std::string& arg : args) argv.push_back(arg.data());
    argv.push_back(nullptr);
    execv(binary.c_str(), argv.data());
    _exit(127);
  }
  setpgid(pid_, pid_);
  const std::string port_file = profile_dir_ + "/DevToolsActivePort";
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    std::ifstream in(port_file);
    int port = 0;
    std::string path;
    if (in >> port >> path && port > 0 && !path.empty()) {
      port_ = port;
      browser_path_ = path;
      return true;
    }
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      *error = "chromium exited before it opened its DevTools port (see " + log_path_ + ")";
      return false;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  *error = "chromium did not open its DevTools port within " + std::to_string(timeout.count()) +
           " ms (see " + log_path_ + ")";
  Stop();
  return false;
}

void ChromiumProcess::Stop() {
  if (pid_ > 0) {
    kill(-pid_, SIGTERM);
    if (!Reap(pid_, std::chrono::milliseconds(3000))) {
      kill(-pid_, SIGKILL);
      Reap(pid_, std::chrono::milliseconds(3000));
    }
    // Whatever of the group is left (renderers) goes too.
    kill(-pid_, SIGKILL);
    pid_ = -1;
  }
  if (!profile_dir_.empty()) {
    std::error_code ignored;
    std::filesystem::remove_all(profile_dir_, ignored);
    profile_dir_.clear();
    // The log is kept only when the browser never came up (the error names it).
    if (port_ > 0) std::filesystem::remove(log_path_, ignored);
  }
}

}  // namespace interleave::browser_test
