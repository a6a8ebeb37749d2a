#include "sim/explain/read_query.h"

#include <algorithm>
#include <deque>
#include <map>
#include <set>

#include "sim/explain/parse_tree.h"
#include "sim/model/sql_text.h"

namespace interleave {
namespace {

using Nodes = std::vector<PgQuery__Node*>;

std::string QuoteIdent(const std::string& name) {
  std::string quoted = "\"";
  for (char c : name) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  return quoted + "\"";
}

bool Is(const PgQuery__Node* node, PgQuery__Node__NodeCase kind) {
  return node && node->node_case == kind;
}

std::string StringOf(const PgQuery__Node* node) {
  return Is(node, PG_QUERY__NODE__NODE_STRING) && node->string->sval ? node->string->sval : "";
}

bool HasSubLink(PgQuery__Node* node) {
  bool found = false;
  WalkNodes(node, [&](PgQuery__Node* n) {
    if (Is(n, PG_QUERY__NODE__NODE_SUB_LINK)) found = true;
    return !found;
  });
  return found;
}

// The conjuncts of a condition: the arguments of its top-level ANDs.
void Conjuncts(PgQuery__Node* where, Nodes* out) {
  if (!where) return;
  if (Is(where, PG_QUERY__NODE__NODE_BOOL_EXPR) &&
      where->bool_expr->boolop == PG_QUERY__BOOL_EXPR_TYPE__AND_EXPR) {
    for (size_t i = 0; i < where->bool_expr->n_args; ++i) Conjuncts(where->bool_expr->args[i], out);
    return;
  }
  out->push_back(where);
}

// The names a FROM item's tables and derived tables are known by.
void DeclaredNames(PgQuery__Node* node, std::set<std::string>* names) {
  WalkNodes(node, [&](PgQuery__Node* n) {
    if (Is(n, PG_QUERY__NODE__NODE_RANGE_VAR)) {
      const PgQuery__RangeVar* range = n->range_var;
      names->insert(range->alias && range->alias->aliasname && *range->alias->aliasname
                        ? range->alias->aliasname
                        : range->relname);
    } else if (Is(n, PG_QUERY__NODE__NODE_RANGE_SUBSELECT) && n->range_subselect->alias) {
      names->insert(n->range_subselect->alias->aliasname);
    } else if (Is(n, PG_QUERY__NODE__NODE_COMMON_TABLE_EXPR)) {
      names->insert(n->common_table_expr->ctename);
    }
    return true;
  });
}

// A FROM item that calls only PostgreSQL's own set-returning functions of
// values (unnest, generate_series, json_each ...), which read no table.
bool ReadsNoTable(PgQuery__Node* item) {
  static const std::set<std::string> kOfValues = {"unnest",
                                                  "generate_series",
                                                  "generate_subscripts",
                                                  "string_to_table",
                                                  "regexp_matches",
                                                  "json_each",
                                                  "jsonb_each",
                                                  "json_each_text",
                                                  "jsonb_each_text",
                                                  "json_array_elements",
                                                  "jsonb_array_elements",
                                                  "json_array_elements_text",
                                                  "jsonb_array_elements_text",
                                                  "json_to_recordset",
                                                  "jsonb_to_recordset",
                                                  "json_populate_recordset",
                                                  "jsonb_populate_recordset",
                                                  "json_object_keys",
                                                  "jsonb_object_keys"};
  bool only_values = Is(item, PG_QUERY__NODE__NODE_RANGE_FUNCTION);
  WalkNodes(item, [&](PgQuery__Node* n) {
    if (Is(n, PG_QUERY__NODE__NODE_FUNC_CALL)) {
      const PgQuery__FuncCall* call = n->func_call;
      const std::string name =
          call->n_funcname ? StringOf(call->funcname[call->n_funcname - 1]) : "";
      if (!kOfValues.count(name)) only_values = false;
    }
    if (Is(n, PG_QUERY__NODE__NODE_SUB_LINK)) only_values = false;
    return only_values;
  });
  return only_values;
}

// ORDER BY 1: a position in the statement's own select list, which the
// restated query does not have.
bool HasPositionalSort(const PgQuery__SelectStmt* select) {
  for (size_t i = 0; i < select->n_sort_clause; ++i) {
    const PgQuery__Node* item = select->sort_clause[i];
    if (Is(item, PG_QUERY__NODE__NODE_SORT_BY) &&
        Is(item->sort_by->node, PG_QUERY__NODE__NODE_A_CONST))
      return true;
  }
  return false;
}

// Deparses SELECT `targets` with the given clauses grafted in (borrowed from
// the statement's tree and taken out again before return).
std::string Restate(const std::string& targets, Nodes from, PgQuery__Node* where,
                    const PgQuery__SelectStmt* order, PgQuery__WithClause* with) {
  ParseTree shell("SELECT " + targets + " FROM interleave_placeholder");
  PgQuery__Node* node = shell.statement();
  if (!Is(node, PG_QUERY__NODE__NODE_SELECT_STMT)) return "";
  PgQuery__SelectStmt* select = node->select_stmt;
  const size_t shell_n_from = select->n_from_clause;
  PgQuery__Node** shell_from = select->from_clause;
  select->n_from_clause = from.size();
  select->from_clause = from.data();
  select->where_clause = where;
  select->with_clause = with;
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
  select->with_clause = nullptr;
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
  if (!Is(node, PG_QUERY__NODE__NODE_SELECT_STMT)) return "";
  PgQuery__SelectStmt* select = node->select_stmt;
  PgQuery__Node* shell_where = select->where_clause;
  select->where_clause = where;
  std::string text = shell.Deparse();
  select->where_clause = shell_where;
  const std::string prefix = "SELECT WHERE ";
  return text.rfind(prefix, 0) == 0 ? text.substr(prefix.size()) : "";
}

// The columns a statement names: qualified by a table's alias, unqualified,
// and the stars.
struct ColumnUse {
  std::map<std::string, std::set<std::string>> qualified;  // alias -> columns
  std::set<std::string> unqualified;
  std::set<std::string> starred;  // alias.*

