#!/usr/bin/env bash
# What a runtime or service setting does to a turn's cost: interleaved A/B of named arms, each a fresh embedded
# service (production settings, lib.sh) plus the arm's environment, under `chat` at CHATROOMS chatrooms.
#   bash tests/Benchmarks/settings-ab.sh [rounds] 'name=ENV=value ENV2=value' 'name2=ENV=value' ...
#   e.g. bash tests/Benchmarks/settings-ab.sh 3 'production=' 'no-spin=DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=0'
# An arm may name another build of the service: API_DLL=<path to its Api.dll> among its assignments (a copy of an
# earlier build's Api/bin/Release/net10.0), e.g. 'before=API_DLL=/tmp/before/Api.dll' 'after='. An assignment
# written --name=value is a load tool argument of that arm's runs, e.g. 'pieces-16=--stream-chunks=16'.
#   CHATROOMS=100 WARMUP=60 WINDOWS=3 WINDOW=10 MODEL_LATENCY_MS=200 SCENARIO=chat NO_BUILD= LOAD_ARGS=
# LOAD_ARGS adds load tool arguments to every arm's runs (e.g. "--idle-chatrooms-per-user 990").
# Each run warms its process WARMUP seconds (past the tiered JIT: the load tool's steady-state check says whether it
# is done), then measures WINDOWS back-to-back windows of WINDOW seconds; a run's figure is its median window. The arms'
# order rotates between rounds. Writes tests/Benchmarks/results/settings-ab/: every window's line, and summary.txt
# (per arm: the median over rounds of CPU per turn, p50 and p99 overhead above the model, turns/s, KB allocated per
# turn, p50 and p99 overhead above the model's time as the service measured it, "ST": its Server-Timing (streams:
# the first event above the model's time to its first event), and the
# thread pool's work items per turn, "items": steady where CPU is noisy, for changes to how work is scheduled; and
# the Gemini stand-in's CPU per turn, "stand-in": the harness's largest share; and p50 and p99 above the stand-in's own
# time for the answer, "SI": streams' first event, or plain turns' overhead with '--stand-in-time=true' in the arm).
# EMULATOR_DLL runs another build of the stand-in for every arm (one emulator serves all arms of a run).
set -euo pipefail
cd "$(dirname "$0")/../.."
. tests/Benchmarks/lib.sh
rounds=${1:?usage: settings-ab.sh <rounds> 'name=ENV=value ...' ...}; shift
arms=("$@")
(( ${#arms[@]} >= 1 )) || { echo "name at least one arm" >&2; exit 2; }
chatrooms=${CHATROOMS:-100}
latency=${MODEL_LATENCY_MS:-200}
scenario=${SCENARIO:-chat}
out=tests/Benchmarks/results/settings-ab
mkdir -p "$out"
rm -f "$out"/*.txt

pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; rm -f /tmp/bench-running; return 0; }
trap cleanup EXIT
build_unless_no_build Api tests/GeminiEmulator tests/Benchmarks/Load

begin_quiet_window
machine_idle | tee "$out/machine.txt"
emulator_port=$(free_port)
start_emulator "$emulator_port" "$latency"
emulator=$!; pids+=($emulator)
api_dll=$(bin Api Api)

run_arm() {  # name, environment assignments
  local name=$1 port api dll=$api_dll assignment environment=() load_args=()
  for assignment in $2; do
    case $assignment in
      API_DLL=*) dll=${assignment#API_DLL=} ;;
      --*=*) load_args+=("${assignment%%=*}" "${assignment#*=}") ;;
      *) environment+=("$assignment") ;;
    esac
  done
  port=$(free_port)
  start_service "$port" "$dll" /dev/null "${environment[@]}" GEMINI_BASE_URL="http://127.0.0.1:$emulator_port"
  api=$!; pids+=($api)
  # shellcheck disable=SC2086 # LOAD_ARGS holds arguments, one word each
  load() {
    dotnet "$(bin tests/Benchmarks/Load Load)" --url "http://127.0.0.1:$port" --model-latency-ms "$latency" --quiet \
      --service-pids "$api" --harness-pids "$emulator" --metrics-url "http://127.0.0.1:$port/metrics" \
      --scenario "$scenario" --vus "$chatrooms" --chatrooms "$chatrooms" ${LOAD_ARGS:-} "${load_args[@]}" "$@"
  }
  load --steady-state --steady-window 10 --warmup-max "${WARMUP:-60}" --duration 1 | grep -E '^warm-up' | sed "s/^/$name: /" >>"$out/warmups.txt"
  for window in $(seq 1 "${WINDOWS:-3}"); do
    load --warmup 0 --duration "${WINDOW:-10}" --json "$out/$name.json" >"$out/window.txt"
    python3 - "$out/$name.json" "$name" >>"$out/windows.txt" <<'PY'
import json, sys
r = json.load(open(sys.argv[1])); cpu = r.get("cpu") or {}
nothing = {"p50": float("nan"), "p99": float("nan")}
overhead = next((v for k, v in r["series"].items() if "above model" in k), nothing)
measured = r["series"].get("overhead above Server-Timing") or r["series"].get("first event above Server-Timing", nothing)
stand_in = r["series"].get("overhead above the stand-in's time") or r["series"].get("first event above the stand-in's time", nothing)
runtime = (r.get("work") or {}).get("runtime") or {}
allocated = runtime.get("allocatedBytes", float("nan")) / 1024
print(f'{sys.argv[2]} {r["serviceCpuMsPerRequest"]:.3f} {overhead["p50"]:.2f} {overhead["p99"]:.2f} {r["requestsPerSecond"]:.0f} '
      f'{(cpu.get("machine") or {}).get("idleCores", float("nan")):.2f} {"invalid" if r.get("invalid") else "valid"} {allocated:.1f} '
      f'{measured["p50"]:.2f} {measured["p99"]:.2f} {runtime.get("threadPoolItems", float("nan")):.2f} '
      f'{(cpu.get("harness") or {}).get("msPerRequest", float("nan")):.3f} {stand_in["p50"]:.2f} {stand_in["p99"]:.2f}')
PY
  done
  kill "$api"; wait "$api" 2>/dev/null || true
}

for round in $(seq 1 "$rounds"); do
  for i in "${!arms[@]}"; do
    arm=${arms[$(( (i + round - 1) % ${#arms[@]} ))]}
    echo "== round $round: ${arm%%=*} (${arm#*=})"
    run_arm "${arm%%=*}" "${arm#*=}"
    tail -n "${WINDOWS:-3}" "$out/windows.txt"
  done
done
rm -f "$out/window.txt" "$out"/*.json

python3 - "$out/windows.txt" "${WINDOWS:-3}" <<'PY' | tee "$out/summary.txt"
import sys, statistics, collections
rows = [line.split() for line in open(sys.argv[1])]
per_run = int(sys.argv[2]); arms = collections.defaultdict(list)
for i in range(0, len(rows), per_run):  # one run's windows → its median window
    run = rows[i:i + per_run]
    arms[run[0][0]].append([statistics.median(float(r[c]) for r in run) for c in (1, 2, 3, 4)] + [sum(r[6] == "invalid" for r in run)]
                           + [statistics.median(float(r[c]) if len(r) > c else float("nan") for r in run) for c in (7, 8, 9, 10, 11, 12, 13)])
print(f"{'arm':<24} {'runs':>4} {'CPU ms/turn':>12} {'p50 ms':>7} {'p99 ms':>7} {'turns/s':>8} {'KB/turn':>8} {'p50 ST':>7} {'p99 ST':>7} {'items':>6} {'stand-in':>8} {'p50 SI':>7} {'p99 SI':>7}"
      "  (medians over runs; invalid windows)")
for arm, runs in arms.items():
    med = lambda c: statistics.median(r[c] for r in runs)
    print(f"{arm:<24} {len(runs):>4} {med(0):>12.3f} {med(1):>7.2f} {med(2):>7.2f} {med(3):>8.0f} {med(5):>8.1f} {med(6):>7.2f} {med(7):>7.2f} {med(8):>6.1f} {med(9):>8.3f} {med(10):>7.2f} {med(11):>7.2f}  "
          f"(per run: {', '.join(f'{r[0]:.3f}' for r in runs)}; {sum(r[4] for r in runs)} invalid)")
PY
