#!/usr/bin/env bash
# Builds interleave and its benchmarks in Release, runs every benchmark once on
# this machine, and prints the figures (a)-(d) of bench/README.md with their
# ratios to the reference tool (PostgreSQL's isolationtester, run on the same
# server in the same run) and to the targets. The machine is shared and noisy:
# compare ratios from one run, not numbers from different runs.
# Then times whole commands: `interleave run X.spec --format isolationtester`
# over every shared spec, and `interleave explore` on the 2x4 lost-update
# scenario with -j 1 and -j 2 (with hyperfine when installed:
# `apt-get install hyperfine`; else with bash's `time`). Last, unless
# --no-what-if, the spec and explore figures again with the private server's
# cluster on tmpfs (/dev/shm), the engine change bench/README.md proposes.
#
# Usage: bench/run_all.sh [--quick] [--no-what-if]
#   --quick        fewer repetitions of the whole-command timings
#   --no-what-if   skip the tmpfs what-if
# Environment:
#   BUILD_DIR                build folder (default: build-bench in the repository)
#   INTERLEAVE_PG_ISOLATION  the shared specs (default ../shared/pg-isolation)
#   INTERLEAVE_BENCH_DB      run the in-process benchmarks on this server
#                            instead of the private one
#   KEEP_OUT=1               keep the JSON results (their folder is printed)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="${BUILD_DIR:-$ROOT/build-bench}"
SPECS_DIR="${INTERLEAVE_PG_ISOLATION:-$ROOT/../shared/pg-isolation}"
SCENARIO="$ROOT/scenarios/peakpeeps/peepcoin_lost_update.toml"
RUNS=5
WHAT_IF=1
for arg in "$@"; do
  case "$arg" in
    --quick) RUNS=2 ;;
    --no-what-if) WHAT_IF=0 ;;
    *) echo "usage: $0 [--quick] [--no-what-if]" >&2; exit 2 ;;
  esac
done
[[ -d "$SPECS_DIR/specs" ]] && export INTERLEAVE_PG_ISOLATION="$SPECS_DIR"

OUT="$(mktemp -d "${TMPDIR:-/tmp}/interleave-bench.XXXXXX")"
TMPFS_CACHE=""
cleanup() {
  [[ -n "$TMPFS_CACHE" ]] && rm -rf "$TMPFS_CACHE"
  if [[ "${KEEP_OUT:-0}" == 1 ]]; then echo "results kept in $OUT"; else rm -rf "$OUT"; fi
}
trap cleanup EXIT

echo "== build (Release) in $BUILD_DIR"
cmake -S "$ROOT" -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=Release >"$OUT/cmake.log" ||
  { cat "$OUT/cmake.log"; exit 1; }
make -C "$BUILD_DIR" -j"$(nproc)" interleave step_overhead_bench lock_wait_detection_bench \
  spec_throughput_bench explore_throughput_bench >"$OUT/make.log" 2>&1 ||
  { tail -40 "$OUT/make.log"; echo "build failed (is libbenchmark-dev installed?)"; exit 1; }
BIN="$BUILD_DIR/interleave"

echo "== machine"
echo "date:    $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "cpu:     $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
echo "load:    $(cut -d' ' -f1-3 /proc/loadavg) (1/5/15 min) before the run"
echo "commit:  $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)" \
  "$(git -C "$ROOT" status --porcelain -- sim db 2>/dev/null | grep -q . && echo '(sim/ or db/ have local changes)')"
echo "isolationtester: $(ls /usr/lib/postgresql/*/lib/pgxs/src/test/isolation/isolationtester 2>/dev/null | head -1 || true)"

run_bench() {  # result-name binary [args...]; PIN=command prefix (e.g. taskset)
  local name=$1 binary=$2
  shift 2
  echo
  echo "== $name"
  ${PIN:-} "$BUILD_DIR/bench/$binary" --benchmark_out="$OUT/$name.json" --benchmark_out_format=json \
    --benchmark_counters_tabular=true "$@" 2>&1 | grep -v '^\*\*\*WARNING\*\*\*' || true
}
run_bench step_overhead_bench step_overhead_bench
if command -v taskset >/dev/null; then
  # The program and the server it starts share CPU 0: no cross-CPU wake-ups.
  PIN="taskset -c 0" run_bench step_overhead_bench_pinned step_overhead_bench
fi
run_bench lock_wait_detection_bench lock_wait_detection_bench
run_bench spec_throughput_bench spec_throughput_bench
run_bench explore_throughput_bench explore_throughput_bench

# ---------------------------------------------------------------- whole commands
echo
echo "== whole commands (each starts its own private server)"
: >"$OUT/whole.txt"
cat >"$OUT/all_specs.sh" <<EOF
#!/usr/bin/env bash
for f in "$SPECS_DIR"/specs/*.spec; do "$BIN" run "\$f" --format isolationtester >/dev/null; done
EOF
chmod +x "$OUT/all_specs.sh"

time_command() {  # label runs command: appends "label mean-seconds" to whole.txt
  local label=$1 runs=$2 command=$3
  if command -v hyperfine >/dev/null; then
    hyperfine --warmup 1 --runs "$runs" --export-json "$OUT/hf.json" -n "$label" "$command" >&2
    python3 -c 'import json,sys; print(sys.argv[1], json.load(open(sys.argv[2]))["results"][0]["mean"])' \
      "$label" "$OUT/hf.json" >>"$OUT/whole.txt"
  else
    local times=() t mean
    for ((i = 0; i < runs; i++)); do
      t=$({ TIMEFORMAT=%R; time bash -c "$command" >/dev/null 2>&1; } 2>&1)
      times+=("$t")
    done
    mean=$(printf '%s\n' "${times[@]}" | awk '{ s += $1 } END { print s / NR }')
    echo "$label $mean" >>"$OUT/whole.txt"
    echo "$label: mean $mean s over $runs runs (${times[*]})" >&2
  fi
}
if ! command -v hyperfine >/dev/null; then
  echo "(hyperfine not found: timing with bash's time; install it with 'apt-get install hyperfine')"
fi
if [[ -d "$SPECS_DIR/specs" ]]; then
  time_command all_specs "$((RUNS > 3 ? 3 : RUNS))" "$OUT/all_specs.sh"
else
  echo "(no $SPECS_DIR/specs: whole-command spec timing skipped)"
fi
time_command explore_j1 "$RUNS" "$BIN explore $SCENARIO -j 1 >/dev/null"
time_command explore_j2 "$RUNS" "$BIN explore $SCENARIO -j 2 >/dev/null"

# ---------------------------------------------------------------- what-if: tmpfs
if ((WHAT_IF)) && [[ -z "${INTERLEAVE_BENCH_DB:-}" ]] && [[ -d /dev/shm && -w /dev/shm ]]; then
  echo
  echo "== what-if: the private server's cluster on tmpfs (/dev/shm)"
  TMPFS_CACHE="$(mktemp -d /dev/shm/interleave-bench.XXXXXX)"
  chmod 0755 "$TMPFS_CACHE"
  INTERLEAVE_CACHE_DIR="$TMPFS_CACHE" run_bench spec_throughput_bench_tmpfs spec_throughput_bench \
    --benchmark_filter='BM_SharedSpecs|BM_SpecsVsReference/'
  INTERLEAVE_CACHE_DIR="$TMPFS_CACHE" run_bench explore_throughput_bench_tmpfs \
    explore_throughput_bench
fi

# ---------------------------------------------------------------- summary
echo
python3 "$ROOT/bench/summarize.py" "$OUT"
echo "load:    $(cut -d' ' -f1-3 /proc/loadavg) (1/5/15 min) after the run"
