// The connections a run uses in one scratch database: a control connection
// and one session per client, with the event loop that waits on their
// sockets. They are kept open across runs (as PostgreSQL's isolationtester
// keeps them across permutations), which makes exhaustive exploration cheap;
// each run starts by putting the sessions back in a known state.
// Thread-safety: used by one Run at a time, on one thread.
// Ownership: owns the connections; borrows the scratch database.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "db/engine.h"
#include "sim/run/run.h"
#include "util/asio.h"

namespace interleave {

class ExplainRecorder;
class SetupSnapshot;

class RunConnections {
 public:
  // Connects the control connection and one session per client name.
  // Throws DbFailure.
  RunConnections(ScratchDatabase& scratch, const RunOptions& options,
                 const std::vector<std::string>& client_names);
  ~RunConnections();
  RunConnections(const RunConnections&) = delete;
  RunConnections& operator=(const RunConnections&) = delete;

  ControlConnection& control() { return *control_; }
  ClientConnection& session(size_t client) { return *sessions_[client]; }
  boost::asio::posix::stream_descriptor& socket(size_t client) { return *sockets_[client]; }
  boost::asio::io_context& io() { return io_; }
  size_t size() const { return sessions_.size(); }
  ScratchDatabase& scratch() { return scratch_; }
  // Whether these connections serve `client_names` (same clients, same order).
  bool Serves(const std::vector<std::string>& client_names) const;
  // Reconnects any session whose connection broke or is still busy.
  void Repair();
  // The recorder of reads and writes, with its own side connections (made
  // on first use and kept like the others).
  ExplainRecorder& recorder();
  // The snapshot of the last setup's tables (sim/run/setup_snapshot.h), so
  // that runs of the same setup skip it.
  SetupSnapshot& setup_snapshot();

 private:
  void Connect(size_t client);
  ScratchDatabase& scratch_;
  RunOptions options_;
  std::vector<std::string> client_names_;
  boost::asio::io_context io_;
  std::unique_ptr<ControlConnection> control_;
  std::unique_ptr<ExplainRecorder> recorder_;
  std::unique_ptr<SetupSnapshot> setup_snapshot_;
  std::vector<std::unique_ptr<ClientConnection>> sessions_;
  std::vector<std::unique_ptr<boost::asio::posix::stream_descriptor>> sockets_;
};

// The settings of a connection named `name` of a run: its application_name,
// and for isolation specs the reference tool's TimeZone and DateStyle.
ConnectionSettings RunConnectionSettings(const RunOptions& options, const std::string& name);

}  // namespace interleave
