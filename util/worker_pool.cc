#include "util/worker_pool.h"

#include <algorithm>

namespace interleave {

WorkerPool::WorkerPool(int threads) {
  const int count = std::max(1, threads);
  for (int t = 0; t < count; ++t) threads_.emplace_back([this, t] { Work(t); });
}

WorkerPool::~WorkerPool() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  queued_.notify_all();
  for (auto& thread : threads_) thread.join();
}

void WorkerPool::Enqueue(std::function<void(int)> job) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    jobs_.push_back(std::move(job));
  }
  queued_.notify_one();
}

void WorkerPool::Work(int worker) {
  for (;;) {
    std::function<void(int)> job;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      queued_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
      if (jobs_.empty()) return;  // stopping, nothing left
      job = std::move(jobs_.front());
      jobs_.pop_front();
    }
    job(worker);  // a packaged task: its exception goes to its future
  }
}

}  // namespace interleave
