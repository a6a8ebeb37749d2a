#include "sim/run/state_capture.h"

namespace interleave {

std::vector<TableState> CaptureState(ControlConnection& control,
                                     const std::vector<std::string>& show_tables) {
  std::vector<std::string> tables = show_tables;
  if (tables.empty()) {
    StepOutcome list = control.Execute(Dialect::ListTablesSql(control.engine()));
    if (!list.error) {
      for (const auto& row : list.results.back().rows) tables.push_back(row[0].value_or(""));
    }
  }
  std::vector<TableState> state;
  for (const auto& table : tables) {
    StepOutcome contents = control.Execute("SELECT * FROM " + table + " ORDER BY 1");
    if (contents.error) continue;
    state.push_back({table, contents.results.back()});
  }
  return state;
}

}  // namespace interleave
