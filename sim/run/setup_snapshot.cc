#include "sim/run/setup_snapshot.h"

#include <regex>
#include <stdexcept>

#include "sim/model/sql_text.h"
#include "util/text_util.h"

namespace interleave {
namespace {

// Made once per scratch database: the schema that keeps the copies, the
// event trigger that counts DDL commands, the check a restore starts with,
// and the function that takes the snapshot and returns its restore SQL.
const char* const kInstallSql = R"sql(
CREATE SCHEMA IF NOT EXISTS interleave_reset;
REVOKE ALL ON SCHEMA interleave_reset FROM PUBLIC;
CREATE SEQUENCE IF NOT EXISTS interleave_reset.ddl_count;
CREATE OR REPLACE FUNCTION interleave_reset.count_ddl() RETURNS event_trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $fn$
BEGIN
  PERFORM pg_catalog.nextval('interleave_reset.ddl_count');
END
$fn$;
DO $do$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_event_trigger WHERE evtname = 'interleave_reset_ddl') THEN
    CREATE EVENT TRIGGER interleave_reset_ddl ON ddl_command_start
      EXECUTE FUNCTION interleave_reset.count_ddl();
  END IF;
END
$do$;
CREATE OR REPLACE FUNCTION interleave_reset.ddl_commands() RETURNS bigint
LANGUAGE sql AS $fn$
  SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM interleave_reset.ddl_count
$fn$;
CREATE OR REPLACE FUNCTION interleave_reset.check_unchanged(commands bigint) RETURNS void
LANGUAGE plpgsql AS $fn$
BEGIN
  IF interleave_reset.ddl_commands() <> commands THEN
    RAISE EXCEPTION 'interleave-reset: the schema changed';
  END IF;
  IF EXISTS (SELECT FROM pg_catalog.pg_prepared_xacts
             WHERE database = pg_catalog.current_database()) THEN
    RAISE EXCEPTION 'interleave-reset: a prepared transaction is left';
  END IF;
  IF EXISTS (SELECT FROM pg_catalog.pg_statistic s JOIN pg_catalog.pg_class c ON c.oid = s.starelid
             WHERE c.relnamespace = 'public'::regnamespace) THEN
    RAISE EXCEPTION 'interleave-reset: statistics were gathered';
  END IF;
END
$fn$;
CREATE OR REPLACE FUNCTION interleave_reset.capture() RETURNS text
LANGUAGE plpgsql AS $fn$
DECLARE
  t record;
  columns text;
  n int := 0;
  tables text := '';
  inserts text := '';
  sequences text := '';
  last bigint;
  called boolean;
BEGIN
  IF EXISTS (SELECT FROM pg_catalog.pg_class WHERE relnamespace = 'public'::regnamespace
             AND relkind NOT IN ('r', 'p', 'i', 'I', 'S', 'v', 'c')) THEN
    RETURN NULL;
  END IF;
  FOR t IN SELECT relname FROM pg_catalog.pg_class
           WHERE relnamespace = 'interleave_reset'::regnamespace AND relkind = 'r' LOOP
    EXECUTE format('DROP TABLE interleave_reset.%I', t.relname);
  END LOOP;
  FOR t IN SELECT oid, relname FROM pg_catalog.pg_class
           WHERE relnamespace = 'public'::regnamespace AND relkind = 'r' ORDER BY relname LOOP
    n := n + 1;
    tables := tables || CASE WHEN n > 1 THEN ', ' ELSE '' END || format('public.%I', t.relname);
    SELECT string_agg(quote_ident(attname), ', ' ORDER BY attnum) INTO columns
      FROM pg_catalog.pg_attribute
      WHERE attrelid = t.oid AND attnum > 0 AND NOT attisdropped AND attgenerated = '';
    CONTINUE WHEN columns IS NULL;
    EXECUTE format('CREATE TABLE interleave_reset.rows_%s AS SELECT %s FROM ONLY public.%I',
                   n, columns, t.relname);
    inserts := inserts || format('INSERT INTO public.%I (%s) OVERRIDING SYSTEM VALUE '
                                 'SELECT %s FROM interleave_reset.rows_%s; ',
                                 t.relname, columns, columns, n);
  END LOOP;
  FOR t IN SELECT relname FROM pg_catalog.pg_class
           WHERE relnamespace = 'public'::regnamespace AND relkind = 'S' ORDER BY relname LOOP
    EXECUTE format('SELECT last_value, is_called FROM public.%I', t.relname) INTO last, called;
    sequences := sequences || CASE WHEN sequences = '' THEN 'SELECT ' ELSE ', ' END ||
                 format('pg_catalog.setval(%L, %s, %s)', format('public.%I', t.relname), last,
                        CASE WHEN called THEN 'true' ELSE 'false' END);
  END LOOP;
  RETURN format('BEGIN; SELECT interleave_reset.check_unchanged(%s); ',
                interleave_reset.ddl_commands()) ||
         'SET LOCAL session_replication_role = replica; ' ||
         CASE WHEN n > 0 THEN 'TRUNCATE ONLY ' || tables || '; ' ELSE '' END ||
         inserts || CASE WHEN sequences = '' THEN '' ELSE sequences || '; ' END || 'COMMIT';
END
$fn$;
)sql";

