// Parser for PostgreSQL isolation specs: a hand-written scanner that follows
// the rules of PostgreSQL 15's specscanner.l (keywords, identifiers, quoted
// names, SQL blocks, numbers, punctuation, comments) and a recursive-descent
// parser for the grammar of specparse.y, plus the checks of isolationtester's
// check_testspec (unique step names, steps and blockers that exist).
// Thread-safety: no shared state.
#include "sim/parse/spec_parser.h"

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <utility>

namespace interleave {

namespace {

enum class Tok {
  kEnd,
  kIdent,  // plain or "quoted" name
  kSql,    // { ... }
  kInt,
  kComma,
  kLParen,
  kRParen,
  kStar,
  kNotices,
  kPermutation,
  kSession,
  kSetup,
  kStep,
  kTeardown,
};

struct Token {
  Tok kind = Tok::kEnd;
  std::string text;  // name (without quotes) or SQL
  long long number = 0;
  bool quoted = false;
  SourcePos pos;
};

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\f'; }

bool IsIdentStart(char c) {
  const unsigned char u = static_cast<unsigned char>(c);
  return (u >= 'A' && u <= 'Z') || (u >= 'a' && u <= 'z') || u == '_' || u >= 0x80;
}

bool IsIdentCont(char c) { return IsIdentStart(c) || (c >= '0' && c <= '9') || c == '$'; }

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Scanner. Follows specscanner.l: keywords are case-sensitive and win over
// identifiers of the same length; an SQL block runs from `{` to the first `}`.
class Lexer {
 public:
  Lexer(const std::string& text, const std::string& file) : text_(text), file_(file) {}

  Token Next() {
    while (i_ < text_.size()) {
      const char c = text_[i_];
      if (c == '\n') {
        NewLine(i_ + 1);
        ++i_;
      } else if (c == '#') {
        while (i_ < text_.size() && text_[i_] != '\n' && text_[i_] != '\r') ++i_;
      } else if (IsSpace(c)) {
        ++i_;
      } else {
        return Scan();
      }
    }
    Token end;
    end.kind = Tok::kEnd;
    end.pos = Here();
    return end;
  }

 private:
  SourcePos Here() const { return SourcePos{file_, line_, static_cast<int>(i_ - line_start_) + 1}; }

  void NewLine(size_t next_line_start) {
    ++line_;
    line_start_ = next_line_start;
  }

  Token Scan() {
    Token tok;
    tok.pos = Here();
    const char c = text_[i_];
    if (IsIdentStart(c)) {
      const size_t start = i_;
      while (i_ < text_.size() && IsIdentCont(text_[i_])) ++i_;
      tok.text = text_.substr(start, i_ - start);
      static const std::map<std::string, Tok> kKeywords = {
          {"notices", Tok::kNotices}, {"permutation", Tok::kPermutation},
          {"session", Tok::kSession}, {"setup", Tok::kSetup},
          {"step", Tok::kStep},       {"teardown", Tok::kTeardown},
      };
      auto it = kKeywords.find(tok.text);
      tok.kind = it == kKeywords.end() ? Tok::kIdent : it->second;
      return tok;
    }
    if (c == '"') return ScanQuoted(tok);
    if (c == '{') return ScanSql(tok);
    if (IsDigit(c)) {
      const size_t start = i_;
      while (i_ < text_.size() && IsDigit(text_[i_])) ++i_;
      const std::string digits = text_.substr(start, i_ - start);
      if (digits.size() > 9 || std::stoll(digits) > INT_MAX) {
        throw InputError(tok.pos, "number " + digits + " is too large");
      }
      tok.kind = Tok::kInt;
      tok.text = digits;
      tok.number = std::stoll(digits);
      return tok;
    }
    ++i_;
    switch (c) {
      case ',':
        tok.kind = Tok::kComma;
        return tok;
      case '(':
        tok.kind = Tok::kLParen;
        return tok;
      case ')':
        tok.kind = Tok::kRParen;
        return tok;
      case '*':
        tok.kind = Tok::kStar;
        return tok;
      default:
        break;
    }
    const unsigned char u = static_cast<unsigned char>(c);
    std::string shown(1, c);
    if (u < 0x20 || u == 0x7f) {
      char buf[8];
      std::snprintf(buf, sizeof(buf), "\\x%02x", u);
      shown = buf;
    }
    throw InputError(tok.pos, "unexpected character \"" + shown +
                                  "\"; expected a keyword (setup, teardown, session, step, "
                                  "permutation), a name, a { SQL block } or a comment (#)");
  }

