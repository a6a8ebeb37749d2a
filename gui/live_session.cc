#include "gui/live_session.h"

#include "gui/pane_worker.h"

namespace interleave::gui {

LiveSession::LiveSession(std::shared_ptr<ServerHost> host, std::shared_ptr<const Scenario> scenario,
                         const RunOptions& options, std::function<void()> notify)
    : options_(options), notify_(notify) {
  for (int pane = 0; pane < kPaneCount; ++pane) {
    hosts_[pane] = host;
    scenarios_[pane] = scenario;
    workers_[pane] = std::make_unique<PaneWorker>(host, scenario, options, notify);
  }
}

LiveSession::LiveSession(const std::shared_ptr<ServerHost> (&hosts)[kPaneCount],
                         const std::shared_ptr<const Scenario> (&scenarios)[kPaneCount],
                         const RunOptions& options, std::function<void()> notify)
    : options_(options), notify_(notify) {
  for (int pane = 0; pane < kPaneCount; ++pane) {
    hosts_[pane] = hosts[pane];
    scenarios_[pane] = scenarios[pane];
    workers_[pane] = std::make_unique<PaneWorker>(hosts[pane], scenarios[pane], options, notify);
  }
}

LiveSession::~LiveSession() = default;

void LiveSession::RequestPreview(int pane, const PaneRequest& request) {
  if (!previews_[pane])
    previews_[pane] =
        std::make_unique<PaneWorker>(hosts_[pane], scenarios_[pane], options_, notify_);
  previews_[pane]->Request(request);
}

std::shared_ptr<const PaneSnapshot> LiveSession::Preview(int pane) const {
  return previews_[pane] ? previews_[pane]->Snapshot() : nullptr;
}

void LiveSession::Request(const ViewState& view) {
  for (int pane = 0; pane < kPaneCount; ++pane) Request(pane, view.RequestFor(pane));
}

void LiveSession::Request(int pane, const PaneRequest& request) {
  workers_[pane]->Request(request);
}

std::shared_ptr<const PaneSnapshot> LiveSession::Snapshot(int pane) const {
  return workers_[pane]->Snapshot();
}

PaneProgress LiveSession::Progress(int pane) const {
  return ProgressOf(*workers_[pane]->Snapshot(), workers_[pane]->LatestRequest());
}

void LiveSession::Progress(PaneProgress (&progress)[kPaneCount]) const {
  for (int pane = 0; pane < kPaneCount; ++pane) progress[pane] = Progress(pane);
}

bool LiveSession::Settled() const {
  for (int pane = 0; pane < kPaneCount; ++pane)
    if (Progress(pane).busy) return false;
  return true;
}

}  // namespace interleave::gui
