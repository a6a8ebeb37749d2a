// The engine boundary: what the engine above db/ needs of a database, and
// nothing more. A Target is where runs happen (a private server the tool
// starts, or a server a URL names); it makes ScratchDatabases; a scratch
// database hands out one ControlConnection per run (setup, checks, and asking
// the server who blocks whom) and one ClientConnection per scenario client
// (a step's SQL sent without waiting, its answer collected when the socket is
// readable). PostgreSQL (db/postgres/) and MariaDB (db/mariadb/) implement
// it; nothing here names a client library. Dialect holds the few statements
// the layers above need that the engines spell differently.
// Thread-safety: a Target is safe to share once made; everything it hands out
// belongs to one thread at a time (ClientConnection::Cancel excepted).
// Ownership: connections and scratch databases are owned by whoever asked for
// them; a ScratchDatabase must outlive the connections made to it.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "db/result.h"

namespace interleave {

// The database engines runs can happen on.
enum class EngineKind { kPostgreSql, kMariaDb };

// "postgresql", "mariadb": the names scenario files and --engine use.
const char* EngineName(EngineKind engine);
// "PostgreSQL", "MariaDB".
const char* EngineTitle(EngineKind engine);
// The engine a name (as EngineName spells it) means.
std::optional<EngineKind> EngineFromName(const std::string& name);

// The SQL the layers above db/ need that differs between engines.
struct Dialect {
  // Makes the scratch database empty, as a run's setup expects it
  // (PostgreSQL: a new public schema; MariaDB: every table and view dropped).
  static std::string ResetSql(EngineKind engine);
  // One column: the quoted names of the first six base tables of the scratch
  // database, by name.
  static std::string ListTablesSql(EngineKind engine);
  // Makes the session's transactions run at `level` ("ISOLATION LEVEL
  // REPEATABLE READ", as SQL spells it).
  static std::string SessionIsolationSql(EngineKind engine, const std::string& level);
  // A query whose one value is SQL boolean `expression` (true, false, NULL).
  static std::string BooleanSql(EngineKind engine, const std::string& expression);
  // Whether a boolean's value as text means true ("t"; MariaDB "1") or false.
  static bool IsTrue(EngineKind engine, const std::string& value);
  static bool IsFalse(EngineKind engine, const std::string& value);
};

// What one statement string (possibly several statements) produced.
struct StepOutcome {
  std::vector<StatementResult> results;
  std::optional<DbError> error;
  // Notifications received by the time the answer was complete, in order.
  std::vector<Notification> notifications;
};

// How a connection introduces itself and the server settings it starts with.
struct ConnectionSettings {
  std::string application_name;
  std::vector<std::pair<std::string, std::string>> parameters;  // (name, value)
  // As the server's superuser rather than the unprivileged role scenario SQL
  // runs as (PostgreSQL isolation specs, which the reference tool runs so).
  bool privileged = false;
};

// One scenario client's connection to its scratch database.
class ClientConnection {
 public:
  virtual ~ClientConnection() = default;

  // The server's identifier of this connection (PostgreSQL: backend pid).
  virtual int backend_id() const = 0;
  // A socket that becomes readable when the server answers.
  virtual int socket() const = 0;
  // Called with each notice or warning as the server sends it, formatted as
  // the client library prints it ("NOTICE:  text\n").
  virtual void SetNoticeHandler(std::function<void(const std::string& formatted)> handler) = 0;
  virtual int total_notices() const = 0;

