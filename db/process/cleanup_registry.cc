#include "db/process/cleanup_registry.h"

#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

namespace interleave {
namespace {

// Never destroyed: owners may unregister from static destructors at exit.
std::mutex& Mutex() {
  static auto* mutex = new std::mutex;
  return *mutex;
}

std::map<int, std::function<void()>>& Actions() {
  static auto* actions = new std::map<int, std::function<void()>>;
  return *actions;
}

int next_id = 0;
std::atomic<int> signal_received{0};

sigset_t WatchedSignals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGHUP);
  return set;
}

std::vector<std::function<void()>> TakeAll() {
  std::lock_guard<std::mutex> lock(Mutex());
  std::vector<std::function<void()>> taken;
  for (auto it = Actions().rbegin(); it != Actions().rend(); ++it) taken.push_back(it->second);
  Actions().clear();
  return taken;
}

void Watch() {
  sigset_t set = WatchedSignals();
  int signal_number = 0;
  while (sigwait(&set, &signal_number) != 0) {
  }
  signal_received = signal_number;
  const char message[] = "\ninterleave: interrupted; cleaning up\n";
  ssize_t ignored = write(STDERR_FILENO, message, sizeof(message) - 1);
  (void)ignored;
  for (auto& action : TakeAll()) {
    try {
      action();
    } catch (...) {
    }
  }
  _exit(128 + signal_number);
}

}  // namespace

void CleanupRegistry::Install() {
  static std::once_flag once;
  std::call_once(once, [] {
    sigset_t set = WatchedSignals();
    pthread_sigmask(SIG_BLOCK, &set, nullptr);
    std::thread(Watch).detach();
  });
}

int CleanupRegistry::Add(std::function<void()> action) {
  std::lock_guard<std::mutex> lock(Mutex());
  int id = next_id++;
  Actions()[id] = std::move(action);
  return id;
}

void CleanupRegistry::Remove(int id) {
  std::lock_guard<std::mutex> lock(Mutex());
  Actions().erase(id);
}

void CleanupRegistry::RunAll() {
  // A signal is being handled: its watcher cleans up and exits with
  // 128+signal; the normal exit must not overtake it.
  while (signal_received != 0) pause();
  for (auto& action : TakeAll()) {
    try {
      action();
    } catch (...) {
    }
  }
}

}  // namespace interleave
