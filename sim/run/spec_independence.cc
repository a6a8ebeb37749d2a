#include "sim/run/spec_independence.h"

#include <array>
#include <cctype>
#include <set>
#include <sstream>
#include <vector>

#include "db/db_failure.h"
#include "sim/model/sql_text.h"

namespace interleave {
namespace {

// The words of `sql`, lower case: runs of letters, digits and underscores.
std::vector<std::string> Words(const std::string& sql) {
  std::vector<std::string> words;
  std::string word;
  for (char c : sql) {
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '_') {
      word += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    } else if (!word.empty()) {
      words.push_back(word);
      word.clear();
    }
  }
  if (!word.empty()) words.push_back(word);
  return words;
}

// Words that, anywhere in a spec (function bodies too), may leave state on
// a session past its permutation, or reach beyond the scratch database.
const std::set<std::string>& WordsAnywhere() {
  static const std::set<std::string> words = {
      // session state
      "temp", "temporary", "set_config", "pg_advisory_lock", "pg_advisory_lock_shared",
      "pg_try_advisory_lock", "pg_try_advisory_lock_shared", "pg_advisory_unlock",
      "pg_advisory_unlock_shared", "pg_advisory_unlock_all", "listen", "unlisten", "discard",
      "execute",
      // the cluster, other sessions and other databases
      "dblink", "pg_locks", "pg_prepared_xacts", "pg_terminate_backend", "pg_cancel_backend",
      "application_name", "prepared", "role", "user", "tablespace", "database", "system", "vacuum",
      "deferrable", "pg_blocking_pids", "pg_safe_snapshot_blocking_pids",
      "pg_isolation_test_session_is_blocked", "pg_reload_conf", "lo_import", "lo_export",
      "pg_read_file", "pg_ls_dir"};
  return words;
}

// The first words of statements that change a session's state (SET LOCAL
// and SET TRANSACTION end with the transaction and are allowed).
std::string SessionStatement(const std::vector<std::string>& words) {
  if (words.empty()) return "";
  const std::string& first = words[0];
  if (first == "set") {
    const std::string second = words.size() > 1 ? words[1] : "";
    return second == "local" || second == "transaction" ? "" : "set";
  }
  for (const char* keyword : {"reset", "prepare", "deallocate", "declare", "load", "copy"}) {
    if (first == keyword) return keyword;
  }
  return "";
}

// Whether word number `i` of a statement is allowed where WordsAnywhere
// would refuse it: EXECUTE FUNCTION / PROCEDURE of a trigger (not dynamic
// SQL), DEFERRABLE of a constraint (not a transaction's safe-snapshot wait,
// which waits for serializable transactions of every database).
bool AllowedHere(const std::vector<std::string>& words, size_t i) {
  const std::string next = i + 1 < words.size() ? words[i + 1] : "";
  if (words[i] == "execute") return next == "function" || next == "procedure";
  if (words[i] == "deferrable") return words[0] == "create" || words[0] == "alter";
  return false;
}

std::string Upper(std::string text) {
  for (char& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return text;
}

// Why `sql` (a block of statements of `where`) may carry state, or "".
std::string WhyBlockDepends(const std::string& sql, const std::string& where) {
  for (const std::string& statement : SplitStatements(sql)) {
    if (statement.rfind("/*", 0) == 0) return where + " starts a statement with a comment";
    const std::vector<std::string> words = Words(statement);
    if (std::string keyword = SessionStatement(words); !keyword.empty()) {
      return where + " runs " + Upper(keyword);
    }
    for (size_t i = 0; i < words.size(); ++i) {
      const std::string& word = words[i];
      if ((WordsAnywhere().count(word) || word.rfind("pg_stat", 0) == 0) &&
          !AllowedHere(words, i)) {
        return where + " uses " + Upper(word);
      }
    }
  }
  return "";
}

}  // namespace

std::string WhyPermutationsDepend(const Scenario& spec) {
  for (const std::string& sql : spec.setup_sql) {
    if (auto why = WhyBlockDepends(sql, "the setup"); !why.empty()) return why;
  }
  for (const std::string& sql : spec.teardown_sql) {
    if (auto why = WhyBlockDepends(sql, "the teardown"); !why.empty()) return why;
  }
  for (const Client& client : spec.clients) {
    for (const std::string& sql : client.setup_sql) {
      if (auto why = WhyBlockDepends(sql, client.name + "'s setup"); !why.empty()) return why;
    }
    for (const std::string& sql : client.teardown_sql) {
      if (auto why = WhyBlockDepends(sql, client.name + "'s teardown"); !why.empty()) return why;
    }
    for (const Step& step : client.steps) {
      if (auto why = WhyBlockDepends(step.sql, client.name + "'s step " + step.name); !why.empty())
        return why;
    }
  }
  return "";
}

namespace {

// Objects initdb makes have OIDs below FirstNormalObjectId (16384).
constexpr const char* kFingerprintSql = R"sql(
SELECT pg_catalog.count(*) FILTER (WHERE holds_data),
       COALESCE(pg_catalog.string_agg(object, E'\n' ORDER BY object), '')
FROM (
  SELECT 'relation ' || n.nspname || '.' || c.relname || ' ' || c.relkind::text AS object,
         c.relkind IN ('r', 'p', 'm', 'S', 'f') AS holds_data
    FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
   WHERE c.oid >= 16384
  UNION ALL SELECT 'function ' || p.oid::pg_catalog.regprocedure::text || ' '
                   || pg_catalog.md5(COALESCE(p.prosrc, '')), false
    FROM pg_catalog.pg_proc p WHERE p.oid >= 16384
  UNION ALL SELECT 'type ' || t.oid::pg_catalog.regtype::text, false
    FROM pg_catalog.pg_type t WHERE t.oid >= 16384
  UNION ALL SELECT 'schema ' || nspname || ' ' || COALESCE(nspacl::text, ''), false
    FROM pg_catalog.pg_namespace WHERE oid >= 16384 OR nspname = 'public'
  UNION ALL SELECT 'extension ' || extname, false
    FROM pg_catalog.pg_extension WHERE oid >= 16384
  UNION ALL SELECT 'trigger ' || tgname, false FROM pg_catalog.pg_trigger WHERE oid >= 16384
  UNION ALL SELECT 'event trigger ' || evtname, false FROM pg_catalog.pg_event_trigger
  UNION ALL SELECT 'rule ' || rulename, false FROM pg_catalog.pg_rewrite WHERE oid >= 16384
  UNION ALL SELECT 'policy ' || polname, false FROM pg_catalog.pg_policy
  UNION ALL SELECT 'operator ' || oid::pg_catalog.regoperator::text, false
    FROM pg_catalog.pg_operator WHERE oid >= 16384
  UNION ALL SELECT 'operator family ' || opfname, false
    FROM pg_catalog.pg_opfamily WHERE oid >= 16384
  UNION ALL SELECT 'cast ' || castsource::text || ' ' || casttarget::text, false
    FROM pg_catalog.pg_cast WHERE oid >= 16384
  UNION ALL SELECT 'collation ' || collname, false
    FROM pg_catalog.pg_collation WHERE oid >= 16384
  UNION ALL SELECT 'conversion ' || conname, false
    FROM pg_catalog.pg_conversion WHERE oid >= 16384
  UNION ALL SELECT 'text search ' || cfgname, false
    FROM pg_catalog.pg_ts_config WHERE oid >= 16384
  UNION ALL SELECT 'default privileges ' || defaclobjtype::text, false FROM pg_catalog.pg_default_acl
  UNION ALL SELECT 'large object ' || oid::text, true FROM pg_catalog.pg_largeobject_metadata
  UNION ALL SELECT 'publication ' || pubname, false FROM pg_catalog.pg_publication
  UNION ALL SELECT 'statistics ' || stxname, false FROM pg_catalog.pg_statistic_ext
  UNION ALL SELECT 'foreign server ' || srvname, false FROM pg_catalog.pg_foreign_server
  UNION ALL SELECT 'foreign data wrapper ' || fdwname, false
    FROM pg_catalog.pg_foreign_data_wrapper WHERE oid >= 16384
  UNION ALL SELECT 'language ' || lanname, false FROM pg_catalog.pg_language WHERE oid >= 16384
) objects
)sql";

}  // namespace

