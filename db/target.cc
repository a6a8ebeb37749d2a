// Target::Open: picks the engine and the server for a URL (mysql:// and
// mariadb:// URLs name a MariaDB server, when built with MariaDB; anything
// else is PostgreSQL) and falls back to the private PostgreSQL server.
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

}  // namespace

std::shared_ptr<Target> Target::OpenPrivate() { return PgTarget::StartPrivate(); }

std::shared_ptr<Target> Target::Open(const std::string& url) {
  std::string chosen = url;
  if (chosen.empty()) {
    if (const char* env = getenv("INTERLEAVE_DB"); env && *env) chosen = env;
  }
  if (NamesMariaDb(chosen)) {
#if INTERLEAVE_WITH_MARIADB
    return MariaTarget::Connect(chosen);
#else
    throw DbFailure("this interleave was built without MariaDB support (libmariadb-dev)");
#endif
  }
  bool from_pg_env = chosen.empty() && (getenv("PGHOST") || getenv("PGDATABASE") ||
                                        getenv("PGSERVICE") || getenv("PGPORT"));
  if (chosen.empty() && !from_pg_env) return OpenPrivate();
  return PgTarget::Connect(chosen);
}

}  // namespace interleave
