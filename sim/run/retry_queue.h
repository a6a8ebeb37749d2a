// Retries: a client whose step fails with one of its retry policy's
// SQLSTATEs has its transaction rolled back and run again from its first
// step, after the schedule's other steps (as an application's retry loop
// would). The queue holds those steps, each with the attempt it belongs to;
// a step of an attempt that was itself superseded is dropped when popped.
// Thread-safety: none; owned by one run.
#pragma once

#include <deque>
#include <string>
#include <utility>

#include "db/result.h"
#include "sim/model/scenario.h"
#include "sim/plan/plan.h"

namespace interleave {

class RetryQueue {
 public:
  // Whether `error`, in attempt number `attempt`, makes the application
  // retry under `policy`.
  static bool Retries(const RetryPolicy& policy, const DbError& error, int attempt);

  // Queues every step of `definition` (client number `client`) for `attempt`.
  void Requeue(int client, const Client& definition, int attempt);
  bool empty() const { return queue_.empty(); }
  // The next step and the attempt it belongs to. Requires !empty().
  std::pair<PlannedStep, int> Pop();

 private:
  std::deque<std::pair<PlannedStep, int>> queue_;
};

// The trace's words when a client's transaction is rolled back for a retry.
std::string RetryScheduledText(const std::string& client_name, const std::string& sqlstate,
                               const std::string& step_name, int attempt, int max_attempts);
// The trace's words when the retried transaction starts.
std::string RetryStartText(const std::string& client_name, int attempt);

}  // namespace interleave
