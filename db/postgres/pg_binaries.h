// Where PostgreSQL's server programs are and which version they are, for the
// private server. Found as before (a folder given, INTERLEAVE_PG_BINDIR,
// `pg_config --bindir`, the newest /usr/lib/postgresql/N/bin, PATH), but
// without starting a shell or a program when an earlier run found the same
// answer: answers are kept in a small file of the cache folder, each keyed
// by the size, modification time and inode of the files it came from
// (pg_config and the /usr/lib/postgresql/N/bin folders it chooses between,
// or the postgres program), so that installing or upgrading PostgreSQL is
// noticed.
// Thread-safety: safe from several threads and processes (the file is
// replaced by a rename; a lost update only costs a lookup next time).
#pragma once

#include <string>

namespace interleave {

struct PgBinaries {
  std::string bindir;   // holds postgres and initdb
  std::string version;  // "15.18"
  std::string major;    // "15"
};

// Throws DbFailure when no server programs are found, or `requested` (or
// INTERLEAVE_PG_BINDIR) holds none, or postgres --version says no version.
// `cache_dir` empty: nothing is remembered.
PgBinaries FindPgBinaries(const std::string& requested, const std::string& cache_dir);

}  // namespace interleave
