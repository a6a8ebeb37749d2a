#!/usr/bin/env python3
"""Prints the figures (a)-(d) of one run of the benchmarks (their JSON output
in OUT_DIR) and the whole-command timings, with ratios to PostgreSQL's
isolationtester and to the targets. Used by bench/run_all.sh.

Usage: summarize.py OUT_DIR
"""
import json
import os
import sys

REF_DETECT_MS = 10.0  # isolationtester polls for lock waits every 10 ms
README_PERM_PER_S = 48.0  # isolationtester, whole PostgreSQL 15 schedule (README)
TARGET_DETECT_MS = 1.0
TARGET_PERM_PER_S = 10 * README_PERM_PER_S
TARGET_EXPLORE_PER_S = 500.0
EXPLORE_RUNS = 350  # 70 interleavings x 5 variants


def load(out_dir, name):
    path = os.path.join(out_dir, name + ".json")
    if not os.path.exists(path):
        return []
    with open(path) as f:
        return json.load(f).get("benchmarks", [])


def base_name(benchmark):
    name = benchmark.get("run_name", benchmark["name"])
    for suffix in ("/iterations", "/min_time", "/manual_time", "/real_time"):
        name = name.split(suffix)[0]
    return name


def find(benchmarks, name):
    for b in benchmarks:
        if base_name(b) == name:
            return None if b.get("error_occurred") else b
    return None


def met(ok):
    return "MET" if ok else "MISSED"


def step_overhead(out_dir, file_name, title):
    step = load(out_dir, file_name)
    if not step:
        return
    print(title)
    for arg, label in (("0", "SELECT 1"), ("1", "UPDATE 1 row")):
        b = find(step, "BM_StepOverhead/" + arg)
        if not b:
            print("    %-12s not measured" % label)
            continue
        print("    %-12s raw %5.1f us (PQexec %5.1f) | scheduler %5.1f us (p90 %5.1f) -> "
              "overhead %+5.1f us/step (x%.2f); client CPU/step %.1f vs %.1f us"
              % (label, b["session_median_us"], b["pqexec_median_us"], b["sched_median_us"],
                 b["sched_p90_us"], b["overhead_us"], b["sched_vs_raw_x"], b["sched_cpu_us"],
                 b["session_cpu_us"]))


def lock_wait(out_dir):
    b = find(load(out_dir, "lock_wait_detection_bench"), "BM_LockWaitDetection")
    print("(b) lock wait noticed (send -> found waiting), 200 samples")
    if not b:
        print("    not measured")
        return
    print("    median %.3f ms, p90 %.3f ms, max %.3f ms; whole Next() median %.3f ms;"
          " COMMIT -> waiter seen done median %.3f ms"
          % (b["median_ms"], b["p90_ms"], b["max_ms"], b["next_median_ms"],
             b["release_median_ms"]))
    print("    vs the reference's ~%.0f ms polling: x%.0f faster; target < %.0f ms median: %s"
          % (REF_DETECT_MS, REF_DETECT_MS / b["median_ms"], TARGET_DETECT_MS,
             met(b["median_ms"] < TARGET_DETECT_MS)))


def specs(out_dir, file_name, title, per_spec=True):
    benchmarks = load(out_dir, file_name)
    if not benchmarks:
        return None
    print(title)
    total = None
    for which in ("all", "lock_wait"):
        b = find(benchmarks, "BM_SharedSpecs/" + which)
        if not b:
            print("    %-9s skipped (no shared specs?)" % which)
            continue
        if which == "all":
            total = b["permutations"]
        line = ("    %-9s %2d specs %3d perms: %5.0f perm/s (%.2f ms each; runs alone %4.0f/s),"
                " x%.1f the README's %d/s"
                % (which, b["specs"], b["permutations"], b["perm_per_s"], b["ms_per_perm"],
                   b["runs_perm_per_s"], b["vs_readme_x"], README_PERM_PER_S))
        if b["run_errors"]:
            line += ", %d runs with errors" % b["run_errors"]
        if which == "all":
            line += "; target %d/s: %s" % (TARGET_PERM_PER_S,
                                           met(b["perm_per_s"] >= TARGET_PERM_PER_S))
        print(line)
    for which in ("all", "lock_wait"):
        b = find(benchmarks, "BM_SpecsVsReference/" + which)
        if not b:
            continue
        print("    %-9s vs isolationtester, same database, spec by spec: ours %5.0f perm/s,"
              " reference %5.0f perm/s -> x%.2f%s"
              % (which, b["ours_perm_per_s"], b["ref_perm_per_s"], b["speedup_x"],
                 " (target x10: %s)" % met(b["speedup_x"] >= 10) if which == "all" else ""))
    rows = [b for b in benchmarks
            if base_name(b).startswith("BM_SpecVsReference/") and not b.get("error_occurred")]
    if per_spec and rows:
        print("    per spec, ms per permutation (ours / isolationtester, same run; README's"
              " figure where it gives one):")
        for b in rows:
            readme = ""
            if "readme_ms_per_perm" in b:
                readme = "  README %.1f" % b["readme_ms_per_perm"]
            print("      %-30s %3d perms %8.2f / %8.2f  x%5.2f%s%s"
                  % (base_name(b).split("/")[1], b["permutations"], b["ours_ms_per_perm"],
                     b["ref_ms_per_perm"], b["speedup_x"], readme,
                     "  lock waits" if b.get("label") else ""))
    return total


