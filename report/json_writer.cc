// JSON writing (see json_writer.h).
#include "report/json_writer.h"

#include <cassert>
#include <cmath>
#include <cstdio>

#include "util/utf8.h"

namespace interleave {

std::string JsonWriter::Quote(std::string_view value) {
  std::string out = "\"";
  size_t i = 0;
  while (i < value.size()) {
    unsigned char c = static_cast<unsigned char>(value[i]);
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (c < 0x20) {
          char buffer[8];
          std::snprintf(buffer, sizeof buffer, "\\u%04x", c);
          out += buffer;
        } else if (c < 0x80) {
          out += static_cast<char>(c);
        } else if (size_t length = Utf8SequenceLength(value, i)) {
          out.append(value.substr(i, length));
          i += length;
          continue;
        } else {
          out += "\xEF\xBF\xBD";  // U+FFFD for a byte that is not UTF-8
        }
    }
    ++i;
  }
  return out + "\"";
}

void JsonWriter::NewLine() {
  if (!pretty_) return;
  out_ += '\n';
  out_.append(2 * stack_.size(), ' ');
}

void JsonWriter::BeforeValue() {
  if (stack_.empty()) {
    assert(out_.empty() && "one top-level value per document");
    return;
  }
  Level& level = stack_.back();
  if (level.object) {
    assert(level.key_pending && "an object value needs a key first");
    level.key_pending = false;
    return;
  }
  if (level.count > 0) out_ += level.inline_items && pretty_ ? ", " : ",";
  if (!level.inline_items) NewLine();
  ++level.count;
}

JsonWriter& JsonWriter::Key(std::string_view key) {
  assert(!stack_.empty() && stack_.back().object && !stack_.back().key_pending);
  Level& level = stack_.back();
  if (level.count > 0) out_ += level.inline_items && pretty_ ? ", " : ",";
  if (!level.inline_items) NewLine();
  ++level.count;
  out_ += Quote(key);
  out_ += pretty_ ? ": " : ":";
  level.key_pending = true;
  return *this;
}

JsonWriter& JsonWriter::BeginObject() {
  BeforeValue();
  out_ += '{';
  bool inline_items = !stack_.empty() && stack_.back().inline_items;
  stack_.push_back(Level{true, inline_items, 0, false});
  return *this;
}

JsonWriter& JsonWriter::EndObject() {
  assert(!stack_.empty() && stack_.back().object && !stack_.back().key_pending);
  Level level = stack_.back();
  stack_.pop_back();
  if (level.count > 0 && !level.inline_items) NewLine();
  out_ += '}';
  return *this;
}

JsonWriter& JsonWriter::BeginArray(bool inline_items) {
  BeforeValue();
  out_ += '[';
  bool outer_inline = !stack_.empty() && stack_.back().inline_items;
  stack_.push_back(Level{false, inline_items || outer_inline, 0, false});
  return *this;
}

JsonWriter& JsonWriter::EndArray() {
  assert(!stack_.empty() && !stack_.back().object);
  Level level = stack_.back();
  stack_.pop_back();
  if (level.count > 0 && !level.inline_items) NewLine();
  out_ += ']';
  return *this;
}

JsonWriter& JsonWriter::String(std::string_view value) {
  BeforeValue();
  out_ += Quote(value);
  return *this;
}

JsonWriter& JsonWriter::NullableString(const std::optional<std::string>& value) {
  return value ? String(std::string_view(*value)) : Null();
}

JsonWriter& JsonWriter::StringArray(const std::vector<std::string>& values, bool inline_items) {
  BeginArray(inline_items);
  for (const std::string& value : values) String(value);
  return EndArray();
}

JsonWriter& JsonWriter::Int(long long value) {
  BeforeValue();
  out_ += std::to_string(value);
  return *this;
}

JsonWriter& JsonWriter::Double(double value, int decimals) {
  if (!std::isfinite(value)) return Null();
  BeforeValue();
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals < 0 ? 0 : decimals, value);
  std::string text = buffer;
  if (text.find('.') != std::string::npos) {
    while (text.back() == '0') text.pop_back();
    if (text.back() == '.') text.pop_back();
  }
  if (text == "-0") text = "0";
  out_ += text;
  return *this;
}

JsonWriter& JsonWriter::Bool(bool value) {
  BeforeValue();
  out_ += value ? "true" : "false";
  return *this;
}

JsonWriter& JsonWriter::Null() {
  BeforeValue();
  out_ += "null";
  return *this;
}

}  // namespace interleave
