// A small XML well-formedness checker for tests of the JUnit report: an
// optional declaration, one root element, properly nested and closed
// elements, quoted attributes without duplicates, and only the five
// predefined entities or numeric character references. Not a validating
// parser. Thread-safety: a pure function.
#pragma once

#include <cctype>
#include <set>
#include <string>
#include <vector>

namespace interleave::testing {

// Returns "" when `xml` is well-formed, else what is wrong and where.
inline std::string XmlWellFormedError(const std::string& xml) {
  size_t i = 0;
  std::vector<std::string> open;
  int roots = 0;
  auto at = [&](const std::string& what) { return what + " at offset " + std::to_string(i); };
  auto is_name_char = [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.' ||
           c == ':';
  };
  auto check_text = [&](const std::string& text) -> std::string {
    for (size_t k = 0; k < text.size(); ++k) {
      if (text[k] == '<') return "raw '<' in text or attribute";
      if (text[k] != '&') continue;
      size_t semi = text.find(';', k);
      if (semi == std::string::npos) return "'&' without ';'";
      std::string entity = text.substr(k + 1, semi - k - 1);
      static const std::set<std::string> kNamed = {"amp", "lt", "gt", "quot", "apos"};
      bool numeric = entity.size() > 1 && entity[0] == '#' &&
                     entity.find_first_not_of("0123456789", 1) == std::string::npos;
      if (!kNamed.count(entity) && !numeric) return "unknown entity &" + entity + ";";
    }
    return "";
  };
  if (xml.compare(0, 5, "<?xml") == 0) {
    size_t end = xml.find("?>");
    if (end == std::string::npos) return "unterminated XML declaration";
    i = end + 2;
  }
  while (i < xml.size()) {
    size_t lt = xml.find('<', i);
    std::string text = xml.substr(i, lt == std::string::npos ? std::string::npos : lt - i);
    if (open.empty() && text.find_first_not_of(" \t\r\n") != std::string::npos)
      return at("text outside the root element");
    if (std::string error = check_text(text); !error.empty()) return at(error);
    if (lt == std::string::npos) break;
    i = lt;
    size_t gt = xml.find('>', i);
    if (gt == std::string::npos) return at("unterminated tag");
    std::string tag = xml.substr(i + 1, gt - i - 1);
    if (tag.empty()) return at("empty tag");
    if (tag[0] == '/') {
      std::string name = tag.substr(1);
      if (open.empty() || open.back() != name) return at("mismatched closing tag </" + name + ">");
      open.pop_back();
      i = gt + 1;
      continue;
    }
    bool self_closing = tag.back() == '/';
    if (self_closing) tag.pop_back();
    size_t k = 0;
    while (k < tag.size() && is_name_char(tag[k])) ++k;
    std::string name = tag.substr(0, k);
    if (name.empty()) return at("tag without a name");
    std::set<std::string> attributes;
    while (true) {
      while (k < tag.size() && std::isspace(static_cast<unsigned char>(tag[k]))) ++k;
      if (k >= tag.size()) break;
      size_t start = k;
      while (k < tag.size() && is_name_char(tag[k])) ++k;
      std::string attribute = tag.substr(start, k - start);
      if (attribute.empty() || k >= tag.size() || tag[k] != '=')
        return at("bad attribute in <" + name + ">");
      if (!attributes.insert(attribute).second) return at("duplicate attribute " + attribute);
      ++k;
      if (k >= tag.size() || (tag[k] != '"' && tag[k] != '\'')) return at("unquoted attribute");
      char quote = tag[k++];
      size_t close = tag.find(quote, k);
      if (close == std::string::npos) return at("unterminated attribute value");
      if (std::string error = check_text(tag.substr(k, close - k)); !error.empty())
        return at(error);
      k = close + 1;
    }
    if (open.empty() && ++roots > 1) return at("a second root element");
    if (!self_closing) open.push_back(name);
    i = gt + 1;
  }
  if (!open.empty()) return "unclosed element <" + open.back() + ">";
  if (roots != 1) return "no root element";
  return "";
}

}  // namespace interleave::testing