  // Sends `sql` as one query string without waiting. Throws DbFailure when it
  // cannot be sent (the connection is lost).
  virtual void Send(const std::string& sql) = 0;
  // Reads what has arrived; true when the answer is complete (or the
  // connection broke: Collect then reports the error).
  virtual bool Poll() = 0;
  virtual bool busy() const = 0;
  // The results of the last Send, once Poll() returned true.
  virtual StepOutcome Collect() = 0;
  // Sends and waits.
  virtual StepOutcome Execute(const std::string& sql) = 0;
  // Asks the server to cancel the running statement (any thread).
  virtual bool Cancel() = 0;
  virtual bool connection_ok() const = 0;
  virtual EngineKind engine() const = 0;
  // Whether this session may choose how long a lock wait lasts before the
  // server looks for a deadlock (PostgreSQL: SET deadlock_timeout, which a
  // role needs a privilege for). When not, the server's setting applies.
  virtual bool may_set_deadlock_timeout() const { return true; }
};

// One lock that a client of the run holds or waits for on a table of the
// scratch database, as the server reports it (ControlConnection::Locks).
struct ServerLock {
  // What the lock covers.
  enum class Scope {
    kTable,            // the whole table (PostgreSQL relation lock, InnoDB table lock)
    kRow,              // one row (PostgreSQL row lock; InnoDB record lock, not the gap)
    kGap,              // InnoDB: the gap before `row` (or after the last row)
    kNextKey,          // InnoDB: `row` and the gap before it
    kInsertIntention,  // InnoDB: an INSERT's wait to insert into the gap before `row`
    kPredicate,        // PostgreSQL SERIALIZABLE SIREAD lock (blocks nobody)
  };
  int backend_id = 0;  // the client's ClientConnection::backend_id
  Scope scope = Scope::kTable;
  std::string table;  // as its catalogue spells it, unquoted ("users")
  // PostgreSQL table modes as the LOCK command names them ("ROW EXCLUSIVE"),
  // row modes as the locking clause does ("FOR UPDATE", "FOR NO KEY
  // UPDATE", "FOR SHARE", "FOR KEY SHARE"), "SIREAD"; InnoDB "X", "S",
  // "IX", "IS", "AUTO_INC". Empty when the server does not say.
  std::string mode;
  // The row by key ("id=1", "a=1 b='x'"); for a gap, the row it lies before
  // ("" with after_last: after the last row); empty for a table lock or a
  // row the server does not let us name.
  std::string row;
  bool after_last = false;  // a gap (or next-key lock) after the last row
  // PostgreSQL: the row lock comes from the client's own UPDATE or DELETE of
  // the row (pgrowlocks "Update" / "No Key Update"), not a locking clause.
  bool by_write = false;
  bool granted = true;
  // For a lock not granted: the backends the server says it waits for.
  std::vector<int> waits_for;
};

// What the server let a control connection see of the run's locks.
struct LockReport {
  std::vector<ServerLock> locks;
  // What it could not tell, in plain words (empty when nothing is missing).
  std::string unavailable;
};

// The run's own connection: setup, teardown, checks, table contents, and,
// while a schedule runs, whether a client waits for another client of the run.
class ControlConnection {
 public:
  virtual ~ControlConnection() = default;

  // Runs SQL (possibly several statements); errors are returned, not thrown.
  // Only the last statement's result is returned.
  virtual StepOutcome Execute(const std::string& sql) = 0;
  // The backends of this run's clients (ClientConnection::backend_id).
  virtual void SetClients(const std::vector<int>& backend_ids) = 0;
  // Whether client `backend_id` waits for a lock held (or awaited) by another.
  virtual bool IsBlocked(int backend_id) = 0;
  // The clients that hold what `backend_id` waits for.
  virtual std::vector<int> BlockingClients(int backend_id) = 0;
  // The clients a SERIALIZABLE READ ONLY DEFERRABLE `backend_id` waits out.
  virtual std::vector<int> SafeSnapshotBlockers(int backend_id) = 0;
  // The locks the run's clients hold and wait for on the scratch database's
  // tables, right now; with `only_backends` not empty, those of these clients
  // only (cheaper: one client's locks after its step). Never blocks behind the
  // clients' locks; what cannot be read is said in LockReport::unavailable.
  // Throws DbFailure when the server cannot be asked at all.
  virtual LockReport Locks(const std::vector<int>& only_backends = {}) = 0;
  virtual int backend_id() const = 0;
  virtual EngineKind engine() const = 0;
};

// A database the tool created for runs and drops when done (also at exit and
// on signals). Scenario SQL runs nowhere else.
class ScratchDatabase {
 public:
  virtual ~ScratchDatabase() = default;
  virtual const std::string& name() const = 0;
  // Connection string of this database, in the engine's own syntax (for tools
  // that are given one, such as a reference isolation tester).
  virtual std::string conninfo() const = 0;
  // Throw DbFailure when the server cannot be reached.
  virtual std::unique_ptr<ClientConnection> ConnectClient(const ConnectionSettings& settings) = 0;
  virtual std::unique_ptr<ControlConnection> ConnectControl(const ConnectionSettings& settings) = 0;
  virtual EngineKind engine() const = 0;
  // The server's version as it reports it, without the distribution's suffix
  // ("15.18", "10.11.14"): read once per target, when its first scratch
  // database is made.
  const std::string& server_version() const { return server_version_; }
  void set_server_version(std::string version) { server_version_ = std::move(version); }

