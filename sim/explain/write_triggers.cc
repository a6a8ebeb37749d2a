#include "sim/explain/write_triggers.h"

namespace interleave {
namespace {

// The trigger function and its installer, made once per scratch database.
constexpr const char* kInstallSql = R"sql(
CREATE SCHEMA IF NOT EXISTS interleave_explain;
CREATE SEQUENCE IF NOT EXISTS interleave_explain.write_seq;
CREATE OR REPLACE FUNCTION interleave_explain.log_write() RETURNS trigger
LANGUAGE plpgsql AS $fn$
DECLARE
  key_columns text[] := TG_ARGV;
  old_row jsonb;
  new_row jsonb;
  new_xmin text;
  condition text;
BEGIN
  IF TG_OP <> 'INSERT' THEN old_row := to_jsonb(OLD); END IF;
  IF TG_OP <> 'DELETE' THEN
    new_row := to_jsonb(NEW);
    IF array_length(key_columns, 1) > 0 THEN
      SELECT string_agg(format('%I = ($1).%I', c, c), ' AND ') INTO condition
        FROM unnest(key_columns) c;
      EXECUTE format('SELECT xmin::text FROM %I.%I WHERE %s', TG_TABLE_SCHEMA, TG_TABLE_NAME,
                     condition) INTO new_xmin USING NEW;
    END IF;
  END IF;
  RAISE NOTICE 'interleave-explain %', json_build_object(
    'seq', nextval('interleave_explain.write_seq'), 'xid', pg_current_xact_id()::text,
    'xmin', new_xmin, 'table', TG_TABLE_NAME, 'op', TG_OP, 'old', old_row, 'new', new_row)::text;
  RETURN NULL;
END
$fn$;
CREATE OR REPLACE FUNCTION interleave_explain.install() RETURNS SETOF text
LANGUAGE plpgsql AS $fn$
DECLARE
  t record;
  keys text[];
BEGIN
  FOR t IN SELECT c.oid, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') ORDER BY c.relname LOOP
    SELECT array_agg(a.attname::text ORDER BY array_position(i.indkey, a.attnum)) INTO keys
      FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
      WHERE i.indrelid = t.oid AND i.indisprimary;
    EXECUTE format('CREATE TRIGGER interleave_explain_writes AFTER INSERT OR UPDATE OR DELETE '
                   'ON public.%I FOR EACH ROW EXECUTE FUNCTION interleave_explain.log_write(%s)',
                   t.relname, coalesce((SELECT string_agg(quote_literal(k), ', ') FROM unnest(keys) k), ''));
    RETURN NEXT t.relname || '=' || coalesce(array_to_string(keys, ','), '');
  END LOOP;
END
$fn$;
)sql";

// Per run: the triggers on the tables setup made ("table=key1,key2" rows).
constexpr const char* kInstallTriggersSql = "SELECT interleave_explain.install()";

}  // namespace

std::string InstallWriteTriggers(ControlConnection& control, bool* functions_installed,
                                 std::map<std::string, std::vector<std::string>>* key_columns) {
  key_columns->clear();
  StepOutcome installed;
  if (*functions_installed) {
    installed = control.Execute(kInstallTriggersSql);
    if (installed.error) *functions_installed = false;  // made again below
  }
  if (!*functions_installed) {
    installed = control.Execute(std::string(kInstallSql) + kInstallTriggersSql);
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
