#include "db/mariadb/maria_lock_report.h"

#include <cstdint>
#include <regex>
#include <sstream>

namespace interleave {
namespace {

using Scope = ServerLock::Scope;

// "`db`.`users`" -> ("db", "users").
std::pair<std::string, std::string> SplitTableName(const std::string& quoted) {
  static const std::regex pattern("`((?:[^`]|``)*)`\\.`((?:[^`]|``)*)`");
  std::smatch match;
  if (!std::regex_match(quoted, match, pattern)) return {"", quoted};
  auto unquote = [](std::string text) {
    for (size_t at = text.find("``"); at != std::string::npos; at = text.find("``", at + 1))
      text.erase(at, 1);
    return text;
  };
  return {unquote(match[1]), unquote(match[2])};
}

std::string StripBackticks(std::string text) {
  if (text.size() >= 2 && text.front() == '`' && text.back() == '`')
    text = text.substr(1, text.size() - 2);
  return text;
}

std::vector<unsigned char> HexBytes(const std::string& hex) {
  std::vector<unsigned char> bytes;
  for (size_t i = 0; i + 1 < hex.size(); i += 2)
    bytes.push_back(static_cast<unsigned char>(std::stoi(hex.substr(i, 2), nullptr, 16)));
  return bytes;
}

bool IsIntegerType(const std::string& type) {
  return type == "tinyint" || type == "smallint" || type == "mediumint" || type == "int" ||
         type == "bigint";
}

bool IsStringType(const std::string& type) {
  return type == "char" || type == "varchar" || type == "text" || type == "tinytext" ||
         type == "mediumtext" || type == "longtext";
}

// One field as SQL would write it, or "" when it cannot be decoded.
std::string DecodeField(const std::optional<std::string>& hex, const InnodbColumn& column) {
  if (!hex) return "NULL";
  std::vector<unsigned char> bytes = HexBytes(*hex);
  if (IsIntegerType(column.data_type)) {
    if (bytes.empty() || bytes.size() > 8) return "";
    uint64_t value = 0;
    for (unsigned char byte : bytes) value = (value << 8) | byte;
    const int bits = static_cast<int>(bytes.size()) * 8;
    if (column.is_unsigned) return std::to_string(value);
    // InnoDB stores signed integers with the sign bit flipped.
    value ^= uint64_t{1} << (bits - 1);
    int64_t signed_value = static_cast<int64_t>(value);
    if (bits < 64 && (value >> (bits - 1)) & 1) signed_value -= int64_t{1} << bits;
    return std::to_string(signed_value);
  }
  if (IsStringType(column.data_type)) {
    std::string text(bytes.begin(), bytes.end());
    if (column.data_type == "char") {
      while (!text.empty() && text.back() == ' ') text.pop_back();
    }
    std::string quoted = "'";
    for (char c : text) quoted += c == '\'' ? std::string("''") : std::string(1, c);
    return quoted + "'";
  }
  return "";
}

}  // namespace

std::vector<InnodbStatusLock> ParseInnodbStatusLocks(const std::string& status,
                                                     const std::string& database) {
  static const std::regex table_lock(
      R"(^TABLE LOCK table (\S+) trx id \d+ lock mode (\S+)( waiting)?)");
  static const std::regex record_locks(
      R"(^RECORD LOCKS .* index (\S+) of table (\S+) trx id \d+ lock[ _]mode (\S+)(.*)$)");
  static const std::regex record(R"(^Record lock, heap no (\d+))");
  static const std::regex field(R"(^ *(\d+): (?:len \d+; hex ([0-9a-f]*)(\.\.\.)?;|SQL NULL))");
  static const std::regex thread(R"(thread id (\d+))");

  std::vector<InnodbStatusLock> locks;
  std::istringstream lines(status);
  std::string line;
  bool in_list = false;
  int thread_id = 0;
  InnodbStatusLock header;  // the RECORD LOCKS line now being read
  bool have_header = false;
  bool record_open = false;  // locks.back() is a record still taking fields
  bool truncated = false;
  auto close_record = [&] {
    if (record_open && truncated) locks.back().fields.clear();  // a prefix names nothing
    record_open = false;
    truncated = false;
  };
  while (std::getline(lines, line)) {
    if (!in_list) {
      in_list = line.rfind("LIST OF TRANSACTIONS FOR EACH SESSION:", 0) == 0;
      continue;
    }
    if (line == "FILE I/O" || line.rfind("END OF INNODB MONITOR OUTPUT", 0) == 0) break;
    std::smatch match;
    if (line.rfind("---TRANSACTION ", 0) == 0) {
      close_record();
      thread_id = 0;
      have_header = false;
    } else if (line.rfind("------- TRX HAS BEEN WAITING", 0) == 0 ||
               line.rfind("------------------", 0) == 0) {
      close_record();
      have_header = false;
    } else if (thread_id == 0 && std::regex_search(line, match, thread) &&
               line.find("OS thread handle") != std::string::npos) {
      thread_id = std::stoi(match[1]);
    } else if (std::regex_search(line, match, table_lock)) {
      close_record();
      have_header = false;
      auto [db, table] = SplitTableName(match[1]);
      if (db != database || thread_id == 0) continue;
      InnodbStatusLock lock;
      lock.thread_id = thread_id;
      lock.scope = Scope::kTable;
      lock.mode = match[2];
      lock.table = table;
      lock.granted = !match[3].matched;
      locks.push_back(lock);
    } else if (std::regex_search(line, match, record_locks)) {
      close_record();
      auto [db, table] = SplitTableName(match[2]);
      have_header = db == database && thread_id != 0;
      if (!have_header) continue;
      header = InnodbStatusLock{};
      header.thread_id = thread_id;
      header.index = StripBackticks(match[1]);
      header.table = table;
      header.mode = match[3];
      const std::string flags = match[4];
      const bool gap = flags.find("locks gap before rec") != std::string::npos;
      if (flags.find("insert intention") != std::string::npos) {
        header.scope = Scope::kInsertIntention;
      } else if (gap) {
        header.scope = Scope::kGap;
      } else if (flags.find("locks rec but not gap") != std::string::npos) {
        header.scope = Scope::kRow;
      } else {
        header.scope = Scope::kNextKey;
      }
      header.granted = flags.find(" waiting") == std::string::npos;
    } else if (have_header && std::regex_search(line, match, record)) {
      close_record();
      InnodbStatusLock lock = header;
      // Heap number 1 is the page's supremum: what lies after its last row.
      lock.supremum = match[1] == "1";
      if (lock.supremum && lock.scope == Scope::kNextKey) lock.scope = Scope::kGap;
      locks.push_back(lock);
      record_open = true;
    } else if (record_open && std::regex_search(line, match, field)) {
      if (match[3].matched) truncated = true;
      if (match[2].matched) {
        locks.back().fields.push_back(match[2].str());
      } else {
        locks.back().fields.push_back(std::nullopt);
      }
    } else {
      close_record();
    }
  }
  close_record();
  return locks;
}

std::string InnodbRecordKey(const std::vector<std::optional<std::string>>& fields,
                            const std::vector<InnodbColumn>& columns) {
  if (columns.empty() || fields.size() < columns.size()) return "";
  std::string key;
  for (size_t i = 0; i < columns.size(); ++i) {
    std::string value = DecodeField(fields[i], columns[i]);
    if (value.empty()) return "";
    key += (key.empty() ? "" : " ") + columns[i].name + "=" + value;
  }
  return key;
}

}  // namespace interleave
