#include "gui/view_state.h"

#include <algorithm>
#include <map>

#include "sim/plan/interleavings.h"

namespace interleave::gui {

namespace {

// Far beyond any run's end; clamped once both panes finish.
constexpr int kEndCursor = 1 << 20;

std::vector<Schedule> SchedulesOf(const Scenario& scenario) {
  if (!scenario.schedules.empty() || !scenario.is_isolation_spec) return scenario.schedules;
  return SpecSchedules(scenario);
}

bool AnyBusy(const PaneProgress (&progress)[kPaneCount]) {
  for (const PaneProgress& p : progress)
    if (p.busy || !p.ready) return true;
  return false;
}

}  // namespace

std::vector<std::vector<std::string>> ClientSteps(const Scenario& scenario) {
  std::vector<std::vector<std::string>> steps;
  for (const Client& client : scenario.clients) {
    std::vector<std::string> names;
    for (const Step& step : client.steps) names.push_back(step.name);
    steps.push_back(std::move(names));
  }
  return steps;
}

std::vector<std::string> PickedOrder(const Scenario& scenario, const std::vector<int>& picks,
                                     const std::vector<std::string>& base) {
  const auto steps = ClientSteps(scenario);
  std::vector<size_t> used(steps.size(), 0);
  std::vector<std::string> order;
  for (int client : picks) {
    if (client < 0 || client >= static_cast<int>(steps.size())) continue;
    if (used[client] >= steps[client].size()) continue;
    order.push_back(steps[client][used[client]++]);
  }
  // The rest: each client's remaining steps, in the order `base` lists them.
  std::map<std::string, bool> taken;
  for (const std::string& name : order) taken[name] = true;
  for (const std::string& name : base)
    if (!taken.count(name)) order.push_back(name);
  return order;
}

ViewState::ViewState(const Scenario& scenario) : scenario_(&scenario) {
  std::vector<std::string> names = VariantNames();
  variants_[0] = names.front();
  variants_[1] = names.size() > 1 ? names[1] : names.front();
  std::vector<Schedule> schedules = SchedulesOf(scenario);
  if (!schedules.empty()) schedule_ = schedules.front().name;
}

std::vector<std::string> ViewState::VariantNames() const {
  std::vector<std::string> names;
  for (const Variant& variant : scenario_->variants) names.push_back(variant.name);
  if (names.empty()) names.push_back("baseline");
  return names;
}

void ViewState::SelectVariant(int pane, const std::string& name) {
  if (pane < 0 || pane >= kPaneCount) return;
  variants_[pane] = name;
}

void ViewState::SelectSchedule(const std::string& name) {
  if (name == schedule_) return;
  schedule_ = name;
  picks_.clear();
  cursor_ = 0;
  playing_ = false;
}

std::vector<std::string> ViewState::BaseOrder() const {
  for (const Schedule& schedule : SchedulesOf(*scenario_)) {
    if (schedule.name != schedule_) continue;
    std::vector<std::string> order;
    for (const ScheduleEntry& entry : schedule.entries) order.push_back(entry.step);
    return order;
  }
  return {};
}

std::vector<std::string> ViewState::Order() const {
  if (!interactive_) return BaseOrder();
  return PickedOrder(*scenario_, picks_, BaseOrder());
}

std::string ViewState::OrderName() const {
  if (!interactive_ || picks_.empty()) return schedule_;
  return "picked in class";
}

PaneRequest ViewState::RequestFor(int pane) const {
  PaneRequest request;
  request.variant = variants_[pane];
  request.schedule_name = OrderName();
  request.order = Order();
  request.cursor = cursor_;
  request.epoch = epoch_;
  return request;
}

int ViewState::EndCursor(const PaneProgress (&progress)[kPaneCount]) {
  int end = 0;
  for (const PaneProgress& p : progress) {
    if (!p.ready || p.busy || !p.finished) return -1;
    end = std::max(end, p.cursor);
  }
  return end;
}

bool ViewState::CanNext(const PaneProgress (&progress)[kPaneCount]) const {
  int end = EndCursor(progress);
  return end < 0 || cursor_ < end;
}

void ViewState::Next(const PaneProgress (&progress)[kPaneCount]) {
  if (!CanNext(progress)) return;
  if (interactive_ && cursor_ == static_cast<int>(picks_.size()) && cursor_ < EntryCount()) {
    // Going on without a pick follows the remaining order.
    std::vector<std::string> order = Order();
    auto [client, unused] = scenario_->FindStep(order[cursor_]);
    picks_.push_back(client);
  }
  ++cursor_;
}

void ViewState::Back() {
  if (cursor_ == 0) return;
  --cursor_;
  if (interactive_ && static_cast<int>(picks_.size()) > cursor_) picks_.resize(cursor_);
}

void ViewState::Reset() {
  cursor_ = 0;
  ++epoch_;
  playing_ = false;
  if (interactive_) picks_.clear();
}

void ViewState::GoToEnd() {
  if (interactive_) {
    // The rest of the order becomes picks, as if Next were pressed each time.
    std::vector<std::string> order = Order();
    while (static_cast<int>(picks_.size()) < EntryCount()) {
      auto [client, unused] = scenario_->FindStep(order[picks_.size()]);
      picks_.push_back(client);
    }
  }
  cursor_ = kEndCursor;
}

void ViewState::GoTo(int cursor) {
  if (cursor < 0) cursor = 0;
  if (interactive_) {
    std::vector<std::string> order = Order();
    if (static_cast<int>(picks_.size()) > cursor) picks_.resize(cursor);
    while (static_cast<int>(picks_.size()) < std::min(cursor, EntryCount())) {
      auto [client, unused] = scenario_->FindStep(order[picks_.size()]);
      picks_.push_back(client);
    }
  }
  cursor_ = cursor;
}

void ViewState::Clamp(const PaneProgress (&progress)[kPaneCount]) {
  int end = EndCursor(progress);
  if (end >= 0 && cursor_ > end) cursor_ = end;
  if (end >= 0 && cursor_ >= end) playing_ = false;
}

void ViewState::SetPlaying(bool on, double now_s) {
  playing_ = on;
  last_tick_s_ = now_s;
}

bool ViewState::Tick(double now_s, double interval_s, const PaneProgress (&progress)[kPaneCount]) {
  if (!playing_) return false;
  if (AnyBusy(progress)) {
    last_tick_s_ = now_s;  // the interval counts from when both panes are idle
    return false;
  }
  for (const PaneProgress& p : progress)
    if (p.cursor != cursor_ && !p.finished) return false;
  if (!CanNext(progress)) {
    playing_ = false;
    return false;
  }
  if (now_s - last_tick_s_ < interval_s) return false;
  last_tick_s_ = now_s;
  Next(progress);
  return true;
}

void ViewState::SetInteractive(bool on) {
  if (on == interactive_) return;
  if (on) {
    // The steps already taken become the first picks.
    std::vector<std::string> order = BaseOrder();
    picks_.clear();
    for (int i = 0; i < std::min(cursor_, EntryCount()); ++i)
      picks_.push_back(scenario_->FindStep(order[i]).first);
  } else {
    // Leaving keeps nothing of the picks: back to the schedule at cursor 0.
    picks_.clear();
    cursor_ = 0;
  }
  interactive_ = on;
  playing_ = false;
}

std::vector<ClientChoice> ViewState::Choices(const PaneProgress (&progress)[kPaneCount]) const {
  const auto steps = ClientSteps(*scenario_);
  std::vector<size_t> used(steps.size(), 0);
  for (int client : picks_)
    if (client >= 0 && client < static_cast<int>(used.size())) ++used[client];
  const bool in_schedule = cursor_ == static_cast<int>(picks_.size()) && cursor_ < EntryCount();
  std::vector<ClientChoice> choices;
  for (size_t c = 0; c < steps.size(); ++c) {
    ClientChoice choice;
    choice.client = static_cast<int>(c);
    const std::string& name = scenario_->clients[c].name;
    if (used[c] >= steps[c].size()) {
      choice.label = name + ": done";
      choices.push_back(choice);
      continue;
    }
    choice.next_step = steps[c][used[c]];
    std::vector<std::string> panes;  // the variants in which it waits
    for (int p = 0; p < kPaneCount; ++p) {
      const auto& waiting = progress[p].waiting_clients;
      if (std::find(waiting.begin(), waiting.end(), static_cast<int>(c)) != waiting.end() &&
          std::find(panes.begin(), panes.end(), variants_[p]) == panes.end())
        panes.push_back(variants_[p]);
    }
    std::string waiting_in;
    for (const std::string& pane : panes) waiting_in += (waiting_in.empty() ? "" : ", ") + pane;
    if (!waiting_in.empty()) {
      choice.label = name + ": waiting (" + waiting_in + ")";
    } else {
      choice.label = name + ": " + choice.next_step;
      choice.may_go = in_schedule && !AnyBusy(progress);
    }
    choices.push_back(choice);
  }
  return choices;
}

bool ViewState::Pick(int client, const PaneProgress (&progress)[kPaneCount]) {
  if (!interactive_) return false;
  std::vector<ClientChoice> choices = Choices(progress);
  if (client < 0 || client >= static_cast<int>(choices.size()) || !choices[client].may_go)
    return false;
  picks_.resize(cursor_);
  picks_.push_back(client);
  ++cursor_;
  return true;
}

}  // namespace interleave::gui
