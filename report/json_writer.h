// A small streaming JSON writer: objects, arrays, strings, numbers, booleans
// and null, written in order into a string, indented two spaces per level
// (arrays begun with `inline_items` stay on one line). Strings are escaped
// per RFC 8259: quotes, backslashes and control characters are escaped,
// valid UTF-8 passes through and invalid bytes become U+FFFD.
// Misuse (a value where a key is due, unbalanced End*) is a programming
// error and is caught by assertions only.
// Thread-safety: none; one writer builds one document on one thread.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace interleave {

class JsonWriter {
 public:
  explicit JsonWriter(bool pretty = true) : pretty_(pretty) {}
  JsonWriter(const JsonWriter&) = delete;
  JsonWriter& operator=(const JsonWriter&) = delete;

  JsonWriter& BeginObject();
  JsonWriter& EndObject();
  JsonWriter& BeginArray(bool inline_items = false);
  JsonWriter& EndArray();
  JsonWriter& Key(std::string_view key);

  JsonWriter& String(std::string_view value);
  JsonWriter& NullableString(const std::optional<std::string>& value);  // null when empty
  // An array of strings, on one line unless `inline_items` is false.
  JsonWriter& StringArray(const std::vector<std::string>& values, bool inline_items = true);
  JsonWriter& Int(long long value);
  // Finite numbers with at most `decimals` decimals (trailing zeros dropped);
  // NaN and infinities become null.
  JsonWriter& Double(double value, int decimals = 3);
  JsonWriter& Bool(bool value);
  JsonWriter& Null();

  // The document so far; complete once every Begin has its End.
  const std::string& str() const { return out_; }

  // `value` as a quoted, escaped JSON string.
  static std::string Quote(std::string_view value);

 private:
  struct Level {
    bool object = false;
    bool inline_items = false;
    int count = 0;
    bool key_pending = false;
  };
  void BeforeValue();
  void NewLine();

  bool pretty_;
  std::string out_;
  std::vector<Level> stack_;
};

}  // namespace interleave
