#include "sim/explain/read_query.h"

#include <pg_query.h>
#include <pg_query/pg_query.pb-c.h>

#include <memory>
#include <nlohmann/json.hpp>

#include "sim/model/sql_text.h"

namespace interleave {
namespace {

// An unpacked protobuf parse tree, freed on destruction.
class ParseTree {
 public:
  explicit ParseTree(const std::string& sql) {
    result_ = pg_query_parse_protobuf(sql.c_str());
    if (result_.error) {
      error_ = result_.error->message;
      return;
    }
    tree_ = pg_query__parse_result__unpack(
        nullptr, result_.parse_tree.len, reinterpret_cast<const uint8_t*>(result_.parse_tree.data));
    if (!tree_) error_ = "the parse tree could not be read";
  }
  ~ParseTree() {
    if (tree_) pg_query__parse_result__free_unpacked(tree_, nullptr);
    pg_query_free_protobuf_parse_result(result_);
  }
  ParseTree(const ParseTree&) = delete;
  ParseTree& operator=(const ParseTree&) = delete;

  const std::string& error() const { return error_; }
  // The only statement, or null.
  PgQuery__Node* statement() const {
    if (!tree_ || tree_->n_stmts != 1) return nullptr;
    return tree_->stmts[0]->stmt;
  }
  // Deparses the tree as it stands now (after grafting).
  std::string Deparse() const {
    PgQueryProtobuf packed;
    packed.len = pg_query__parse_result__get_packed_size(tree_);
    std::string buffer(packed.len, '\0');
    pg_query__parse_result__pack(tree_, reinterpret_cast<uint8_t*>(buffer.data()));
    packed.data = buffer.data();
    PgQueryDeparseResult deparsed = pg_query_deparse_protobuf(packed);
    std::string text = deparsed.error ? "" : deparsed.query;
    pg_query_free_deparse_result(deparsed);
    return text;
  }

