#include "gui/server_host.h"

#include <exception>

#include "db/engine.h"

namespace interleave::gui {

ServerHost::ServerHost(const std::string& url)
    : ServerHost(Opener([url]() { return Target::Open(url); })) {}

ServerHost::ServerHost(const std::string& url, EngineKind engine)
    : ServerHost(Opener([url, engine]() { return Target::Open(url, engine); }),
                 std::string("starting ") + EngineTitle(engine) + " ...") {}

ServerHost::ServerHost(Opener open, std::string starting) : description_(std::move(starting)) {
  thread_ = std::thread([this, open = std::move(open)]() { Main(open); });
}

ServerHost::~ServerHost() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

void ServerHost::Main(Opener open) {
  std::shared_ptr<Target> target;
  std::string error;
  try {
    target = open();
    if (!target) error = "no database server";
  } catch (const std::exception& failure) {
    error = failure.what();
  }
  std::unique_lock<std::mutex> lock(mu_);
  target_ = target;
  error_ = error;
  description_ = target ? target->Describe() : "no server: " + error;
  done_ = true;
  cv_.notify_all();
  cv_.wait(lock, [this] { return stop_; });
  target_.reset();
  lock.unlock();
  // The last reference, when nobody else holds one: stops a private server
  // here, on the thread that started it.
  target.reset();
}

std::shared_ptr<Target> ServerHost::WaitForTarget(std::string* error) {
  std::unique_lock<std::mutex> lock(mu_);
  cv_.wait(lock, [this] { return done_ || stop_; });
  if (!target_ && error) *error = error_.empty() ? "the window is closing" : error_;
  return target_;
}

bool ServerHost::ready() const {
  std::lock_guard<std::mutex> lock(mu_);
  return done_ && target_ != nullptr;
}

int ServerHost::ServerPid() const {
  std::lock_guard<std::mutex> lock(mu_);
  return target_ ? target_->server_pid() : -1;
}

std::string ServerHost::Describe() const {
  std::lock_guard<std::mutex> lock(mu_);
  return description_;
}

}  // namespace interleave::gui
