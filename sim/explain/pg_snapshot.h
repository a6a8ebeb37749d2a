// A PostgreSQL snapshot in its text form (pg_current_snapshot()::text,
// "xmin:xmax:xip1,xip2"), and which transactions it sees.
// Thread-safety: a plain value.
#pragma once

#include <set>
#include <sstream>
#include <string>

namespace interleave {

struct PgSnapshot {
  long long xmin = 0;
  long long xmax = 0;
  std::set<long long> in_progress;
  bool valid = false;

  static PgSnapshot Parse(const std::string& text) {
    PgSnapshot snapshot;
    std::istringstream in(text);
    char colon = 0;
    if (!(in >> snapshot.xmin >> colon >> snapshot.xmax) || colon != ':') return snapshot;
    snapshot.valid = true;
    if (in.peek() == ':') {
      in.get();
      long long xid = 0;
      while (in >> xid) {
        snapshot.in_progress.insert(xid);
        if (in.peek() == ',') in.get();
      }
    }
    return snapshot;
  }
  // Whether the committed transaction `xid` is visible in the snapshot.
  bool Sees(long long xid) const {
    return xid < xmin || (xid < xmax && in_progress.count(xid) == 0);
  }
};

}  // namespace interleave
