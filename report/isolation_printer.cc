// isolationtester-compatible output; see isolation_printer.h. The result set
// format follows libpq's PQprint (fe-print.c) with the options
// isolationtester's printResultSet uses: header, align, fieldSep "|".
// Thread-safety: no shared state.
#include "report/isolation_printer.h"

#include "sim/parse/spec_parser.h"
#include "util/utf8.h"

namespace interleave {

namespace {

// PQprint's test for a numeric-looking value (do_field): only digits, '.',
// 'E', 'e', ' ' and '-', not starting with 'E'/'e', ending with a digit.
bool LooksNumeric(const std::string& value) {
  char last = '0';
  for (char c : value) {
    last = c;
    if (!((c >= '0' && c <= '9') || c == '.' || c == 'E' || c == 'e' || c == ' ' || c == '-')) {
      return false;
    }
  }
  if (value[0] == 'E' || value[0] == 'e') return false;
  return last >= '0' && last <= '9';
}

void Pad(std::string& out, const std::string& text, size_t width, bool right) {
  const size_t fill = text.size() < width ? width - text.size() : 0;
  if (right) out.append(fill, ' ');
  out += text;
  if (!right) out.append(fill, ' ');
}

std::string WithNewline(const std::string& text) {
  if (!text.empty() && text.back() == '\n') return text;
  return text + "\n";
}

// The first line of PQerrorMessage. (libpq adds the server's DETAIL and HINT
// lines; DbError::detail of a setup error may hold our own context instead, so
// only the first line is reproduced.)
std::string ErrorMessageText(const DbError& error) {
  if (error.severity.empty()) return WithNewline(error.message);
  return error.severity + ":  " + error.message + "\n";
}

const StepTrace* FindStep(const Trace& trace, int index) {
  if (index < 0 || static_cast<size_t>(index) >= trace.steps.size()) return nullptr;
  return &trace.steps[static_cast<size_t>(index)];
}

}  // namespace

std::string FormatResultSet(const StatementResult& result) {
  const size_t n = result.columns.size();
  if (n == 0) return "";
  std::vector<size_t> width(n);
  std::vector<bool> numeric(n, true);
  for (size_t j = 0; j < n; ++j) width[j] = result.columns[j].size();
  for (const auto& row : result.rows) {
    for (size_t j = 0; j < n && j < row.size(); ++j) {
      if (!row[j] || row[j]->empty()) continue;  // PQprint skips empty values
      if (numeric[j] && !LooksNumeric(*row[j])) numeric[j] = false;
      if (row[j]->size() > width[j]) width[j] = row[j]->size();
    }
  }
  std::string out;
  for (size_t j = 0; j < n; ++j) {
    if (j > 0) out += '|';
    Pad(out, result.columns[j], width[j], numeric[j]);
  }
  out += '\n';
  for (size_t j = 0; j < n; ++j) {
    if (j > 0) out += '+';
    out.append(width[j], '-');
  }
  out += '\n';
  static const std::string kEmpty;
  for (const auto& row : result.rows) {
    for (size_t j = 0; j < n; ++j) {
      if (j > 0) out += '|';
      const std::string& value = j < row.size() && row[j] ? *row[j] : kEmpty;
      Pad(out, value, width[j], numeric[j]);
    }
    out += '\n';
  }
  const size_t count = result.rows.size();
  out += "(" + std::to_string(count) + (count == 1 ? " row)\n\n" : " rows)\n\n");
  return out;
}

std::string FormatStepError(const DbError& error) {
  std::string out;
  if (!error.library_text.empty()) {
    // libpq's own error has no fields: its whole message, then a newline.
    out = error.library_text + "\n";
  } else if (!error.severity.empty() && !error.message.empty()) {
    out = error.severity + ":  " + error.message + "\n";
  } else {
    out = WithNewline(error.message) + "\n";
  }
  for (const DbError& next : error.further) out += FormatStepError(next);
  return out;
}

std::string FormatNotification(const Trace& trace, const StepTrace& step,
                               const Notification& notification) {
  std::string sender = "PID " + std::to_string(notification.sender);
  for (size_t c = 0; c < trace.client_backends.size() && c < trace.client_names.size(); ++c) {
    if (trace.client_backends[c] == notification.sender) {
      sender = trace.client_names[c];
      break;
    }
  }
  return step.client_name + ": NOTIFY \"" + notification.channel + "\" with payload \"" +
         notification.payload + "\" from " + sender + "\n";
}

std::string FormatStepResults(const StepTrace& step) {
  std::string out;
  for (const StatementResult& result : step.results) out += FormatResultSet(result);
  if (step.error) out += FormatStepError(*step.error);
  return out;
}

std::string FormatIsolationHeader(const Scenario& spec) {
  std::string out;
  for (const std::string& name : UnusedSpecSteps(spec)) out += "unused step name: " + name + "\n";
  out += "Parsed test spec with " + std::to_string(spec.clients.size()) + " sessions\n";
  out += ApplicationNameNotices(spec);
  return out;
}

std::string ApplicationNameNotices(const Scenario& spec) {
  // pg_isolation_regress connects with application_name isolation/NAME (the
  // server clips a longer one with a notice at login, which the tester
  // prints to its stderr, one per connection); the tester then appends
  // "/SESSION" with set_config, whose notice it hides on the control
  // connection and prints as "SESSION: NOTICE:  ..." on each session's.
  auto truncated = [](const std::string& name, const std::string& clipped) {
    return "NOTICE:  identifier \"" + name + "\" will be truncated to \"" + clipped + "\"\n";
  };
  const std::string login_name = "isolation/" + spec.title;
  const std::string login_clipped = Utf8ClipBytes(login_name, kMaxIdentifierBytes);
  const std::string at_login =
      login_clipped.size() < login_name.size() ? truncated(login_name, login_clipped) : "";
  std::string out = at_login;  // the control connection's
  for (const Client& session : spec.clients) {
    out += at_login;
    const std::string name = login_clipped + "/" + session.name;
    const std::string clipped = Utf8ClipBytes(name, kMaxIdentifierBytes);
    if (clipped.size() < name.size()) out += session.name + ": " + truncated(name, clipped);
  }
  return out;
}

std::string FormatIsolationPermutation(const Trace& trace) {
  std::string out = "\nstarting permutation:";
  if (!trace.schedule.empty()) {
    out += " " + trace.schedule;
  } else {
    for (const StepTrace& step : trace.steps) out += " " + step.step_name;
  }
  out += "\n";
  for (const StatementResult& result : trace.setup_results) out += FormatResultSet(result);
  for (const TraceEvent& event : trace.events) {
    const StepTrace* step = FindStep(trace, event.step);
    switch (event.kind) {
      case TraceEvent::Kind::kCompleted:
        if (!step) break;
        out += "step " + step->step_name + ": " + step->sql + "\n";
        out += FormatStepResults(*step);
        for (const Notification& n : step->notifications)
          out += FormatNotification(trace, *step, n);
        break;
      case TraceEvent::Kind::kWaiting:
        if (!step) break;
        out += "step " + step->step_name + ": " + step->sql + " <waiting ...>\n";
        break;
      case TraceEvent::Kind::kCompletedLater:
        if (!step) break;
        out += "step " + step->step_name + ": <... completed>\n";
        out += FormatStepResults(*step);
        for (const Notification& n : step->notifications)
          out += FormatNotification(trace, *step, n);
        break;
      case TraceEvent::Kind::kNotice:
        out += WithNewline(event.text);
        break;
      case TraceEvent::Kind::kCancelled:
        if (!event.text.empty()) {
          out += WithNewline(event.text);
        } else if (step) {
          out += "isolationtester: canceling step " + step->step_name + " after " +
                 std::to_string(static_cast<int>(step->duration_ms / 1000)) + " seconds\n";
        }
        break;
      case TraceEvent::Kind::kSkipped:
      case TraceEvent::Kind::kRetry:
        break;
    }
  }
  if (trace.setup_error) {
    out += "setup failed: " + ErrorMessageText(*trace.setup_error);
    return out;
  }
  for (const StatementResult& result : trace.teardown_results) out += FormatResultSet(result);
  return out;
}

std::string FormatIsolationRun(const Scenario& spec, const std::vector<Trace>& permutations) {
  std::string out = FormatIsolationHeader(spec);
  for (const Trace& trace : permutations) {
    out += FormatIsolationPermutation(trace);
    if (trace.setup_error) break;  // isolationtester exits after a failed setup
  }
  return out;
}

void PrintIsolationRun(std::ostream& out, const Scenario& spec,
                       const std::vector<Trace>& permutations) {
  out << FormatIsolationRun(spec, permutations);
}

}  // namespace interleave
