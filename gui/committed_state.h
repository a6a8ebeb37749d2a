// Reads the committed contents of a run's tables between steps, as any other
// connection would see them at that moment: a separate control connection to
// the run's scratch database, in autocommit, READ COMMITTED, with a short
// lock_timeout so that a client's LOCK TABLE cannot hang the pane (the note
// then says the table is locked). It reads nothing uncommitted and takes no
// lock beyond the instant of its SELECT.
// Thread-safety: one thread at a time (the pane's worker).
// Ownership: owns its connection.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "db/engine.h"
#include "sim/model/trace.h"


namespace interleave::gui {

class CommittedStateReader {
 public:
  // Connects on first use to `scratch`, which must outlive the reader.
  explicit CommittedStateReader(ScratchDatabase& scratch);
  ~CommittedStateReader();
  CommittedStateReader(const CommittedStateReader&) = delete;
  CommittedStateReader& operator=(const CommittedStateReader&) = delete;

  // The committed contents of `tables` (names as the scenario gives them).
  // Tables that cannot be read are left out and *note says why.
  std::vector<TableState> Read(const std::vector<std::string>& tables, std::string* note);

 private:
  ScratchDatabase& scratch_;
  std::unique_ptr<ControlConnection> connection_;
};

}  // namespace interleave::gui
