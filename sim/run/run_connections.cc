#include "sim/run/run_connections.h"

#include <unistd.h>

#include <future>

#include "db/engine.h"
#include "sim/explain/recorder.h"
#include "sim/run/setup_snapshot.h"

namespace interleave {
ConnectionSettings RunConnectionSettings(const RunOptions& options, const std::string& name) {
  if (!options.isolation_spec_settings) return {"interleave/" + name, {}, false};
  return {"isolation/" + options.spec_name + "/" + name,
          {{"TimeZone", "PST8PDT"},
           {"DateStyle", "Postgres,MDY"},
           {"intervalstyle", "postgres_verbose"}},
          /*privileged=*/true};
}

RunConnections::RunConnections(ScratchDatabase& scratch, const RunOptions& options,
                               const std::vector<std::string>& client_names)
    : scratch_(scratch), options_(options), client_names_(client_names) {
  sessions_.resize(client_names.size());
  sockets_.resize(client_names.size());
  if (scratch_.engine() != EngineKind::kPostgreSql) {
    control_ = scratch_.ConnectControl(RunConnectionSettings(options_, "control connection"));
    for (size_t c = 0; c < client_names.size(); ++c) Connect(c);
    return;
  }
  // libpq connections are independent of one another: made at once, the
  // server starts their backends side by side.
  std::vector<std::future<std::unique_ptr<ClientConnection>>> clients;
  for (size_t c = 0; c < client_names.size(); ++c) {
    clients.push_back(std::async(std::launch::async, [this, c] {
      return scratch_.ConnectClient(RunConnectionSettings(options_, client_names_[c]));
    }));
  }
  control_ = scratch_.ConnectControl(RunConnectionSettings(options_, "control connection"));
  for (size_t c = 0; c < client_names.size(); ++c) {
    sessions_[c] = clients[c].get();
    sockets_[c] =
        std::make_unique<boost::asio::posix::stream_descriptor>(io_, dup(sessions_[c]->socket()));
  }
}

ExplainRecorder& RunConnections::recorder() {
  if (!recorder_) recorder_ = std::make_unique<ExplainRecorder>(scratch_, client_names_.size());
  return *recorder_;
}

SetupSnapshot& RunConnections::setup_snapshot() {
  if (!setup_snapshot_) setup_snapshot_ = std::make_unique<SetupSnapshot>(scratch_);
  return *setup_snapshot_;
}

RunConnections::~RunConnections() {
  for (auto& socket : sockets_) {
    if (socket) socket->close();
  }
}

void RunConnections::Connect(size_t client) {
  if (sockets_[client]) sockets_[client]->close();
  sockets_[client].reset();
  sessions_[client] =
      scratch_.ConnectClient(RunConnectionSettings(options_, client_names_[client]));
  sockets_[client] = std::make_unique<boost::asio::posix::stream_descriptor>(
      io_, dup(sessions_[client]->socket()));
}

bool RunConnections::Serves(const std::vector<std::string>& client_names) const {
  return client_names == client_names_;
}

void RunConnections::Repair() {
  for (size_t c = 0; c < sessions_.size(); ++c) {
    if (!sessions_[c]->connection_ok() || sessions_[c]->busy()) Connect(c);
  }
}

}  // namespace interleave
