// Small process and file helpers for managing the private server: running a
// program as another user, checking whether a pid lives, removing trees.
// Thread-safety: stateless functions.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

namespace interleave {

struct RunAs {
  uid_t uid = 0;
  gid_t gid = 0;
  bool change_user = false;
};

// The user to run the server as: ourselves, or (as root) "postgres" or "nobody".
RunAs ServerUser();

// Starts `argv` with stdout and stderr appended to `log_path`, as `user`, in a
// process group of its own (so a terminal's Ctrl-C reaches only us) and with a
// parent-death signal of SIGQUIT (so it cannot outlive us). Returns its pid.
pid_t Spawn(const std::vector<std::string>& argv, const std::string& log_path, const RunAs& user,
            bool die_with_parent);

// Runs `argv` to completion as above; returns its exit status (or -1).
int RunToCompletion(const std::vector<std::string>& argv, const std::string& log_path,
                    const RunAs& user);

// Output of a command run as ourselves (empty on failure).
std::string CaptureOutput(const std::vector<std::string>& argv);

bool ProcessAlive(pid_t pid);
// The folder private servers make their socket folders in: `root`, or /tmp
// when `root` is empty.
std::string SocketRoot(const std::string& root);
// A private folder ROOT/PREFIX<pid>-XXXXXX (mode 0700) owned by `user`, with an
// empty server.log in it that `user` can write. Throws DbFailure.
std::string MakeSocketFolder(const std::string& root, const std::string& prefix, const RunAs& user);
// A name for a private copy of a cached data folder, unique to this process
// and to this call: "<base>.copy-<pid>-<n>". Two servers of one process (a
// test's shared server and a command's own) never share a copy.
std::string PrivateCopyName(const std::string& base);
// Removes the copies PrivateCopyName made of `base` in `folder` whose process
// is gone (a killed run's).
void RemoveDeadCopies(const std::string& folder, const std::string& base);
// Removes the folders MakeSocketFolder made in `root` for processes now gone.
void RemoveDeadSocketFolders(const std::string& root, const std::string& prefix);
// Sends `signal` to the child `pid` and reaps it; SIGKILL after `timeout_ms`.
void StopChild(pid_t pid, int signal, int timeout_ms);
void RemoveTree(const std::string& path);
void ChownTree(const std::string& path, const RunAs& user);
std::string ReadFileTail(const std::string& path, size_t max_bytes);

}  // namespace interleave
