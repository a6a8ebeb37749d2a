#include "gui/pane_worker.h"

#include <chrono>
#include <exception>
#include <set>

#include "db/engine.h"
#include "gui/committed_state.h"
#include "gui/server_host.h"
#include "gui/step_cursor.h"
#include "gui/trace_words.h"
#include "sim/model/source_pos.h"

namespace interleave::gui {

namespace {

// How often an idle worker asks whether a waiting step completed.
constexpr std::chrono::milliseconds kWatchInterval{50};

}  // namespace

PaneWorker::PaneWorker(std::shared_ptr<ServerHost> host, std::shared_ptr<const Scenario> scenario,
                       RunOptions options, std::function<void()> notify)
    : host_(std::move(host)),
      scenario_(std::move(scenario)),
      options_(std::move(options)),
      notify_(std::move(notify)) {
  snapshot_ = std::make_shared<PaneSnapshot>();
  thread_ = std::thread([this]() { Main(); });
}

PaneWorker::~PaneWorker() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
    if (run_) run_->Interrupt();
  }
  cv_.notify_all();
  thread_.join();
}

void PaneWorker::Request(const PaneRequest& request) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (request.SameRun(request_) && request.cursor == request_.cursor && request_version_ > 0)
      return;
    // A step that hangs would hold up a request that needs another run.
    bool rebuild = !request.SameRun(request_) || request.cursor < request_.cursor;
    if (rebuild && run_) run_->Interrupt();
    request_ = request;
    ++request_version_;
  }
  cv_.notify_all();
}

PaneRequest PaneWorker::LatestRequest() const {
  std::lock_guard<std::mutex> lock(mu_);
  return request_;
}

std::shared_ptr<const PaneSnapshot> PaneWorker::Snapshot() const {
  std::lock_guard<std::mutex> lock(mu_);
  return snapshot_;
}

void PaneWorker::Main() {
  std::unique_lock<std::mutex> lock(mu_);
  while (true) {
    // Idle with a step waiting for a lock: watch it, so that a lock released
    // or a deadlock the server resolved shows without another request.
    while (!stop_ && request_version_ == handled_version_) {
      if (!run_ || run_->finished() || run_->WaitingClients().empty()) {
        cv_.wait(lock);
        continue;
      }
      if (cv_.wait_for(lock, kWatchInterval) != std::cv_status::timeout) continue;
      if (stop_ || request_version_ != handled_version_) break;
      lock.unlock();
      const bool changed = run_->PollWaiting();
      if (changed) Publish(false, "", true);
      lock.lock();
    }
    if (stop_) break;
    PaneRequest want = request_;
    handled_version_ = request_version_;
    lock.unlock();
    Work(want);
    lock.lock();
  }
  lock.unlock();
  // Release everything on this thread: the run's connections, the reader,
  // then the scratch database (dropped), then our share of the target.
  StopRun();
  reader_.reset();
  scratch_.reset();
  target_.reset();
}

bool PaneWorker::Prepare() {
  if (scratch_) return true;
  Publish(true, "starting PostgreSQL", false);
  std::string error;
  target_ = host_->WaitForTarget(&error);
  if (!target_) {
    error_ = "No database server: " + error;
    return false;
  }
  server_ = target_->Describe();
  try {
    scratch_ = target_->CreateScratch();
    reader_ = std::make_unique<CommittedStateReader>(*scratch_);
  } catch (const std::exception& failure) {
    error_ = std::string("Cannot create a scratch database: ") + failure.what();
    return false;
  }
  return true;
}

void PaneWorker::StopRun() {
  std::unique_ptr<Run> old;
  {
    std::lock_guard<std::mutex> lock(mu_);
    old = std::move(run_);
  }
  old.reset();  // closes the clients' connections (outside the lock)
}

bool PaneWorker::StartRun(const PaneRequest& want) {
  StopRun();
  error_.clear();
  current_ = want;
  current_.cursor = 0;
  tail_done_ = 0;
  try {
    variant_ = FindVariant(*scenario_, want.variant);
    Schedule schedule;
    schedule.name = want.schedule_name;
    for (const std::string& name : want.order) {
      ScheduleEntry entry;
      entry.step = name;
      schedule.entries.push_back(entry);
    }
    plan_ = MakePlan(*scenario_, variant_, schedule);
    shared_plan_ = std::make_shared<const Plan>(plan_);
    boundaries_ = EntryBoundaries(plan_, variant_);
    RunLookahead(want);
    auto run = std::make_unique<Run>(plan_, *scratch_, options_);
    std::lock_guard<std::mutex> lock(mu_);
    run_ = std::move(run);
  } catch (const InputError& error) {
    error_ = error.what();
    return false;
  } catch (const std::exception& failure) {
    error_ = std::string("The run could not start: ") + failure.what();
    return false;
  }
  return true;
}

