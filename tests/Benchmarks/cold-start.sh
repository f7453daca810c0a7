#!/usr/bin/env bash
# Cold start (issue 30 §1): what a turn costs in the first 30 s of a fresh service, where a rolling restart puts every
# new process, against the same process once warm.
#   bash tests/Benchmarks/cold-start.sh [rounds]      (default 1)
#   SCENARIO=chat VUS=100 COLD=30 DURATION=20 WARMUP_MAX=120 MODEL_LATENCY_MS=200 API_VARIANT=production NO_BUILD=
#   EXTRA_ENV="DOTNET_TieredPGO=0"  more settings for the service alone
#   API_DLL=<path to Api.dll>  another build of the service, e.g. the image's ReadyToRun publish (deploy/*.Dockerfile):
#     dotnet publish Api -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o /tmp/api-r2r
# Each round starts a fresh embedded service (production settings, lib.sh) and emulator; as soon as the service
# answers, the load tool sets up its users and chatrooms and measures COLD seconds with no warm-up at all (the
# service's CPU per turn and the latency's percentiles), then, on the same process, warms up to a steady state
# (--steady-state) and measures DURATION seconds. Prints cold / warm. Holds the quiet window per round.
# Writes tests/Benchmarks/results/cold-start/.
set -euo pipefail
cd "$(dirname "$0")/../.."
. tests/Benchmarks/lib.sh
rounds=${1:-1}
scenario=${SCENARIO:-chat}
vus=${VUS:-100}
cold=${COLD:-30}
duration=${DURATION:-20}
latency=${MODEL_LATENCY_MS:-200}
out=tests/Benchmarks/results/cold-start
mkdir -p "$out"
rm -f "$out"/*.txt "$out"/*.json "$out"/*.log

pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; rm -f /tmp/bench-running; return 0; }
trap cleanup EXIT
if [ -z "${NO_BUILD:-}" ]; then
  for project in Api tests/GeminiEmulator tests/Benchmarks/Load; do dotnet build "$project" -c Release -nologo -v q -clp:ErrorsOnly; done
fi
read -r -a variant_env <<<"$(api_variant_env | tr "\n" " ")"
api_dll=${API_DLL:-$(bin Api Api)}

for round in $(seq 1 "$rounds"); do
  begin_quiet_window
  machine_idle 5 | tee "$out/machine-$round.txt"
  emulator_port=$(free_port)
  start_emulator "$emulator_port" "$latency"
  emulator=$!; pids+=($emulator)
  until curl -fs "http://127.0.0.1:$emulator_port/_emulator/requests" >/dev/null 2>&1; do sleep 0.1; done
  api_port=$(free_port)
  started=$(date +%s%N)
  env "${variant_env[@]}" ${EXTRA_ENV:-} GEMINI_BASE_URL="http://127.0.0.1:$emulator_port" ORLEANS_SILO_PORT=$(free_port) ORLEANS_GATEWAY_PORT=$(free_port) \
    dotnet "$api_dll" $(content_root "$api_dll") --urls "http://127.0.0.1:$api_port" >"$out/api-$round.log" 2>&1 &
  api=$!; pids+=($api)
  until curl -fs "http://127.0.0.1:$api_port/" >/dev/null 2>&1; do sleep 0.05; done
  echo "start-up to first 200: $(( ($(date +%s%N) - started) / 1000000 )) ms" | tee "$out/cold-$round.txt"
  load() { dotnet "$(bin tests/Benchmarks/Load Load)" --url "http://127.0.0.1:$api_port" --scenario "$scenario" --vus "$vus" --chatrooms "$vus" \
    --model-latency-ms "$latency" --quiet --service-pids "$api" --harness-pids "$emulator" "$@"; }
  echo "== cold-$round: the first ${cold} s of turns"
  load --warmup 0 --duration "$cold" --json "$out/cold-$round.json" | tee -a "$out/cold-$round.txt"
  echo "== warm-$round: the same process, steady"
  load --steady-state --warmup-max "${WARMUP_MAX:-120}" --duration "$duration" --json "$out/warm-$round.json" | tee "$out/warm-$round.txt"
  kill "$api" "$emulator"; wait "$api" "$emulator" 2>/dev/null || true
  rm -f /tmp/bench-running
  [ "$round" = "$rounds" ] || sleep "${PAUSE:-20}"
done

python3 - "$out" "$rounds" <<'PY' | tee "$out/summary.txt"
import json, sys
out, rounds = sys.argv[1], int(sys.argv[2])
print(f"{'run':<8}{'turns/s':>10}{'p50 ms':>10}{'p99 ms':>10}{'svc CPU ms/turn':>17}{'warm-up s':>11}  valid")
for i in range(1, rounds + 1):
    runs = {k: json.load(open(f"{out}/{k}-{i}.json")) for k in ("cold", "warm")}
    for k, r in runs.items():
        print(f"{k + '-' + str(i):<8}{r['requestsPerSecond']:>10.0f}{r['latency']['p50']:>10.1f}{r['latency']['p99']:>10.1f}"
              f"{r.get('serviceCpuMsPerRequest') or 0:>17.3f}{r.get('warmupSeconds', 0):>11.0f}  {'no: ' + r['invalid'] if r.get('invalid') else 'yes'}")
    c, w = runs["cold"], runs["warm"]
    print(f"cold / warm, round {i}: CPU per turn x{(c.get('serviceCpuMsPerRequest') or 0) / (w.get('serviceCpuMsPerRequest') or 1):.2f}, "
          f"p99 x{c['latency']['p99'] / max(w['latency']['p99'], 0.001):.2f}")
PY
