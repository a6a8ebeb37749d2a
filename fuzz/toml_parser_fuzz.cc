// libFuzzer target: TOML scenario text through the loader (parser and
// variant checks), as `interleave run FILE` reads it.
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz/parse_outcome.h"
#include "sim/parse/scenario_loader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  interleave::fuzz::ExpectScenarioOrOneError(
      "fuzz.toml", [&] { interleave::LoadScenarioText(text, "fuzz.toml"); });
  return 0;
}
