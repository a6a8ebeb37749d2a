// Tests of JsonWriter and FormatRunJson: escaping, structure, and the run's
// fields read back with a small strict JSON parser.
#include "report/json_printer.h"

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <memory>
#include <stdexcept>

#include "report/json_writer.h"
#include "tests/sample_traces.h"

namespace interleave {
namespace {

// A parsed JSON value (strict RFC 8259; throws std::runtime_error).
struct Json {
  enum class Type { kNull, kBool, kNumber, kString, kArray, kObject } type = Type::kNull;
  bool boolean = false;
  double number = 0;
  std::string string;
  std::vector<Json> array;
  std::map<std::string, Json> object;

  const Json& operator[](const std::string& key) const {
    auto it = object.find(key);
    if (type != Type::kObject || it == object.end()) throw std::runtime_error("no key " + key);
    return it->second;
  }
  const Json& operator[](size_t i) const {
    if (type != Type::kArray || i >= array.size()) throw std::runtime_error("no index");
    return array[i];
  }
  bool has(const std::string& key) const { return object.count(key) > 0; }
};

class Parser {
 public:
  explicit Parser(const std::string& text) : text_(text) {}
  Json ParseDocument() {
    Json value = Value();
    Space();
    if (pos_ != text_.size()) Fail("text after the value");
    return value;
  }