void PaneWorker::RunLookahead(const PaneRequest& want) {
  if (lookahead_trace_ && lookahead_variant_ == want.variant && lookahead_order_ == want.order)
    return;  // Back, Reset: the same interleaving again
  lookahead_trace_.reset();
  lookahead_verdict_.reset();
  lookahead_variant_ = want.variant;
  lookahead_order_ = want.order;
  if (scenario_->is_isolation_spec || !options_.explain) return;  // no graph to draw
  Publish(true, "preparing the dependency arrows", false);
  RunOptions options = options_;
  options.capture_locks = false;
  options.capture_state = false;
  try {
    // As run_ while it runs, so that a newer request or closing the window
    // can interrupt it (Request, ~PaneWorker).
    auto run = std::make_unique<Run>(plan_, *scratch_, options);
    Run* ahead = run.get();
    {
      std::lock_guard<std::mutex> lock(mu_);
      run_ = std::move(run);
    }
    auto trace = std::make_shared<Trace>(ahead->Complete());
    bool interrupted = false;
    {
      std::lock_guard<std::mutex> lock(mu_);
      // Interrupt() cancels only a step that waits: such a run ends with
      // run_error "interrupted" (Back during the look-ahead run, say).
      interrupted = stop_ || trace->run_error == "interrupted" ||
                    (request_version_ != handled_version_ && !request_.SameRun(want));
    }
    StopRun();
    if (interrupted) {
      lookahead_variant_.clear();  // not this interleaving's whole run
      lookahead_order_.clear();
      return;
    }
    lookahead_verdict_ = std::make_shared<const Verdict>(Judge(*scenario_, *trace));
    lookahead_trace_ = std::move(trace);
  } catch (const std::exception&) {
    // No arrows while stepping; the live run says what went wrong.
    StopRun();
    lookahead_trace_.reset();
    lookahead_verdict_.reset();
  }
}

namespace {

// Whether every step of `live` did what the same step of `ahead` did (same
// step, outcome, error and rows), so that `ahead`'s graph is `live`'s so far.
bool SameSoFar(const Trace& live, const Trace& ahead) {
  if (live.steps.size() > ahead.steps.size()) return false;
  for (size_t i = 0; i < live.steps.size(); ++i) {
    const StepTrace& a = live.steps[i];
    const StepTrace& b = ahead.steps[i];
    if (a.client != b.client || a.step_name != b.step_name || a.attempt != b.attempt ||
        a.blocked != b.blocked)
      return false;
    if (a.completion_order < 0) continue;  // still waiting: nothing to compare yet
    if (a.status != b.status || a.error.has_value() != b.error.has_value() ||
        (a.error && a.error->sqlstate != b.error->sqlstate) ||
        FullResultText(a) != FullResultText(b))
      return false;
  }
  return true;
}

}  // namespace

bool PaneWorker::Continue(PaneRequest* want) {
  std::lock_guard<std::mutex> lock(mu_);
  if (stop_) return false;
  if (request_version_ == handled_version_) return true;
  if (!request_.SameRun(current_) ||
      request_.cursor < CursorReached(boundaries_, run_ ? run_->position() : 0, tail_done_))
    return false;
  *want = request_;
  handled_version_ = request_version_;
  return true;
}

void PaneWorker::Work(PaneRequest want) {
  if (!Prepare()) {
    current_ = want;
    Publish(false, "", false);
    return;
  }
  int reached = run_ ? CursorReached(boundaries_, run_->position(), tail_done_) : 0;
  const bool rebuild = !run_ || !want.SameRun(current_) || want.cursor < reached;
  const bool replay = rebuild && want.cursor > 0;
  if (rebuild) {
    if (!StartRun(want)) {
      Publish(false, "", false);
      return;
    }
    if (!replay) {
      current_.cursor = want.cursor;
      Publish(false, "", true);
      return;
    }
  }
  current_.cursor = want.cursor;
  while (run_ && !run_->finished()) {
    const int reached_now = CursorReached(boundaries_, run_->position(), tail_done_);
    const CursorTarget target = TargetFor(boundaries_, want.cursor);
    const bool exhausted = run_->position() >= plan_.order.size();
    bool tail = false;
    if (run_->position() < target.position) {
      // The next schedule entry (or a step the variant adds after it).
    } else if (exhausted && tail_done_ < target.tail_steps) {
      tail = true;  // waiting steps completing, retries, then the checks
    } else {
      break;
    }
    std::string activity = replay ? "replaying to step " + std::to_string(want.cursor)
                                  : "running step " + std::to_string(reached_now + 1);
    if (!replay) Publish(true, activity, false);
    run_->Next();
    if (tail) ++tail_done_;
    if (!replay) Publish(true, activity, true);
    if (!Continue(&want)) return;  // Main picks up the newer request
    current_.cursor = want.cursor;
  }
  Publish(false, "", true);
}

