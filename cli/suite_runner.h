// Suite mode of `interleave check` (`--expected DIR`): runs PostgreSQL
// isolation specs as pg_isolation_regress does, each printed in the
// isolationtester format `interleave run X.spec --format isolationtester`
// prints, compares each output with DIR/NAME.out or an alternative
// DIR/NAME_N.out (`diff -w`), prints one line per spec and pg_regress's
// summary, and exits 1 on a mismatch. Specs run in parallel, each on its own
// scratch database of one server; a spec's permutations run in order.
// Thread-safety: call from the main thread (it runs its own workers).
#pragma once

#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "cli/cli_args.h"
#include "db/engine.h"
#include "report/suite_report.h"
#include "sim/run/run.h"

namespace interleave {

// `interleave check PATH... --expected DIR [--results DIR] [-j N] [--db URL]
// [--junit FILE]`, with `cli` parsed by CheckCommand.
int SuiteCheckCommand(const CliArgs& cli, std::ostream& out, std::ostream& err);

// The .spec files named by `paths` (files as given, folders searched
// recursively), sorted. Throws InputError for a path that does not exist or
// a file that is not a .spec, and when none is found.
std::vector<std::string> FindSpecFiles(const std::vector<std::string>& paths);

// The expected files of spec `name` in `expected_dir`, as pg_regress looks
// for them: NAME.out, then NAME_0.out .. NAME_9.out, those that exist.
std::vector<std::string> ExpectedFiles(const std::string& expected_dir, const std::string& name);

// Compares `output` with the expected files of `name`: passed when one of
// them is the same as `diff -w` sees it; otherwise the diff from the closest.
SuiteSpecResult CompareWithExpected(const std::string& name, const std::string& output,
                                    const std::string& expected_dir,
                                    const std::string& result_label);

// The private PostgreSQL cluster's folder on tmpfs (/dev/shm) when the suite
// would use the private server, INTERLEAVE_CACHE_DIR is not set and /dev/shm
// has room; "" otherwise (the usual cache folder on disk).
std::string TmpfsCacheDir(const CliArgs& cli);

// The server isolation specs run on: the private server with its cluster on
// tmpfs (TmpfsCacheDir) when there is room, else (or when that start fails,
// said on `err`) the one OpenTarget gives. `tmpfs_dir` (optional) gets the
// tmpfs folder used, or "". `reads_row_locks`: whether runs there read row
// locks (pgrowlocks is added to each scratch database only then).
std::shared_ptr<Target> OpenSpecTarget(const CliArgs& cli, std::ostream& err,
                                       std::string* tmpfs_dir, bool reads_row_locks);

}  // namespace interleave
