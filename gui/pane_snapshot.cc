#include "gui/pane_snapshot.h"

namespace interleave::gui {

PaneProgress ProgressOf(const PaneSnapshot& snapshot, const PaneRequest& latest) {
  PaneProgress progress;
  progress.ready = snapshot.ready && snapshot.request.SameRun(latest);
  progress.finished = progress.ready && snapshot.finished;
  progress.cursor = snapshot.cursor;
  progress.waiting_clients = snapshot.waiting_clients;
  bool at_target =
      snapshot.finished ? latest.cursor >= snapshot.cursor : latest.cursor == snapshot.cursor;
  progress.busy = snapshot.busy || !progress.ready || !at_target;
  // A pane that cannot run at all is not busy: nothing will change by waiting.
  if (!snapshot.ready && !snapshot.error.empty() && !snapshot.busy &&
      snapshot.request.SameRun(latest)) {
    progress.busy = false;
    progress.ready = true;
    progress.finished = true;
  }
  return progress;
}

}  // namespace interleave::gui
