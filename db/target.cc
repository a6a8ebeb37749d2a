// Target::Open: picks the engine and the server for a URL (mysql:// and
// mariadb:// URLs name a MariaDB server, when built with MariaDB; anything
// else is PostgreSQL) and falls back to the engine's private server.
#include <cstdlib>

#include "db/db_failure.h"
#include "db/engine.h"
#include "db/postgres/pg_target.h"
#if INTERLEAVE_WITH_MARIADB
#include "db/mariadb/maria_target.h"
#endif

namespace interleave {
namespace {

bool NamesMariaDb(const std::string& url) {
  return url.rfind("mysql://", 0) == 0 || url.rfind("mariadb://", 0) == 0;
}

#if !INTERLEAVE_WITH_MARIADB
[[noreturn]] void WithoutMariaDb() {
  throw DbFailure("this interleave was built without MariaDB support (libmariadb-dev)");
}
#endif

}  // namespace

std::shared_ptr<Target> Target::OpenPrivate(EngineKind engine) {
  if (engine == EngineKind::kMariaDb) {
#if INTERLEAVE_WITH_MARIADB
    return MariaTarget::StartPrivate();
#else
    WithoutMariaDb();
#endif
  }
  return PgTarget::StartPrivate();
}

std::shared_ptr<Target> Target::Open(const std::string& url, const OpenOptions& options) {
  std::string chosen = url;
  if (chosen.empty()) {
    if (const char* env = getenv("INTERLEAVE_DB"); env && *env) chosen = env;
  }
  if (NamesMariaDb(chosen)) {
#if INTERLEAVE_WITH_MARIADB
    return MariaTarget::Connect(chosen);
#else
    WithoutMariaDb();
#endif
  }
  bool from_pg_env = chosen.empty() && (getenv("PGHOST") || getenv("PGDATABASE") ||
                                        getenv("PGSERVICE") || getenv("PGPORT"));
  if (chosen.empty() && !from_pg_env) return PgTarget::StartPrivate(options);
  return PgTarget::Connect(chosen, options);
}

std::shared_ptr<Target> Target::Open(const std::string& url, EngineKind engine,
                                     const OpenOptions& options) {
  if (engine == EngineKind::kPostgreSql) {
    if (NamesMariaDb(url)) {
      throw DbFailure(
          "--db names a MariaDB server but the engine is postgresql; expected a "
          "postgresql:// URL or a libpq connection string");
    }
    std::string chosen = url;
    if (chosen.empty()) {
      if (const char* env = getenv("INTERLEAVE_DB"); env && *env && !NamesMariaDb(env)) {
        chosen = env;
      }
    }
    bool from_pg_env = chosen.empty() && (getenv("PGHOST") || getenv("PGDATABASE") ||
                                          getenv("PGSERVICE") || getenv("PGPORT"));
    if (chosen.empty() && !from_pg_env) return PgTarget::StartPrivate(options);
    return PgTarget::Connect(chosen, options);
  }
  std::string chosen = url;
  if (chosen.empty()) {
    if (const char* env = getenv("INTERLEAVE_DB"); env && *env && NamesMariaDb(env)) chosen = env;
  }
  if (chosen.empty()) return OpenPrivate(EngineKind::kMariaDb);
  if (!NamesMariaDb(chosen)) {
    throw DbFailure(
        "--db names a PostgreSQL server but the engine is mariadb; expected a "
        "mariadb:// or mysql:// URL");
  }
  return Open(chosen, options);
}

const char* EngineName(EngineKind engine) {
  return engine == EngineKind::kMariaDb ? "mariadb" : "postgresql";
}

const char* EngineTitle(EngineKind engine) {
  return engine == EngineKind::kMariaDb ? "MariaDB" : "PostgreSQL";
}

std::string EngineAndVersion(EngineKind engine, const std::string& version) {
  std::string text = EngineTitle(engine);
  return version.empty() ? text : text + " " + version;
}

std::string ShortServerVersion(const std::string& reported) {
  size_t end = reported.find_first_of(" -(");
  return reported.substr(0, end);
}

std::optional<EngineKind> EngineFromName(const std::string& name) {
  if (name == "postgresql") return EngineKind::kPostgreSql;
  if (name == "mariadb") return EngineKind::kMariaDb;
  return std::nullopt;
}

std::string Dialect::ResetSql(EngineKind engine) {
  if (engine == EngineKind::kMariaDb) {
    // MariaDB has no schemas inside a database and no DROP ... CASCADE: every
    // view and table of the scratch database is dropped by name, foreign keys
    // ignored meanwhile.
    return "SET @interleave_drop = (SELECT CONCAT('DROP TABLE IF EXISTS ', "
           "GROUP_CONCAT(CONCAT('`', table_name, '`') SEPARATOR ', ')) FROM "
           "information_schema.tables WHERE table_schema = DATABASE() AND table_type = 'BASE "
           "TABLE'); "
           "SET @interleave_views = (SELECT CONCAT('DROP VIEW IF EXISTS ', "
           "GROUP_CONCAT(CONCAT('`', table_name, '`') SEPARATOR ', ')) FROM "
           "information_schema.tables WHERE table_schema = DATABASE() AND table_type = 'VIEW'); "
           "SET FOREIGN_KEY_CHECKS = 0; "
           "EXECUTE IMMEDIATE COALESCE(@interleave_views, 'DO 0'); "
           "EXECUTE IMMEDIATE COALESCE(@interleave_drop, 'DO 0'); "
           "SET FOREIGN_KEY_CHECKS = 1";
  }
  return "DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public; "
         "SELECT pg_catalog.set_config('search_path', 'public', false)";
}

std::string Dialect::ListTablesSql(EngineKind engine) {
  if (engine == EngineKind::kMariaDb) {
    return "SELECT CONCAT('`', table_name, '`') FROM information_schema.tables "
           "WHERE table_schema = DATABASE() AND table_type = 'BASE TABLE' ORDER BY table_name "
           "LIMIT 6";
  }
  return "SELECT quote_ident(table_name) FROM information_schema.tables "
         "WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1 LIMIT 6";
}

std::string Dialect::SessionIsolationSql(EngineKind engine, const std::string& level) {
  if (engine == EngineKind::kMariaDb) return "SET SESSION TRANSACTION " + level;
  return "SET SESSION CHARACTERISTICS AS TRANSACTION " + level;
}

std::string Dialect::BooleanSql(EngineKind engine, const std::string& expression) {
  if (engine == EngineKind::kMariaDb) return "SELECT (" + expression + ") IS TRUE";
  return "SELECT (" + expression + ")::boolean";
}

bool Dialect::IsTrue(EngineKind engine, const std::string& value) {
  return engine == EngineKind::kMariaDb ? value == "1" : value == "t";
}

bool Dialect::IsFalse(EngineKind engine, const std::string& value) {
  return engine == EngineKind::kMariaDb ? value == "0" : value == "f";
}

}  // namespace interleave

namespace interleave {

std::unique_ptr<ScratchDatabase> Target::CreateScratchNamed(const std::string& name) {
  throw DbFailure("cannot create a database named \"" + name + "\" on " + Describe() +
                  ": only PostgreSQL targets can");
}

}  // namespace interleave