  Token ScanQuoted(Token& tok) {
    ++i_;  // opening quote
    std::string name;
    while (true) {
      if (i_ >= text_.size()) {
        throw InputError(tok.pos, "unterminated quoted name: expected a closing '\"'");
      }
      const char c = text_[i_];
      if (c == '\n') {
        throw InputError(Here(), "unexpected newline in quoted name: expected a closing '\"'");
      }
      if (c == '"') {
        if (i_ + 1 < text_.size() && text_[i_ + 1] == '"') {
          name += '"';
          i_ += 2;
          continue;
        }
        ++i_;
        break;
      }
      name += c;
      ++i_;
    }
    tok.kind = Tok::kIdent;
    tok.text = std::move(name);
    tok.quoted = true;
    return tok;
  }

  Token ScanSql(Token& tok) {
    ++i_;  // '{'
    while (i_ < text_.size() && IsSpace(text_[i_])) ++i_;
    const size_t close = text_.find('}', i_);
    if (close == std::string::npos) {
      throw InputError(tok.pos, "unterminated SQL block: expected '}' before the end of the file");
    }
    size_t end = close;
    while (end > i_ && IsSpace(text_[end - 1])) --end;
    tok.kind = Tok::kSql;
    tok.text = text_.substr(i_, end - i_);
    for (size_t k = i_; k < close; ++k) {
      if (text_[k] == '\n') NewLine(k + 1);
    }
    i_ = close + 1;
    return tok;
  }

  const std::string& text_;
  std::string file_;
  size_t i_ = 0;
  int line_ = 1;
  size_t line_start_ = 0;
};

std::string Quote(const std::string& name) { return "\"" + name + "\""; }

std::string Describe(const Token& tok) {
  switch (tok.kind) {
    case Tok::kEnd:
      return "end of file";
    case Tok::kIdent:
      return "name " + Quote(tok.text);
    case Tok::kSql:
      return "a { SQL block }";
    case Tok::kInt:
      return "number " + tok.text;
    case Tok::kComma:
      return "','";
    case Tok::kLParen:
      return "'('";
    case Tok::kRParen:
      return "')'";
    case Tok::kStar:
      return "'*'";
    case Tok::kNotices:
      return "keyword 'notices'";
    case Tok::kPermutation:
      return "keyword 'permutation'";
    case Tok::kSession:
      return "keyword 'session'";
    case Tok::kSetup:
      return "keyword 'setup'";
    case Tok::kStep:
      return "keyword 'step'";
    case Tok::kTeardown:
      return "keyword 'teardown'";
  }
  return "?";
}

// A marker naming another step, kept with its place for the checks that run
// once the whole permutation line is known.
struct MarkerRef {
  std::string step;
  SourcePos pos;
  bool notices = false;
  size_t entry = 0;  // index of the permutation entry it belongs to
};

class SpecParser {
 public:
  SpecParser(const std::string& text, const std::string& path) : lexer_(text, path), path_(path) {
    Advance();
  }

  Scenario Parse() {
    Scenario sc;
    sc.path = path_;
    sc.title = std::filesystem::path(path_).stem().string();
    sc.is_isolation_spec = true;

    while (At(Tok::kSetup)) {
      Advance();
      sc.setup_sql.push_back(ExpectSql("'setup'"));
    }
    if (At(Tok::kTeardown)) {
      Advance();
      sc.teardown_sql.push_back(ExpectSql("'teardown'"));
      if (At(Tok::kSetup)) {
        Fail(
            "global setup blocks must come before the global teardown block; expected "
            "'session'");
      }
      if (At(Tok::kTeardown)) Fail("only one global teardown block is allowed; expected 'session'");
    }
    if (!At(Tok::kSession)) {
      Fail(sc.teardown_sql.empty() ? "expected 'setup', 'teardown' or 'session'"
                                   : "expected 'session'");
    }
    while (At(Tok::kSession)) sc.clients.push_back(ParseSession(sc.clients.size()));
    while (At(Tok::kPermutation)) sc.schedules.push_back(ParsePermutation());
    if (!At(Tok::kEnd)) {
      if (sc.schedules.empty()) {
        Fail("expected 'step', 'teardown', 'session', 'permutation' or the end of the file");
      }
      if (At(Tok::kSession)) Fail("sessions must come before the permutation lines");
      Fail("expected 'permutation' or the end of the file");
    }
    return sc;
  }

