// libFuzzer target: PostgreSQL isolation spec text through the spec parser
// and, for small specs, the enumeration of its permutations.
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz/parse_outcome.h"
#include "sim/parse/spec_parser.h"
#include "sim/plan/interleavings.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  interleave::fuzz::ExpectScenarioOrOneError("fuzz.spec", [&] {
    interleave::Scenario spec = interleave::ParseSpecText(text, "fuzz.spec");
    if (interleave::CountInterleavings(spec) <= 1000) interleave::SpecSchedules(spec);
  });
  return 0;
}
