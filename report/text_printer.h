// The text timeline: a scenario's variants printed for a terminal or a
// projector, textbook style. One column per client (its name and isolation
// level on top), time going down, one numbered row per event with the step's
// SQL as sent and what it returned; waits show whom they wait for and where
// they completed; the anomaly moment, the run's dependencies, the states, the
// checks and the verdict follow, and a comparison when there are several
// variants, then one glossary of the terms used. Every marker is text,
// colour only repeats it.
// Thread-safety: pure functions; the results are owned by the caller.
#pragma once

#include <string>
#include <vector>

#include "sim/model/scenario.h"
#include "sim/run/run.h"
#include "util/utf8.h"  // DisplayWidth: the columns a line takes

namespace interleave {

struct TextOptions {
  bool color = false;  // ANSI 256-colour codes (colour-blind-safe palette)
  int width = 100;     // no line is wider than this (at least 40 is used)
  bool ascii = false;  // plain ASCII markers, for terminals without UTF-8
  // Every variant in full; otherwise the variants after the first fold the
  // steps that read as the first's and tell their final state as changes.
  bool full = false;
};

std::string FormatRunText(const Scenario& scenario, const std::vector<VariantResult>& results,
                          const TextOptions& options);

// True when `fd` is a terminal, NO_COLOR is unset (or empty) and TERM is not
// "dumb".
bool ShouldUseColor(int fd);

}  // namespace interleave
