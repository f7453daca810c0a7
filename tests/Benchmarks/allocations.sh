#!/usr/bin/env bash
# What a request allocates, and where: the runtime's allocation samples (dotnet-trace, the gc-verbose profile) from
# the embedded service under a load scenario, summed per request by type, frame and stack (tests/Benchmarks/Allocations).
#   bash tests/Benchmarks/allocations.sh <label> [load tool arguments]   e.g.
#   bash tests/Benchmarks/allocations.sh chat100 --scenario chat --vus 100 --chatrooms 100
# WARMUP (default 50 s) of load runs before the trace takes DURATION seconds (default 15). The requests in the trace
# are counted from the service's own /metrics (ASP.NET Core's request counter, for ROUTE: by default the send route).
# API_DLL runs another build of the service; NO_BUILD=1 uses the binaries already built. Installs dotnet-trace (a
# .NET global tool) when it is missing. Writes tests/Benchmarks/results/allocations/<label>.txt; the trace is deleted
# unless KEEP_TRACE=1 (then <label>.nettrace stays beside it, ignored by git, for deeper stacks:
# dotnet run --project tests/Benchmarks/Allocations -c Release -- <label>.nettrace <requests> <depth> <frames>).
set -euo pipefail
cd "$(dirname "$0")/../.."
. tests/Benchmarks/lib.sh
label=${1:?usage: allocations.sh <label> [load arguments]}; shift
warmup=${WARMUP:-50}
duration=${DURATION:-15}
latency=${MODEL_LATENCY_MS:-200}
send_route='/chatroom/{id:length(1,64)}/message'
route=${ROUTE:-$send_route}
out=tests/Benchmarks/results/allocations
mkdir -p "$out"
trace_tool=${DOTNET_TRACE:-$HOME/.dotnet/tools/dotnet-trace}
[ -x "$trace_tool" ] || dotnet tool install -g dotnet-trace --version 10.0.750501 >/dev/null

pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  # TraceEvent converts the trace into an .etlx beside it; neither is a result.
  rm -f "$out/$label.nettrace.etlx"
  [ -n "${KEEP_TRACE:-}" ] || rm -f "$out/$label.nettrace"
  return 0
}
trap cleanup EXIT
build_unless_no_build Api tests/GeminiEmulator tests/Benchmarks/Load tests/Benchmarks/Allocations

emulator_port=$(free_port)
start_emulator "$emulator_port" "$latency"
pids+=($!)
api_port=$(free_port)
api_dll=${API_DLL:-$(bin Api Api)}
# shellcheck disable=SC2086 # EXTRA_ENV holds assignments, one word each
start_service "$api_port" "$api_dll" "$out/$label.log" GEMINI_BASE_URL="http://127.0.0.1:$emulator_port" ${EXTRA_ENV:-}
api=$!; pids+=($api)

dotnet "$(bin tests/Benchmarks/Load Load)" --url "http://127.0.0.1:$api_port" --model-latency-ms "$latency" --quiet \
  --warmup "$warmup" --duration "$((duration + 10))" "$@" >/dev/null &
pids+=($!)
sleep "$warmup"
# Requests the route answered so far, summed over status codes and methods.
answered() {
  curl -fs "http://127.0.0.1:$api_port/metrics" | grep '^http_server_request_duration_seconds_count' \
    | grep -F "http_route=\"$route\"" | awk '{ sum += $NF } END { print sum + 0 }'
}
before=$(answered)
"$trace_tool" collect -p "$api" --profile gc-verbose --duration "00:00:00:$(printf %02d "$duration")" -o "$out/$label.nettrace" >/dev/null
requests=$(( $(answered) - before ))
echo "$label: $requests requests on $route in the trace" | tee "$out/$label.txt"
dotnet "$(bin tests/Benchmarks/Allocations Allocations)" "$out/$label.nettrace" "$requests" | tee -a "$out/$label.txt"