 private:
  bool At(Tok kind) const { return tok_.kind == kind; }
  void Advance() { tok_ = lexer_.Next(); }

  [[noreturn]] void Fail(const std::string& expected) {
    throw InputError(tok_.pos, expected + ", found " + Describe(tok_));
  }

  std::string ExpectSql(const std::string& after) {
    if (!At(Tok::kSql)) Fail("expected a { SQL block } after " + after);
    std::string sql = std::move(tok_.text);
    Advance();
    return sql;
  }

  Token ExpectName(const std::string& what) {
    if (!At(Tok::kIdent)) {
      std::string message = "expected " + what;
      if (At(Tok::kNotices) || At(Tok::kPermutation) || At(Tok::kSession) || At(Tok::kSetup) ||
          At(Tok::kStep) || At(Tok::kTeardown)) {
        message += " (quote a name that is a keyword: \"" + tok_.text + "\")";
      }
      Fail(message);
    }
    Token name = tok_;
    Advance();
    return name;
  }

  Client ParseSession(size_t index) {
    Client client;
    client.pos = tok_.pos;
    Advance();  // 'session'
    const Token name = ExpectName("a session name after 'session'");
    client.name = name.text;
    // Each session is a connection of its own; its name is its
    // application_name, which PostgreSQL cuts at 63 bytes.
    if (index >= 50) {
      throw InputError(client.pos, "session " + std::to_string(index + 1) +
                                       ": expected at most 50 sessions (each is a connection)");
    }
    if (client.name.size() > 63) {
      throw InputError(name.pos, "the session name is " + std::to_string(client.name.size()) +
                                     " bytes long; expected at most 63 (PostgreSQL's limit on "
                                     "names)");
    }
    auto [it, inserted] = session_pos_.emplace(client.name, name.pos);
    if (!inserted) {
      throw InputError(name.pos, "duplicate session name " + Quote(client.name) +
                                     " (first defined at line " + std::to_string(it->second.line) +
                                     ")");
    }
    if (At(Tok::kSetup)) {
      Advance();
      client.setup_sql.push_back(ExpectSql("'setup'"));
    }
    if (!At(Tok::kStep)) {
      if (At(Tok::kSetup)) Fail("a session has at most one setup block; expected 'step'");
      Fail("expected 'step' (session " + Quote(client.name) + " needs at least one step)");
    }
    while (At(Tok::kStep)) {
      Step step;
      step.pos = tok_.pos;
      Advance();
      const Token step_name = ExpectName("a step name after 'step'");
      step.name = step_name.text;
      auto [prev, fresh] = step_pos_.emplace(step.name, step_name.pos);
      if (!fresh) {
        throw InputError(step_name.pos, "duplicate step name " + Quote(step.name) +
                                            " (first defined at line " +
                                            std::to_string(prev->second.line) +
                                            "); step names must be unique across sessions");
      }
      step_client_[step.name] = static_cast<int>(index);
      step.sql = ExpectSql("step " + Quote(step.name));
      client.steps.push_back(std::move(step));
    }
    if (At(Tok::kTeardown)) {
      Advance();
      client.teardown_sql.push_back(ExpectSql("'teardown'"));
    }
    return client;
  }

