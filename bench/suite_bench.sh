#!/usr/bin/env bash
# The whole PostgreSQL isolation suite in ../shared/pg-isolation, side by side
# in one run: PostgreSQL's own pg_isolation_regress (isolationtester, spec by
# spec, as PostgreSQL's `make check` runs it) against
# `interleave check SPECS --expected EXPECTED` (one command, specs in
# parallel). Each configuration runs REPS times, alternating, and the median
# wall time is reported with its ratio to the reference; then every output of
# the last run is compared byte for byte with the reference's.
#
# Configurations (the servers are started here, with the private server's
# settings: fsync off, deadlock_timeout 100ms ...):
#   ref-disk      pg_isolation_regress on a server whose cluster is on disk
#   ref-tmpfs     pg_isolation_regress on a server whose cluster is on /dev/shm
#   ours          interleave check ... (its own private server: tmpfs when there
#                 is room; includes starting and stopping it)
#   ours-disk     interleave check ... --db <the disk server>
#   ours-disk-j1  the same with -j 1 (one spec at a time)
#   ours-per-spec `interleave run X.spec --format isolationtester` once per spec,
#                 one process each (each starts its own private server), one
#                 spec at a time, as the reference runs them
#
# Usage: bench/suite_bench.sh [REPS]       (default 3)
# Environment:
#   BUILD_DIR                folder holding the built interleave (default: build)
#   INTERLEAVE_PG_ISOLATION  the shared specs (default ../shared/pg-isolation)
#   PG_BINDIR                PostgreSQL's programs (default /usr/lib/postgresql/15/bin)
#   CONFIGS_ONLY             the configurations to run, space separated (default:
#                            all; ref-disk must be among them)
#   KEEP_OUT                 copy each configuration's outputs (per-spec times
#                            in stdout, results/) to this folder
#   PG_ISOLATION_REGRESS     the reference runner (default: Debian's, from
#                            postgresql-server-dev-15 / postgresql-15's pgxs)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="${BUILD_DIR:-$ROOT/build}"
SUITE="${INTERLEAVE_PG_ISOLATION:-$ROOT/../shared/pg-isolation}"
PG_BINDIR="${PG_BINDIR:-/usr/lib/postgresql/15/bin}"
REGRESS="${PG_ISOLATION_REGRESS:-/usr/lib/postgresql/15/lib/pgxs/src/test/isolation/pg_isolation_regress}"
REPS="${1:-3}"
BIN="$BUILD_DIR/interleave"

[[ -d "$SUITE/specs" && -d "$SUITE/expected" ]] ||
  { echo "skipped: $SUITE/specs and $SUITE/expected not found (set INTERLEAVE_PG_ISOLATION)"; exit 0; }
[[ -x "$REGRESS" ]] ||
  { echo "skipped: the reference $REGRESS not found (set PG_ISOLATION_REGRESS)"; exit 0; }
[[ -x "$BIN" ]] || { echo "$BIN not built (cmake --build build --target interleave)"; exit 1; }

WORK="$(mktemp -d /var/tmp/interleave-suite-bench.XXXXXX)"
SHM=""
PIDS=()
cleanup() {
  for dir in "${PIDS[@]}"; do as_pg "$PG_BINDIR/pg_ctl" -D "$dir" -m immediate stop >/dev/null 2>&1 || true; done
  if [[ -n "${KEEP_OUT:-}" ]]; then mkdir -p "$KEEP_OUT" && cp -r "$WORK/out/." "$KEEP_OUT/"; fi
  rm -rf "$WORK"
  [[ -n "$SHM" ]] && rm -rf "$SHM"
}
trap cleanup EXIT