  void Collect(PgQuery__Node* statement) {
    WalkNodes(statement, [&](PgQuery__Node* n) {
      if (!Is(n, PG_QUERY__NODE__NODE_COLUMN_REF)) return true;
      const PgQuery__ColumnRef* ref = n->column_ref;
      if (ref->n_fields == 0) return false;
      const PgQuery__Node* last = ref->fields[ref->n_fields - 1];
      const std::string qualifier =
          ref->n_fields >= 2 ? StringOf(ref->fields[ref->n_fields - 2]) : "";
      if (Is(last, PG_QUERY__NODE__NODE_A_STAR)) {
        if (!qualifier.empty()) starred.insert(qualifier);
      } else if (qualifier.empty()) {
        unqualified.insert(StringOf(last));
      } else {
        qualified[qualifier].insert(StringOf(last));
      }
      return false;
    });
  }
  void Fill(ReadTable* table, bool bare_star) const {
    std::set<std::string> columns = unqualified;
    auto it = qualified.find(table->alias);
    if (it != qualified.end()) columns.insert(it->second.begin(), it->second.end());
    // A whole-row reference (to_jsonb(u), SELECT u FROM users u) reads every column.
    table->all_columns =
        bare_star || starred.count(table->alias) || unqualified.count(table->alias);
    table->columns.assign(columns.begin(), columns.end());
  }
};

// One query level as its scans are restated: the FROM items and WHERE
// conjuncts in effect (a correlated subquery's include its outer level's).
struct Scope {
  Nodes from;
  Nodes conjuncts;
};

// Takes one statement apart into its scans.
class Analyzer {
 public:
  explicit Analyzer(ReadQuery* query) : query_(*query) {}

