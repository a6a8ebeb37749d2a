#include "report/regress_diff.h"

#include <algorithm>
#include <cctype>
#include <cstdint>

namespace interleave {
namespace {

// A file's lines without their line ends (a last line without one counts).
std::vector<std::string> SplitLines(const std::string& text) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

// What `diff -w` compares of a line: the line without any white space.
std::string Squeezed(const std::string& line) {
  std::string key;
  key.reserve(line.size());
  for (char c : line) {
    if (!std::isspace(static_cast<unsigned char>(c))) key += c;
  }
  return key;
}

enum class Op { kSame, kRemoved, kAdded };

struct Edit {
  Op op;
  size_t expected_line;  // index in expected (kSame, kRemoved)
  size_t actual_line;    // index in actual (kSame, kAdded)
};

// A shortest edit script from a to b: common head and tail first, then a
// longest common subsequence of what is left. A middle too large for the
// table (outputs that have nothing in common) is one removal and one addition.
std::vector<Edit> EditScript(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  size_t head = 0;
  while (head < a.size() && head < b.size() && a[head] == b[head]) ++head;
  size_t tail = 0;
  while (tail < a.size() - head && tail < b.size() - head &&
         a[a.size() - 1 - tail] == b[b.size() - 1 - tail]) {
    ++tail;
  }
  const size_t n = a.size() - head - tail;
  const size_t m = b.size() - head - tail;
  std::vector<Edit> edits;
  for (size_t i = 0; i < head; ++i) edits.push_back({Op::kSame, i, i});
  constexpr size_t kMaxCells = size_t{1} << 24;
  if (n > 0 && m > 0 && (n + 1) * (m + 1) <= kMaxCells) {
    // lcs[i][j]: the longest common subsequence of a[head+i..] and b[head+j..].
    std::vector<uint32_t> lcs((n + 1) * (m + 1), 0);
    auto at = [&](size_t i, size_t j) -> uint32_t& { return lcs[i * (m + 1) + j]; };
    for (size_t i = n; i-- > 0;) {
      for (size_t j = m; j-- > 0;) {
        at(i, j) = a[head + i] == b[head + j] ? at(i + 1, j + 1) + 1
                                              : std::max(at(i + 1, j), at(i, j + 1));
      }
    }
    size_t i = 0, j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && a[head + i] == b[head + j]) {
        edits.push_back({Op::kSame, head + i++, head + j++});
      } else if (j < m && (i == n || at(i, j + 1) > at(i + 1, j))) {
        edits.push_back({Op::kAdded, head + i, head + j++});
      } else {
        edits.push_back({Op::kRemoved, head + i++, head + j});
      }
    }
  } else {
    for (size_t i = 0; i < n; ++i) edits.push_back({Op::kRemoved, head + i, head});
    for (size_t j = 0; j < m; ++j) edits.push_back({Op::kAdded, head + n, head + j});
  }
  for (size_t k = 0; k < tail; ++k) {
    edits.push_back({Op::kSame, head + n + k, head + m + k});
  }
  return edits;
}

std::vector<std::string> Keys(const std::vector<std::string>& lines) {
  std::vector<std::string> keys;
  keys.reserve(lines.size());
  for (const std::string& line : lines) keys.push_back(Squeezed(line));
  return keys;
}

// "start,count" of a hunk as diff prints it: count 1 is left out, and an
// empty range names the line before it.
std::string Range(size_t first, size_t count) {
  if (count == 1) return std::to_string(first + 1);
  return std::to_string(count == 0 ? first : first + 1) + "," + std::to_string(count);
}

}  // namespace

bool SameIgnoringWhitespace(const std::string& expected, const std::string& actual) {
  return Keys(SplitLines(expected)) == Keys(SplitLines(actual));
}

int ChangedLineCount(const std::string& expected, const std::string& actual) {
  int changed = 0;
  for (const Edit& edit : EditScript(Keys(SplitLines(expected)), Keys(SplitLines(actual)))) {
    if (edit.op != Op::kSame) ++changed;
  }
  return changed;
}

std::string UnifiedDiff(const std::string& expected, const std::string& actual,
                        const std::string& expected_label, const std::string& actual_label,
                        int context) {
  const std::vector<std::string> a = SplitLines(expected);
  const std::vector<std::string> b = SplitLines(actual);
  const std::vector<Edit> edits = EditScript(Keys(a), Keys(b));
  std::string out;
  const size_t keep = static_cast<size_t>(std::max(context, 0));
  size_t k = 0;
  while (k < edits.size()) {
    // The next change, and the hunk around it: changes closer than two
    // contexts apart share a hunk.
    while (k < edits.size() && edits[k].op == Op::kSame) ++k;
    if (k == edits.size()) break;
    size_t begin = k >= keep ? k - keep : 0;
    size_t end = k;
    size_t same_run = 0;
    while (end < edits.size()) {
      if (edits[end].op == Op::kSame) {
        if (++same_run > 2 * keep) break;
      } else {
        same_run = 0;
      }
      ++end;
    }
    // Trim the trailing context to `keep` lines.
    size_t trailing = 0;
    while (trailing < end - begin && edits[end - 1 - trailing].op == Op::kSame) ++trailing;
    if (trailing > keep) end -= trailing - keep;
    size_t a_first = edits[begin].expected_line, b_first = edits[begin].actual_line;
    size_t a_count = 0, b_count = 0;
    std::string body;
    for (size_t e = begin; e < end; ++e) {
      switch (edits[e].op) {
        case Op::kSame:
          body += " " + a[edits[e].expected_line] + "\n";
          ++a_count;
          ++b_count;
          break;
        case Op::kRemoved:
          body += "-" + a[edits[e].expected_line] + "\n";
          ++a_count;
          break;
        case Op::kAdded:
          body += "+" + b[edits[e].actual_line] + "\n";
          ++b_count;
          break;
      }
    }
    if (out.empty()) out = "--- " + expected_label + "\n+++ " + actual_label + "\n";
    out += "@@ -" + Range(a_first, a_count) + " +" + Range(b_first, b_count) + " @@\n" + body;
    k = end;
  }
  return out;
}

std::string ShortenDiff(const std::string& diff, int max_lines) {
  if (max_lines <= 0) return diff;
  size_t pos = 0;
  int lines = 0;
  while (pos < diff.size() && lines < max_lines) {
    size_t end = diff.find('\n', pos);
    pos = end == std::string::npos ? diff.size() : end + 1;
    ++lines;
  }
  if (pos >= diff.size()) return diff;
  int rest = 0;
  for (size_t i = pos; i < diff.size(); ++i) rest += diff[i] == '\n' ? 1 : 0;
  if (diff.back() != '\n') ++rest;
  return diff.substr(0, pos) + "... " + std::to_string(rest) + " more diff line" +
         (rest == 1 ? "" : "s") + "\n";
}

}  // namespace interleave