# initdb and postgres refuse to run as root.
as_pg() {
  if [[ "$(id -u)" == 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# start_server DATA_DIR SOCKET_DIR: a cluster with the private server's settings.
start_server() {
  local data="$1" sock="$2"
  mkdir -p "$data" "$sock"
  [[ "$(id -u)" == 0 ]] && chown postgres "$data" "$sock"
  as_pg "$PG_BINDIR/initdb" -D "$data" -U postgres --auth=trust --no-sync >/dev/null
  as_pg "$PG_BINDIR/pg_ctl" -D "$data" -w -l "$data/log" -o "-k $sock -c listen_addresses= \
    -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c deadlock_timeout=100ms \
    -c max_prepared_transactions=2 -c autovacuum=off -c jit=off -c max_connections=200 \
    -c wal_level=minimal -c max_wal_senders=0" start >/dev/null
  PIDS+=("$data")
}

chmod 755 "$WORK"
start_server "$WORK/disk" "$WORK/sock-disk"
if [[ -d /dev/shm ]]; then
  SHM="$(mktemp -d /dev/shm/interleave-suite-bench.XXXXXX)"
  chmod 755 "$SHM"
  start_server "$SHM/data" "$WORK/sock-shm"
fi
DISK_DB="host=$WORK/sock-disk port=5432 user=postgres dbname=postgres"

mapfile -t NAMES < <(cd "$SUITE/specs" && ls *.spec | sed 's/\.spec$//')
mkdir -p "$WORK/out"

# run_config NAME: one timed run, wall seconds on stdout.
run_config() {
  local name="$1" out="$WORK/out/$1" start end
  rm -rf "$out" && mkdir -p "$out"
  [[ "$(id -u)" == 0 ]] && chown postgres "$out"
  start=$(date +%s.%N)
  case "$name" in
    ref-disk | ref-tmpfs)
      local sock="$WORK/sock-disk"
      [[ "$name" == ref-tmpfs ]] && sock="$WORK/sock-shm"
      as_pg "$REGRESS" --inputdir="$SUITE" --outputdir="$out" --host="$sock" --port=5432 \
        --user=postgres --bindir="$PG_BINDIR" --dbname=isolation_regression "${NAMES[@]}" \
        >"$out/stdout" 2>&1 || true ;;
    ours)
      "$BIN" check "$SUITE/specs" --expected "$SUITE/expected" --results "$out/results" \
        >"$out/stdout" 2>&1 || true ;;
    ours-disk)
      "$BIN" check "$SUITE/specs" --expected "$SUITE/expected" --results "$out/results" \
        --db "$DISK_DB" >"$out/stdout" 2>&1 || true ;;
    ours-disk-j1)
      "$BIN" check "$SUITE/specs" --expected "$SUITE/expected" --results "$out/results" \
        --db "$DISK_DB" -j 1 >"$out/stdout" 2>&1 || true ;;
    ours-per-spec)
      mkdir -p "$out/results"
      for name in "${NAMES[@]}"; do
        "$BIN" run "$SUITE/specs/$name.spec" --format isolationtester \
          >"$out/results/$name.out" 2>>"$out/stdout" || true
      done ;;
  esac
  end=$(date +%s.%N)
  echo "$end - $start" | bc -l
}

CONFIGS=(ref-disk ours ref-tmpfs ours-disk ours-disk-j1 ours-per-spec)
[[ -z "$SHM" ]] && CONFIGS=(ref-disk ours ours-disk ours-disk-j1 ours-per-spec)
[[ -n "${CONFIGS_ONLY:-}" ]] && read -r -a CONFIGS <<<"$CONFIGS_ONLY"
declare -A TIMES
echo "== machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg) before;" \
  "commit $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown);" \
  "${#NAMES[@]} specs; $REPS runs each, alternating"
for ((rep = 1; rep <= REPS; rep++)); do
  for config in "${CONFIGS[@]}"; do
    t=$(run_config "$config")
    TIMES[$config]+="$t "
    printf '  run %d %-13s %6.2f s\n' "$rep" "$config" "$t"
  done
done
echo "== load $(cut -d' ' -f1-3 /proc/loadavg) after"

median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
REF=$(echo "${TIMES[ref-disk]}" | median)
echo
printf '| %-13s | %8s | %18s |\n' configuration "median s" "ref-disk / this"
printf '| %-13s | %8s | %18s |\n' ------------- -------- ------------------
for config in "${CONFIGS[@]}"; do
  m=$(echo "${TIMES[$config]}" | median)
  printf '| %-13s | %8.2f | %17.2fx |\n' "$config" "$m" "$(echo "$REF / $m" | bc -l)"
done

echo
echo "== outputs of the last run, byte for byte against ref-disk's results/NAME.out"
for config in "${CONFIGS[@]}"; do
  [[ "$config" == ref-disk ]] && continue
  dir="$WORK/out/$config/results"
  same=0 differ=()
  for name in "${NAMES[@]}"; do
    if cmp -s "$WORK/out/ref-disk/results/$name.out" "$dir/$name.out"; then
      same=$((same + 1))
    else
      differ+=("$name")
    fi
  done
  echo "  $config: $same of ${#NAMES[@]} identical${differ:+; differ: ${differ[*]}}"
done
echo "  ref-disk's own verdict: $(grep -E 'tests (passed|failed)' "$WORK/out/ref-disk/stdout" | sed 's/^ *//')"
echo "  ours: $(grep -E 'tests (passed|failed)' "$WORK/out/ours/stdout" | sed 's/^ *//')"
