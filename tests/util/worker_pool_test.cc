// Tests of WorkerPool and RunAll: results in submission order whatever the
// number of threads and the order jobs finish in, each job told its thread,
// exceptions carried to the caller, later jobs skipped after a failure.
#include "util/worker_pool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <set>
#include <stdexcept>
#include <thread>

namespace interleave {
namespace {

TEST(WorkerPoolTest, SubmitReturnsTheResultAndTheThreadIndexIsInRange) {
  WorkerPool pool(3);
  EXPECT_EQ(pool.size(), 3);
  std::future<int> answer = pool.Submit([](int worker) { return 40 + (worker >= 0 ? 2 : 0); });
  EXPECT_EQ(answer.get(), 42);
  std::vector<std::future<int>> workers;
  for (int i = 0; i < 30; ++i) workers.push_back(pool.Submit([](int worker) { return worker; }));
  for (auto& worker : workers) {
    int index = worker.get();
    EXPECT_GE(index, 0);
    EXPECT_LT(index, 3);
  }
}

TEST(WorkerPoolTest, AtLeastOneThread) {
  WorkerPool pool(0);
  EXPECT_EQ(pool.size(), 1);
  EXPECT_EQ(pool.Submit([](int) { return 7; }).get(), 7);
}

TEST(WorkerPoolTest, ExceptionsReachTheFuture) {
  WorkerPool pool(2);
  auto failing = pool.Submit([](int) -> int { throw std::runtime_error("no server"); });
  EXPECT_THROW(
      {
        try {
          failing.get();
        } catch (const std::runtime_error& error) {
          EXPECT_STREQ(error.what(), "no server");
          throw;
        }
      },
      std::runtime_error);
}

TEST(WorkerPoolTest, RunAllKeepsSubmissionOrderWhenLaterJobsFinishFirst) {
  WorkerPool pool(2);
  // Job 0 cannot finish before job 1 has: the results still come in index
  // order.
  std::promise<void> second_done;
  std::shared_future<void> second = second_done.get_future().share();
  std::vector<size_t> progress;
  std::vector<std::string> results = RunAll<std::string>(
      pool, 2,
      [&](size_t index, int) {
        if (index == 0) second.wait();
        if (index == 1) second_done.set_value();
        return "job " + std::to_string(index);
      },
      [&](size_t done, size_t total) {
        EXPECT_EQ(total, 2u);
        progress.push_back(done);
      });
  EXPECT_EQ(results, (std::vector<std::string>{"job 0", "job 1"}));
  EXPECT_EQ(progress, (std::vector<size_t>{1, 2}));
}

TEST(WorkerPoolTest, RunAllGivesManyResultsInOrderOnManyThreads) {
  WorkerPool pool(4);
  std::set<int> threads_seen;
  std::mutex mutex;
  std::vector<size_t> results = RunAll<size_t>(pool, 200, [&](size_t index, int worker) {
    std::lock_guard<std::mutex> lock(mutex);
    threads_seen.insert(worker);
    return index * index;
  });
  ASSERT_EQ(results.size(), 200u);
  for (size_t i = 0; i < results.size(); ++i) EXPECT_EQ(results[i], i * i);
  EXPECT_LE(threads_seen.size(), 4u);
}

TEST(WorkerPoolTest, RunAllRethrowsAndSkipsTheJobsNotStarted) {
  WorkerPool pool(1);
  std::atomic<int> ran{0};
  EXPECT_THROW(RunAll<int>(pool, 10,
                           [&](size_t index, int) {
                             ++ran;
                             if (index == 2) throw std::runtime_error("job 2 failed");
                             return static_cast<int>(index);
                           }),
               std::runtime_error);
  // One thread runs the jobs in order: 0, 1, 2 (fails), then the rest skip.
  EXPECT_EQ(ran.load(), 3);
}

}  // namespace
}  // namespace interleave
