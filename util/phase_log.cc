#include "util/phase_log.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>

namespace interleave {

void NotePhase(const char* what) {
  static const bool enabled = getenv("INTERLEAVE_TIMES") != nullptr;
  if (!enabled) return;
  static const auto first = std::chrono::steady_clock::now();
  const double ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - first).count();
  std::fprintf(stderr, "interleave: %8.2f ms %s\n", ms, what);
}

}  // namespace interleave
