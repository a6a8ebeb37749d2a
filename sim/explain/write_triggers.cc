#include "sim/explain/write_triggers.h"

namespace interleave {
namespace {

// The trigger function and its installer, made once per scratch database.
const std::string kInstallSql = R"sql(
CREATE SCHEMA IF NOT EXISTS interleave_explain;
CREATE SEQUENCE IF NOT EXISTS interleave_explain.write_seq;
CREATE OR REPLACE FUNCTION interleave_explain.log_write() RETURNS trigger
LANGUAGE plpgsql AS $fn$
DECLARE
  old_row jsonb;
  new_row jsonb;
  new_xmin text;
BEGIN
  IF TG_OP <> 'INSERT' THEN old_row := to_jsonb(OLD); END IF;
  IF TG_OP <> 'DELETE' THEN
    new_row := to_jsonb(NEW);
    -- The new version's xmin, when it may be a subtransaction's xid rather
    -- than the transaction's (the query is made by install_triggers).
    IF TG_NARGS > 0 THEN EXECUTE TG_ARGV[0] INTO new_xmin USING NEW; END IF;
  END IF;
  RAISE NOTICE 'interleave-explain %', json_build_object(
    'seq', nextval('interleave_explain.write_seq'), 'xid', pg_current_xact_id()::text,
    'xmin', new_xmin, 'table', TG_TABLE_NAME, 'op', TG_OP, 'old', old_row, 'new', new_row,
    'snapshot', pg_current_snapshot()::text)::text;
  RETURN NULL;
END
$fn$;
CREATE OR REPLACE FUNCTION interleave_explain.install_triggers(exact_xmin boolean)
RETURNS SETOF text LANGUAGE plpgsql AS $fn$
DECLARE
  t record;
  keys text[];
  xmin_query text;
BEGIN
  FOR t IN SELECT c.oid, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') ORDER BY c.relname LOOP
    SELECT array_agg(a.attname::text ORDER BY array_position(i.indkey, a.attnum)) INTO keys
      FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
      WHERE i.indrelid = t.oid AND i.indisprimary;
    xmin_query := NULL;
    IF exact_xmin AND keys IS NOT NULL THEN
      xmin_query := format('SELECT xmin::text FROM public.%I WHERE %s', t.relname,
                           (SELECT string_agg(format('%I = ($1).%I', k, k), ' AND ')
                              FROM unnest(keys) k));
    END IF;
    EXECUTE format('CREATE TRIGGER interleave_explain_writes AFTER INSERT OR UPDATE OR DELETE '
                   'ON public.%I FOR EACH ROW EXECUTE FUNCTION interleave_explain.log_write(%s)',
                   t.relname, coalesce(quote_literal(xmin_query), ''));
    RETURN NEXT t.relname || '=' || coalesce(array_to_string(keys, ','), '');
  END LOOP;
END
$fn$;
)sql";

// Per run: the triggers on the tables setup made ("table=key1,key2" rows).
std::string InstallTriggersSql(bool exact_xmin) {
  return std::string("SELECT interleave_explain.install_triggers(") +
         (exact_xmin ? "true" : "false") + ")";
}

}  // namespace

std::string InstallWriteTriggers(ControlConnection& control, bool exact_xmin,
                                 bool* functions_installed,
                                 std::map<std::string, std::vector<std::string>>* key_columns) {
  key_columns->clear();
  StepOutcome installed;
  if (*functions_installed) {
    installed = control.Execute(InstallTriggersSql(exact_xmin));
    if (installed.error) *functions_installed = false;  // made again below
  }
  if (!*functions_installed) {
    installed = control.Execute(kInstallSql + InstallTriggersSql(exact_xmin));
    *functions_installed = !installed.error;
  }
  if (installed.error) return installed.error->message;
  if (installed.results.empty()) return "";
  for (const auto& row : installed.results.back().rows) {
    const std::string entry = row.empty() ? "" : row[0].value_or("");
    const size_t equals = entry.find('=');
    if (equals == std::string::npos) continue;
    std::vector<std::string> keys;
    const std::string rest = entry.substr(equals + 1);
    size_t start = 0;
    while (start < rest.size()) {
      size_t comma = rest.find(',', start);
      if (comma == std::string::npos) comma = rest.size();
      keys.push_back(rest.substr(start, comma - start));
      start = comma + 1;
    }
    (*key_columns)[entry.substr(0, equals)] = keys;
  }
  return "";
}

}  // namespace interleave
