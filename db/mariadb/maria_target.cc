#include "db/mariadb/maria_target.h"

#include <mysql.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <regex>

#include "db/db_failure.h"
#include "db/mariadb/maria_client_connection.h"
#include "db/mariadb/maria_control_connection.h"
#include "db/mariadb/maria_private_server.h"
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

// Closes the connection when the scope ends.
struct Closer {
  MYSQL* mysql;
  ~Closer() { mysql_close(mysql); }
};

void Run(MYSQL* mysql, const std::string& sql) {
  if (mysql_real_query(mysql, sql.data(), sql.size()) != 0) {
    throw DbFailure(std::string(mysql_error(mysql)) + " (" + sql + ")");
  }
  if (MYSQL_RES* result = mysql_store_result(mysql)) mysql_free_result(result);
}

std::vector<std::string> Column(MYSQL* mysql, const std::string& sql) {
  if (mysql_real_query(mysql, sql.data(), sql.size()) != 0) {
    throw DbFailure(std::string(mysql_error(mysql)) + " (" + sql + ")");
  }
  std::vector<std::string> values;
  MYSQL_RES* result = mysql_store_result(mysql);
  if (!result) return values;
  while (MYSQL_ROW row = mysql_fetch_row(result)) values.push_back(row[0] ? row[0] : "");
  mysql_free_result(result);
  return values;
}

// Ends the connections still in `name`, then drops it. Scratch names hold
// only [a-z0-9_], so they need no escaping inside quotes and backquotes.
void DropOn(MYSQL* admin, const std::string& name) {
  for (const std::string& id :
       Column(admin, "SELECT ID FROM information_schema.PROCESSLIST WHERE DB = '" + name +
                         "' AND ID <> CONNECTION_ID()")) {
    std::string kill = "KILL CONNECTION " + id;
    mysql_real_query(admin, kill.data(), kill.size());  // it may have ended meanwhile
  }
  Run(admin, "DROP DATABASE IF EXISTS `" + name + "`");
}

void DropDatabase(const MariaConnParams& admin_params, const std::string& name) {
  MYSQL* admin = ConnectMaria(admin_params, false);
  Closer closer{admin};
  DropOn(admin, name);
}

}  // namespace

MariaScratchDatabase::MariaScratchDatabase(MariaConnParams admin, std::string name)
    : admin_(std::move(admin)), name_(std::move(name)) {}

MariaScratchDatabase::~MariaScratchDatabase() {
  try {
    DropDatabase(admin_, name_);
  } catch (...) {
  }
  if (cleanup_id_ >= 0) CleanupRegistry::Remove(cleanup_id_);
}

std::string MariaScratchDatabase::conninfo() const { return admin_.WithDatabase(name_).Url(); }

std::unique_ptr<ClientConnection> MariaScratchDatabase::ConnectClient(
    const ConnectionSettings& settings) {
  return std::make_unique<MariaClientConnection>(admin_.WithDatabase(name_), settings);
}

std::unique_ptr<ControlConnection> MariaScratchDatabase::ConnectControl(
    const ConnectionSettings& settings) {
  return std::make_unique<MariaControlConnection>(admin_.WithDatabase(name_));
}

std::shared_ptr<MariaTarget> MariaTarget::StartPrivate(const std::string& cache_dir) {
  std::shared_ptr<MariaTarget> target(new MariaTarget());
  target->server_ = MariaPrivateServer::Start({cache_dir, "", ""});
  target->admin_ = target->server_->Params("mysql");
  target->admin_url_ = target->admin_.Url();
  return target;
}

std::shared_ptr<MariaTarget> MariaTarget::Connect(const std::string& url) {
  std::shared_ptr<MariaTarget> target(new MariaTarget());
  target->admin_ = ParseMariaUrl(url);
  target->admin_url_ = url;
  MYSQL* probe = ConnectMaria(target->admin_, false);  // one clear message now
  mysql_close(probe);
  return target;
}

MariaTarget::~MariaTarget() = default;

int MariaTarget::server_pid() const { return server_ ? static_cast<int>(server_->pid()) : -1; }

std::string MariaTarget::Describe() const {
  if (server_) return "private server (MariaDB " + server_->version() + ")";
  return admin_.Describe();
}

std::string MariaTarget::server_version() const {
  std::lock_guard<std::mutex> lock(version_mutex_);
  return version_;
}

std::unique_ptr<ScratchDatabase> MariaTarget::CreateScratch() {
  static std::atomic<int> sequence{0};
  std::string prefix = std::string(kScratchPrefix) + HostTag() + "_";
  try {
    MYSQL* admin = ConnectMaria(admin_, false);
    Closer closer{admin};
    std::call_once(leftovers_cleaned_, [&] {
      std::regex pattern(prefix + "([0-9]+)_[0-9]+");
      for (const std::string& name :
           Column(admin,
                  "SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME "
                  "LIKE '" +
                      prefix + "%'")) {
        std::smatch match;
        if (std::regex_match(name, match, pattern) && !ProcessAlive(std::stoi(match[1]))) {
          DropOn(admin, name);
        }
      }
    });
    std::string version;
    {
      std::lock_guard<std::mutex> lock(version_mutex_);
      if (version_.empty()) {
        std::vector<std::string> reported = Column(admin, "SELECT VERSION()");
        if (!reported.empty()) version_ = ShortServerVersion(reported.front());
      }
      version = version_;
    }
    std::string name = prefix + std::to_string(getpid()) + "_" + std::to_string(sequence++);
    Run(admin, "CREATE DATABASE `" + name + "` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
    auto scratch = std::make_unique<MariaScratchDatabase>(admin_, name);
    scratch->set_server_version(version);
    MariaConnParams admin_params = admin_;
    scratch->set_cleanup_id(
        CleanupRegistry::Add([admin_params, name] { DropDatabase(admin_params, name); }));
    return scratch;
  } catch (const std::exception& error) {
    throw DbFailure("cannot create a scratch database on " + Describe() + ": " + error.what());
  }
}

}  // namespace interleave
