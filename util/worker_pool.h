// A fixed set of worker threads and one queue of jobs. Each job is called
// with the index of the thread that runs it (0 .. size()-1), so that a
// caller can keep per-thread state (a scratch database, connections); its
// result, or the exception it threw, reaches the caller through a future.
// RunAll runs a numbered batch of jobs and returns their results in
// submission order whatever the number of threads.
// Thread-safety: Submit may be called from any thread; jobs run on the
// pool's threads.
// Ownership: owns its threads; the destructor runs the jobs still queued,
// then joins them.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <type_traits>
#include <vector>

namespace interleave {

class WorkerPool {
 public:
  // Starts `threads` threads (at least one).
  explicit WorkerPool(int threads);
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  int size() const { return static_cast<int>(threads_.size()); }

  // Queues `job`, to be called as job(thread_index).
  template <typename Job>
  auto Submit(Job job) -> std::future<std::invoke_result_t<Job&, int>> {
    using Result = std::invoke_result_t<Job&, int>;
    auto task = std::make_shared<std::packaged_task<Result(int)>>(std::move(job));
    std::future<Result> future = task->get_future();
    Enqueue([task](int worker) { (*task)(worker); });
    return future;
  }

 private:
  void Enqueue(std::function<void(int)> job);
  void Work(int worker);

  std::mutex mutex_;
  std::condition_variable queued_;
  std::deque<std::function<void(int)>> jobs_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

// Runs job(index, thread_index) for every index in [0, count) on `pool` and
// returns the results in index order. After each result, in index order,
// calls progress(done, count) on the calling thread (when given). When a
// job throws, the jobs not yet started are skipped, and once every started
// job has ended the exception of the lowest index is rethrown.
template <typename Result>
std::vector<Result> RunAll(WorkerPool& pool, size_t count,
                           const std::function<Result(size_t index, int worker)>& job,
                           const std::function<void(size_t done, size_t total)>& progress = {}) {
  auto failed = std::make_shared<std::atomic<bool>>(false);
  std::vector<std::future<std::optional<Result>>> futures;
  futures.reserve(count);
  for (size_t i = 0; i < count; ++i) {
    futures.push_back(pool.Submit([&job, failed, i](int worker) -> std::optional<Result> {
      if (*failed) return std::nullopt;
      try {
        return job(i, worker);
      } catch (...) {
        *failed = true;
        throw;
      }
    }));
  }
  std::vector<Result> results;
  results.reserve(count);
  std::exception_ptr first_failure;
  for (size_t i = 0; i < count; ++i) {
    try {
      std::optional<Result> result = futures[i].get();
      if (result && !first_failure) results.push_back(std::move(*result));
    } catch (...) {
      if (!first_failure) first_failure = std::current_exception();
    }
    if (progress && !first_failure) progress(i + 1, count);
  }
  if (first_failure) std::rethrow_exception(first_failure);
  return results;
}

}  // namespace interleave