  Schedule ParsePermutation() {
    Schedule schedule;
    schedule.pos = tok_.pos;
    Advance();                                                            // 'permutation'
    if (!At(Tok::kIdent)) ExpectName("a step name after 'permutation'");  // throws
    std::vector<MarkerRef> markers;
    while (At(Tok::kIdent)) {
      ScheduleEntry entry;
      entry.step = tok_.text;
      entry.pos = tok_.pos;
      Advance();
      if (At(Tok::kLParen)) {
        Advance();
        while (true) {
          ParseMarker(entry, schedule.entries.size(), &markers);
          if (At(Tok::kComma)) {
            Advance();
            continue;
          }
          if (At(Tok::kRParen)) {
            Advance();
            break;
          }
          Fail("expected ',' or ')' after a marker of step " + Quote(entry.step));
        }
      }
      schedule.entries.push_back(std::move(entry));
    }
    CheckPermutation(schedule, markers);
    for (size_t i = 0; i < schedule.entries.size(); ++i) {
      if (i > 0) schedule.name += ' ';
      schedule.name += schedule.entries[i].step;
    }
    return schedule;
  }

  void ParseMarker(ScheduleEntry& entry, size_t entry_index, std::vector<MarkerRef>* markers) {
    if (At(Tok::kStar)) {
      entry.report_waiting_at_once = true;
      Advance();
      return;
    }
    if (!At(Tok::kIdent)) {
      Fail("expected a marker of step " + Quote(entry.step) +
           ": '*', a step name, or a step name followed by 'notices N'");
    }
    MarkerRef ref;
    ref.step = tok_.text;
    ref.pos = tok_.pos;
    ref.entry = entry_index;
    Advance();
    if (At(Tok::kNotices)) {
      Advance();
      if (!At(Tok::kInt)) Fail("expected a number of notices after 'notices'");
      entry.notice_blockers.push_back({ref.step, static_cast<int>(tok_.number)});
      ref.notices = true;
      Advance();
    } else {
      entry.wait_for_steps.push_back(ref.step);
    }
    markers->push_back(std::move(ref));
  }

  // isolationtester's check_testspec for one permutation line.
  void CheckPermutation(const Schedule& schedule, const std::vector<MarkerRef>& markers) {
    for (const ScheduleEntry& entry : schedule.entries) {
      if (!step_client_.count(entry.step)) {
        throw InputError(entry.pos, "undefined step " + Quote(entry.step) +
                                        " in permutation; expected the name of a step that a "
                                        "session defines");
      }
    }
    for (const MarkerRef& ref : markers) {
      const std::string& owner = schedule.entries[ref.entry].step;
      const bool in_line = std::any_of(schedule.entries.begin(), schedule.entries.end(),
                                       [&](const ScheduleEntry& e) { return e.step == ref.step; });
      if (!in_line) {
        throw InputError(ref.pos, "undefined blocking step " + Quote(ref.step) +
                                      " referenced in permutation step " + Quote(owner) +
                                      "; expected a step of the same permutation line");
      }
      if (!ref.notices && step_client_.at(ref.step) == step_client_.at(owner)) {
        throw InputError(ref.pos, "permutation step " + Quote(owner) +
                                      " cannot block on its own session (" + Quote(ref.step) +
                                      " is a step of the same session); expected a step of "
                                      "another session");
      }
    }
  }

  Lexer lexer_;
  std::string path_;
  Token tok_;
  std::map<std::string, SourcePos> session_pos_;
  std::map<std::string, SourcePos> step_pos_;
  std::map<std::string, int> step_client_;
};

}  // namespace

Scenario ParseSpecText(const std::string& text, const std::string& path) {
  return SpecParser(text, path).Parse();
}

Scenario ParseSpecFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw InputError(SourcePos{path, 0, 0},
                     std::string("cannot read spec file: ") + std::strerror(errno));
  }
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) throw InputError(SourcePos{path, 0, 0}, "cannot read spec file");
  return ParseSpecText(text.str(), path);
}

std::vector<std::string> UnusedSpecSteps(const Scenario& scenario) {
  std::vector<std::string> unused;
  if (scenario.schedules.empty()) return unused;
  std::set<std::string> used;
  for (const Schedule& schedule : scenario.schedules) {
    for (const ScheduleEntry& entry : schedule.entries) used.insert(entry.step);
  }
  for (const Client& client : scenario.clients) {
    for (const Step& step : client.steps) {
      if (!used.count(step.name)) unused.push_back(step.name);
    }
  }
  std::sort(unused.begin(), unused.end());
  return unused;
}

}  // namespace interleave
