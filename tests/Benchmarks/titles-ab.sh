#!/usr/bin/env bash
# Does a chatroom's title ever delay its first answer (issue 24)? A/B of the `first-turns` scenario with automatic
# titles on and off (Chat__Titles__Enabled=false), in interleaved rounds so both see the same noisy minutes.
#   bash tests/Benchmarks/titles-ab.sh [rounds]   (default 3; VUS=100 WARMUP=15 DURATION=15 MODEL_LATENCY_MS=200 NO_BUILD=)
# Each run is a fresh embedded service (Production, the environment of run.sh) and a fresh Gemini emulator, warmed up
# for WARMUP seconds before DURATION seconds are measured (a new process spends its first seconds compiling). The order
# alternates between rounds (on/off, off/on, ...), so a drift of the machine does not favour one side.
# Writes tests/Benchmarks/results/titles-ab/: each run's table and JSON, and summary.txt (a line per run, the medians).
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds=${1:-3}
latency=${MODEL_LATENCY_MS:-200}
vus=${VUS:-100}
warmup=${WARMUP:-15}
duration=${DURATION:-15}
out=tests/Benchmarks/results/titles-ab
mkdir -p "$out"
rm -f "$out"/*.txt "$out"/*.json

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; return 0; }
trap cleanup EXIT

# NO_BUILD=1 uses the binaries already built (a smoke run while something else holds the machine).
[ -n "${NO_BUILD:-}" ] || for project in Api tests/GeminiEmulator tests/Benchmarks/Load; do
  dotnet build "$project" -c Release -nologo -v q -clp:ErrorsOnly
done
bin() { echo "$1/bin/Release/net10.0/$2.dll"; }

# run.sh's environment; the silo's ports are free ones, so another embedded service on this machine is no clash.
export ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning \
  JWT_SECRET="benchmark-secret-$(date +%s)-0123456789abcdef" AUTH_RATE_LIMIT_PER_MINUTE=0 OTP_IN_RESPONSE=true BASIC_DAILY_LIMIT=1000000000 \
  GEMINI_API_KEY=emulator Attachments__BasicDailyBytes=1000000000000

measure() {  # label, Chat__Titles__Enabled
  local emulator_port emulator api_port api url titles
  emulator_port=$(free_port)
  dotnet "$(bin tests/GeminiEmulator GeminiEmulator)" --urls "http://127.0.0.1:$emulator_port" --Emulator:LatencyMs "$latency" >/dev/null 2>&1 &
  emulator=$!; pids+=($emulator)
  api_port=$(free_port)
  Chat__Titles__Enabled=$2 GEMINI_BASE_URL="http://127.0.0.1:$emulator_port" ORLEANS_SILO_PORT=$(free_port) ORLEANS_GATEWAY_PORT=$(free_port) \
    dotnet "$(bin Api Api)" --urls "http://127.0.0.1:$api_port" >"$out/$1.log" 2>&1 &
  api=$!; pids+=($api)
  url="http://127.0.0.1:$api_port"
  until curl -fs "$url/" >/dev/null 2>&1 && curl -fs "http://127.0.0.1:$emulator_port/_emulator/requests" >/dev/null 2>&1; do sleep 0.1; done
  echo "== $1 (Chat__Titles__Enabled=$2)"
  dotnet "$(bin tests/Benchmarks/Load Load)" --url "$url" --scenario first-turns --vus "$vus" --model-latency-ms "$latency" \
    --warmup "$warmup" --duration "$duration" --quiet --service-pids "$api" --json "$out/$1.json" | tee "$out/$1.txt"
  kill "$api"; wait "$api" 2>/dev/null || true
  # The emulator knows a title request by the title brief: proof that titles were (or were not) asked for.
  titles=$(curl -fs "http://127.0.0.1:$emulator_port/_emulator/requests" | { grep -o 'Write a title for the conversation below' || true; } | wc -l)
  echo "title requests the emulator received (warm-up and measured window): $titles" | tee -a "$out/$1.txt"
  kill "$emulator"; wait "$emulator" 2>/dev/null || true
}

for round in $(seq 1 "$rounds"); do
  if (( round % 2 )); then order="on off"; else order="off on"; fi
  for variant in $order; do
    measure "$variant-$round" "$([ "$variant" = on ] && echo true || echo false)"
  done
done

python3 - "$out" "$rounds" <<'PY' | tee "$out/summary.txt"
import json, re, statistics, sys
out, rounds = sys.argv[1], int(sys.argv[2])
cols = [("turns/s", lambda r: r["requestsPerSecond"]),
        ("p50 ms", lambda r: r["latency"]["p50"]), ("p90 ms", lambda r: r["latency"]["p90"]), ("p99 ms", lambda r: r["latency"]["p99"]),
        ("p50 above model", lambda r: r["series"]["overhead above model"]["p50"]),
        ("CPU ms/turn", lambda r: r.get("serviceCpuMsPerRequest") or 0.0)]
def titles(name):
    m = re.search(r"received \(warm-up and measured window\): (\d+)", open(f"{out}/{name}.txt").read())
    return int(m.group(1)) if m else -1
runs = {v: [json.load(open(f"{out}/{v}-{i}.json")) for i in range(1, rounds + 1)] for v in ("on", "off")}
head = f"{'run':<8}" + "".join(f"{c:>17}" for c, _ in cols) + f"{'errors':>8}{'titles asked':>14}"
print(head)
for i in range(1, rounds + 1):
    for v in ("on", "off"):
        r = runs[v][i - 1]
        print(f"{v + '-' + str(i):<8}" + "".join(f"{f(r):>17.2f}" for _, f in cols) + f"{sum(r['errors'].values()):>8}{titles(f'{v}-{i}'):>14}")
print()
print(f"{'median':<8}" + "".join(f"{c:>17}" for c, _ in cols))
for v in ("on", "off"):
    print(f"{v:<8}" + "".join(f"{statistics.median(f(r) for r in runs[v]):>17.2f}" for _, f in cols))
print(f"{'on-off':<8}" + "".join(f"{statistics.median(f(r) for r in runs['on']) - statistics.median(f(r) for r in runs['off']):>+17.2f}" for _, f in cols))
print()
print("spread between rounds of the same variant (max - min): the noise")
for v in ("on", "off"):
    print(f"{v:<8}" + "".join(f"{max(f(r) for r in runs[v]) - min(f(r) for r in runs[v]):>17.2f}" for _, f in cols))
PY
echo "results in $out"
