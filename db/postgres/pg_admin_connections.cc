#include "db/postgres/pg_admin_connections.h"

namespace interleave {

std::unique_ptr<pqxx::connection> PgAdminConnections::Take() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (idle_) return std::move(idle_);
  }
  return std::make_unique<pqxx::connection>(conninfo_);
}

void PgAdminConnections::Give(std::unique_ptr<pqxx::connection> connection) {
  if (!keep_idle_ || !connection || !connection->is_open()) return;
  std::lock_guard<std::mutex> lock(mutex_);
  if (!idle_) idle_ = std::move(connection);
}

void PgAdminConnections::Clear() {
  std::unique_ptr<pqxx::connection> closing;
  std::lock_guard<std::mutex> lock(mutex_);
  closing = std::move(idle_);
}

}  // namespace interleave
