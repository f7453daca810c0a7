#!/usr/bin/env bash
# One fresh embedded service under a load scenario for many minutes, measured in consecutive windows with no warm-up
# of their own: how a process's cost settles after its start (the JIT's tiering, the collector's budgets) and how far
# its windows spread once it has, the figure a long-lived pod runs at.
#   bash tests/Benchmarks/long-run.sh <label>      e.g.  WINDOWS=13 bash tests/Benchmarks/long-run.sh chat100
#   SCENARIO=chat CHATROOMS=100 WINDOWS=13 WINDOW=30 MODEL_LATENCY_MS=200 NO_BUILD=  API_DLL=<another build's Api.dll>
# Each window is one load tool run (its users and chatrooms set up before it starts measuring). Writes
# tests/Benchmarks/results/long-run/<label>.txt: per window the service's CPU per request, the share of it the JIT
# took, the overhead above the model as the service measured it (Server-Timing; a stream's first event above it), the
# requests and errors, and whether the window was valid; the service's log beside it (<label>.log). It holds the quiet
# window throughout: the default 13 windows of 30 s stay under lib.sh's 12 minutes, more may not.
set -euo pipefail
cd "$(dirname "$0")/../.."
. tests/Benchmarks/lib.sh
label=${1:?usage: long-run.sh <label>}
scenario=${SCENARIO:-chat}
chatrooms=${CHATROOMS:-100}
latency=${MODEL_LATENCY_MS:-200}
out=tests/Benchmarks/results/long-run
mkdir -p "$out"

pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; rm -f /tmp/bench-running; return 0; }
trap cleanup EXIT
build_unless_no_build Api tests/GeminiEmulator tests/Benchmarks/Load
begin_quiet_window
machine_idle 5 | tee "$out/$label.txt"
emulator_port=$(free_port)
start_emulator "$emulator_port" "$latency"
emulator=$!; pids+=($emulator)
api_port=$(free_port)
start_service "$api_port" "${API_DLL:-$(bin Api Api)}" "$out/$label.log" GEMINI_BASE_URL="http://127.0.0.1:$emulator_port"
api=$!; pids+=($api)
for window in $(seq 1 "${WINDOWS:-13}"); do
  dotnet "$(bin tests/Benchmarks/Load Load)" --url "http://127.0.0.1:$api_port" --model-latency-ms "$latency" --quiet \
    --warmup 0 --duration "${WINDOW:-30}" --service-pids "$api" --harness-pids "$emulator" \
    --scenario "$scenario" --vus "$chatrooms" --chatrooms "$chatrooms" \
    | grep -E "^CPU in the window|above Server-Timing|^requests|^window:" | tr -s ' ' | tr '\n' ' ' | sed "s/^/window $window: /" | tee -a "$out/$label.txt"
  echo | tee -a "$out/$label.txt"
done