// Whether `statement` (one, white space collapsed) is one a restorable
// setup may have: see the header.
bool RestorableStatement(const std::string& statement) {
  static const std::regex kCreate(
      R"(^CREATE\s+(OR\s+REPLACE\s+)?(UNIQUE\s+|UNLOGGED\s+)?(TABLE|INDEX|SEQUENCE|VIEW|TYPE|DOMAIN)\b)");
  static const std::regex kAlter(R"(^ALTER\s+(TABLE|INDEX|SEQUENCE|VIEW|TYPE|DOMAIN)\b)");
  const std::string upper = AsciiUpper(statement);
  size_t start = upper.find_first_not_of(" \t\r\n");
  if (start == std::string::npos) return true;  // nothing
  const std::string text = upper.substr(start);
  const std::string word = FirstKeyword(text);
  if (text.compare(0, word.size(), word) != 0) return false;  // a comment or ( first
  if (word == "INSERT") return text.find("DO UPDATE") == std::string::npos;
  if (word == "COMMENT") return true;
  if (word == "CREATE") return std::regex_search(text, kCreate);
  if (word == "ALTER") return std::regex_search(text, kAlter);
  return false;
}

}  // namespace

SetupSnapshot::SetupSnapshot(ScratchDatabase& scratch) : scratch_(scratch) {}

SetupSnapshot::~SetupSnapshot() = default;

std::string SetupSnapshot::KeyOf(const std::vector<std::string>& setup_sql,
                                 const std::string& extras) {
  std::string key;
  for (const std::string& text : setup_sql) {
    for (const std::string& statement : SplitStatements(text)) {
      if (!RestorableStatement(statement)) return "";
    }
    key += text;
    key += '\0';
  }
  return key + "\x01" + extras;
}

ControlConnection* SetupSnapshot::Connection() {
  if (refused_) return nullptr;
  if (connection_ && installed_) return connection_.get();
  try {
    if (!connection_) {
      connection_ = scratch_.ConnectControl({"interleave/reset", {}, /*privileged=*/true});
      if (connection_->engine() != EngineKind::kPostgreSql) throw std::runtime_error("engine");
    }
    // A restore never waits long: a lock it cannot get means something of
    // the last run is still open, and the full reset reports it.
    StepOutcome installed =
        connection_->Execute(std::string("SET lock_timeout = '1s'; SET statement_timeout = '60s'; "
                                         "SET client_min_messages = warning; ") +
                             kInstallSql);
    if (installed.error) throw std::runtime_error(installed.error->message);
    installed_ = true;
  } catch (const std::exception&) {
    // Not a superuser, or not PostgreSQL: every run gets the full reset.
    refused_ = true;
    connection_.reset();
    return nullptr;
  }
  return connection_.get();
}

bool SetupSnapshot::Restore(const std::string& key) {
  if (key.empty() || key != key_ || restore_sql_.empty()) {
    ++full_resets_;
    return false;
  }
  ControlConnection* connection = Connection();
  if (!connection) {
    ++full_resets_;
    return false;
  }
  StepOutcome restored = connection->Execute(restore_sql_);
  if (restored.error) {
    // The snapshot no longer applies (or a lock was held): the full reset.
    // Runs of this setup change what a snapshot must keep (DDL in steps or
    // client setup): no more snapshots of it.
    connection->Execute("ROLLBACK");
    unstable_.insert(key);
    key_.clear();
    restore_sql_.clear();
    ++full_resets_;
    return false;
  }
  ++restored_;
  return true;
}

void SetupSnapshot::Capture(const std::string& key,
                            const std::vector<StatementResult>& setup_results) {
  key_.clear();
  restore_sql_.clear();
  setup_results_.clear();
  if (key.empty() || unstable_.count(key)) return;
  ControlConnection* connection = Connection();
  if (!connection) return;
  StepOutcome captured = connection->Execute("SELECT interleave_reset.capture()");
  if (captured.error || captured.results.empty() || captured.results.back().rows.size() != 1 ||
      captured.results.back().rows[0].empty() || !captured.results.back().rows[0][0])
    return;
  key_ = key;
  restore_sql_ = *captured.results.back().rows[0][0];
  setup_results_ = setup_results;
}

}  // namespace interleave
