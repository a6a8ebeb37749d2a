// The sample lost update (tests/sample_traces.h) with its reads and writes
// recorded, as the explanation engine would have them: alex and robin both
// read price 10 (a2, b2), alex writes 30 (a3) and commits, robin writes 40
// (b3) over it. Its graph is the cycle robin -rw-> alex -ww-> robin.
// Thread-safety: plain functions returning values.
#pragma once

#include "tests/sample_traces.h"
#include "tests/sim/explain/history_builder.h"

namespace interleave::sample {

inline History BaselineHistory() {
  explain_test::HistoryBuilder b;
  VersionId x0 = b.Initial("products", "id=1", "price=10");
  int alex = b.Txn("alex");
  int robin = b.Txn("robin");
  b.Read(alex, "a2", "products", {{"id=1", x0, "price=10"}});
  b.Read(robin, "b2", "products", {{"id=1", x0, "price=10"}});
  b.Write(alex, "a3", "products", "id=1", "price=30");
  b.Write(robin, "b3", "products", "id=1", "price=40");
  return b.Build();
}

inline Trace RecordedBaselineTrace() {
  Trace trace = BaselineTrace();
  trace.explained = true;
  trace.history = BaselineHistory();
  return trace;
}

}  // namespace interleave::sample
