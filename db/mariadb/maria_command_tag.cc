#include "db/mariadb/maria_command_tag.h"

#include <cctype>

namespace interleave {
namespace {

bool IsWordChar(char c) { return isalnum(static_cast<unsigned char>(c)) || c == '_'; }

}  // namespace

std::vector<std::vector<std::string>> MariaStatementWords(const std::string& sql) {
  std::vector<std::vector<std::string>> statements;
  std::vector<std::string> words;
  bool in_statement = false;  // something other than blanks and comments seen
  bool collecting = true;     // still reading the leading words
  size_t i = 0;
  auto finish = [&] {
    if (in_statement) statements.push_back(words);
    words.clear();
    in_statement = false;
    collecting = true;
  };
  while (i < sql.size()) {
    char c = sql[i];
    char next = i + 1 < sql.size() ? sql[i + 1] : '\0';
    if (c == '#' || (c == '-' && next == '-' &&
                     (i + 2 >= sql.size() || isspace(static_cast<unsigned char>(sql[i + 2]))))) {
      while (i < sql.size() && sql[i] != '\n') ++i;
    } else if (c == '/' && next == '*') {
      size_t end = sql.find("*/", i + 2);
      i = end == std::string::npos ? sql.size() : end + 2;
    } else if (c == '\'' || c == '"' || c == '`') {
      in_statement = true;
      collecting = false;
      ++i;
      while (i < sql.size()) {
        if (sql[i] == '\\' && c != '`') {
          i += 2;
        } else if (sql[i] == c) {
          if (i + 1 < sql.size() && sql[i + 1] == c) {
            i += 2;  // doubled quote
          } else {
            ++i;
            break;
          }
        } else {
          ++i;
        }
      }
    } else if (c == ';') {
      finish();
      ++i;
    } else if (IsWordChar(c)) {
      in_statement = true;
      size_t start = i;
      while (i < sql.size() && IsWordChar(sql[i])) ++i;
      if (collecting && words.size() < 2) {
        std::string word = sql.substr(start, i - start);
        for (char& letter : word)
          letter = static_cast<char>(toupper(static_cast<unsigned char>(letter)));
        words.push_back(word);
      }
      if (words.size() == 2) collecting = false;
    } else if (isspace(static_cast<unsigned char>(c)) || c == '(') {
      ++i;
    } else {
      in_statement = true;
      collecting = false;
      ++i;
    }
  }
  finish();
  return statements;
}

std::string MariaCommandTag(const std::vector<std::string>& words, uint64_t affected_rows) {
  std::string first = words.empty() ? "" : words[0];
  std::string second = words.size() > 1 ? words[1] : "";
  std::string count = std::to_string(affected_rows);
  if (first == "INSERT" || first == "REPLACE") return "INSERT 0 " + count;
  if (first == "UPDATE" || first == "DELETE") return first + " " + count;
  if (first == "BEGIN" || first == "START") return "BEGIN";
  if (first == "COMMIT" || first == "ROLLBACK") return first;
  if (first == "CREATE" || first == "DROP" || first == "ALTER") {
    return second.empty() ? first : first + " " + second;
  }
  if (first == "TRUNCATE") return "TRUNCATE TABLE";
  return first;
}

}  // namespace interleave
