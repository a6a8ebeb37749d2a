#include "sim/explain/row_text.h"

#include <algorithm>

namespace interleave {

std::string JsonValueText(const nlohmann::json& value) {
  if (value.is_null()) return "NULL";
  if (value.is_string()) return value.get<std::string>();
  return value.dump();
}

std::string KeyText(const nlohmann::json& row, const std::vector<std::string>& key_columns) {
  std::string text;
  if (!row.is_object()) return text;
  if (key_columns.empty()) {
    for (const auto& [column, value] : row.items())
      text += (text.empty() ? "" : ", ") + column + "=" + JsonValueText(value);
    return text;
  }
  for (const std::string& column : key_columns) {
    text += (text.empty() ? "" : ", ") + column + "=" +
            JsonValueText(row.contains(column) ? row.at(column) : nlohmann::json());
  }
  return text;
}

std::string ValuesText(const nlohmann::json& row, const std::vector<std::string>& key_columns,
                       const nlohmann::json* other, const std::set<std::string>* only) {
  std::string text;
  if (!row.is_object()) return text;
  for (const auto& [column, value] : row.items()) {
    if (std::find(key_columns.begin(), key_columns.end(), column) != key_columns.end()) continue;
    if (only && only->count(column) == 0) continue;
    if (other && other->is_object() && other->contains(column) && other->at(column) == value)
      continue;
    text += (text.empty() ? "" : ", ") + column + "=" + JsonValueText(value);
  }
  return text;
}

}  // namespace interleave