 private:
  PgQueryProtobufParseResult result_{};
  PgQuery__ParseResult* tree_ = nullptr;
  std::string error_;
};

std::string QuoteIdent(const std::string& name) {
  std::string quoted = "\"";
  for (char c : name) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  return quoted + "\"";
}

// The tables a FROM item scans; false when it holds something that is not a
// table (a subquery, a function).
bool CollectTables(const PgQuery__Node* item, std::vector<ReadTable>* tables) {
  if (!item) return true;
  if (item->node_case == PG_QUERY__NODE__NODE_RANGE_VAR) {
    const PgQuery__RangeVar* range = item->range_var;
    ReadTable table;
    table.table = range->schemaname && *range->schemaname
                      ? std::string(range->schemaname) + "." + range->relname
                      : std::string(range->relname);
    table.alias =
        range->alias && range->alias->aliasname ? range->alias->aliasname : range->relname;
    tables->push_back(table);
    return true;
  }
  if (item->node_case == PG_QUERY__NODE__NODE_JOIN_EXPR) {
    return CollectTables(item->join_expr->larg, tables) &&
           CollectTables(item->join_expr->rarg, tables);
  }
  return false;
}

// The statement's JSON parse tree (for questions the C structs make tedious).
nlohmann::json JsonTree(const std::string& sql) {
  PgQueryParseResult parsed = pg_query_parse(sql.c_str());
  nlohmann::json tree = parsed.error ? nlohmann::json() : nlohmann::json::parse(parsed.parse_tree);
  pg_query_free_parse_result(parsed);
  return tree;
}

// `node[key]`, or null when there is no such member.
nlohmann::json Member(const nlohmann::json& node, const char* key) {
  return node.is_object() && node.contains(key) ? node.at(key) : nlohmann::json();
}

bool HasSubquery(const nlohmann::json& node) {
  return !node.is_null() && node.dump().find("\"SubLink\"") != std::string::npos;
}

// The read query's text: a template SELECT of the tables' xmin and rows,
// given the statement's FROM items and WHERE (and a SELECT's ORDER BY and
// LIMIT), deparsed.
std::string RestatedQuery(const std::vector<ReadTable>& tables, PgQuery__Node** from, size_t n_from,
                          PgQuery__Node* where, const PgQuery__SelectStmt* order) {
  std::string targets;
  for (const ReadTable& table : tables) {
    if (!targets.empty()) targets += ", ";
    targets += QuoteIdent(table.alias) + ".xmin::text, to_jsonb(" + QuoteIdent(table.alias) + ")";
  }
  ParseTree shell("SELECT " + targets + " FROM interleave_placeholder");
  PgQuery__Node* node = shell.statement();
  if (!node || node->node_case != PG_QUERY__NODE__NODE_SELECT_STMT) return "";
  PgQuery__SelectStmt* select = node->select_stmt;
  // Graft the statement's own clauses for the deparse, then put the shell's back
  // so that each tree frees only what it owns.
  size_t shell_n_from = select->n_from_clause;
  PgQuery__Node** shell_from = select->from_clause;
  select->n_from_clause = n_from;
  select->from_clause = from;
  select->where_clause = where;
  if (order) {
    select->n_sort_clause = order->n_sort_clause;
    select->sort_clause = order->sort_clause;
    select->limit_count = order->limit_count;
    select->limit_offset = order->limit_offset;
    select->limit_option = order->limit_option;
  }
  std::string text = shell.Deparse();
  select->n_from_clause = shell_n_from;
  select->from_clause = shell_from;
  select->where_clause = nullptr;
  select->n_sort_clause = 0;
  select->sort_clause = nullptr;
  select->limit_count = nullptr;
  select->limit_offset = nullptr;
  return text;
}

// The WHERE condition alone, deparsed.
std::string WhereText(PgQuery__Node* where) {
  if (!where) return "";
  ParseTree shell("SELECT WHERE true");
  PgQuery__Node* node = shell.statement();
  if (!node || node->node_case != PG_QUERY__NODE__NODE_SELECT_STMT) return "";
  PgQuery__SelectStmt* select = node->select_stmt;
  PgQuery__Node* shell_where = select->where_clause;
  select->where_clause = where;
  std::string text = shell.Deparse();
  select->where_clause = shell_where;
  const std::string prefix = "SELECT WHERE ";
  return text.rfind(prefix, 0) == 0 ? text.substr(prefix.size()) : "";
}

// ORDER BY 1: a position in the statement's own select list, which the
// restated query does not have.
bool HasPositionalSort(const PgQuery__SelectStmt* select) {
  for (size_t i = 0; i < select->n_sort_clause; ++i) {
    const PgQuery__Node* item = select->sort_clause[i];
    if (item->node_case == PG_QUERY__NODE__NODE_SORT_BY && item->sort_by->node &&
        item->sort_by->node->node_case == PG_QUERY__NODE__NODE_A_CONST)
      return true;
  }
  return false;
}

ReadQuery Unanalysable(ReadQuery query, const std::string& why) {
  query.kind = ReadQuery::Kind::kUnanalysable;
  query.why_unanalysable = why;
  query.sql.clear();
  return query;
}

}  // namespace

bool TakesSnapshot(const std::string& statement) {
  static const char* kNoSnapshot[] = {"BEGIN",  "START",     "COMMIT",     "END",     "ROLLBACK",
                                      "ABORT",  "SAVEPOINT", "RELEASE",    "PREPARE", "SET",
                                      "SHOW",   "RESET",     "LOCK",       "LISTEN",  "UNLISTEN",
                                      "NOTIFY", "FETCH",     "CHECKPOINT", "DISCARD"};
  const std::string word = FirstKeyword(statement);
  if (word.empty()) return false;
  for (const char* keyword : kNoSnapshot) {
    if (word == keyword) return false;
  }
  return true;
}

ReadQuery AnalyzeReads(const std::string& statement) {
  ReadQuery query;
  query.statement_type = FirstKeyword(statement);
  ParseTree tree(statement);
  if (!tree.error().empty()) return Unanalysable(query, "it does not parse: " + tree.error());
  PgQuery__Node* node = tree.statement();
  if (!node) return Unanalysable(query, "it is not one statement");
  const nlohmann::json json = JsonTree(statement);
  const nlohmann::json stmts = Member(json, "stmts");
  const nlohmann::json body =
      stmts.is_array() && !stmts.empty() ? Member(stmts.at(0), "stmt") : nlohmann::json();

  PgQuery__Node** from = nullptr;
  size_t n_from = 0;
  PgQuery__Node* where = nullptr;
  const PgQuery__SelectStmt* order = nullptr;
  std::vector<PgQuery__Node*> extra_from;  // UPDATE/DELETE: the target table first
  PgQuery__Node target_node = PG_QUERY__NODE__INIT;

  switch (node->node_case) {
    case PG_QUERY__NODE__NODE_SELECT_STMT: {
      const PgQuery__SelectStmt* select = node->select_stmt;
      nlohmann::json select_json = Member(body, "SelectStmt");
      // SELECT count(*) FROM (SELECT ... FOR UPDATE) s: what the derived
      // table's scan read is what the statement read.
      while (select->n_from_clause == 1 && select->op == PG_QUERY__SET_OPERATION__SETOP_NONE &&
             !select->with_clause &&
             select->from_clause[0]->node_case == PG_QUERY__NODE__NODE_RANGE_SUBSELECT &&
             select->from_clause[0]->range_subselect->subquery &&
             select->from_clause[0]->range_subselect->subquery->node_case ==
                 PG_QUERY__NODE__NODE_SELECT_STMT) {
        query.partial = query.partial || HasSubquery(Member(select_json, "whereClause"));
        select_json = Member(Member(Member(Member(select_json, "fromClause").is_array()
                                               ? Member(select_json, "fromClause").at(0)
                                               : nlohmann::json(),
                                           "RangeSubselect"),
                                    "subquery"),
                             "SelectStmt");
        select = select->from_clause[0]->range_subselect->subquery->select_stmt;
      }
      if (select->op != PG_QUERY__SET_OPERATION__SETOP_NONE)
        return Unanalysable(query, "it combines queries (UNION, INTERSECT, EXCEPT)");
      if (select->with_clause) return Unanalysable(query, "it has a WITH clause");
      // VALUES, SELECT 1, SELECT f(): no table, unless a subquery reads one.
      if (select->n_values_lists > 0 || select->n_from_clause == 0) {
        if (HasSubquery(select_json)) return Unanalysable(query, "it reads in a subquery");
        return query;
      }
      if (select->limit_count && HasPositionalSort(select))
        return Unanalysable(query, "it picks rows by LIMIT in an ORDER BY given by position");
      from = select->from_clause;
      n_from = select->n_from_clause;
      where = select->where_clause;
      order = select;
      query.locking = select->n_locking_clause > 0;
      query.partial = query.partial || HasSubquery(Member(select_json, "whereClause")) ||
                      HasSubquery(Member(select_json, "targetList"));
      break;
    }
    case PG_QUERY__NODE__NODE_UPDATE_STMT:
    case PG_QUERY__NODE__NODE_DELETE_STMT: {
      const bool update = node->node_case == PG_QUERY__NODE__NODE_UPDATE_STMT;
      PgQuery__RangeVar* relation =
          update ? node->update_stmt->relation : node->delete_stmt->relation;
      if (update ? node->update_stmt->with_clause != nullptr
                 : node->delete_stmt->with_clause != nullptr)
        return Unanalysable(query, "it has a WITH clause");
      target_node.node_case = PG_QUERY__NODE__NODE_RANGE_VAR;
      target_node.range_var = relation;
      extra_from.push_back(&target_node);
      size_t n = update ? node->update_stmt->n_from_clause : node->delete_stmt->n_using_clause;
      PgQuery__Node** items =
          update ? node->update_stmt->from_clause : node->delete_stmt->using_clause;
      for (size_t i = 0; i < n; ++i) extra_from.push_back(items[i]);
      from = extra_from.data();
      n_from = extra_from.size();
      where = update ? node->update_stmt->where_clause : node->delete_stmt->where_clause;
      query.locking = true;
      const char* key = update ? "UpdateStmt" : "DeleteStmt";
      const nlohmann::json write_json = Member(body, key);
      query.partial = HasSubquery(Member(write_json, "whereClause")) ||
                      (update && HasSubquery(Member(write_json, "targetList")));
      query.set_reads_row =
          update &&
          Member(write_json, "targetList").dump().find("\"ColumnRef\"") != std::string::npos;
      break;
    }
    case PG_QUERY__NODE__NODE_INSERT_STMT: {
      PgQuery__Node* source = node->insert_stmt->select_stmt;
      if (!source || source->node_case != PG_QUERY__NODE__NODE_SELECT_STMT) return query;
      const PgQuery__SelectStmt* select = source->select_stmt;
      if (select->n_values_lists > 0 || select->n_from_clause == 0) {
        if (HasSubquery(Member(Member(body, "InsertStmt"), "selectStmt")))
          return Unanalysable(query, "it reads in a subquery of what it inserts");
        return query;
      }
      if (select->op != PG_QUERY__SET_OPERATION__SETOP_NONE || select->with_clause)
        return Unanalysable(query, "its SELECT combines queries or has a WITH clause");
      from = select->from_clause;
      n_from = select->n_from_clause;
      where = select->where_clause;
      query.partial = true;  // ON CONFLICT's look-up of the conflicting row is not seen
      break;
    }
    default:
      return query;  // utility statements read no rows of scenario tables
  }

  for (size_t i = 0; i < n_from; ++i) {
    if (!CollectTables(from[i], &query.tables))
      return Unanalysable(query, "it reads from a subquery or a function in FROM");
  }
  query.sql = RestatedQuery(query.tables, from, n_from, where, order);
  if (query.sql.empty()) return Unanalysable(query, "its reads could not be restated");
  query.where = WhereText(where);
  query.kind = ReadQuery::Kind::kRows;
  return query;
}

}  // namespace interleave
