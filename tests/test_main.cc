// Test entry point: installs the cleanup watcher before any thread starts, so
// an interrupted test run stops the private server and drops its databases.
#include <gtest/gtest.h>

#include "db/process/cleanup_registry.h"

int main(int argc, char** argv) {
  interleave::CleanupRegistry::Install();
  testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
