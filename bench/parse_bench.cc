// (f) Parsing time of a TOML scenario as it grows: two clients with N/2
// steps each, and one schedule listing all N steps on one line (the shape a
// generated scenario has). Linear is the target: 10,000 steps in well under
// a second. No server is needed.
//   BM_ParseSteps/N   ParseScenarioText on the N-step scenario
// Figures: the time of one parse (ms), items_per_second (steps parsed per
// second).
#include <benchmark/benchmark.h>

#include <string>

#include "sim/parse/toml_parser.h"

namespace interleave::bench {
namespace {

std::string ScenarioOfSteps(int steps) {
  const int per_client = steps / 2;
  std::string text =
      "title = \"big\"\nanomaly = \"none\"\nstory = \"many steps\"\n"
      "setup = \"CREATE TABLE t (id int, v int)\"\n";
  for (const char* client : {"a", "b"}) {
    text += "[[clients]]\nname = \"" + std::string(client) + "\"\nsteps = [\n";
    for (int i = 0; i < per_client; ++i) {
      const std::string name = client + std::to_string(i);
      // Every other step uses what the step before it read.
      text += "  { name = \"" + name + "\", sql = \"" +
              (i % 2 == 0 ? "SELECT v FROM t WHERE id = " + std::to_string(i)
                          : "UPDATE t SET v = ${v} + 1 WHERE id = " + std::to_string(i)) +
              "\" },\n";
    }
    text += "]\n";
  }
  text += "[[schedules]]\nname = \"s\"\nsteps = \"";
  for (int i = 0; i < per_client; ++i)
    text += (i ? " a" : "a") + std::to_string(i) + " b" + std::to_string(i);
  return text + "\"\n";
}

void BM_ParseSteps(benchmark::State& state) {
  const int steps = static_cast<int>(state.range(0));
  const std::string text = ScenarioOfSteps(steps);
  for (auto _ : state) {
    Scenario scenario = ParseScenarioText(text, "big.toml");
    benchmark::DoNotOptimize(scenario);
  }
  state.SetItemsProcessed(static_cast<int64_t>(steps) * state.iterations());
}
BENCHMARK(BM_ParseSteps)
    ->Arg(1000)
    ->Arg(2000)
    ->Arg(4000)
    ->Arg(10000)
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace interleave::bench

BENCHMARK_MAIN();
