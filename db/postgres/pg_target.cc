#include "db/postgres/pg_target.h"

#include <libpq-fe.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <functional>
#include <pqxx/pqxx>
#include <regex>

#include "db/db_failure.h"
#include "db/postgres/conninfo.h"
#include "db/postgres/pg_client_connection.h"
#include "db/postgres/pg_control_connection.h"
#include "db/postgres/pg_lock_report.h"
#include "db/postgres/pg_private_server.h"
#include "db/process/cleanup_registry.h"
#include "db/process/process_util.h"

namespace interleave {
namespace {

constexpr const char* kScratchPrefix = "interleave_scratch_";

// Identifies this machine in scratch names, so that only our own leftovers
// (from dead processes on this machine) are ever dropped.
std::string HostTag() {
  char host[256] = {0};
  gethostname(host, sizeof(host) - 1);
  unsigned hash = 2166136261u;
  for (const char* p = host; *p; ++p) hash = (hash ^ static_cast<unsigned char>(*p)) * 16777619u;
  char text[16];
  snprintf(text, sizeof(text), "%08x", hash);
  return text;
}

// `conninfo` (keyword=value or a URI) with dbname replaced.
std::string WithDatabase(const std::string& conninfo, const std::string& database) {
  char* error = nullptr;
  PQconninfoOption* options = PQconninfoParse(conninfo.c_str(), &error);
  if (!options) {
    std::string message = error ? error : "invalid connection string";
    if (error) PQfreemem(error);
    throw DbFailure("bad --db URL: " + message);
  }
  std::string result;
  for (PQconninfoOption* option = options; option->keyword; ++option) {
    if (!option->val || std::string(option->keyword) == "dbname") continue;
    result += std::string(option->keyword) + "=" + QuoteConnInfoValue(option->val) + " ";
  }
  PQconninfoFree(options);
  return result + "dbname=" + QuoteConnInfoValue(database);
}

void DropDatabase(const std::string& admin_conninfo, const std::string& name) {
  pqxx::connection admin(admin_conninfo);
  pqxx::nontransaction tx(admin);
  tx.exec("DROP DATABASE IF EXISTS " + tx.quote_name(name) + " WITH (FORCE)");
}

std::string Redacted(const std::string& conninfo) {
  return std::regex_replace(conninfo, std::regex("(password=)('[^']*'|\\S+)|(://[^:@/]+:)[^@]+@"),
                            "$1$3***@");
}

}  // namespace

PgScratchDatabase::PgScratchDatabase(std::string admin_conninfo, std::string base_conninfo,
                                     std::string name, std::string scenario_role)
    : admin_conninfo_(std::move(admin_conninfo)),
      base_conninfo_(std::move(base_conninfo)),
      name_(std::move(name)),
      scenario_role_(std::move(scenario_role)) {}

PgScratchDatabase::~PgScratchDatabase() {
  try {
    DropDatabase(admin_conninfo_, name_);
  } catch (...) {
  }
  if (cleanup_id_ >= 0) CleanupRegistry::Remove(cleanup_id_);
}

std::string PgScratchDatabase::conninfo() const { return WithDatabase(base_conninfo_, name_); }

std::unique_ptr<ClientConnection> PgScratchDatabase::ConnectClient(
    const ConnectionSettings& settings) {
  return std::make_unique<PgClientConnection>(conninfo() + PgConnInfoOptions(settings) +
                                              RoleOption(settings));
}

std::unique_ptr<ControlConnection> PgScratchDatabase::ConnectControl(
    const ConnectionSettings& settings) {
  return std::make_unique<PgControlConnection>(conninfo() + PgConnInfoOptions(settings) +
                                               RoleOption(settings));
}

std::string PgScratchDatabase::RoleOption(const ConnectionSettings& settings) const {
  // A later keyword of a libpq connection string overrides an earlier one.
  if (settings.privileged || scenario_role_.empty()) return "";
  return " user=" + QuoteConnInfoValue(scenario_role_);
}

std::string PgConnInfoOptions(const ConnectionSettings& settings) {
  std::string text = " application_name=" + QuoteConnInfoValue(settings.application_name);
  if (!settings.parameters.empty()) {
    std::string options;
    for (const auto& [name, value] : settings.parameters) {
      options += (options.empty() ? "" : " ") + ("-c " + name + "=" + value);
    }
    text += " options=" + QuoteConnInfoValue(options);
  }
  return text;
}

std::shared_ptr<PgTarget> PgTarget::StartPrivate() { return StartPrivateIn(""); }

std::shared_ptr<PgTarget> PgTarget::StartPrivateIn(const std::string& cache_dir) {
  std::shared_ptr<PgTarget> target(new PgTarget());
  PrivateServer::Options options;
  options.cache_dir = cache_dir;
  target->server_ = PrivateServer::Start(options);
  target->admin_conninfo_ = target->server_->ConnInfo("postgres");
  // Scenario SQL from a file someone downloaded must not be able to change
  // the cached cluster for later runs (roles, ALTER SYSTEM, other databases)
  // or run programs on the machine: it runs as a role that owns only its
  // scratch database. deadlock_timeout, which the scheduler sets per client,
  // is granted to it. Its own ALTER ROLE ... SET is undone here.
  try {
    pqxx::connection admin(target->admin_conninfo_);
    pqxx::nontransaction tx(admin);
    tx.exec(std::string("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '") +
            kScenarioRole + "') THEN CREATE ROLE " + kScenarioRole +
            " LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION; END IF; END $$");
    tx.exec(std::string("ALTER ROLE ") + kScenarioRole +
            " NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS");
    tx.exec(std::string("ALTER ROLE ") + kScenarioRole + " RESET ALL");
    if (admin.server_version() >= 150000)
      tx.exec(std::string("GRANT SET ON PARAMETER deadlock_timeout TO ") + kScenarioRole);
    target->scenario_role_ = kScenarioRole;
  } catch (const std::exception& error) {
    std::string message = error.what();
    while (!message.empty() && message.back() == '\n') message.pop_back();
    throw DbFailure("cannot prepare the private server's scenario role: " + message);
  }
  return target;
}

std::shared_ptr<PgTarget> PgTarget::Connect(const std::string& chosen) {
  std::shared_ptr<PgTarget> target(new PgTarget());
  target->admin_conninfo_ = chosen;
  // Validate now, with one clear message.
  WithDatabase(chosen, "postgres");
  try {
    pqxx::connection probe(chosen);
  } catch (const std::exception& error) {
    std::string message = error.what();
    while (!message.empty() && message.back() == '\n') message.pop_back();
    throw DbFailure("cannot connect to " + target->Describe() + ": " + message);
  }
  return target;
}

PgTarget::~PgTarget() = default;

int PgTarget::server_pid() const { return server_ ? static_cast<int>(server_->pid()) : -1; }

std::string PgTarget::Describe() const {
  if (server_) return "private server (PostgreSQL " + server_->version() + ")";
  if (admin_conninfo_.empty()) return "server from PG* environment variables";
  return Redacted(admin_conninfo_);
}

std::string PgTarget::server_version() const {
  std::lock_guard<std::mutex> lock(version_mutex_);
  return version_;
}

std::unique_ptr<ScratchDatabase> PgTarget::CreateScratch() {
  static std::atomic<int> sequence{0};
  std::string prefix = std::string(kScratchPrefix) + HostTag() + "_";
  try {
    pqxx::connection admin(admin_conninfo_);
    pqxx::nontransaction tx(admin);
    std::call_once(leftovers_cleaned_, [&] {
      std::regex pattern(prefix + "([0-9]+)_[0-9]+");
      for (const auto& row : tx.exec("SELECT datname FROM pg_database WHERE datname LIKE " +
                                     tx.quote(prefix + "%"))) {
        std::string name = row[0].c_str();
        std::smatch match;
        if (std::regex_match(name, match, pattern) && !ProcessAlive(std::stoi(match[1]))) {
          tx.exec("DROP DATABASE IF EXISTS " + tx.quote_name(name) + " WITH (FORCE)");
        }
      }
    });
    std::string version;
    {
      std::lock_guard<std::mutex> lock(version_mutex_);
      if (version_.empty()) {
        version_ = ShortServerVersion(tx.exec1("SHOW server_version")[0].c_str());
      }
      version = version_;
    }
    std::string name = prefix + std::to_string(getpid()) + "_" + std::to_string(sequence++);
    // PostgreSQL 15's default strategy writes the whole template through WAL;
    // copying its files is several times faster for a small template.
    std::string strategy = admin.server_version() >= 150000 ? " STRATEGY FILE_COPY" : "";
    std::string owner = scenario_role_.empty() ? "" : " OWNER " + tx.quote_name(scenario_role_);
    tx.exec("CREATE DATABASE " + tx.quote_name(name) +
            " TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'" + strategy + owner);
    if (!scenario_role_.empty()) {
      // Row locks are read with pgrowlocks, which only a superuser may add.
      try {
        pqxx::connection scratch_admin(WithDatabase(admin_conninfo_, name));
        pqxx::nontransaction add(scratch_admin);
        add.exec(std::string("CREATE SCHEMA ") + kPgRowLocksSchema +
                 "; CREATE EXTENSION pgrowlocks SCHEMA " + kPgRowLocksSchema +
                 "; GRANT USAGE ON SCHEMA " + kPgRowLocksSchema + " TO PUBLIC");
      } catch (const pqxx::sql_error&) {
        // Without PostgreSQL's contrib modules row locks are not shown (Locks() says so).
      }
    }
    auto scratch =
        std::make_unique<PgScratchDatabase>(admin_conninfo_, admin_conninfo_, name, scenario_role_);
    scratch->set_server_version(version);
    std::string admin_conninfo = admin_conninfo_;
    scratch->set_cleanup_id(
        CleanupRegistry::Add([admin_conninfo, name] { DropDatabase(admin_conninfo, name); }));
    return scratch;
  } catch (const DbFailure&) {
    throw;
  } catch (const std::exception& error) {
    std::string message = error.what();
    while (!message.empty() && message.back() == '\n') message.pop_back();
    throw DbFailure("cannot create a scratch database on " + Describe() + ": " + message);
  }
}

}  // namespace interleave
