#!/usr/bin/env bash
# Runs every benchmark scenario and writes tests/Benchmarks/results/<mode>/.
#   bash tests/Benchmarks/run.sh            the embedded service (one process, state in memory)
#   bash tests/Benchmarks/run.sh cluster    two silos + a gateway on a throwaway PostgreSQL and Redis
#   SILOS=3 bash tests/Benchmarks/run.sh cluster    another number of silos (results/cluster-3-silos/)
#   SCENARIOS="search" bash tests/Benchmarks/run.sh cluster    only the named scenarios (me list chat stream
#                                           history rooms search attachments ceiling; chat-100 or chat-1000 for
#                                           one of chat's two runs); all of them by default
#   LOAD_ARGS="--idle-chatrooms-per-user 990" adds load tool arguments to the turn scenarios (chat, stream)
# Needs wrk (apt-get install wrk) for the raw-throughput figures; everything else is built here.
# The service runs with production settings (lib.sh: as deploy/ runs it); API_VARIANT=quiet-logs|workstation-gc|
# bench-legacy names another.
set -euo pipefail
cd "$(dirname "$0")/../.."
. tests/Benchmarks/lib.sh
mode=${1:-embedded}
silos=${SILOS:-2}
out=tests/Benchmarks/results/$mode
[ "$mode" = cluster ] && [ "$silos" != 2 ] && out+="-$silos-silos"
mkdir -p "$out"
latency=${MODEL_LATENCY_MS:-200}
duration=${DURATION:-10}

command -v wrk >/dev/null 2>&1 || { [ "$(id -u)" = 0 ] && apt-get install -y -qq wrk >/dev/null; } || echo "wrk missing: its figures are skipped" >&2

dotnet build GeminiClone.sln -c Release -nologo -v q -clp:ErrorsOnly

pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  [ "$mode" = cluster ] && stop_test_servers
  return 0
}
trap cleanup EXIT

emulator_port=$(free_port)
start_emulator "$emulator_port" "$latency"
emulator_pid=$!; pids+=($emulator_pid)

api_port=$(free_port)
export GEMINI_BASE_URL="http://127.0.0.1:$emulator_port"
for assignment in $(api_variant_env); do export "${assignment?}"; done
echo "service settings: $(api_variant_env | tr '\n' ' ')" | tee "$out/settings.txt"

server_pids=()
if [ "$mode" = cluster ]; then
  . tests/scripts/test-servers.sh
  start_test_servers
  export ConnectionStrings__Postgres="$GEMINICLONE_TEST_POSTGRES" ConnectionStrings__Redis="$GEMINICLONE_TEST_REDIS" \
    ORLEANS_ADVERTISED_IP=127.0.0.1 ORLEANS_CLUSTER_ID="bench-$$" ORLEANS_SERVICE_ID="bench-$$"
  for silo in $(seq "$silos"); do
    ORLEANS_SILO_PORT=$(free_port) ORLEANS_GATEWAY_PORT=$(free_port) \
      dotnet "$(bin Silo Silo)" $(content_root "$(bin Silo Silo)") --urls "http://127.0.0.1:$(free_port)" >"$out/silo$silo.log" 2>&1 &
    pids+=($!); server_pids+=($!)
  done
  sleep 8
fi

started=$(date +%s%N)
dotnet "$(bin Api Api)" $(content_root "$(bin Api Api)") --urls "http://127.0.0.1:$api_port" >"$out/api.log" 2>&1 &
pids+=($!); api_pid=$!; server_pids+=($api_pid)
until curl -fs "http://127.0.0.1:$api_port/" >/dev/null 2>&1; do sleep 0.05; done
startup_ms=$(( ($(date +%s%N) - started) / 1000000 ))
echo "start-up to first 200: ${startup_ms} ms" | tee "$out/startup.txt"

