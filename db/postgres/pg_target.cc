#include "db/postgres/pg_target.h"

#include <libpq-fe.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <functional>
#include <pqxx/pqxx>
#include <random>
#include <regex>
#include <vector>

#include "db/db_failure.h"
#include "db/postgres/conninfo.h"
#include "db/postgres/pg_admin_connections.h"
#include "db/postgres/pg_client_connection.h"
#include "db/postgres/pg_control_connection.h"
#include "db/postgres/pg_lock_report.h"
#include "db/postgres/pg_private_server.h"
#include "db/process/cleanup_registry.h"
#include "db/process/process_util.h"
#include "util/phase_log.h"
#include "util/utf8.h"

namespace interleave {
namespace {

constexpr const char* kScratchPrefix = "interleave_scratch_";
// The comment on a scratch database with a fixed name (CreateScratchNamed),
// followed by the creating process's id: how a later run tells one a killed
// run left from a database of the user's.
constexpr const char* kFixedNameMark = "interleave scratch database of process ";

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

// `conninfo` (keyword=value or a URI) as keyword=value text, with the
// keywords of `replaced` given their new values.
std::string ConnInfoWith(const std::string& conninfo,
                         const std::vector<std::pair<std::string, std::string>>& replaced) {
  char* error = nullptr;
  PQconninfoOption* options = PQconninfoParse(conninfo.c_str(), &error);
  if (!options) {
    std::string message = error ? error : "invalid connection string";
    if (error) PQfreemem(error);
    throw DbFailure("bad --db URL: " + message);
  }
  std::string result;
  for (PQconninfoOption* option = options; option->keyword; ++option) {
    bool is_replaced = false;
    for (const auto& [keyword, value] : replaced)
      is_replaced = is_replaced || keyword == option->keyword;
    if (!option->val || is_replaced) continue;
    result += std::string(option->keyword) + "=" + QuoteConnInfoValue(option->val) + " ";
  }
  PQconninfoFree(options);
  for (const auto& [keyword, value] : replaced)
    result += keyword + "=" + QuoteConnInfoValue(value) + " ";
  if (!result.empty()) result.pop_back();
  return result;
}

// `conninfo` (keyword=value or a URI) with dbname replaced.
std::string WithDatabase(const std::string& conninfo, const std::string& database) {
  return ConnInfoWith(conninfo, {{"dbname", database}});
}

std::string Trimmed(std::string message) {
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
  return message;
}

// A password nobody can guess: 32 hexadecimal digits from the system's
// random source.
std::string RandomPassword() {
  std::random_device random;
  std::string text;
  const char* digits = "0123456789abcdef";
  for (int i = 0; i < 32; ++i) text += digits[random() % 16];
  return text;
}

// Drops a temporary role with the databases it owns and its grants.
void DropRoleNamed(const std::string& admin_conninfo, const std::string& role) {
  pqxx::connection admin(admin_conninfo);
  auto run = [&admin](const std::string& sql) {
    pqxx::nontransaction tx(admin);
    return tx.exec(sql);
  };
  const std::string name = admin.quote_name(role);
  for (const auto& row : run("SELECT d.datname FROM pg_catalog.pg_database d JOIN "
                             "pg_catalog.pg_roles r ON r.oid = d.datdba WHERE r.rolname = " +
                             admin.quote(role))) {
    run("DROP DATABASE IF EXISTS " + admin.quote_name(row[0].c_str()) + " WITH (FORCE)");
  }
  if (run("SELECT FROM pg_catalog.pg_roles WHERE rolname = " + admin.quote(role)).empty()) return;
  if (admin.server_version() >= 150000) {
    try {
      run("REVOKE SET ON PARAMETER deadlock_timeout FROM " + name);
    } catch (const pqxx::sql_error&) {
      // Nothing granted: nothing to revoke.
    }
  }
  run("DROP OWNED BY " + name);
  run("DROP ROLE IF EXISTS " + name);
}

void DropDatabase(const std::string& admin_conninfo, const std::string& name) {
  pqxx::connection admin(admin_conninfo);
  pqxx::nontransaction tx(admin);
  tx.exec("DROP DATABASE IF EXISTS " + tx.quote_name(name) + " WITH (FORCE)");
}

void DropDatabase(PgAdminConnections& connections, const std::string& name) {
  std::unique_ptr<pqxx::connection> admin = connections.Take();
  {
    pqxx::nontransaction tx(*admin);
    tx.exec("DROP DATABASE IF EXISTS " + tx.quote_name(name) + " WITH (FORCE)");
  }
  connections.Give(std::move(admin));
}

// Makes room for a scratch database called `name`: nothing to do when there
// is none; a database of that name that a killed run of this tool left (its
// comment names a process that is gone) is dropped; any other is the user's,
// or a running run's, and is not touched.
void ClaimFixedName(pqxx::nontransaction& tx, const std::string& name, const std::string& server) {
  pqxx::result rows = tx.exec(
      "SELECT coalesce(pg_catalog.shobj_description(oid, 'pg_database'), '') FROM "
      "pg_catalog.pg_database WHERE datname = " +
      tx.quote(name));
  if (rows.empty()) return;
  const std::string comment = rows[0][0].c_str();
  const std::string mark = kFixedNameMark;
  if (comment.rfind(mark, 0) == 0) {
    const std::string pid = comment.substr(mark.size());
    if (!pid.empty() && pid.find_first_not_of("0123456789") == std::string::npos &&
        !ProcessAlive(std::stoi(pid))) {
      tx.exec("DROP DATABASE IF EXISTS " + tx.quote_name(name) + " WITH (FORCE)");
      return;
    }
    throw DbFailure("database \"" + name + "\" on " + server +
                    " is in use by another interleave run (process " + pid + ")");
  }
  throw DbFailure("database \"" + name + "\" already exists on " + server +
                  " and interleave did not create it; interleave never touches a database "
                  "it did not create (run on another server, or drop it yourself)");
}

std::string Redacted(const std::string& conninfo) {
  return std::regex_replace(conninfo, std::regex("(password=)('[^']*'|\\S+)|(://[^:@/]+:)[^@]+@"),
                            "$1$3***@");
}

}  // namespace

PgScratchDatabase::PgScratchDatabase(std::string admin_conninfo, std::string base_conninfo,
                                     std::string name, PgLogin scenario,
                                     bool admin_may_set_deadlock_timeout,
                                     std::shared_ptr<PgAdminConnections> admin)
    : admin_conninfo_(std::move(admin_conninfo)),
      base_conninfo_(std::move(base_conninfo)),
      name_(std::move(name)),
      scenario_(std::move(scenario)),
      admin_may_set_deadlock_timeout_(admin_may_set_deadlock_timeout),
      admin_(std::move(admin)) {}

PgScratchDatabase::~PgScratchDatabase() {
  NotePhase("scratch: dropping");
  try {
    if (admin_) {
      DropDatabase(*admin_, name_);
    } else {
      DropDatabase(admin_conninfo_, name_);
    }
  } catch (...) {
  }
  NotePhase("scratch: dropped");
  if (cleanup_id_ >= 0) CleanupRegistry::Remove(cleanup_id_);
}

std::string PgScratchDatabase::conninfo() const { return WithDatabase(base_conninfo_, name_); }

std::unique_ptr<ClientConnection> PgScratchDatabase::ConnectClient(
    const ConnectionSettings& settings) {
  return std::make_unique<PgClientConnection>(
      conninfo() + PgConnInfoOptions(settings) + RoleOption(settings),
      MaySetDeadlockTimeout(settings));
}

std::unique_ptr<ControlConnection> PgScratchDatabase::ConnectControl(
    const ConnectionSettings& settings) {
  return std::make_unique<PgControlConnection>(conninfo() + PgConnInfoOptions(settings) +
                                               RoleOption(settings));
}

std::string PgScratchDatabase::RoleOption(const ConnectionSettings& settings) const {
  // A later keyword of a libpq connection string overrides an earlier one.
  if (settings.privileged || scenario_.role.empty()) return "";
  std::string text = " user=" + QuoteConnInfoValue(scenario_.role);
  if (!scenario_.password.empty()) text += " password=" + QuoteConnInfoValue(scenario_.password);
  return text;
}

bool PgScratchDatabase::MaySetDeadlockTimeout(const ConnectionSettings& settings) const {
  if (settings.privileged || scenario_.role.empty()) return admin_may_set_deadlock_timeout_;
  return scenario_.may_set_deadlock_timeout;
}

std::string PgTemporaryRolePrefix() { return std::string(kTemporaryRolePrefix) + HostTag() + "_"; }

std::string PgConnInfoOptions(const ConnectionSettings& settings) {
  // Clipped here as the server would clip it, so that it sends no notice at
  // login (which libpq would print to stderr before any handler is set).
  std::string text =
      " application_name=" + QuoteConnInfoValue(Utf8ClipBytes(settings.application_name, 63));
  if (!settings.parameters.empty()) {
    std::string options;
    for (const auto& [name, value] : settings.parameters) {
      options += (options.empty() ? "" : " ") + ("-c " + name + "=" + value);
    }
    text += " options=" + QuoteConnInfoValue(options);
  }
  return text;
}

std::shared_ptr<PgTarget> PgTarget::StartPrivate(const OpenOptions& options) {
  return StartPrivateIn("", options);
}

std::shared_ptr<PgTarget> PgTarget::StartPrivateIn(const std::string& cache_dir,
                                                   const OpenOptions& options) {
  std::shared_ptr<PgTarget> target(new PgTarget());
  PrivateServer::Options server_options;
  server_options.cache_dir = cache_dir;
  target->server_ = PrivateServer::Start(server_options);
  target->admin_conninfo_ = target->server_->ConnInfo("postgres");
  target->admin_ = std::make_shared<PgAdminConnections>(target->admin_conninfo_, true);
  target->add_row_lock_reader_ = !options.no_row_locks;
  // Scenario SQL from a file someone downloaded must not be able to change
  // the cached cluster for later runs (roles, ALTER SYSTEM, other databases)
  // or run programs on the machine: it runs as a role that owns only its
  // scratch database. deadlock_timeout, which the scheduler sets per client,
  // is granted to it. Its own ALTER ROLE ... SET is undone here. One round
  // trip, on the connection CreateScratch uses next.
  try {
    std::unique_ptr<pqxx::connection> admin = target->admin_->Take();
    const bool pg15 = admin->server_version() >= 150000;
    {
      pqxx::nontransaction tx(*admin);
      tx.exec(std::string("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '") +
              kScenarioRole + "') THEN CREATE ROLE " + kScenarioRole +
              " LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION; END IF; END $$; " +
              "ALTER ROLE " + kScenarioRole +
              " NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS; ALTER ROLE " +
              kScenarioRole + " RESET ALL" +
              (pg15 ? std::string("; GRANT SET ON PARAMETER deadlock_timeout TO ") + kScenarioRole
                    : std::string()));
    }
    target->admin_->Give(std::move(admin));
    target->scenario_.role = kScenarioRole;
    target->scenario_.may_set_deadlock_timeout = pg15;
    target->admin_superuser_ = true;
  } catch (const std::exception& error) {
    std::string message = error.what();
    while (!message.empty() && message.back() == '\n') message.pop_back();
    throw DbFailure("cannot prepare the private server's scenario role: " + message);
  }
  NotePhase("scenario role prepared");
  return target;
}

std::shared_ptr<PgTarget> PgTarget::Connect(const std::string& chosen, const OpenOptions& options) {
  std::shared_ptr<PgTarget> target(new PgTarget());
  target->admin_conninfo_ = chosen;
  target->admin_ = std::make_shared<PgAdminConnections>(chosen, /*keep_idle=*/false);
  target->add_row_lock_reader_ = !options.no_row_locks;
  // Validate now, with one clear message.
  WithDatabase(chosen, "postgres");
  std::unique_ptr<pqxx::connection> probe;
  try {
    probe = std::make_unique<pqxx::connection>(chosen);
  } catch (const std::exception& error) {
    throw DbFailure("cannot connect to " + target->Describe() + ": " + Trimmed(error.what()));
  }
  bool superuser = false;
  bool createdb = false;
  std::string user;
  std::string server_timeout;
  try {
    pqxx::nontransaction tx(*probe);
    pqxx::row row = tx.exec1(
        "SELECT r.rolsuper, r.rolcreatedb, current_user, "
        "pg_catalog.current_database(), pg_catalog.current_setting('deadlock_timeout') "
        "FROM pg_catalog.pg_roles r WHERE r.rolname = current_user");
    superuser = row[0].as<bool>();
    createdb = row[1].as<bool>();
    user = row[2].c_str();
    target->admin_database_ = row[3].c_str();
    server_timeout = row[4].c_str();
    // Before PostgreSQL 15 only a superuser may set deadlock_timeout.
    target->admin_may_set_deadlock_timeout_ =
        superuser ||
        (probe->server_version() >= 150000 &&
         tx.exec1("SELECT pg_catalog.has_parameter_privilege('deadlock_timeout', 'SET')")[0]
             .as<bool>());
  } catch (const std::exception& error) {
    throw DbFailure("cannot read the role of " + target->Describe() + ": " + Trimmed(error.what()));
  }
  probe.reset();
  target->admin_superuser_ = superuser;
  if (!superuser && !createdb) {
    throw DbFailure("the role " + user + " of " + target->Describe() +
                    " may not create databases: interleave makes a scratch database for its "
                    "runs, so the role needs CREATEDB (ALTER ROLE " +
                    user + " CREATEDB)");
  }
  target->scenario_.may_set_deadlock_timeout = target->admin_may_set_deadlock_timeout_;
  if (options.specs_only) return target;
  if (superuser && options.allow_superuser) {
    target->notes_.push_back("scenario SQL runs as " + user +
                             ", a superuser (--allow-superuser): it can reach other databases, "
                             "roles and files of the server's machine");
  } else if (superuser) {
    target->MakeTemporaryRole();
  }
  if (!target->scenario_.may_set_deadlock_timeout) {
    const std::string role = target->scenario_.role.empty() ? user : target->scenario_.role;
    target->notes_.push_back(
        "the role " + role + " may not set deadlock_timeout (on PostgreSQL 15 a superuser can " +
        "allow it: GRANT SET ON PARAMETER deadlock_timeout TO " + role + "), so every client " +
        "keeps the server's " + server_timeout + ": a deadlock is found once the first " +
        "waiter's " + server_timeout + " has run out, and its victim is the server's choice, " +
        "the first waiter whose deadlock_timeout runs out after the cycle formed (normally the " +
        "first to wait, the victim interleave otherwise arranges)");
  }
  return target;
}

void PgTarget::MakeTemporaryRole() {
  static std::atomic<int> sequence{0};
  const std::string prefix = PgTemporaryRolePrefix();
  const std::string role = prefix + std::to_string(getpid()) + "_" + std::to_string(sequence++);
  const std::string password = RandomPassword();
  try {
    // Roles of killed runs (their process is gone), with their databases.
    {
      pqxx::connection admin(admin_conninfo_);
      pqxx::nontransaction tx(admin);
      std::regex pattern(prefix + "([0-9]+)_[0-9]+");
      for (const auto& row : tx.exec("SELECT rolname FROM pg_catalog.pg_roles WHERE rolname LIKE " +
                                     tx.quote(prefix + "%"))) {
        std::string name = row[0].c_str();
        std::smatch match;
        if (std::regex_match(name, match, pattern) && !ProcessAlive(std::stoi(match[1]))) {
          try {
            DropRoleNamed(admin_conninfo_, name);
          } catch (const pqxx::sql_error&) {
            // Another run may be dropping it too; the next run tries again.
          }
        }
      }
    }
    // The password reaches the server only as a verifier that libpq computes
    // (as psql's \password does), so no server log can show it.
    PGconn* raw = PQconnectdb(admin_conninfo_.c_str());
    char* verifier = PQstatus(raw) == CONNECTION_OK
                         ? PQencryptPasswordConn(raw, password.c_str(), role.c_str(), nullptr)
                         : nullptr;
    std::string hashed = verifier ? verifier : "";
    std::string failure = verifier ? "" : PQerrorMessage(raw);
    if (verifier) PQfreemem(verifier);
    PQfinish(raw);
    if (hashed.empty())
      throw DbFailure("cannot make a password for a temporary role: " + Trimmed(failure));

    pqxx::connection admin(admin_conninfo_);
    pqxx::nontransaction tx(admin);
    tx.exec("CREATE ROLE " + tx.quote_name(role) +
            " LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD " +
            tx.quote(hashed));
    const std::string admin_conninfo = admin_conninfo_;
    role_cleanup_id_ =
        CleanupRegistry::Add([admin_conninfo, role] { DropRoleNamed(admin_conninfo, role); });
    temporary_role_ = true;
    scenario_ = {role, password, false};
    if (admin.server_version() >= 150000) {
      tx.exec("GRANT SET ON PARAMETER deadlock_timeout TO " + tx.quote_name(role));
      scenario_.may_set_deadlock_timeout = true;
    }
  } catch (const DbFailure&) {
    DropTemporaryRole();
    throw;
  } catch (const std::exception& error) {
    DropTemporaryRole();
    throw DbFailure("cannot make a temporary role for scenario SQL on " + Describe() + ": " +
                    Trimmed(error.what()));
  }
  // The clients must be able to log in as it.
  PGconn* login = PQconnectdb(
      ConnInfoWith(admin_conninfo_,
                   {{"user", role}, {"password", password}, {"dbname", admin_database_}})
          .c_str());
  std::string refused = PQstatus(login) == CONNECTION_OK ? "" : Trimmed(PQerrorMessage(login));
  PQfinish(login);
  // Only a database that does not admit PUBLIC: the login itself worked.
  if (!refused.empty() && refused.find("permission denied for database") == std::string::npos) {
    DropTemporaryRole();
    throw DbFailure(
        "the server at " + Describe() + " does not let interleave's temporary role " + role +
        " log in (" + refused +
        "). With a superuser URL, scenario SQL runs as that temporary "
        "role, which owns only the scratch database; let it log in with a password in "
        "pg_hba.conf, use a URL whose role is not a superuser (it needs CREATEDB), or pass "
        "--allow-superuser to run scenario SQL as the URL's superuser");
  }
}

void PgTarget::DropTemporaryRole() {
  if (!temporary_role_) return;
  try {
    DropRoleNamed(admin_conninfo_, scenario_.role);
  } catch (...) {
  }
  if (role_cleanup_id_ >= 0) CleanupRegistry::Remove(role_cleanup_id_);
  role_cleanup_id_ = -1;
  temporary_role_ = false;
}

PgTarget::~PgTarget() {
  DropTemporaryRole();
  if (admin_) admin_->Clear();
}

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

std::unique_ptr<ScratchDatabase> PgTarget::CreateScratch() { return MakeScratch(""); }

std::unique_ptr<ScratchDatabase> PgTarget::CreateScratchNamed(const std::string& name) {
  return MakeScratch(name);
}

std::unique_ptr<ScratchDatabase> PgTarget::MakeScratch(const std::string& fixed_name) {
  static std::atomic<int> sequence{0};
  std::string prefix = std::string(kScratchPrefix) + HostTag() + "_";
  try {
    std::unique_ptr<pqxx::connection> admin_connection = admin_->Take();
    pqxx::connection& admin = *admin_connection;
    std::string name;
    std::string version;
    {
      pqxx::nontransaction tx(admin);
      std::call_once(leftovers_cleaned_, [&] {
        std::regex pattern(prefix + "([0-9]+)_[0-9]+");
        for (const auto& row : tx.exec("SELECT datname FROM pg_database WHERE datname LIKE " +
                                       tx.quote(prefix + "%"))) {
          std::string leftover = row[0].c_str();
          std::smatch match;
          if (std::regex_match(leftover, match, pattern) && !ProcessAlive(std::stoi(match[1]))) {
            tx.exec("DROP DATABASE IF EXISTS " + tx.quote_name(leftover) + " WITH (FORCE)");
          }
        }
      });
      {
        std::lock_guard<std::mutex> lock(version_mutex_);
        if (version_.empty()) {
          version_ = ShortServerVersion(tx.exec1("SHOW server_version")[0].c_str());
        }
        version = version_;
      }
      name = prefix + std::to_string(getpid()) + "_" + std::to_string(sequence++);
      if (!fixed_name.empty()) {
        ClaimFixedName(tx, fixed_name, Describe());
        name = fixed_name;
      }
      // PostgreSQL 15's default strategy writes the whole template through WAL;
      // copying its files is several times faster for a small template.
      std::string strategy = admin.server_version() >= 150000 ? " STRATEGY FILE_COPY" : "";
      std::string owner = scenario_.role.empty() ? "" : " OWNER " + tx.quote_name(scenario_.role);
      NotePhase("scratch: admin connected, leftovers checked");
      tx.exec("CREATE DATABASE " + tx.quote_name(name) +
              " TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'" + strategy + owner);
      if (!fixed_name.empty()) {
        tx.exec("COMMENT ON DATABASE " + tx.quote_name(name) + " IS " +
                tx.quote(kFixedNameMark + std::to_string(getpid())));
      }
      NotePhase("scratch: database created");
    }
    admin_->Give(std::move(admin_connection));
    if (admin_superuser_ && add_row_lock_reader_) {
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
      NotePhase("scratch: pgrowlocks added");
    }
    auto scratch = std::make_unique<PgScratchDatabase>(
        admin_conninfo_, admin_conninfo_, name, scenario_, admin_may_set_deadlock_timeout_, admin_);
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