  // Adds the scans of a SELECT (each arm of a set operation, each CTE, each
  // subquery) under `parent` (null at the top).
  void AddSelect(PgQuery__SelectStmt* select, const Scope* parent, bool in_where, bool keep_order,
                 PgQuery__WithClause* with, bool ignore_star = false);
  void AddWith(PgQuery__WithClause* with);
  // The scans of one query level: its FROM (`own_from`, its WHERE and
  // ON conditions), then the subqueries in it and in `exprs`.
  void AddLevel(const Scope* parent, bool in_parent_where, Nodes own_from, PgQuery__Node* own_where,
                Nodes exprs, PgQuery__SelectStmt* order, PgQuery__WithClause* with, bool bare_star);
  void Fail(const std::string& why) {
    if (query_.why_unanalysable.empty()) query_.why_unanalysable = why;
  }
  void Partial(const std::string& why) {
    query_.partial = true;
    if (query_.partial_why.empty()) query_.partial_why = why;
  }
  PgQuery__Node* Wrap(PgQuery__RangeVar* range) {
    PgQuery__Node& node = nodes_.emplace_back();
    node = PG_QUERY__NODE__INIT;
    node.node_case = PG_QUERY__NODE__NODE_RANGE_VAR;
    node.range_var = range;
    return &node;
  }

  ColumnUse columns;

 private:
  PgQuery__Node* And(const Nodes& conjuncts);
  void CollectFrom(PgQuery__Node* item, std::vector<ReadTable>* tables,
                   std::vector<PgQuery__RangeVar*>* ranges, Nodes* derived);

