#include "db/process/process_util.h"

#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <thread>

#include "db/db_failure.h"

namespace interleave {

RunAs ServerUser() {
  RunAs user;
  user.uid = getuid();
  user.gid = getgid();
  if (geteuid() != 0) return user;
  for (const char* name : {"postgres", "nobody"}) {
    if (passwd* entry = getpwnam(name)) {
      user.uid = entry->pw_uid;
      user.gid = entry->pw_gid;
      user.change_user = true;
      return user;
    }
  }
  return user;
}

namespace {

[[noreturn]] void ExecChild(const std::vector<std::string>& argv, const std::string& log_path,
                            const RunAs& user, bool die_with_parent, pid_t parent) {
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);
  setpgid(0, 0);
  int log_fd = open(log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  int null_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
  if (null_fd >= 0) dup2(null_fd, STDIN_FILENO);
  if (log_fd >= 0) {
    dup2(log_fd, STDOUT_FILENO);
    dup2(log_fd, STDERR_FILENO);
  }
  if (user.change_user) {
    if (setgroups(0, nullptr) != 0 || setgid(user.gid) != 0 || setuid(user.uid) != 0) _exit(126);
  }
  // Set after changing user: a change of credentials clears it.
  if (die_with_parent) {
    prctl(PR_SET_PDEATHSIG, SIGQUIT);
    if (getppid() != parent) _exit(125);
  }
  std::vector<char*> args;
  for (const auto& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);
  execv(args[0], args.data());
  _exit(127);
}

}  // namespace

pid_t Spawn(const std::vector<std::string>& argv, const std::string& log_path, const RunAs& user,
            bool die_with_parent) {
  pid_t parent = getpid();
  pid_t pid = fork();
  if (pid == 0) ExecChild(argv, log_path, user, die_with_parent, parent);
  return pid;
}

int RunToCompletion(const std::vector<std::string>& argv, const std::string& log_path,
                    const RunAs& user) {
  pid_t pid = Spawn(argv, log_path, user, true);
  if (pid < 0) return -1;
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return -1;
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string CaptureOutput(const std::vector<std::string>& argv) {
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) return "";
  pid_t pid = fork();
  if (pid == 0) {
    dup2(fds[1], STDOUT_FILENO);
    int null_fd = open("/dev/null", O_WRONLY);
    if (null_fd >= 0) dup2(null_fd, STDERR_FILENO);
    std::vector<char*> args;
    for (const auto& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
    args.push_back(nullptr);
    execvp(args[0], args.data());
    _exit(127);
  }
  close(fds[1]);
  std::string output;
  std::array<char, 4096> buffer;
  ssize_t n;
  while ((n = read(fds[0], buffer.data(), buffer.size())) > 0) output.append(buffer.data(), n);
  close(fds[0]);
  int status = 0;
  if (pid > 0) waitpid(pid, &status, 0);
  if (pid < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) return "";
  return output;
}

bool ProcessAlive(pid_t pid) {
  if (pid <= 0) return false;
  if (kill(pid, 0) == 0) return true;
  return errno == EPERM;
}

void RemoveTree(const std::string& path) {
  std::error_code ignored;
  std::filesystem::remove_all(path, ignored);
}

void ChownTree(const std::string& path, const RunAs& user) {
  if (!user.change_user) return;
  std::error_code error;
  if (chown(path.c_str(), user.uid, user.gid) != 0) return;
  if (!std::filesystem::is_directory(path, error)) return;
  for (auto it = std::filesystem::recursive_directory_iterator(path, error);
       it != std::filesystem::recursive_directory_iterator(); it.increment(error)) {
    if (error) break;
    if (lchown(it->path().c_str(), user.uid, user.gid) != 0) continue;
  }
}

std::string ReadFileTail(const std::string& path, size_t max_bytes) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return "";
  std::stringstream buffer;
  buffer << in.rdbuf();
  std::string text = buffer.str();
  if (text.size() > max_bytes) text = text.substr(text.size() - max_bytes);
  return text;
}

std::string SocketRoot(const std::string& root) { return root.empty() ? "/tmp" : root; }

std::string MakeSocketFolder(const std::string& root, const std::string& prefix,
                             const RunAs& user) {
  std::string folder = SocketRoot(root) + "/" + prefix + std::to_string(getpid()) + "-XXXXXX";
  if (!mkdtemp(folder.data())) {
    throw DbFailure("cannot create a socket folder in " + SocketRoot(root));
  }
  chmod(folder.c_str(), 0700);
  ChownTree(folder, user);
  const std::string log = folder + "/server.log";
  int fd = open(log.c_str(), O_WRONLY | O_CREAT, 0600);
  if (fd >= 0) close(fd);
  ChownTree(log, user);
  return folder;
}

std::string PrivateCopyName(const std::string& base) {
  static std::atomic<int> next{0};
  return base + ".copy-" + std::to_string(getpid()) + "-" + std::to_string(next++);
}

void RemoveDeadCopies(const std::string& folder, const std::string& base) {
  const std::string prefix = base + ".copy-";
  const std::regex suffix("([0-9]{1,9})(-[0-9]+)?");
  std::error_code error;
  for (auto& entry : std::filesystem::directory_iterator(folder, error)) {
    const std::string name = entry.path().filename();
    std::smatch match;
    if (name.rfind(prefix, 0) != 0) continue;
    const std::string rest = name.substr(prefix.size());
    if (std::regex_match(rest, match, suffix) && !ProcessAlive(std::stoi(match[1]))) {
      RemoveTree(entry.path());
    }
  }
}

void RemoveDeadSocketFolders(const std::string& root, const std::string& prefix) {
  std::error_code error;
  std::regex socket_name(prefix + "([0-9]+)-[A-Za-z0-9]{6}");
  for (auto& entry : std::filesystem::directory_iterator(SocketRoot(root), error)) {
    std::smatch match;
    std::string name = entry.path().filename();
    if (std::regex_match(name, match, socket_name) && !ProcessAlive(std::stoi(match[1]))) {
      RemoveTree(entry.path());
    }
  }
}

void StopChild(pid_t pid, int signal, int timeout_ms) {
  kill(pid, signal);
  int status = 0;
  auto start = std::chrono::steady_clock::now();
  while (waitpid(pid, &status, WNOHANG) == 0) {
    if (std::chrono::steady_clock::now() - start > std::chrono::milliseconds(timeout_ms)) {
      kill(pid, SIGKILL);
      waitpid(pid, &status, 0);
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
}

}  // namespace interleave
