#!/usr/bin/env bash
# What the service costs when nobody uses it: the embedded service (production settings, lib.sh) under `chat` at
# 100 chatrooms for LOAD seconds (default 90: its grains active and the tiered JIT done with the turn's code), then
# SETTLE seconds of nothing (default 20), then its CPU over IDLE seconds (default 60) while perf samples it: the
# timers, the dashboard's collections, the runtime's own threads. That cost is paid per second, so at light load it
# is the larger part of a turn's (a lone chatroom's turn measured 6 ms of CPU where a busy one costs under 1).
#   bash tests/Benchmarks/idle.sh <label>      e.g.
#   EXTRA_ENV="Orleans__DirectoryCacheSize=1000000" bash tests/Benchmarks/idle.sh million
# Writes tests/Benchmarks/results/idle/<label>.txt: the idle CPU in ms per second, then the profile's report.
set -euo pipefail
cd "$(dirname "$0")/../.."
. tests/Benchmarks/lib.sh
label=${1:?usage: idle.sh <label>}
out=tests/Benchmarks/results/idle
mkdir -p "$out"
ensure_perf
build_unless_no_build Api tests/GeminiEmulator tests/Benchmarks/Load
begin_quiet_window
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; rm -f "$out/$label.perf.data" /tmp/bench-running; return 0; }
trap cleanup EXIT

emulator_port=$(free_port)
start_emulator "$emulator_port" 200
pids+=($!)
api_port=$(free_port)
# shellcheck disable=SC2086 # EXTRA_ENV holds assignments, one word each
start_service "$api_port" "${API_DLL:-$(bin Api Api)}" "$out/$label.log" "${perf_map_env[@]}" \
  GEMINI_BASE_URL="http://127.0.0.1:$emulator_port" ${EXTRA_ENV:-}
api=$!; pids+=($api)
dotnet "$(bin tests/Benchmarks/Load Load)" --url "http://127.0.0.1:$api_port" --model-latency-ms 200 --quiet \
  --warmup "${LOAD:-90}" --duration 1 --service-pids "$api" --scenario chat --vus 100 --chatrooms 100 >"$out/$label.load.txt"
sleep "${SETTLE:-20}"

cpu_ticks() { awk '{print $14 + $15}' "/proc/$api/stat"; }
ticks0=$(cpu_ticks); start=$(date +%s.%N)
perf_sample "$api" "${IDLE:-60}" "$out/$label"
ticks1=$(cpu_ticks); end=$(date +%s.%N)
hz=$(getconf CLK_TCK)
python3 -c "print(f'idle: {($ticks1 - $ticks0) / $hz / ($end - $start) * 1000:.1f} ms of CPU per second over {$end - $start:.0f} s')" | tee "$out/$label.txt"
perf_fold "$out/$label" >>"$out/$label.txt"
