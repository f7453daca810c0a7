#!/usr/bin/env python3
"""Measures plain turns at saturation in consecutive wrk windows, for saturation.sh.

Each window runs `wrk -t1 -c<connections> --latency -s wrk/chat.lua` for a number of seconds and reads, around it,
every party's CPU from /proc (user + system time in clock ticks of 1/100 s): the service, the stand-in (nginx, master
and workers) and wrk itself (its rusage as a finished child), the machine's busy and idle cores from /proc/stat, and
the shares of the service's CPU that its JIT and its garbage collector took, from their threads. Warm-up windows run
until two consecutive ones agree on the service's CPU per turn within 5 % and the second spent under 1 % of it in the
runtime's tiered compilation (or the warm-up's time runs out); then the measured windows run, and the summary gives
each and their median.

A window is invalid, as in the load tool's rule (tests/Benchmarks/README.md, "How a window is measured"), when the
harness (wrk and the stand-in) took more than half a core, or when any turn failed; a saturated machine is what this
scenario is for, so it never makes a window invalid.
"""
import argparse
import os
import re
import resource
import statistics
import subprocess
import sys
import time

TICKS = 100.0
MAX_HARNESS_CORES = 0.5


def ticks(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of the whole line)


# The runtime's threads by their names in /proc/<pid>/task/<tid>/comm, which Linux cuts to 15 characters: the tiered
# compilation's (near idle once warm), and the server garbage collector's (its heaps' threads and their background
# threads: with server GC the collection's work runs there, not on the threads that allocated).
JIT_THREADS = (".NET Tiered Com",)
GC_THREADS = (".NET Server GC", ".NET BGC")


def thread_ticks(pid, names):
    """CPU ticks of the process's threads of these names, by thread id: the runtime ends an idle compiling thread
    and later starts another, so a window counts each thread's own growth (thread_seconds)."""
    found = {}
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{tid}/comm") as f:
                if f.read().strip() in names:
                    found[tid] = ticks(f"{pid}/task/{tid}")
        except FileNotFoundError:
            pass
    return found


def thread_seconds(before, after):
    return sum(t - before.get(tid, 0) for tid, t in after.items()) / TICKS


def resident_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        return next(int(l.split()[1]) for l in f if l.startswith("VmRSS:")) / 1024


def machine():
    with open("/proc/stat") as f:
        fields = [int(x) for x in f.readline().split()[1:]]
    return sum(fields), fields[3] + fields[4]


def milliseconds(text):
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def parse_wrk(output):
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    failed = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    latency = dict((p, milliseconds(v)) for p, v in re.findall(r"^\s+(50|90|99)%\s+(\S+)\s*$", output, re.M))
    return rate, requests, int(failed.group(1)) if failed else 0, sum(map(int, errors.groups())) if errors else 0, latency


def window(args, seconds, url):
    service0, standin0 = ticks(args.service_pid), sum(ticks(p) for p in args.standin_pids)
    jit0, gc0 = thread_ticks(args.service_pid, JIT_THREADS), thread_ticks(args.service_pid, GC_THREADS)
    total0, idle0 = machine()
    child0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    run = subprocess.run(
        ["wrk", "-t1", f"-c{args.connections}", f"-d{seconds}s", "--latency", "--timeout", "30s", "-s", args.script, url],
        capture_output=True, text=True)
    if run.returncode != 0:
        sys.exit(f"wrk failed ({run.returncode}): {run.stderr.strip()} {run.stdout.strip()}")
    output = run.stdout
    if args.wrk_log:
        with open(args.wrk_log, "a") as log:
            log.write(output)
    child1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    total1, idle1 = machine()
    service1, standin1 = ticks(args.service_pid), sum(ticks(p) for p in args.standin_pids)
    jit = thread_seconds(jit0, thread_ticks(args.service_pid, JIT_THREADS))
    gc = thread_seconds(gc0, thread_ticks(args.service_pid, GC_THREADS))
    rate, requests, failed, socket_errors, latency = parse_wrk(output)
    elapsed = requests / rate if rate else seconds
    cores = os.cpu_count()
    service = (service1 - service0) / TICKS
    standin = (standin1 - standin0) / TICKS
    wrk = (child1.ru_utime + child1.ru_stime) - (child0.ru_utime + child0.ru_stime)
    busy = ((total1 - total0) - (idle1 - idle0)) / max(1, total1 - total0) * cores
    harness = (standin + wrk) / elapsed
    invalid = []
    if harness > MAX_HARNESS_CORES:
        invalid.append(f"the harness took {harness:.2f} cores (stand-in {standin / elapsed:.2f}, wrk {wrk / elapsed:.2f})")
    if failed or socket_errors:
        invalid.append(f"{failed} turns failed, {socket_errors} socket errors")
    return {
        "turns/s": rate,
        "service ms/turn": service * 1000 / max(1, requests),
        "service cores": service / elapsed,
        "resident MB": resident_mb(args.service_pid),
        "jit share": jit / service if service else 0.0,
        "gc share": gc / service if service else 0.0,
        "stand-in ms/turn": standin * 1000 / max(1, requests),
        "wrk ms/turn": wrk * 1000 / max(1, requests),
        "harness cores": harness,
        "machine busy cores": busy,
        "other cores": max(0.0, busy - service / elapsed - harness),
        "p50 above model": latency.get("50", float("nan")) - args.latency_ms,
        "p99 above model": latency.get("99", float("nan")) - args.latency_ms,
        "invalid": "; ".join(invalid),
    }


