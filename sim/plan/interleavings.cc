// AllInterleavings (depth first, clients in order), CountInterleavings (a
// product of binomials) and SpecSchedules.
// Thread-safety: pure functions of their arguments.
#include "sim/plan/interleavings.h"

#include <cstddef>
#include <string>

namespace interleave {

namespace {

// Appends to `out` every completion of the interleaving `chosen`, where
// piles[i] steps of client i are already chosen.
void Interleave(const Scenario& sc, std::vector<size_t>& piles, std::vector<const Step*>& chosen,
                std::vector<Schedule>& out) {
  bool found = false;
  for (size_t i = 0; i < sc.clients.size(); ++i) {
    if (piles[i] < sc.clients[i].steps.size()) {
      chosen.push_back(&sc.clients[i].steps[piles[i]]);
      ++piles[i];
      Interleave(sc, piles, chosen, out);
      --piles[i];
      chosen.pop_back();
      found = true;
    }
  }
  if (found) return;
  Schedule schedule;
  schedule.pos = SourcePos{sc.path, 0, 0};
  schedule.entries.reserve(chosen.size());
  for (size_t i = 0; i < chosen.size(); ++i) {
    if (i > 0) schedule.name += ' ';
    schedule.name += chosen[i]->name;
    ScheduleEntry entry;
    entry.step = chosen[i]->name;
    entry.pos = chosen[i]->pos;
    schedule.entries.push_back(std::move(entry));
  }
  out.push_back(std::move(schedule));
}

}  // namespace

std::vector<Schedule> AllInterleavings(const Scenario& scenario) {
  std::vector<Schedule> out;
  std::vector<size_t> piles(scenario.clients.size(), 0);
  std::vector<const Step*> chosen;
  Interleave(scenario, piles, chosen, out);
  return out;
}

std::uint64_t CountInterleavings(const Scenario& scenario) {
  // Product of binomials C(n_1 + ... + n_i, n_i); each partial product is
  // exact, so intermediate values stay integers.
  unsigned __int128 total = 1;
  std::uint64_t n = 0;
  for (const Client& client : scenario.clients) {
    const std::uint64_t k = client.steps.size();
    n += k;
    unsigned __int128 binomial = 1;
    for (std::uint64_t j = 1; j <= k; ++j) {
      binomial = binomial * (n - k + j) / j;
      if (binomial > UINT64_MAX) return UINT64_MAX;
    }
    total *= binomial;
    if (total > UINT64_MAX) return UINT64_MAX;
  }
  return static_cast<std::uint64_t>(total);
}

std::vector<Schedule> SpecSchedules(const Scenario& scenario) {
  if (!scenario.schedules.empty()) return scenario.schedules;
  return AllInterleavings(scenario);
}

}  // namespace interleave
