#!/usr/bin/env bash
# Builds the parser fuzz targets with clang (libFuzzer, ASan, UBSan) in
# build-fuzz/ and runs each for SECONDS (default 60), seeded with the shipped
# scenarios and, when it is there, ../shared/pg-isolation/specs (read in
# place; new inputs go to a temporary corpus). Exits non-zero on a crash,
# a sanitizer report, or a parser error message of the wrong form; the
# crashing input is kept in build-fuzz/crashes/.
#   fuzz/run.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
if ! command -v clang++ >/dev/null; then
  echo "fuzz/run.sh: clang++ is not installed (apt-get install clang)" >&2
  exit 77
fi
cmake -S fuzz -B build-fuzz -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build-fuzz -j "$(nproc)" >/dev/null
mkdir -p build-fuzz/crashes
corpus="$(mktemp -d)"
trap 'rm -rf "$corpus"' EXIT
run() {
  local target="$1"; shift
  mkdir -p "$corpus/$target"
  echo "== $target for ${seconds}s"
  local log="$corpus/$target.log" rc=0
  # FUZZ_RUNS=N FUZZ_SEED=S: a fixed number of inputs from a fixed seed (CTest's
  # reproducible run) instead of a time limit.
  local limit=(-max_total_time="$seconds")
  [ -n "${FUZZ_RUNS:-}" ] && limit=(-runs="$FUZZ_RUNS" -seed="${FUZZ_SEED:-1}")
  build-fuzz/"$target" "${limit[@]}" -max_len=16384 -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix=build-fuzz/crashes/"$target"- \
    "$corpus/$target" "$@" >"$log" 2>&1 || rc=$?
  grep -E '^(stat::number_of_executed_units|stat::peak_rss_mb|==[0-9]+==ERROR|SUMMARY)|: a message|exception that|Test unit written' "$log" || true
  [ "$rc" -eq 0 ] || { echo "$target failed (exit $rc); the last lines:"; tail -20 "$log"; }
  return "$rc"
}
status=0
run toml_parser_fuzz scenarios/textbook scenarios/peakpeeps scenarios/nextflix scenarios/hermitage || status=1
spec_seeds=()
[ -d ../shared/pg-isolation/specs ] && spec_seeds+=(../shared/pg-isolation/specs)
[ ${#spec_seeds[@]} -eq 0 ] && echo "(../shared/pg-isolation/specs is absent: the spec target starts from nothing)"
run spec_parser_fuzz "${spec_seeds[@]}" || status=1
exit $status
