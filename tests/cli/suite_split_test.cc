// Suite mode cuts a long spec whose permutations do not depend on one
// another into groups that run at once on separate scratch databases, and
// prints what running them in order prints; a spec whose permutations leave
// the database changed is run again in order. Against the real server.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "cli/cli.h"
#include "tests/cli/cli_test_support.h"

namespace interleave {
namespace {

namespace fs = std::filesystem;
using testing::CliResult;
using testing::ReadFile;
using testing::TempDir;

CliResult Cli(std::vector<std::string> args) { return testing::RunCliOnSharedServer(args); }

// Every interleaving of two transactions of three steps: 20 permutations,
// each from its own setup, back to nothing after (on rows of their own, so
// that no permutation waits).
const char* kIndependent = R"spec(
setup { CREATE TABLE t (id int PRIMARY KEY, v int); INSERT INTO t VALUES (1, 0), (2, 0); }
teardown { DROP TABLE t; }
session s1
setup { BEGIN; }
step r1 { SELECT v FROM t WHERE id = 1; }
step w1 { UPDATE t SET v = v + 1 WHERE id = 1; }
step c1 { COMMIT; }
session s2
setup { BEGIN; }
step r2 { SELECT v FROM t WHERE id = 1; }
step w2 { UPDATE t SET v = v + 2 WHERE id = 2; }
step c2 { COMMIT; }
)spec";

// The same shape, but each permutation leaves a row behind in a table its
// setup makes only once: permutation N counts N rows when run in order.
const char* kLeaky = R"spec(
setup { CREATE TABLE IF NOT EXISTS log (n int); INSERT INTO log VALUES (1); }
session s1
step a1 { SELECT count(*) AS seen FROM log; }
step b1 { SELECT 1 AS one; }
step c1 { SELECT 2 AS two; }
session s2
step a2 { SELECT 3 AS three; }
step b2 { SELECT 4 AS four; }
step c2 { SELECT 5 AS five; }
)spec";

// The output of `name` (in `dir`/specs) run with `jobs` specs at a time.
CliResult CheckWith(const TempDir& dir, const std::string& name, const std::string& jobs,
                    const std::string& results) {
  return Cli({"check", dir / ("specs/" + name + ".spec"), "--expected", dir / "expected",
              "--results", dir / results, "-j", jobs, "--verbose"});
}

TEST(SuiteSplit, IndependentPermutationsRunInGroupsAndPrintAsInOrder) {
  TempDir dir;
  dir.Write("specs/independent.spec", kIndependent);
  fs::create_directories(dir / "expected");
  CliResult in_order = CheckWith(dir, "independent", "1", "one");
  EXPECT_EQ(in_order.out.find("groups at once"), std::string::npos) << in_order.out;
  const std::string expected = ReadFile(dir / "one/independent.out");
  ASSERT_NE(expected.find("starting permutation: r1 w1 c1 r2 w2 c2"), std::string::npos)
      << expected;
  dir.Write("expected/independent.out", expected);

  CliResult grouped = CheckWith(dir, "independent", "3", "three");
  EXPECT_EQ(grouped.status, kExitOk) << grouped.out << grouped.err;
  EXPECT_NE(grouped.out.find("its 20 permutations ran in 2 groups at once"), std::string::npos)
      << grouped.out;
  EXPECT_EQ(ReadFile(dir / "three/independent.out"), expected);
}

TEST(SuiteSplit, PermutationsThatLeaveRowsBehindRunAgainInOrder) {
  TempDir dir;
  dir.Write("specs/leaky.spec", kLeaky);
  fs::create_directories(dir / "expected");
  CheckWith(dir, "leaky", "1", "one");
  const std::string expected = ReadFile(dir / "one/leaky.out");
  ASSERT_NE(expected.find("\n  20\n"), std::string::npos) << expected;  // the last count
  dir.Write("expected/leaky.out", expected);

  CliResult grouped = CheckWith(dir, "leaky", "3", "three");
  EXPECT_EQ(grouped.status, kExitOk) << grouped.out << grouped.err;
  EXPECT_NE(grouped.out.find("did not leave the database as they found it; they ran again in "
                             "order"),
            std::string::npos)
      << grouped.out;
  EXPECT_EQ(ReadFile(dir / "three/leaky.out"), expected);
}

}  // namespace
}  // namespace interleave