 private:
  std::string server_version_;
};

// How a server named by a URL is used (Target::Open).
struct OpenOptions {
  // With a superuser URL, scenario SQL runs as that superuser (as it did
  // before) instead of a temporary unprivileged role the tool creates.
  bool allow_superuser = false;
  // Only PostgreSQL isolation specs run (they keep the URL's role), so no
  // temporary role is made.
  bool specs_only = false;
  // No run here reads row locks, so PostgreSQL's pgrowlocks is not added to
  // each scratch database (a run that does read them adds it when it can).
  bool no_row_locks = false;
};

// Where runs happen.
class Target {
 public:
  // url empty: INTERLEAVE_DB, then the engine's own environment (PostgreSQL:
  // PGHOST/PGDATABASE/PGSERVICE/PGPORT), else the private server.
  // Throws DbFailure. Defined in db/target.cc, which picks the engine.
  static std::shared_ptr<Target> Open(const std::string& url, const OpenOptions& options = {});
  // The same for a chosen engine: url empty means INTERLEAVE_DB when it names
  // that engine, else that engine's private server (PostgreSQL: also the PG*
  // variables). A URL of another engine is a DbFailure.
  static std::shared_ptr<Target> Open(const std::string& url, EngineKind engine,
                                      const OpenOptions& options = {});
  // Always the private server (of `engine`).
  static std::shared_ptr<Target> OpenPrivate(EngineKind engine = EngineKind::kPostgreSql);

  virtual ~Target() = default;
  // Creates a fresh scratch database (and first drops leftovers of killed
  // runs). Throws DbFailure.
  virtual std::unique_ptr<ScratchDatabase> CreateScratch() = 0;
  // A fresh scratch database called exactly `name`, for a test that names
  // the database it runs in (PostgreSQL's isolation suite runs in
  // "isolation_regression"). A database of that name that this tool did not
  // create, or whose run is still going, is never touched: DbFailure says so.
  // Engines that cannot do this throw DbFailure.
  virtual std::unique_ptr<ScratchDatabase> CreateScratchNamed(const std::string& name);
  virtual bool is_private() const = 0;
  // "private server (PostgreSQL 15.18)", or the URL without its password.
  virtual std::string Describe() const = 0;
  // The URL of the administrative database, only used to create and drop
  // scratch databases.
  virtual const std::string& admin_url() const = 0;
  // The private server's process id, or -1.
  virtual int server_pid() const = 0;
  virtual EngineKind engine() const = 0;
  // The server's version (see ScratchDatabase::server_version); empty until
  // the first scratch database is made.
  virtual std::string server_version() const = 0;
  // What runs here do differently from the private server, one plain
  // sentence each, for the user to read once (empty: nothing).
  virtual std::vector<std::string> notes() const { return {}; }
};

// "PostgreSQL 15.18", "MariaDB 10.11.14": the engine and the version its
// server reports ("PostgreSQL" alone while the version is unknown).
std::string EngineAndVersion(EngineKind engine, const std::string& version);

// The version in a server's own version string: "15.18" of "15.18 (Debian
// 15.18-0+deb12u1)", "10.11.14" of "10.11.14-MariaDB-0+deb12u2".
std::string ShortServerVersion(const std::string& reported);

}  // namespace interleave
