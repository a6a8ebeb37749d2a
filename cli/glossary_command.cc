// `interleave glossary [TERM]`: the words interleave prints, each in one
// paragraph (every entry, or the one TERM names).
#include "cli/cli.h"
#include "report/text_glossary.h"
#include "report/text_layout.h"

namespace interleave {

int GlossaryCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  if (!args.empty() && (args[0] == "--help" || args[0] == "-h")) {
    out << "Usage: interleave glossary [TERM]\n\n"
           "Explains the words interleave prints: anomaly names (lost update, write skew,\n"
           "P0..P4, A5A/A5B, G0..G2), the dependency graph (ww/wr/rw edges, cycle, serial\n"
           "order, pivot), PostgreSQL's snapshots and row locks (EvalPlanQual, FOR UPDATE\n"
           "...), the SQLSTATEs a run prints (40001, 40P01, 23505, 25P02, 55P03, 57014)\n"
           "and the application-logic steps of a scenario (if_empty, if_found, x steps).\n"
           "Without TERM, every entry.\n";
    return kExitOk;
  }
  if (args.size() > 1) {
    err << "interleave glossary: expected at most one TERM (quote a term of several words)\n";
    return kExitBadInput;
  }
  if (args.empty()) {
    for (const GlossaryEntry& entry : Glossary())
      for (const std::string& line : text::Wrap(GlossaryText(entry), 80, 4)) out << line << "\n";
    return kExitOk;
  }
  const GlossaryEntry* entry = FindGlossaryEntry(args[0]);
  if (!entry) {
    std::vector<std::string> close = CloseGlossaryTerms(args[0]);
    err << "interleave glossary: no entry for \"" << args[0] << "\"";
    if (close.empty()) {
      err << "; `interleave glossary` lists every term\n";
    } else {
      err << "; close: ";
      for (size_t i = 0; i < close.size(); ++i) err << (i > 0 ? ", " : "") << close[i];
      err << "\n";
    }
    return kExitBadInput;
  }
  for (const std::string& line : text::Wrap(GlossaryText(*entry), 80, 4)) out << line << "\n";
  return kExitOk;
}

}  // namespace interleave
