#include "sim/run/retry_queue.h"

#include <algorithm>

namespace interleave {

bool RetryQueue::Retries(const RetryPolicy& policy, const DbError& error, int attempt) {
  return attempt < policy.max_attempts &&
         std::count(policy.sqlstates.begin(), policy.sqlstates.end(), error.sqlstate) > 0;
}

void RetryQueue::Requeue(int client, const Client& definition, int attempt) {
  for (const auto& step : definition.steps) {
    queue_.push_back({PlannedStep{client, step, ScheduleEntry{}}, attempt});
  }
}

std::pair<PlannedStep, int> RetryQueue::Pop() {
  auto next = queue_.front();
  queue_.pop_front();
  return next;
}

std::string RetryScheduledText(const std::string& client_name, const std::string& sqlstate,
                               const std::string& step_name, int attempt, int max_attempts) {
  return client_name + " got " + sqlstate + " at " + step_name +
         "; the application rolls back and runs the transaction again (attempt " +
         std::to_string(attempt) + " of " + std::to_string(max_attempts) + ") after the schedule";
}

std::string RetryStartText(const std::string& client_name, int attempt) {
  return client_name + " runs its transaction again (attempt " + std::to_string(attempt) + ")";
}

}  // namespace interleave
