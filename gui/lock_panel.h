// The words of a pane's locks panel: after the newest step the server was
// asked about (StepTrace::locks, captured when RunOptions::capture_locks is
// on), which locks each client holds and waits for on the scenario's tables,
// one sentence a lock ("laptop waits for phone's lock on users id=1"), in
// the words of sim/judge/lock_words.h; what the server could not tell is
// said, never guessed.
// Thread-safety: a pure function; the result is a plain value.
#pragma once

#include <string>
#include <vector>

#include "sim/model/trace.h"

namespace interleave::gui {

struct LockLine {
  std::string text;      // "phone holds FOR UPDATE on users id=1"
  bool waiting = false;  // a lock not granted: the client waits for it
};

struct LockPanelText {
  std::string heading;  // "Locks after phone's p2"
  std::vector<LockLine> lines;
};

// The panel for `trace` as far as it ran.
LockPanelText LockPanelFor(const Trace& trace);

}  // namespace interleave::gui
