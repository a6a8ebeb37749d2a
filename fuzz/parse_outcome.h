// What a fuzz target accepts from a parser: a scenario, or one InputError
// whose message is one line naming the file (file:line:column: error: ...,
// or file: error: ...). Anything else (another exception, a crash, a
// sanitizer report) is a bug.
// Thread-safety: pure functions.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>

#include "sim/model/source_pos.h"

namespace interleave::fuzz {

inline void Fail(const char* what, const std::string& detail) {
  std::fprintf(stderr, "%s: %s\n", what, detail.c_str());
  std::abort();
}

// Runs `parse`; aborts unless it returns or throws a well-formed InputError.
template <typename Parse>
void ExpectScenarioOrOneError(const std::string& path, Parse parse) {
  try {
    parse();
  } catch (const InputError& error) {
    const std::string message = error.what();
    if (message.find('\n') != std::string::npos) Fail("a message of several lines", message);
    if (message.rfind(path + ":", 0) != 0) Fail("a message that does not name the file", message);
  } catch (const std::exception& error) {
    Fail("an exception that is not an InputError", error.what());
  }
}

}  // namespace interleave::fuzz
