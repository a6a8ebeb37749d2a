// The words for a row version the write trigger or a restated read returned
// as JSON (to_jsonb of the row): its key ("id=1") and its values
// ("peepcoins=70"), as the Dependencies block and the anomaly marker show
// them. Thread-safety: pure functions.
#pragma once

#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

namespace interleave {

// A column's value as text: strings bare, NULL as NULL, the rest as JSON.
std::string JsonValueText(const nlohmann::json& value);

// "id=1" from a row and its key columns (every column when there is no key).
std::string KeyText(const nlohmann::json& row, const std::vector<std::string>& key_columns);

// "peepcoins=70": the row's columns that are not the key (all of them for a
// row without a key), only those in `only` when given, and only those that
// differ from `other` when given.
std::string ValuesText(const nlohmann::json& row, const std::vector<std::string>& key_columns,
                       const nlohmann::json* other = nullptr,
                       const std::set<std::string>* only = nullptr);

}  // namespace interleave
