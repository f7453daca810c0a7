#!/usr/bin/env bash
# The system calls the service makes per request under a load scenario: Linux perf counts the kernel's syscall
# tracepoints of the service's process (every thread) for DURATION seconds (default 10) after WARMUP (default 30) of
# load, and divides by the requests the load tool saw answered in that window.
#   bash tests/Benchmarks/syscalls.sh <label> [load tool arguments]   e.g.
#   bash tests/Benchmarks/syscalls.sh chat100 --scenario chat --vus 100 --chatrooms 100
# API_DLL runs another build of the service; NO_BUILD=1 uses the binaries already built.
# Writes tests/Benchmarks/results/syscalls/<label>.txt. Needs root (tracepoints) or a permissive perf_event_paranoid.
set -euo pipefail
cd "$(dirname "$0")/../.."
. tests/Benchmarks/lib.sh
label=${1:?usage: syscalls.sh <label> [load arguments]}; shift
warmup=${WARMUP:-30}
duration=${DURATION:-10}
latency=${MODEL_LATENCY_MS:-200}
out=tests/Benchmarks/results/syscalls
mkdir -p "$out"
ensure_perf
calls=(read recvfrom sendto write writev futex epoll_wait sched_yield mprotect madvise openat)

pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; return 0; }
trap cleanup EXIT
build_unless_no_build Api tests/GeminiEmulator tests/Benchmarks/Load

emulator_port=$(free_port)
start_emulator "$emulator_port" "$latency"
pids+=($!)
api_port=$(free_port)
start_service "$api_port" "${API_DLL:-$(bin Api Api)}" "$out/$label.log" GEMINI_BASE_URL="http://127.0.0.1:$emulator_port"
api=$!; pids+=($api)

# The load tool measures the same window as perf: its warm-up ends when perf starts.
dotnet "$(bin tests/Benchmarks/Load Load)" --url "http://127.0.0.1:$api_port" --model-latency-ms "$latency" --quiet \
  --warmup "$warmup" --duration "$duration" --service-pids "$api" "$@" >"$out/$label.load.txt" &
load=$!; pids+=($load)
sleep "$warmup"
events=$(printf 'syscalls:sys_enter_%s,' "${calls[@]}")
perf stat -x, -e "${events%,}" -p "$api" -- sleep "$duration" 2>"$out/$label.perf.csv"
wait "$load" || true

requests=$(sed -n 's/^requests \([0-9,]*\),.*/\1/p' "$out/$label.load.txt" | tr -d ,)
{
  echo "$label: $requests requests in ${duration} s ($*)"
  echo "system calls per request"
  awk -F, -v n="$requests" '$1 ~ /^[0-9]+$/ { sub("syscalls:sys_enter_", "", $3); printf "  %8.2f  %s\n", $1 / n, $3 }' "$out/$label.perf.csv"
} | tee "$out/$label.txt"
rm -f "$out/$label.perf.csv"
