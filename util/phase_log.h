// Timestamps of the phases of one command (finding PostgreSQL, starting the
// private server, making the scratch database, the run, stopping), written
// to stderr when the environment variable INTERLEAVE_TIMES is set, to see
// where a short run's time goes. Times are from the first note of the
// process (main's start).
// Thread-safety: NotePhase may be called from any thread.
#pragma once

namespace interleave {

// Writes "interleave: <ms since the first note> ms <what>" to stderr when
// INTERLEAVE_TIMES is set; does nothing otherwise.
void NotePhase(const char* what);

}  // namespace interleave