 private:
  [[noreturn]] void Fail(const std::string& what) {
    throw std::runtime_error(what + " at " + std::to_string(pos_));
  }
  void Space() {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\n' ||
                                   text_[pos_] == '\r' || text_[pos_] == '\t'))
      ++pos_;
  }
  void Expect(char c) {
    Space();
    if (pos_ >= text_.size() || text_[pos_] != c) Fail(std::string("expected ") + c);
    ++pos_;
  }
  bool Literal(const std::string& word) {
    if (text_.compare(pos_, word.size(), word) != 0) return false;
    pos_ += word.size();
    return true;
  }
  void AppendUtf8(unsigned cp, std::string* out) {
    if (cp < 0x80) {
      *out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      *out += static_cast<char>(0xC0 | (cp >> 6));
      *out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      *out += static_cast<char>(0xE0 | (cp >> 12));
      *out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      *out += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }
  std::string String() {
    Expect('"');
    std::string out;
    while (true) {
      if (pos_ >= text_.size()) Fail("unterminated string");
      unsigned char c = static_cast<unsigned char>(text_[pos_++]);
      if (c == '"') return out;
      if (c < 0x20) Fail("raw control character in a string");
      if (c != '\\') {
        out += static_cast<char>(c);
        continue;
      }
      if (pos_ >= text_.size()) Fail("bad escape");
      char e = text_[pos_++];
      switch (e) {
        case '"':
        case '\\':
        case '/':
          out += e;
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'n':
          out += '\n';
          break;
        case 'r':
          out += '\r';
          break;
        case 't':
          out += '\t';
          break;
        case 'u': {
          if (pos_ + 4 > text_.size()) Fail("short \\u");
          unsigned cp = std::stoul(text_.substr(pos_, 4), nullptr, 16);
          pos_ += 4;
          AppendUtf8(cp, &out);
          break;
        }
        default:
          Fail("bad escape");
      }
    }
  }
  Json Value() {
    Space();
    if (pos_ >= text_.size()) Fail("missing value");
    Json value;
    char c = text_[pos_];
    if (c == '{') {
      value.type = Json::Type::kObject;
      ++pos_;
      Space();
      if (pos_ < text_.size() && text_[pos_] == '}') {
        ++pos_;
        return value;
      }
      while (true) {
        std::string key = String();
        if (value.object.count(key)) Fail("duplicate key " + key);
        Expect(':');
        value.object[key] = Value();
        Space();
        if (pos_ < text_.size() && text_[pos_] == ',') {
          ++pos_;
          continue;
        }
        Expect('}');
        return value;
      }
    }
    if (c == '[') {
      value.type = Json::Type::kArray;
      ++pos_;
      Space();
      if (pos_ < text_.size() && text_[pos_] == ']') {
        ++pos_;
        return value;
      }
      while (true) {
        value.array.push_back(Value());
        Space();
        if (pos_ < text_.size() && text_[pos_] == ',') {
          ++pos_;
          continue;
        }
        Expect(']');
        return value;
      }
    }
    if (c == '"') {
      value.type = Json::Type::kString;
      value.string = String();
      return value;
    }
    if (Literal("true") || Literal("false")) {
      value.type = Json::Type::kBool;
      value.boolean = text_[pos_ - 1] == 'e' && text_[pos_ - 2] == 'u';
      return value;
    }
    if (Literal("null")) return value;
    size_t start = pos_;
    if (text_[pos_] == '-') ++pos_;
    if (pos_ >= text_.size() || !std::isdigit(static_cast<unsigned char>(text_[pos_])))
      Fail("bad value");
    while (pos_ < text_.size() &&
           (std::isdigit(static_cast<unsigned char>(text_[pos_])) || text_[pos_] == '.' ||
            text_[pos_] == 'e' || text_[pos_] == 'E' || text_[pos_] == '+' || text_[pos_] == '-'))
      ++pos_;
    value.type = Json::Type::kNumber;
    value.number = std::stod(text_.substr(start, pos_ - start));
    return value;
  }

  const std::string& text_;
  size_t pos_ = 0;
};

Json Parse(const std::string& text) { return Parser(text).ParseDocument(); }

TEST(JsonWriterTest, EscapesQuotesBackslashesAndControlCharacters) {
  EXPECT_EQ(JsonWriter::Quote("say \"hi\""), R"("say \"hi\"")");
  EXPECT_EQ(JsonWriter::Quote("C:\\tmp"), R"("C:\\tmp")");
  EXPECT_EQ(JsonWriter::Quote("a\nb\tc\rd\be\ff"), R"("a\nb\tc\rd\be\ff")");
  EXPECT_EQ(JsonWriter::Quote(std::string("\x01\x1f\x00", 3)), R"("\u0001\u001f\u0000")");
  EXPECT_EQ(JsonWriter::Quote("/\x7f"), "\"/\x7f\"");
}

TEST(JsonWriterTest, Utf8PassesThroughAndInvalidBytesBecomeReplacement) {
  EXPECT_EQ(JsonWriter::Quote("prix → 30 € ⏳ 日本 😀"), "\"prix → 30 € ⏳ 日本 😀\"");
  EXPECT_EQ(JsonWriter::Quote("a\xff"
                              "b"),
            "\"a\xEF\xBF\xBD"
            "b\"");
  EXPECT_EQ(JsonWriter::Quote("\xC0\xAF"), "\"\xEF\xBF\xBD\xEF\xBF\xBD\"");  // overlong
  EXPECT_EQ(JsonWriter::Quote("\xED\xA0\x80"),                               // a UTF-16 surrogate
            "\"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\"");
  EXPECT_EQ(JsonWriter::Quote("\xE2\x82"), "\"\xEF\xBF\xBD\xEF\xBF\xBD\"");  // cut short
}

TEST(JsonWriterTest, CompactDocument) {
  JsonWriter json(/*pretty=*/false);
  json.BeginObject();
  json.Key("a").Int(-3);
  json.Key("b").BeginArray().Bool(true).Null().String("x").Double(1.5).EndArray();
  json.Key("c").BeginObject().EndObject();
  json.Key("d").BeginArray().EndArray();
  json.Key("e").Double(NAN);
  json.Key("f").Double(2.0);
  json.Key("g").NullableString(std::optional<std::string>());
  json.EndObject();
  EXPECT_EQ(json.str(),
            R"({"a":-3,"b":[true,null,"x",1.5],"c":{},"d":[],"e":null,"f":2,"g":null})");
}

TEST(JsonWriterTest, PrettyDocumentParsesBack) {
  JsonWriter json;
  json.BeginObject();
  json.Key("list").BeginArray(true).Int(1).Int(2).EndArray();
  json.Key("nested").BeginArray().BeginObject().Key("k\"").String("v\n").EndObject().EndArray();
  json.EndObject();
  Json value = Parse(json.str());
  EXPECT_EQ(value["list"].array.size(), 2u);
  EXPECT_EQ(value["nested"][0]["k\""].string, "v\n");
  EXPECT_NE(json.str().find("[1, 2]"), std::string::npos) << json.str();
}

class JsonPrinterTest : public ::testing::Test {
 protected:
  JsonPrinterTest() : scenario_(sample::LostUpdateScenario()) {}
  Scenario scenario_;
};

TEST_F(JsonPrinterTest, RunIsValidJsonWithTheScenarioAndVariants) {
  std::vector<VariantResult> results = {
      sample::Result(scenario_, sample::BaselineTrace(), nullptr),
      sample::Result(scenario_, sample::ForUpdateTrace(), &scenario_.variants[0]),
      sample::Result(scenario_, sample::RepeatableReadTrace(true), &scenario_.variants[1])};
  std::string text = FormatRunJson(scenario_, results);
  ASSERT_FALSE(text.empty());
  EXPECT_EQ(text.back(), '\n');
  Json doc = Parse(text);
  EXPECT_EQ(doc["scenario"]["title"].string, "Two clerks raise the same price");
  EXPECT_EQ(doc["scenario"]["anomaly"].string, "lost update (P4)");
  EXPECT_EQ(doc["scenario"]["path"].string, "scenarios/lost_update.toml");
  ASSERT_EQ(doc["variants"].array.size(), 3u);

  const Json& baseline = doc["variants"][0];
  EXPECT_EQ(baseline["name"].string, "baseline");
  EXPECT_EQ(baseline["verdict"].string, "anomaly");
  EXPECT_EQ(baseline["verdict_summary"].string, results[0].verdict.summary);
  EXPECT_EQ(baseline["expect"].type, Json::Type::kNull);
  EXPECT_EQ(baseline["matches_expect"].type, Json::Type::kNull);
  const Json& trace = baseline["trace"];
  EXPECT_EQ(trace["client_names"][1].string, "robin");
  EXPECT_EQ(trace["isolation"][0].string, IsolationName(Isolation::kReadCommitted));
  ASSERT_EQ(trace["steps"].array.size(), 8u);
  const Json& a2 = trace["steps"][2];
  EXPECT_EQ(a2["index"].number, 2);
  EXPECT_EQ(a2["client"].string, "alex");
  EXPECT_EQ(a2["step"].string, "a2");
  EXPECT_EQ(a2["sql"].string, "SELECT price FROM products WHERE id = 1");
  EXPECT_EQ(a2["attempt"].number, 1);
  EXPECT_EQ(a2["status"].string, StepStatusName(StepStatus::kCompleted));
  EXPECT_EQ(a2["blocked"].type, Json::Type::kBool);
  EXPECT_FALSE(a2["blocked"].boolean);
  EXPECT_EQ(a2["released_by"].type, Json::Type::kNull);
  EXPECT_EQ(a2["results"][0]["tag"].string, "SELECT 1");
  EXPECT_EQ(a2["results"][0]["columns"][0].string, "price");
  EXPECT_EQ(a2["results"][0]["rows"][0][0].string, "10");
  EXPECT_EQ(a2["error"].type, Json::Type::kNull);
  EXPECT_EQ(a2["notices"].type, Json::Type::kArray);
  EXPECT_EQ(a2["duration_ms"].number, 0.25);
  EXPECT_EQ(trace["events"][0]["kind"].string, "completed");
  EXPECT_EQ(trace["events"][0]["step"].number, 0);
  const Json& check = trace["checks"][0];
  EXPECT_EQ(check["name"].string, "both_raises_kept");
  EXPECT_FALSE(check["passed"].boolean);
  EXPECT_EQ(check["value"].string, "40");
  EXPECT_EQ(check["expected"].string, "60");
  EXPECT_EQ(check["explain"].string, sample::kExplain);
  EXPECT_EQ(trace["initial_state"][0]["table"].string, "products");
  EXPECT_EQ(trace["initial_state"][0]["rows"][0][2].string, "10");
  EXPECT_EQ(trace["final_state"][0]["rows"][0][2].string, "40");

  const Json& for_update = doc["variants"][1];
  EXPECT_EQ(for_update["verdict"].string, "prevented-by-wait");
  EXPECT_EQ(for_update["expect"].string, "prevented-by-wait");
  EXPECT_EQ(for_update["matches_expect"].type, Json::Type::kBool);
  EXPECT_TRUE(for_update["matches_expect"].boolean);
  const Json& b2 = for_update["trace"]["steps"][3];
  EXPECT_TRUE(b2["blocked"].boolean);
  EXPECT_EQ(b2["blocked_by"][0]["client"].string, "alex");
  EXPECT_EQ(b2["blocked_by"][0]["step"].string, "a2");
  EXPECT_EQ(b2["blocked_by"][0]["step_index"].number, 2);
  EXPECT_EQ(b2["released_by"].number, 5);
  EXPECT_EQ(b2["released_by_step"].string, "a4");
  EXPECT_EQ(b2["completion_order"].number, 5);
  EXPECT_EQ(for_update["trace"]["events"][3]["kind"].string, "waiting");
  EXPECT_EQ(for_update["trace"]["events"][6]["kind"].string, "completed_later");

  const Json& rr = doc["variants"][2];
  EXPECT_EQ(rr["verdict"].string, "prevented-by-abort");
  EXPECT_EQ(rr["aborted_steps"][0].number, 6);
  EXPECT_EQ(rr["retried_clients"][0].number, 1);
  const Json& b3 = rr["trace"]["steps"][6];
  EXPECT_EQ(b3["error"]["sqlstate"].string, "40001");
  EXPECT_EQ(b3["error"]["message"].string, "could not serialize access due to concurrent update");
  EXPECT_EQ(b3["error"]["detail"].string, "");
  EXPECT_EQ(rr["trace"]["steps"][9]["attempt"].number, 2);
  EXPECT_EQ(rr["trace"]["events"][7]["kind"].string, "retry");
  EXPECT_EQ(rr["trace"]["events"][9]["step"].type, Json::Type::kNull);
}

TEST_F(JsonPrinterTest, AwkwardTextSurvivesTheRoundTrip) {
  sample::TraceBuilder b({"al\"ex", "ro\\bin"}, Isolation::kDefault, "tricky");
  std::string sql = "SELECT 'it''s', E'tab\\there',\n  \"quoted col\" -- comment\x01";
  b.Done(0, "a1", sql, {sample::Rows({"col \"x\""}, {{std::nullopt}, {"line\nbreak"}})});
  b.Failed(1, "b1", "INSERT INTO users VALUES ('sam')",
           sample::Error("23505", "duplicate key value violates unique constraint \"users_pkey\"",
                         "Key (name)=(sam) already exists."));
  b.trace().steps[1].notices = {"NOTICE:  \x1b[31m über"};
  b.Check("ok", "t", "true", true, "");
  Scenario scenario;
  scenario.title = "Quotes \"and\" back\\slashes\ttabs";
  std::string text = FormatRunJson(scenario, {sample::Result(scenario, b.trace(), nullptr)});
  // Escaped as JSON requires, never raw.
  EXPECT_NE(text.find(R"("title": "Quotes \"and\" back\\slashes\ttabs")"), std::string::npos);
  EXPECT_NE(text.find(R"(\u0001)"), std::string::npos);
  EXPECT_NE(text.find(R"(\u001b[31m über)"), std::string::npos);
  Json doc = Parse(text);
  EXPECT_EQ(doc["scenario"]["title"].string, scenario.title);
  const Json& trace = doc["variants"][0]["trace"];
  EXPECT_EQ(trace["client_names"][0].string, "al\"ex");
  EXPECT_EQ(trace["client_names"][1].string, "ro\\bin");
  EXPECT_EQ(trace["steps"][0]["sql"].string, sql);
  const Json& rows = trace["steps"][0]["results"][0]["rows"];
  EXPECT_EQ(rows[0][0].type, Json::Type::kNull);  // SQL NULL
  EXPECT_EQ(rows[1][0].string, "line\nbreak");
  EXPECT_EQ(trace["steps"][0]["results"][0]["columns"][0].string, "col \"x\"");
  EXPECT_EQ(trace["steps"][1]["error"]["detail"].string, "Key (name)=(sam) already exists.");
  EXPECT_EQ(trace["steps"][1]["notices"][0].string, "NOTICE:  \x1b[31m über");
  EXPECT_EQ(doc["variants"][0]["verdict"].string, "prevented-by-abort");
}

TEST_F(JsonPrinterTest, EmptyRunIsStillADocument) {
  Json doc = Parse(FormatRunJson(scenario_, {}));
  EXPECT_EQ(doc["variants"].type, Json::Type::kArray);
  EXPECT_TRUE(doc["variants"].array.empty());
}

TEST_F(JsonPrinterTest, SetupErrorAndRunErrorAreReported) {
  Trace trace = sample::BaselineTrace();
  trace.setup_error = sample::Error("42P07", "relation \"products\" already exists");
  trace.run_error = "lost the connection";
  Json doc = Parse(FormatRunJson(scenario_, {sample::Result(scenario_, trace, nullptr)}));
  EXPECT_EQ(doc["variants"][0]["verdict"].string, "error");
  EXPECT_EQ(doc["variants"][0]["trace"]["setup_error"]["sqlstate"].string, "42P07");
  EXPECT_EQ(doc["variants"][0]["trace"]["run_error"].string, "lost the connection");
}

}  // namespace
}  // namespace interleave
