// Target::Open: picks the engine and the server for a URL (today PostgreSQL
// only) and falls back to the private server.
#include <cstdlib>

#include "db/engine.h"
#include "db/postgres/pg_target.h"

namespace interleave {

std::shared_ptr<Target> Target::OpenPrivate() { return PgTarget::StartPrivate(); }

std::shared_ptr<Target> Target::Open(const std::string& url) {
  std::string chosen = url;
  if (chosen.empty()) {
    if (const char* env = getenv("INTERLEAVE_DB"); env && *env) chosen = env;
  }
  bool from_pg_env = chosen.empty() && (getenv("PGHOST") || getenv("PGDATABASE") ||
                                        getenv("PGSERVICE") || getenv("PGPORT"));
  if (chosen.empty() && !from_pg_env) return OpenPrivate();
  return PgTarget::Connect(chosen);
}

}  // namespace interleave
