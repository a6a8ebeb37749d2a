// Shared helpers for the benchmarks: one PostgreSQL target per benchmark
// program (the private server started on first use, or the server that
// INTERLEAVE_BENCH_DB names), where the shared PostgreSQL isolation specs are,
// and small statistics (percentiles) for per-sample figures.
// Thread-safety: BenchTarget() is safe to call from any thread; the other
// functions are pure.
#pragma once

#include <string>
#include <vector>

#include "db/engine.h"

namespace interleave::bench {

// The server every benchmark of this program runs on (started once).
Target& BenchTarget();

// The repository's root folder.
std::string SourceDir();

// ../shared/pg-isolation beside the repository (or INTERLEAVE_PG_ISOLATION);
// empty when it does not exist. The files are read there, never copied.
std::string SharedSpecsDir();

// A spec of the shared folder, by name (file stem).
struct SharedSpec {
  std::string name;
  std::string path;
  bool lock_wait = false;  // its expected output has "<waiting ...>"
};
// Every spec of the shared folder, sorted by name; empty without the folder.
std::vector<SharedSpec> SharedSpecs();

// PostgreSQL's own isolationtester (the reference tool), shipped with the
// PostgreSQL client package; INTERLEAVE_ISOLATIONTESTER overrides. Empty when
// not found.
std::string ReferenceTester();

// Runs the reference tool on `spec_path` (stdin) against `conninfo`, with the
// environment PostgreSQL's pg_isolation_regress gives it (PGAPPNAME,
// PGTZ, PGDATESTYLE, PGOPTIONS), output discarded. Returns its exit status
// (-1 if it could not be started).
int RunReferenceTester(const std::string& tester, const std::string& conninfo,
                       const std::string& spec_name, const std::string& spec_path);

// The p-th percentile (0..100) of `samples`, by linear interpolation; 0 when
// there is none.
double Percentile(std::vector<double> samples, double p);

}  // namespace interleave::bench