DatabaseObjects ReadDatabaseObjects(ControlConnection& control) {
  StepOutcome outcome = control.Execute(kFingerprintSql);
  if (outcome.error || outcome.results.empty() || outcome.results.back().rows.size() != 1 ||
      outcome.results.back().rows[0].size() != 2 || !outcome.results.back().rows[0][0] ||
      !outcome.results.back().rows[0][1]) {
    throw DbFailure("could not read the database's objects" +
                    (outcome.error ? ": " + outcome.error->message : std::string()));
  }
  const auto& row = outcome.results.back().rows[0];
  DatabaseObjects objects;
  objects.data_holders = std::stoi(*row[0]);
  objects.fingerprint = *row[1];
  return objects;
}

bool SessionsIdle(ControlConnection& control, const std::vector<int>& backend_ids) {
  std::ostringstream pids;
  for (size_t i = 0; i < backend_ids.size(); ++i) pids << (i ? "," : "") << backend_ids[i];
  StepOutcome outcome = control.Execute(
      "SELECT pg_catalog.count(*) FROM pg_catalog.pg_stat_activity WHERE pid = ANY ('{" +
      pids.str() + "}'::int[]) AND state = 'idle'");
  if (outcome.error || outcome.results.empty() || outcome.results.back().rows.size() != 1 ||
      !outcome.results.back().rows[0][0]) {
    return false;
  }
  return std::stoi(*outcome.results.back().rows[0][0]) == static_cast<int>(backend_ids.size());
}

}  // namespace interleave
