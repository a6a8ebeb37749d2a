// Typed access to the values of one parsed TOML document, where every wrong
// type, missing key, unknown key or empty value throws an InputError that
// points at it; and the wording those messages share.
// Thread-safety: a TomlDocument only reads the document; its const methods are
// reentrant. Ownership: it refers to the SourceText, which must outlive it.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sim/model/scenario.h"
#include "sim/parse/toml_source_text.h"

namespace interleave::toml_parse {

// "a, b, c".
std::string Join(const std::vector<std::string>& items, const std::string& separator = ", ");
// "\"text\"".
std::string Quote(std::string_view text);
// "a string", "an integer", ...
std::string TypeName(const toml::node& node);
// " (did you mean "x"?)" when one candidate is close to `word`, else "".
std::string DidYouMean(std::string_view word, const std::vector<std::string>& candidates);
// Empty or only white space.
bool IsBlank(const std::string& text);
// "line 7".
std::string LineOf(const SourcePos& pos);

// A string value and the node it came from.
struct Item {
  std::string text;
  const toml::node* node = nullptr;
};

// One engine's value of a key that may differ between engines.
struct EngineValue {
  std::string engine;  // "postgresql", "mariadb"
  const toml::node* node = nullptr;
};

// The engine names scenario files use, PostgreSQL's first.
const std::vector<std::string>& EngineNames();

// Reads values of a TOML document with errors at their positions. `what`
// arguments name the table in messages ("client \"alex\""), `key` the key.
class TomlDocument {
 public:
  explicit TomlDocument(const SourceText& source) : src_(source) {}

  const SourceText& source() const { return src_; }

  [[noreturn]] void Fail(const SourcePos& pos, const std::string& message) const {
    throw InputError(pos, message);
  }

  // `kind "name"` when the table has a usable name, else `fallback`: how
  // messages call a table before its name is checked.
  static std::string Describe(const toml::table& table, const std::string& kind,
                              const std::string& fallback);

  // Table entries in the order they appear in the file.
  std::vector<std::pair<const toml::key*, const toml::node*>> Entries(
      const toml::table& table) const;

  void CheckKeys(const toml::table& table, const std::string& what,
                 const std::vector<std::string>& allowed) const;

  // The value of a required key; `expected` describes it for the message.
  const toml::node& Require(const toml::table& table, const std::string& key,
                            const std::string& what, const std::string& expected) const;

  [[noreturn]] void WrongType(const toml::node& node, const std::string& key,
                              const std::string& what, const std::string& expected) const;

  // A string value. No string may hold a NUL character (the server would
  // stop reading SQL at it); the SQL of "sql", "setup" and "teardown" may not
  // COPY from STDIN or to STDOUT (nothing feeds or reads a step's stdin).
  std::string String(const toml::node& node, const std::string& key, const std::string& what) const;
  // Throws for what String refuses in `text`, the value of `node`.
  void CheckText(const toml::node& node, const std::string& text, const std::string& key,
                 const std::string& what) const;

  // A string that must not be empty (names, SQL, sentences).
  std::string NonEmptyString(const toml::node& node, const std::string& key,
                             const std::string& what, const std::string& expected) const;

  std::string RequiredString(const toml::table& table, const std::string& key,
                             const std::string& what, const std::string& expected) const;

  // Absent: "". Present: must be a string.
  std::string OptionalString(const toml::table& table, const std::string& key,
                             const std::string& what) const;

  // A string, or an array of strings.
  std::vector<Item> StringItems(const toml::node& node, const std::string& key,
                                const std::string& what) const;

  std::vector<std::string> StringList(const toml::node& node, const std::string& key,
                                      const std::string& what) const;

  const toml::table& Table(const toml::node& node, const std::string& key, const std::string& what,
                           const std::string& expected) const;

  // [[key]] tables (or an inline array of inline tables).
  std::vector<const toml::table*> Tables(const toml::node& node, const std::string& key,
                                         const std::string& what) const;

  // A value that may differ between engines: `node` itself (every engine:
  // one entry, for "postgresql"), or a table { postgresql = ..., mariadb =
  // ... } (PostgreSQL's first, required; an unknown engine is an error).
  std::vector<EngineValue> PerEngine(const toml::node& node, const std::string& key,
                                     const std::string& what) const;

  // "read committed", "rr", ...
  Isolation IsolationValue(const toml::node& node, const std::string& key,
                           const std::string& what) const;

 private:
  const SourceText& src_;
};

}  // namespace interleave::toml_parse
