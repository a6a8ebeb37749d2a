// PlanWaitsOnlyOnRows looks at every text of the plan for words that could
// take a table lock or wait at commit; StepCannotWait at a step's statements.
// Thread-safety: pure functions.
#include "sim/run/lock_wait_free.h"

#include <vector>

#include "sim/model/sql_text.h"
#include "util/text_util.h"

namespace interleave {
namespace {

bool Says(const std::string& upper, const std::vector<const char*>& words) {
  for (const char* word : words) {
    if (upper.find(word) != std::string::npos) return true;
  }
  return false;
}

// Words that may make some statement wait where a plain one would not, or
// take a lock that stands against a plain read.
const std::vector<const char*>& WaitingWords() {
  static const std::vector<const char*> words = {"DEFERR", "NOTIFY",   "LISTEN",   "PREPARE",
                                                 "LOCK",   "SNAPSHOT", "ADVISORY", "SLEEP"};
  return words;
}

// A step statement whose kind takes no lock a plain read must wait for.
bool PlainStatement(const std::string& statement) {
  const std::string keyword = FirstKeyword(statement);
  return keyword.empty() || IsTransactionControl(keyword) || keyword == "SELECT" ||
         keyword == "INSERT" || keyword == "UPDATE" || keyword == "DELETE";
}

}  // namespace

bool PlanWaitsOnlyOnRows(const Plan& plan) {
  for (const std::string& sql : plan.setup_sql) {
    const std::string upper = AsciiUpper(sql);
    if (Says(upper, WaitingWords()) ||
        Says(upper, {"FUNCTION", "PROCEDURE", "RULE", "VIEW", "POLICY", "TRIGGER"})) {
      return false;
    }
  }
  for (const Client& client : plan.clients) {
    if (!client.setup_sql.empty() || !client.teardown_sql.empty()) return false;
    for (const Step& step : client.steps) {
      if (Says(AsciiUpper(step.sql), WaitingWords())) return false;
      for (const std::string& statement : SplitStatements(step.sql)) {
        if (!PlainStatement(statement)) return false;
      }
    }
  }
  return true;
}

bool StepCannotWait(const std::string& sql) {
  const std::vector<std::string> statements = SplitStatements(sql);
  if (statements.empty()) return false;
  for (const std::string& statement : statements) {
    const std::string keyword = FirstKeyword(statement);
    const std::string upper = AsciiUpper(statement);
    if (Says(upper, WaitingWords())) return false;
    if (IsTransactionControl(keyword)) continue;
    // No FOR UPDATE / SHARE, no function call, no subquery.
    if (keyword == "SELECT" && upper.find("FOR") == std::string::npos &&
        upper.find('(') == std::string::npos) {
      continue;
    }
    return false;
  }
  return true;
}

}  // namespace interleave