void PaneWorker::Publish(bool busy, const std::string& activity, bool read_state) {
  auto snapshot = std::make_shared<PaneSnapshot>();
  snapshot->request = current_;
  snapshot->busy = busy;
  snapshot->activity = activity;
  snapshot->error = error_;
  snapshot->server = server_.empty() ? host_->Describe() : server_;
  snapshot->entries = boundaries_.empty() ? 0 : static_cast<int>(boundaries_.size()) - 1;
  if (run_) {
    const Trace& trace = run_->trace();
    snapshot->ready = true;
    snapshot->plan = shared_plan_;
    snapshot->trace = trace;
    snapshot->finished = run_->finished();
    snapshot->cursor = CursorReached(boundaries_, run_->position(), tail_done_);
    // A broken connection shows at once, not only in the verdict at the end.
    for (const StepTrace& step : trace.steps) {
      if (!step.error) continue;
      const DbError& error = *step.error;
      if (error.severity == "FATAL" || error.sqlstate.rfind("08", 0) == 0 ||
          error.sqlstate == "57P01") {
        snapshot->connection_lost = true;
        if (snapshot->error.empty())
          snapshot->error = "Lost the connection of " + step.client_name + " at " + step.step_name +
                            ": " + ErrorLine(error) +
                            ". Reset (Home) starts over on new connections.";
        break;
      }
    }
    if (snapshot->finished) {
      snapshot->verdict = Judge(*scenario_, trace);
      if (snapshot->error.empty() && trace.setup_error)
        snapshot->error =
            "The setup failed: " + ErrorLine(*trace.setup_error) +
            (trace.setup_error->detail.empty() ? "" : " (" + trace.setup_error->detail + ")");
      if (snapshot->error.empty() && !trace.run_error.empty()) snapshot->error = trace.run_error;
    } else {
      snapshot->waiting_clients = run_->WaitingClients();
      if (lookahead_trace_ && lookahead_verdict_ && SameSoFar(trace, *lookahead_trace_)) {
        snapshot->lookahead_trace = lookahead_trace_;
        snapshot->lookahead_verdict = lookahead_verdict_;
      }
    }
    // The steps still to come: the plan's entries not sent yet.
    std::set<std::string> sent;
    for (const StepTrace& step : trace.steps) sent.insert(step.step_name);
    for (const PlannedStep& planned : plan_.order)
      if (!sent.count(planned.step.name))
        snapshot->pending.push_back(
            PendingStep{planned.client, planned.step.name, planned.step.sql});
    // Committed contents after the current step.
    if (snapshot->finished && !trace.final_state.empty()) {
      snapshot->committed = trace.final_state;
      snapshot->committed_note = "after the run";
    } else if (snapshot->cursor == 0 || trace.setup_error) {
      snapshot->committed = trace.initial_state;
      snapshot->committed_note = "before the first step";
    } else if (read_state && reader_) {
      std::vector<std::string> tables;
      for (const TableState& table : trace.initial_state) tables.push_back(table.table);
      std::string note;
      snapshot->committed = reader_->Read(tables, &note);
      snapshot->committed_note =
          note.empty() ? "after step " + std::to_string(snapshot->cursor) : note;
    } else {
      // Between reads: keep what the last snapshot showed.
      std::lock_guard<std::mutex> lock(mu_);
      snapshot->committed = snapshot_->committed;
      snapshot->committed_note = snapshot_->committed_note;
    }
  }
  {
    std::lock_guard<std::mutex> lock(mu_);
    snapshot->version = ++published_;
    snapshot_ = std::move(snapshot);
  }
  if (notify_) notify_();
}

}  // namespace interleave::gui
