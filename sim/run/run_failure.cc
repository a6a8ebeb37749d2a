#include "sim/run/run_failure.h"

#include <string>

namespace interleave {
namespace {

// SQLSTATE class 08 (connection exception) and the server's shutdown and
// start-up refusals (57P01 admin_shutdown, 57P02 crash_shutdown, 57P03
// cannot_connect_now).
bool IsServerError(const std::optional<DbError>& error) {
  if (!error) return false;
  const std::string& code = error->sqlstate;
  return code.rfind("08", 0) == 0 || code == "57P01" || code == "57P02" || code == "57P03";
}

bool SaysServerFailed(const std::string& run_error) {
  for (const char* words : {"lost the connection", "cannot connect", "the server failed",
                            "the lock-wait query failed", "server closed the connection"}) {
    if (run_error.find(words) != std::string::npos) return true;
  }
  return false;
}

}  // namespace

bool ServerFailed(const Trace& trace) {
  if (IsServerError(trace.setup_error) || SaysServerFailed(trace.run_error)) return true;
  for (const StepTrace& step : trace.steps) {
    if (IsServerError(step.error)) return true;
  }
  for (const CheckResult& check : trace.checks) {
    if (IsServerError(check.error)) return true;
  }
  return false;
}

bool RunFailed(const Trace& trace) {
  return trace.setup_error.has_value() || !trace.run_error.empty() || ServerFailed(trace);
}

std::string RunFailureText(const Trace& trace) {
  const std::string variant = trace.variant.empty() ? "" : trace.variant + ": ";
  if (!trace.run_error.empty()) return variant + trace.run_error;
  if (trace.setup_error) return variant + "setup failed: " + trace.setup_error->message;
  for (const StepTrace& step : trace.steps) {
    if (IsServerError(step.error))
      return variant + step.step_name + " of " + step.client_name + ": " + step.error->message;
  }
  return variant + "the run failed";
}

}  // namespace interleave
