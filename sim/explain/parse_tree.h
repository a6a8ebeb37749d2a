// One SQL statement's parse tree from PostgreSQL's own parser (libpg_query),
// unpacked into its protobuf structs, with what read_query.cc needs to take
// it apart and put pieces back together: a walk over every node, and a
// deparse of the tree as it stands (after pieces of another tree were
// grafted in; they must be taken out again before either tree is freed).
// Thread-safety: one tree, one thread (libpg_query keeps per-thread memory).
// Ownership: owns the unpacked tree; frees it on destruction.
#pragma once

#include <pg_query.h>
#include <pg_query/pg_query.pb-c.h>

#include <functional>
#include <string>

namespace interleave {

class ParseTree {
 public:
  explicit ParseTree(const std::string& sql);
  ~ParseTree();
  ParseTree(const ParseTree&) = delete;
  ParseTree& operator=(const ParseTree&) = delete;

  // Why the text did not parse ("" when it did).
  const std::string& error() const { return error_; }
  // The only statement, or null.
  PgQuery__Node* statement() const;
  // Deparses the tree as it stands now.
  std::string Deparse() const;

 private:
  PgQueryProtobufParseResult result_{};
  PgQuery__ParseResult* tree_ = nullptr;
  std::string error_;
};

// Calls `visit` on `node` and, while it returns true, on every node below it
// (depth first, in field order). Null is skipped.
void WalkNodes(PgQuery__Node* node, const std::function<bool(PgQuery__Node*)>& visit);

}  // namespace interleave
