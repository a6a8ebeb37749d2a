#include "gui/committed_state.h"

#include <exception>

#include "db/engine.h"

namespace interleave::gui {

CommittedStateReader::CommittedStateReader(ScratchDatabase& scratch) : scratch_(scratch) {}

CommittedStateReader::~CommittedStateReader() = default;

std::vector<TableState> CommittedStateReader::Read(const std::vector<std::string>& tables,
                                                   std::string* note) {
  std::vector<TableState> state;
  note->clear();
  if (!connection_) {
    try {
      connection_ = scratch_.ConnectControl({"interleave/gui committed state", {}});
      connection_->Execute(
          "SET lock_timeout = '300ms'; SET statement_timeout = '3s'; "
          "SET default_transaction_isolation = 'read committed'");
    } catch (const std::exception& failure) {
      *note = std::string("cannot read the committed state: ") + failure.what();
      connection_.reset();
      return state;
    }
  }
  for (const std::string& table : tables) {
    StepOutcome outcome = connection_->Execute("SELECT * FROM " + table + " ORDER BY 1");
    if (outcome.error) {
      const DbError& error = *outcome.error;
      if (error.sqlstate == "55P03") {
        *note += table +
                 " is locked by a client right now (LOCK TABLE); its committed rows "
                 "cannot be read at this step. ";
      } else if (error.sqlstate == "42P01") {
        *note += table + " does not exist at this step. ";
      } else {
        *note += table + ": " + error.message + " ";
        if (error.severity == "FATAL" || error.sqlstate.rfind("08", 0) == 0) connection_.reset();
      }
      if (!connection_) break;
      continue;
    }
    if (outcome.results.empty()) continue;
    state.push_back({table, outcome.results.back()});
  }
  return state;
}

}  // namespace interleave::gui