def line(kind, number, w):
    verdict = f"INVALID: {w['invalid']}" if w["invalid"] else "valid"
    return (f"{kind} {number:>2}: {w['turns/s']:7.0f} turns/s, service {w['service ms/turn']:.3f} ms/turn "
            f"({w['service cores']:.2f} cores; JIT {w['jit share']:.1%}, GC {w['gc share']:.1%}; {w['resident MB']:.0f} MB resident), stand-in {w['stand-in ms/turn']:.3f} + wrk {w['wrk ms/turn']:.3f} ms/turn "
            f"({w['harness cores']:.2f} cores), machine {w['machine busy cores']:.2f} cores busy "
            f"({w['other cores']:.2f} other), above the model p50 {w['p50 above model']:.1f} ms, "
            f"p99 {w['p99 above model']:.1f} ms; {verdict}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", required=True)
    parser.add_argument("--script", required=True)
    parser.add_argument("--service-pid", type=int, required=True)
    parser.add_argument("--standin-pids", type=lambda s: [int(p) for p in s.split(",")], required=True)
    parser.add_argument("--connections", type=int, required=True)
    parser.add_argument("--latency-ms", type=float, required=True)
    parser.add_argument("--warm-window", type=int, default=10)
    parser.add_argument("--warm-max", type=int, default=180)
    parser.add_argument("--window", type=int, default=20)
    parser.add_argument("--windows", type=int, default=3)
    parser.add_argument("--profile", help="perf samples the service during the last window into this file")
    parser.add_argument("--wrk-log", help="appends each window's wrk output to this file")
    args = parser.parse_args()

    started, previous, warmed = time.monotonic(), None, False
    for number in range(1, args.warm_max // args.warm_window + 1):
        w = window(args, args.warm_window, args.url)
        print(line("warm-up", number, w), flush=True)
        cost = w["service ms/turn"]
        # As the load tool's --steady-state: two windows agree, and the second spent under 1 % compiling (two
        # windows of a process still running its first code agree as well as two warm ones).
        if previous and abs(cost - previous) / previous <= 0.05 and w["jit share"] < 0.01:
            warmed = True
            break
        previous = cost
    print(f"steady after {time.monotonic() - started:.0f} s" if warmed
          else f"not steady within {args.warm_max} s: measuring anyway", flush=True)

    measured = []
    for number in range(1, args.windows + 1):
        # The last window, sampled by perf when asked (what it costs the service is in that window's figures).
        profile = None
        if args.profile and number == args.windows:
            profile = subprocess.Popen(["perf", "record", "-F", "999", "-g", "-p", str(args.service_pid),
                                        "-o", args.profile, "--", "sleep", str(args.window)],
                                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        w = window(args, args.window, args.url)
        if profile:
            profile.wait()
        measured.append(w)
        print(line("window", number, w), flush=True)

    valid = [w for w in measured if not w["invalid"]]
    print(f"valid windows: {len(valid)} of {len(measured)}")
    if valid:
        median = {k: statistics.median(w[k] for w in valid) for k in valid[0] if k != "invalid"}
        median["invalid"] = ""
        print(line("median", len(valid), median))
    return 0 if valid else 1


if __name__ == "__main__":
    sys.exit(main())
