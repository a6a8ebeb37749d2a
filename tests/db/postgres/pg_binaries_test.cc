// Finding the server programs and their version: an answer is remembered in
// the cache folder and used while the program it came from is unchanged,
// and asked again once it changes.
#include "db/postgres/pg_binaries.h"

#include <gtest/gtest.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "db/db_failure.h"
#include "db/process/process_util.h"

namespace interleave {
namespace {

class PgBinariesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = "/tmp/interleave-binaries-test-" + std::to_string(getpid());
    RemoveTree(root_);
    std::filesystem::create_directories(root_ + "/bin");
    std::filesystem::create_directories(root_ + "/cache");
    WriteProgram("initdb", "#!/bin/sh\nexit 0\n");
  }
  void TearDown() override { RemoveTree(root_); }

  void WriteProgram(const std::string& name, const std::string& text) {
    const std::string path = root_ + "/bin/" + name;
    std::ofstream(path, std::ios::trunc) << text;  // in place: same inode
    chmod(path.c_str(), 0755);
  }
  std::string Postgres(const std::string& version) {
    return "#!/bin/sh\necho 'postgres (PostgreSQL) " + version + "'\n";
  }

  std::string root_;
};

TEST_F(PgBinariesTest, ReadsTheVersionOnceAndAgainWhenTheProgramChanges) {
  WriteProgram("postgres", Postgres("15.91"));
  PgBinaries first = FindPgBinaries(root_ + "/bin", root_ + "/cache");
  EXPECT_EQ(first.bindir, root_ + "/bin");
  EXPECT_EQ(first.version, "15.91");
  EXPECT_EQ(first.major, "15");

  // Same size, same inode, same modification time: the remembered answer.
  const std::string path = root_ + "/bin/postgres";
  struct stat before;
  ASSERT_EQ(stat(path.c_str(), &before), 0);
  WriteProgram("postgres", Postgres("15.92"));
  const timespec times[2] = {before.st_atim, before.st_mtim};
  ASSERT_EQ(utimensat(AT_FDCWD, path.c_str(), times, 0), 0);
  EXPECT_EQ(FindPgBinaries(root_ + "/bin", root_ + "/cache").version, "15.91");

  // A new program (here: another size): asked again.
  WriteProgram("postgres", Postgres("16.1 (a build)"));
  PgBinaries changed = FindPgBinaries(root_ + "/bin", root_ + "/cache");
  EXPECT_EQ(changed.version, "16.1");
  EXPECT_EQ(changed.major, "16");

  // Without a cache folder nothing is remembered.
  WriteProgram("postgres", Postgres("17.2"));
  EXPECT_EQ(FindPgBinaries(root_ + "/bin", "").version, "17.2");
}

TEST_F(PgBinariesTest, AFolderWithoutTheServerIsOneClearMessage) {
  try {
    FindPgBinaries(root_ + "/bin", root_ + "/cache");  // initdb only
    FAIL() << "expected a DbFailure";
  } catch (const DbFailure& failure) {
    EXPECT_NE(std::string(failure.what()).find("no PostgreSQL server binaries"), std::string::npos)
        << failure.what();
  }
}

TEST_F(PgBinariesTest, AProgramThatSaysNoVersionIsOneClearMessage) {
  WriteProgram("postgres", "#!/bin/sh\necho nothing here\n");
  try {
    FindPgBinaries(root_ + "/bin", root_ + "/cache");
    FAIL() << "expected a DbFailure";
  } catch (const DbFailure& failure) {
    EXPECT_NE(std::string(failure.what()).find("--version"), std::string::npos) << failure.what();
  }
}

}  // namespace
}  // namespace interleave