url="http://127.0.0.1:$api_port"
wants() { [ -z "${SCENARIOS:-}" ] || [[ " $SCENARIOS " == *" $1 "* ]]; }
load() { dotnet "$(bin tests/Benchmarks/Load Load)" --url "$url" "$@"; }
wrk_run() {  # name, url, token: a warm-up first, so the JIT has reached its optimized code before we measure
  command -v wrk >/dev/null 2>&1 || return 0
  TOKEN=$3 wrk -t1 -c64 -d15s -s tests/Benchmarks/wrk/auth.lua "$2" >/dev/null
  TOKEN=$3 wrk -t1 -c64 -d"${duration}s" --latency -s tests/Benchmarks/wrk/auth.lua "$2" | tee "$out/wrk-$1.txt"
}

if wants me; then
  load --scenario me --vus 64 --duration "$duration" --json "$out/me.json" | tee "$out/me.txt"
  wrk_run me "$url/user/me" "$(load --scenario token --chatrooms 0)"
fi
if wants list; then
  load --scenario list --vus 64 --duration "$duration" --json "$out/list.json" | tee "$out/list.txt"
  wrk_run list "$url/chatroom" "$(load --scenario token --chatrooms 50)"
fi
# Turns are measured warm (until the runtime stops recompiling: cold-start.sh measures the rest), with every party's
# CPU and, embedded, the grain calls and state writes per turn from the service's own /metrics (a cluster's silos
# count theirs each on their own page). 1,000 chatrooms saturate the 2 cores: a throughput test.
turn_load() {
  local counted=(); [ "$mode" = embedded ] && counted=(--metrics-url "$url/metrics")
  # shellcheck disable=SC2086 # LOAD_ARGS holds arguments, one word each
  load --model-latency-ms "$latency" --duration "$duration" --steady-state --warmup-max 120 \
    --service-pids "$(IFS=,; echo "${server_pids[*]}")" --harness-pids "$emulator_pid" "${counted[@]}" ${LOAD_ARGS:-} "$@"
}
if wants chat || wants chat-100; then
  turn_load --scenario chat --vus 100 --chatrooms 100 --json "$out/chat-100.json" | tee "$out/chat-100.txt"
fi
if wants chat || wants chat-1000; then
  turn_load --scenario chat --vus 1000 --chatrooms 1000 --saturation --json "$out/chat-1000.json" | tee "$out/chat-1000.txt"
fi
if wants stream; then
  turn_load --scenario stream --vus 50 --chatrooms 50 --json "$out/stream-50.json" | tee "$out/stream-50.txt"
  turn_load --scenario stream --vus 200 --chatrooms 200 --json "$out/stream-200.json" | tee "$out/stream-200.txt"
fi
wants history && load --scenario history --history-messages 10000 --json "$out/history.json" | tee "$out/history.txt"
wants rooms && load --scenario rooms --chatrooms 10000 --vus 64 --json "$out/rooms.json" | tee "$out/rooms.txt"
# 20 users at once, each uploading a 10 MB file, downloading it and deleting it; the gateway's memory sampled.
wants attachments && load --scenario attachments --vus 20 --file-mb 10 --gateway-pid "$api_pid" --duration "$duration" --json "$out/attachments.json" | tee "$out/attachments.txt"
# One user with 1,000 chatrooms of 100 messages (50,000 turns to write first: a few minutes).
wants search && load --scenario search --chatrooms 1000 --search-messages 100 --vus 4 --duration "$duration" --json "$out/search.json" | tee "$out/search.txt"
for pid in "${server_pids[@]}"; do
  echo "RSS of $(tr '\0' ' ' < /proc/$pid/cmdline | cut -c1-60): $(awk '/VmRSS/ {print $2, $3}' /proc/$pid/status)"
done | tee "$out/rss.txt"

if [ "$mode" = embedded ] && wants ceiling && command -v wrk >/dev/null 2>&1; then
  ceiling_port=$(free_port)
  dotnet "$(bin tests/Benchmarks/Ceiling Ceiling)" --urls "http://127.0.0.1:$ceiling_port" >/dev/null 2>&1 &
  pids+=($!)
  until curl -fs "http://127.0.0.1:$ceiling_port/ping" >/dev/null 2>&1; do sleep 0.1; done
  wrk_run ceiling "http://127.0.0.1:$ceiling_port/ping" unused
fi
echo "results in $out"
