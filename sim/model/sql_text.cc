#include "sim/model/sql_text.h"

#include <algorithm>
#include <cctype>

#include "util/text_util.h"

namespace interleave {

std::string FirstKeyword(const std::string& sql) {
  size_t i = 0;
  while (i < sql.size()) {
    if (std::isspace(static_cast<unsigned char>(sql[i])) || sql[i] == '(' || sql[i] == ';') {
      ++i;
    } else if (sql.compare(i, 2, "--") == 0) {
      while (i < sql.size() && sql[i] != '\n') ++i;
    } else {
      break;
    }
  }
  std::string word;
  while (i < sql.size() && std::isalpha(static_cast<unsigned char>(sql[i])))
    word += static_cast<char>(std::toupper(static_cast<unsigned char>(sql[i++])));
  return word;
}

std::vector<std::string> SplitStatements(const std::string& sql) {
  std::vector<std::string> statements;
  std::string current;
  size_t i = 0;
  while (i < sql.size()) {
    char c = sql[i];
    if (c == '\'' || c == '"') {
      size_t end = sql.find(c, i + 1);
      end = end == std::string::npos ? sql.size() : end + 1;
      current += sql.substr(i, end - i);
      i = end;
    } else if (c == '-' && sql.compare(i, 2, "--") == 0) {
      size_t end = sql.find('\n', i);
      i = end == std::string::npos ? sql.size() : end;
    } else if (c == '$') {
      size_t tag_end = sql.find('$', i + 1);
      std::string tag = tag_end == std::string::npos ? "" : sql.substr(i, tag_end - i + 1);
      bool is_tag = !tag.empty() && std::all_of(tag.begin() + 1, tag.end() - 1, [](char t) {
        return std::isalnum(static_cast<unsigned char>(t)) || t == '_';
      });
      size_t end = is_tag ? sql.find(tag, tag_end + 1) : std::string::npos;
      if (is_tag && end != std::string::npos) {
        current += sql.substr(i, end + tag.size() - i);
        i = end + tag.size();
      } else {
        current += c;
        ++i;
      }
    } else if (c == ';') {
      if (!CollapseWhitespace(current).empty()) statements.push_back(CollapseWhitespace(current));
      current.clear();
      ++i;
    } else {
      current += c;
      ++i;
    }
  }
  if (!CollapseWhitespace(current).empty()) statements.push_back(CollapseWhitespace(current));
  return statements;
}

bool IsTransactionControl(const std::string& keyword) {
  return keyword == "BEGIN" || keyword == "START" || keyword == "COMMIT" || keyword == "END" ||
         keyword == "ROLLBACK" || keyword == "ABORT";
}

}  // namespace interleave
