// The glossary of the words interleave prints: the standard anomaly names
// (Berenson et al.'s P0..P4, A5A/A5B; Adya's G0..G2), the dependency-graph
// words (ww/wr/rw edge, serial order, pivot), PostgreSQL's locks and
// snapshots as its documentation describes them, the SQLSTATEs a run prints,
// and the application-logic steps of a scenario file. Used by `interleave
// glossary` and by the text report's one-line glosses.
// Thread-safety: immutable static data; pure functions.
#pragma once

#include <string>
#include <vector>

namespace interleave {

struct GlossaryEntry {
  std::string term;                  // "lost update"
  std::vector<std::string> aliases;  // "P4"
  std::string gloss;                 // one line, plain words
};

// Every entry, in the order the glossary prints them.
const std::vector<GlossaryEntry>& Glossary();

// The entry whose term or alias is `term` (case and spaces, hyphens and
// underscores ignored), or nullptr.
const GlossaryEntry* FindGlossaryEntry(const std::string& term);

// Terms close to `term` (sharing a word with it, or a few letters away), at
// most `limit`, for a message about an unknown term.
std::vector<std::string> CloseGlossaryTerms(const std::string& term, size_t limit = 5);

// "lost update (P4): ..." — the entry as one paragraph.
std::string GlossaryText(const GlossaryEntry& entry);

}  // namespace interleave