  ReadQuery& query_;
  std::set<std::string> cte_names_;
  std::deque<PgQuery__BoolExpr> ands_;
  std::deque<PgQuery__Node> nodes_;
  std::deque<Nodes> arrays_;
  std::deque<PgQuery__Alias> aliases_;
};

PgQuery__Node* Analyzer::And(const Nodes& conjuncts) {
  if (conjuncts.empty()) return nullptr;
  if (conjuncts.size() == 1) return conjuncts[0];
  Nodes& args = arrays_.emplace_back(conjuncts);
  PgQuery__BoolExpr& expr = ands_.emplace_back();
  expr = PG_QUERY__BOOL_EXPR__INIT;
  expr.boolop = PG_QUERY__BOOL_EXPR_TYPE__AND_EXPR;
  expr.n_args = args.size();
  expr.args = args.data();
  PgQuery__Node& node = nodes_.emplace_back();
  node = PG_QUERY__NODE__INIT;
  node.node_case = PG_QUERY__NODE__NODE_BOOL_EXPR;
  node.bool_expr = &expr;
  return &node;
}

// The base tables of a FROM item (not CTE names); derived tables go to
// `derived`; a function's reads are not seen.
void Analyzer::CollectFrom(PgQuery__Node* item, std::vector<ReadTable>* tables,
                           std::vector<PgQuery__RangeVar*>* ranges, Nodes* derived) {
  if (!item) return;
  if (Is(item, PG_QUERY__NODE__NODE_RANGE_VAR)) {
    PgQuery__RangeVar* range = item->range_var;
    const bool schema = range->schemaname && *range->schemaname;
    if (!schema && cte_names_.count(range->relname)) return;
    ReadTable table;
    table.table = schema ? std::string(range->schemaname) + "." + range->relname
                         : std::string(range->relname);
    table.alias = range->alias && range->alias->aliasname && *range->alias->aliasname
                      ? range->alias->aliasname
                      : range->relname;
    tables->push_back(table);
    ranges->push_back(range);
  } else if (Is(item, PG_QUERY__NODE__NODE_JOIN_EXPR)) {
    CollectFrom(item->join_expr->larg, tables, ranges, derived);
    CollectFrom(item->join_expr->rarg, tables, ranges, derived);
  } else if (Is(item, PG_QUERY__NODE__NODE_RANGE_SUBSELECT)) {
    derived->push_back(item);
  } else if (!ReadsNoTable(item)) {
    Partial("the reads of a function in FROM");
  }
}

void Analyzer::AddWith(PgQuery__WithClause* with) {
  if (!with) return;
  for (size_t i = 0; i < with->n_ctes; ++i) {
    if (Is(with->ctes[i], PG_QUERY__NODE__NODE_COMMON_TABLE_EXPR))
      cte_names_.insert(with->ctes[i]->common_table_expr->ctename);
  }
  for (size_t i = 0; i < with->n_ctes; ++i) {
    if (!Is(with->ctes[i], PG_QUERY__NODE__NODE_COMMON_TABLE_EXPR)) continue;
    PgQuery__Node* body = with->ctes[i]->common_table_expr->ctequery;
    if (Is(body, PG_QUERY__NODE__NODE_SELECT_STMT)) {
      AddSelect(body->select_stmt, nullptr, false, true, with);
    } else {
      Fail("it writes in a WITH clause");
    }
  }
}

void Analyzer::AddSelect(PgQuery__SelectStmt* select, const Scope* parent, bool in_where,
                         bool keep_order, PgQuery__WithClause* with, bool ignore_star) {
  if (!select) return;
  if (select->with_clause) {
    AddWith(select->with_clause);
    with = select->with_clause;
  }
  if (select->n_locking_clause > 0) query_.locking = true;
  if (select->op != PG_QUERY__SET_OPERATION__SETOP_NONE &&
      select->op != PG_QUERY__SET_OPERATION__SET_OPERATION_UNDEFINED) {
    AddSelect(select->larg, parent, in_where, false, with, ignore_star);
    AddSelect(select->rarg, parent, in_where, false, with, ignore_star);
    return;
  }
  if (keep_order && select->limit_count && HasPositionalSort(select)) {
    Fail("it picks rows by LIMIT in an ORDER BY given by position");
    return;
  }
  Nodes exprs(select->target_list, select->target_list + select->n_target_list);
  bool bare_star = false;
  for (PgQuery__Node* target : exprs) {
    if (!Is(target, PG_QUERY__NODE__NODE_RES_TARGET)) continue;
    const PgQuery__Node* value = target->res_target->val;
    if (Is(value, PG_QUERY__NODE__NODE_COLUMN_REF) && value->column_ref->n_fields == 1 &&
        Is(value->column_ref->fields[0], PG_QUERY__NODE__NODE_A_STAR))
      bare_star = !ignore_star;
  }
  if (select->having_clause) exprs.push_back(select->having_clause);
  exprs.insert(exprs.end(), select->values_lists, select->values_lists + select->n_values_lists);
  exprs.insert(exprs.end(), select->sort_clause, select->sort_clause + select->n_sort_clause);
  exprs.insert(exprs.end(), select->group_clause, select->group_clause + select->n_group_clause);
  AddLevel(parent, in_where,
           Nodes(select->from_clause, select->from_clause + select->n_from_clause),
           select->where_clause, exprs, keep_order ? select : nullptr, with, bare_star);
}

void Analyzer::AddLevel(const Scope* parent, bool in_parent_where, Nodes own_from,
                        PgQuery__Node* own_where, Nodes exprs, PgQuery__SelectStmt* order,
                        PgQuery__WithClause* with, bool bare_star) {
  // Correlated: a column qualified by a name this level does not declare
  // but its outer level does.
  bool correlated = false;
  if (parent) {
    std::set<std::string> inner, outer;
    Nodes everything = own_from;
    everything.push_back(own_where);
    everything.insert(everything.end(), exprs.begin(), exprs.end());
    for (PgQuery__Node* node : everything) DeclaredNames(node, &inner);
    for (PgQuery__Node* node : parent->from) DeclaredNames(node, &outer);
    for (PgQuery__Node* node : everything) {
      WalkNodes(node, [&](PgQuery__Node* n) {
        if (!Is(n, PG_QUERY__NODE__NODE_COLUMN_REF)) return true;
        if (n->column_ref->n_fields >= 2) {
          const std::string name = StringOf(n->column_ref->fields[n->column_ref->n_fields - 2]);
          if (!inner.count(name) && outer.count(name)) correlated = true;
        }
        return false;
      });
    }
  }
  Scope scope;
  if (correlated) {
    scope.from = parent->from;
    for (PgQuery__Node* conjunct : parent->conjuncts)
      if (!in_parent_where || !HasSubLink(conjunct)) scope.conjuncts.push_back(conjunct);
    order = nullptr;  // a LIMIT per outer row cannot be restated over the join
  }
  scope.from.insert(scope.from.end(), own_from.begin(), own_from.end());
  Nodes own_conjuncts;
  Conjuncts(own_where, &own_conjuncts);
  scope.conjuncts.insert(scope.conjuncts.begin(), own_conjuncts.begin(), own_conjuncts.end());

  std::vector<ReadTable> tables;
  std::vector<PgQuery__RangeVar*> ranges;
  Nodes derived;
  for (PgQuery__Node* item : own_from) CollectFrom(item, &tables, &ranges, &derived);
  if (!tables.empty()) {
    PgQuery__Node* where = And(scope.conjuncts);
    ReadScan scan;
    std::string targets;
    for (ReadTable& table : tables) {
      columns.Fill(&table, bare_star);
      if (!targets.empty()) targets += ", ";
      targets += QuoteIdent(table.alias) + ".xmin::text, to_jsonb(" + QuoteIdent(table.alias) + ")";
    }
    scan.sql = Restate(targets, scope.from, where, order, with);
    if (scan.sql.empty()) Fail("its reads could not be restated");
    scan.where = WhereText(own_where);
    // Per table, the scan over one candidate row in place of the table.
    static char kCandidate[] = "interleave_candidate";
    static char kEmpty[] = "";
    for (size_t t = 0; t < ranges.size(); ++t) {
      PgQuery__RangeVar* range = ranges[t];
      char* relname = range->relname;
      char* schemaname = range->schemaname;
      PgQuery__Alias* alias = range->alias;
      if (!alias || !alias->aliasname || !*alias->aliasname) {
        PgQuery__Alias& named = aliases_.emplace_back();
        named = PG_QUERY__ALIAS__INIT;
        named.aliasname = relname;
        range->alias = &named;
      }
      range->relname = kCandidate;
      range->schemaname = kEmpty;
      scan.match_sql.push_back(Restate("1", scope.from, where, nullptr, with));
      range->relname = relname;
      range->schemaname = schemaname;
      range->alias = alias;
    }
    scan.tables = std::move(tables);
    query_.scans.push_back(std::move(scan));
  }

  // The subqueries of this level: in WHERE and ON (conditions), elsewhere
  // (values), and derived tables in FROM.
  auto subqueries = [&](PgQuery__Node* node, bool in_where) {
    WalkNodes(node, [&](PgQuery__Node* n) {
      if (Is(n, PG_QUERY__NODE__NODE_SUB_LINK)) {
        const PgQuery__SubLink* link = n->sub_link;
        if (Is(link->subselect, PG_QUERY__NODE__NODE_SELECT_STMT))
          AddSelect(link->subselect->select_stmt, &scope, in_where, true, with,
                    link->sub_link_type == PG_QUERY__SUB_LINK_TYPE__EXISTS_SUBLINK);
        return false;
      }
      return !Is(n, PG_QUERY__NODE__NODE_RANGE_SUBSELECT) &&
             !Is(n, PG_QUERY__NODE__NODE_SELECT_STMT);
    });
  };
  subqueries(own_where, true);
  for (PgQuery__Node* item : own_from) subqueries(item, true);
  for (PgQuery__Node* expr : exprs) subqueries(expr, false);
  for (PgQuery__Node* item : derived) {
    PgQuery__Node* body = item->range_subselect->subquery;
    if (Is(body, PG_QUERY__NODE__NODE_SELECT_STMT))
      AddSelect(body->select_stmt, &scope, true, true, with);
  }
}

ReadQuery Unanalysable(ReadQuery query, const std::string& why) {
  query.kind = ReadQuery::Kind::kUnanalysable;
  query.why_unanalysable = why;
  query.scans.clear();
  return query;
}

// The columns an UPDATE's SET (or ON CONFLICT DO UPDATE's) names.
std::vector<std::string> SetColumns(PgQuery__Node** targets, size_t n) {
  std::vector<std::string> names;
  for (size_t i = 0; i < n; ++i) {
    if (Is(targets[i], PG_QUERY__NODE__NODE_RES_TARGET) && targets[i]->res_target->name)
      names.push_back(targets[i]->res_target->name);
  }
  return names;
}

std::string TableName(const PgQuery__RangeVar* range) {
  return range->schemaname && *range->schemaname
             ? std::string(range->schemaname) + "." + range->relname
             : std::string(range->relname);
}

std::string QuotedIdent(const std::string& name) {
  std::string quoted = "\"";
  for (char c : name) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  return quoted + "\"";
}

// The ON CONFLICT arbiter's look-up, restated (see ReadQuery::conflict_scan):
// the rows of the target table whose conflict columns equal a new row's.
// Empty when the statement does not say them plainly (no column list, ON
// CONSTRAINT, an expression index, INSERT ... SELECT).
std::optional<ReadScan> ConflictScan(PgQuery__InsertStmt* insert) {
  const PgQuery__OnConflictClause* conflict = insert->on_conflict_clause;
  if (!conflict || !conflict->infer || conflict->infer->n_index_elems == 0 ||
      conflict->infer->where_clause || insert->n_cols == 0 || insert->with_clause ||
      !Is(insert->select_stmt, PG_QUERY__NODE__NODE_SELECT_STMT) ||
      insert->select_stmt->select_stmt->n_values_lists == 0)
    return std::nullopt;
  std::vector<std::string> targets;
  for (size_t i = 0; i < conflict->infer->n_index_elems; ++i) {
    const PgQuery__Node* elem = conflict->infer->index_elems[i];
    if (!Is(elem, PG_QUERY__NODE__NODE_INDEX_ELEM) || !elem->index_elem->name ||
        !*elem->index_elem->name)
      return std::nullopt;
    targets.push_back(elem->index_elem->name);
  }
  std::string columns;
  for (size_t i = 0; i < insert->n_cols; ++i) {
    const PgQuery__Node* col = insert->cols[i];
    if (!Is(col, PG_QUERY__NODE__NODE_RES_TARGET) || !col->res_target->name) return std::nullopt;
    columns += (i ? ", " : "") + QuotedIdent(col->res_target->name);
  }
  // The VALUES list alone, deparsed: grafted into a shell statement.
  ParseTree shell("SELECT 1");
  PgQuery__Node* node = shell.statement();
  if (!Is(node, PG_QUERY__NODE__NODE_SELECT_STMT)) return std::nullopt;
  PgQuery__SelectStmt* own = node->select_stmt;
  node->select_stmt = insert->select_stmt->select_stmt;
  const std::string values = shell.Deparse();
  node->select_stmt = own;
  if (values.empty()) return std::nullopt;
  std::string outer, inner;
  for (size_t i = 0; i < targets.size(); ++i) {
    outer += (i ? ", " : "") + ("interleave_t." + QuotedIdent(targets[i]));
    inner += (i ? ", " : "") + ("interleave_v." + QuotedIdent(targets[i]));
  }
  ReadScan scan;
  ReadTable table;
  table.table = TableName(insert->relation);
  table.alias = "interleave_t";
  table.columns = targets;
  scan.tables.push_back(table);
  scan.sql = "SELECT interleave_t.xmin::text, to_jsonb(interleave_t) FROM " + table.table +
             " AS interleave_t WHERE (" + outer + ") IN (SELECT " + inner + " FROM (" + values +
             ") AS interleave_v(" + columns + "))";
  return scan;
}

}  // namespace

bool TakesSnapshot(const std::string& statement) {
  static const char* kNoSnapshot[] = {"SAVEPOINT", "RELEASE",    "PREPARE", "SET",      "SHOW",
                                      "RESET",     "LOCK",       "LISTEN",  "UNLISTEN", "NOTIFY",
                                      "FETCH",     "CHECKPOINT", "DISCARD"};
  const std::string word = FirstKeyword(statement);
  if (word.empty() || IsTransactionControl(word)) return false;
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

  Analyzer analyzer(&query);
  analyzer.columns.Collect(node);
  switch (node->node_case) {
    case PG_QUERY__NODE__NODE_SELECT_STMT:
      analyzer.AddSelect(node->select_stmt, nullptr, false, true, nullptr);
      break;
    case PG_QUERY__NODE__NODE_UPDATE_STMT: {
      PgQuery__UpdateStmt* update = node->update_stmt;
      analyzer.AddWith(update->with_clause);
      Nodes from{analyzer.Wrap(update->relation)};
      from.insert(from.end(), update->from_clause, update->from_clause + update->n_from_clause);
      Nodes exprs(update->target_list, update->target_list + update->n_target_list);
      exprs.insert(exprs.end(), update->returning_list,
                   update->returning_list + update->n_returning_list);
      analyzer.AddLevel(nullptr, false, from, update->where_clause, exprs, nullptr,
                        update->with_clause, false);
      query.locking = true;
      query.set_columns.emplace_back(TableName(update->relation),
                                     SetColumns(update->target_list, update->n_target_list));
      // What it read of the rows it updates includes the values it replaced.
      if (!query.scans.empty() && !query.scans[0].tables.empty()) {
        std::vector<std::string>& read = query.scans[0].tables[0].columns;
        for (const std::string& column : query.set_columns.back().second)
          if (std::find(read.begin(), read.end(), column) == read.end()) read.push_back(column);
      }
      for (size_t i = 0; i < update->n_target_list; ++i) {
        WalkNodes(update->target_list[i], [&](PgQuery__Node* n) {
          if (Is(n, PG_QUERY__NODE__NODE_COLUMN_REF)) query.set_reads_row = true;
          return !query.set_reads_row;
        });
      }
      break;
    }
    case PG_QUERY__NODE__NODE_DELETE_STMT: {
      PgQuery__DeleteStmt* del = node->delete_stmt;
      analyzer.AddWith(del->with_clause);
      Nodes from{analyzer.Wrap(del->relation)};
      from.insert(from.end(), del->using_clause, del->using_clause + del->n_using_clause);
      Nodes exprs(del->returning_list, del->returning_list + del->n_returning_list);
      analyzer.AddLevel(nullptr, false, from, del->where_clause, exprs, nullptr, del->with_clause,
                        false);
      query.locking = true;
      break;
    }
    case PG_QUERY__NODE__NODE_INSERT_STMT: {
      PgQuery__InsertStmt* insert = node->insert_stmt;
      analyzer.AddWith(insert->with_clause);
      if (Is(insert->select_stmt, PG_QUERY__NODE__NODE_SELECT_STMT))
        analyzer.AddSelect(insert->select_stmt->select_stmt, nullptr, false, true,
                           insert->with_clause);
      Nodes exprs(insert->returning_list, insert->returning_list + insert->n_returning_list);
      if (insert->on_conflict_clause) {
        PgQuery__OnConflictClause* conflict = insert->on_conflict_clause;
        query.conflict_scan = ConflictScan(insert);
        if (!query.conflict_scan) analyzer.Partial("the look-up of ON CONFLICT");
        exprs.insert(exprs.end(), conflict->target_list,
                     conflict->target_list + conflict->n_target_list);
        if (conflict->where_clause) exprs.push_back(conflict->where_clause);
        if (conflict->n_target_list > 0)
          query.set_columns.emplace_back(
              TableName(insert->relation),
              SetColumns(conflict->target_list, conflict->n_target_list));
      }
      if (!exprs.empty())
        analyzer.AddLevel(nullptr, false, {}, nullptr, exprs, nullptr, insert->with_clause, false);
      break;
    }
    default:
      return query;  // utility statements read no rows of scenario tables
  }
  if (!query.why_unanalysable.empty()) return Unanalysable(query, query.why_unanalysable);
  // A SELECT from a function alone reads, though nothing of it can be seen.
  if (!query.scans.empty() || (query.partial && query.statement_type == "SELECT"))
    query.kind = ReadQuery::Kind::kRows;
  return query;
}

}  // namespace interleave