def explore(out_dir, file_name, title):
    benchmarks = load(out_dir, file_name)
    if not benchmarks:
        return
    print(title)
    for jobs in ("1", "2"):
        for reduce, mode in (("0", "exhaustive"), ("1", "reduced")):
            for reuse, how in (("1", ""), ("0", " full reset each run")):
                b = find(benchmarks, "BM_Explore/jobs:%s/reuse_setup:%s/reduce:%s"
                         % (jobs, reuse, reduce))
                if not b:
                    print("    -j%s %s%s not measured" % (jobs, mode, how))
                    continue
                print("    -j%s %s: %5.0f interleavings/s from %4.0f runs/s (%d runs;"
                      " anomalies %d, reordered %d, errors %d); target %d/s: %s%s"
                      % (jobs, mode, b["interleavings_per_s"], b["runs_per_s"], b["runs"],
                         b["anomalies"], b["reordered"], b["errors"], TARGET_EXPLORE_PER_S,
                         met(b["interleavings_per_s"] >= TARGET_EXPLORE_PER_S), how))
    rows = [b for b in benchmarks if base_name(b).startswith("BM_ExploreRun/")]
    if rows:
        print("    one interleaving on open connections, medians in ms"
              " (whole = prepare + schedule + finish):")
        for b in rows:
            reuse = "" if base_name(b).endswith("reuse_setup:1") else " (full reset)"
            print("      %-36s %5.2f = %5.2f + %5.2f + %5.2f  (p90 %5.2f)"
                  % (b.get("label", "?") + reuse, b["median_ms"], b["prepare_ms"], b["schedule_ms"],
                     b["finish_ms"], b["p90_ms"]))


def whole_commands(out_dir, total_perms):
    whole = {}
    path = os.path.join(out_dir, "whole.txt")
    if os.path.exists(path):
        for line in open(path):
            label, seconds = line.split()
            whole[label] = float(seconds)
    if not whole:
        return
    print("whole commands (process start, private server start, scratch database, runs):")
    if "all_specs" in whole:
        s = whole["all_specs"]
        extra = ""
        if total_perms:
            extra = ", %.0f perm/s (x%.1f the README's %d/s)" % (
                total_perms / s, total_perms / s / README_PERM_PER_S, README_PERM_PER_S)
        print("    interleave run X.spec --format isolationtester, every shared spec: %.2f s%s"
              % (s, extra))
    for jobs in ("1", "2"):
        key = "explore_j" + jobs
        if key in whole:
            s = whole[key]
            print("    interleave explore peepcoin_lost_update.toml -j %s: %.2f s, %.0f"
                  " interleavings/s (target %d/s: %s)"
                  % (jobs, s, EXPLORE_RUNS / s, TARGET_EXPLORE_PER_S,
                     met(EXPLORE_RUNS / s >= TARGET_EXPLORE_PER_S)))


def main():
    out_dir = sys.argv[1]
    print("== summary (all figures from this one run)")
    step_overhead(out_dir, "step_overhead_bench",
                  "(a) per-step overhead over a raw round trip on the same connection (medians)")
    step_overhead(out_dir, "step_overhead_bench_pinned",
                  "(a') the same with the program and its server pinned to one CPU")
    lock_wait(out_dir)
    total = specs(out_dir, "spec_throughput_bench",
                  "(c) shared isolation specs, in-process (server started once)")
    explore(out_dir, "explore_throughput_bench",
            "(d) explore, 2 clients x 4 steps, 5 variants x 70 interleavings (in-process)")
    whole_commands(out_dir, total)
    if load(out_dir, "explore_throughput_bench_tmpfs"):
        print("what-if: the private server's cluster on tmpfs (INTERLEAVE_CACHE_DIR on /dev/shm;"
              " the proposed engine change):")
        specs(out_dir, "spec_throughput_bench_tmpfs", "  (c) on tmpfs", per_spec=False)
        explore(out_dir, "explore_throughput_bench_tmpfs", "  (d) on tmpfs")


if __name__ == "__main__":
    main()
