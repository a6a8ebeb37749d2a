// The verdict on one trace: did the anomaly happen, and if not, what stopped
// it. Derived from a Trace alone. Thread-safety: plain values.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "sim/explain/anomaly_class.h"
#include "sim/model/scenario.h"
#include "sim/model/trace.h"
#include "sim/model/transaction_end.h"

namespace interleave {

struct Verdict {
  enum class Kind {
    kAnomaly,              // a check failed
    kPrevented,            // every check held
    kAbortedWithoutRetry,  // a client was aborted and not retried; its work is lost
    kError,                // the run itself failed (bad SQL, hang, lost server)
  };
  // How an anomaly was prevented.
  enum class How { kNone, kWait, kAbort };

  Kind kind = Kind::kError;
  How how = How::kNone;
  std::string summary;               // one sentence
  std::vector<std::string> reasons;  // failed checks' explanations, etc.
  std::vector<int> waited_steps;     // steps that waited for a lock
  std::vector<int> aborted_steps;    // steps that got a concurrency error
  std::vector<int> retried_clients;
  // The run's dependency graph explained, when its reads and writes were
  // recorded. A scenario without checks is judged by it (a cycle is an
  // anomaly); with checks, the checks decide and `reasons` says where the
  // graph disagrees.
  std::optional<Explanation> explanation;

  // "anomaly", "prevented-by-wait", "prevented-by-abort", "prevented",
  // "aborted-without-retry", "error".
  std::string Name() const;
  bool Matches(Expectation expected) const;
};

Verdict Judge(const Scenario& scenario, const Trace& trace);

}  // namespace interleave
