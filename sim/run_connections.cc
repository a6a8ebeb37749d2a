#include "sim/run_connections.h"

#include <unistd.h>

#include "db/conninfo.h"
#include "db/control_connection.h"
#include "db/session.h"
#include "db/target.h"

namespace interleave {
namespace {}  // namespace

std::string RunConnInfoOptions(const RunOptions& options, const std::string& name) {
  if (!options.isolation_spec_settings) {
    return " application_name=" + QuoteConnInfoValue("interleave/" + name);
  }
  return " application_name=" + QuoteConnInfoValue("isolation/" + options.spec_name + "/" + name) +
         " options=" +
         QuoteConnInfoValue(
             "-c TimeZone=PST8PDT -c DateStyle=Postgres,MDY -c intervalstyle=postgres_verbose");
}

RunConnections::RunConnections(ScratchDatabase& scratch, const RunOptions& options,
                               const std::vector<std::string>& client_names)
    : base_conninfo_(scratch.conninfo()), options_(options), client_names_(client_names) {
  control_ = std::make_unique<ControlConnection>(
      base_conninfo_ + RunConnInfoOptions(options_, "control connection"));
  sessions_.resize(client_names.size());
  sockets_.resize(client_names.size());
  for (size_t c = 0; c < client_names.size(); ++c) Connect(c);
}

RunConnections::~RunConnections() {
  for (auto& socket : sockets_) {
    if (socket) socket->close();
  }
}

void RunConnections::Connect(size_t client) {
  if (sockets_[client]) sockets_[client]->close();
  sockets_[client].reset();
  sessions_[client] = std::make_unique<Session>(
      base_conninfo_ + RunConnInfoOptions(options_, client_names_[client]));
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
