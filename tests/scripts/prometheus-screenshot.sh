#!/usr/bin/env bash
# Takes docs/images/prometheus-turns.png: Prometheus' graph of the turn counter (geminiclone_turns_total, by model)
# while a real gateway answers turns. Everything runs on loopback from the Release build and is stopped at the end:
# the Gemini emulator (tests/GeminiEmulator), the Api in its embedded mode (an in-memory silo) pointed at it, Debian's
# Prometheus scraping the Api's GET /metrics every second from a temp dir, then headless Chromium on the graph page.
# Usage: tests/scripts/prometheus-screenshot.sh [out.png]   (from the repository root, after a Release build)
# TURNS (default 60) turns are sent, one every TURN_PAUSE seconds (default 3), alternating two models, so the 5-minute
# graph shows two rising lines.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
out=${1:-$root/docs/images/prometheus-turns.png}
turns=${TURNS:-60}
pause=${TURN_PAUSE:-3}

api_dll=$root/Api/bin/Release/net10.0/Api.dll
emulator_dll=$root/tests/GeminiEmulator/bin/Release/net10.0/GeminiEmulator.dll
for f in "$api_dll" "$emulator_dll"; do
  [ -f "$f" ] || { echo "prometheus-screenshot: $f is missing; build first (dotnet build GeminiClone.sln -c Release)" >&2; exit 1; }
done

work=$(mktemp -d -t geminiclone-screenshot.XXXXXX)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
wait_for() { # url, what
  for _ in $(seq 1 90); do curl -sf -o /dev/null "$1" && return 0; sleep 1; done
  echo "prometheus-screenshot: $2 did not come up; its log:" >&2; tail -20 "$work/$2.log" >&2; exit 1
}

emulator_port=$(free_port)
dotnet "$emulator_dll" --urls "http://127.0.0.1:$emulator_port" --Emulator:LatencyMs 400 >"$work/emulator.log" 2>&1 &
pids+=($!)

api_port=$(free_port)
api=http://127.0.0.1:$api_port
ASPNETCORE_ENVIRONMENT=Development ASPNETCORE_URLS=$api \
  Orleans__SiloPort=$(free_port) Orleans__GatewayPort=$(free_port) \
  GEMINI_API_KEY=emulator-key GEMINI_BASE_URL=http://127.0.0.1:$emulator_port \
  BASIC_DAILY_LIMIT=100000 Chat__Titles__Enabled=false \
  dotnet "$api_dll" --contentRoot "$root/Api" >"$work/api.log" 2>&1 &
pids+=($!)
wait_for "$api/health/ready" api

prometheus_port=$(free_port)
prometheus=http://127.0.0.1:$prometheus_port
cat >"$work/prometheus.yml" <<YAML
global:
  scrape_interval: 1s
scrape_configs:
  - job_name: geminiclone-api
    static_configs:
      - targets: ["127.0.0.1:$api_port"]
YAML
prometheus --config.file="$work/prometheus.yml" --storage.tsdb.path="$work/data" \
  --web.listen-address="127.0.0.1:$prometheus_port" >"$work/prometheus.log" 2>&1 &
pids+=($!)
wait_for "$prometheus/-/ready" prometheus

# A user (Development answers the OTP in data.otp) with a chatroom on each of two models.
number=9$(shuf -i 100000000-999999999 -n 1)
json() { curl -sf "$api$1" -H 'content-type: application/json' ${token:+-H "authorization: Bearer $token"} -d "$2"; }
json /auth/signup "{\"name\":\"Screenshot\",\"mobileNumber\":\"$number\",\"password\":\"correct horse battery\"}" >/dev/null
otp=$(json /auth/send-otp "{\"mobileNumber\":\"$number\"}" | jq -r .data.otp)
token=$(json /auth/verify-otp "{\"mobileNumber\":\"$number\",\"otp\":\"$otp\"}" | jq -r .data.token)
rooms=()
for model in gemini-3.5-flash gemini-3.5-flash-lite; do
  rooms+=("$(json /chatroom "{\"model\":\"$model\"}" | jq -r .data.id)")
done

echo "prometheus-screenshot: $turns turns, one every ${pause}s"
for i in $(seq 1 "$turns"); do
  # Two turns on the first model for each on the second, so the lines part.
  room=${rooms[$(( i % 3 == 0 ? 1 : 0 ))]}
  json "/chatroom/$room/message" "{\"message\":\"Question $i: how far is the moon?\"}" >/dev/null
  sleep "$pause"
done

# Until Prometheus has scraped the last turn.
for _ in $(seq 1 30); do
  counted=$(curl -sf "$prometheus/api/v1/query" --data-urlencode 'query=sum(geminiclone_turns_total)' | jq -r '.data.result[0].value[1] // 0')
  [ "$counted" = "$turns" ] && break
  sleep 1
done
[ "$counted" = "$turns" ] || { echo "prometheus-screenshot: Prometheus counted $counted turns, not $turns" >&2; exit 1; }

expr=$(python3 -c 'import urllib.parse; print(urllib.parse.quote("sum by (model) (geminiclone_turns_total)"))')
mkdir -p "$(dirname "$out")"
/usr/bin/chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
  --disable-component-update --disable-sync --user-data-dir="$work/chromium" --window-size=1280,800 \
  --virtual-time-budget=15000 --screenshot="$out" \
  "$prometheus/graph?g0.expr=$expr&g0.tab=0&g0.range_input=5m" >"$work/chromium.log" 2>&1
[ -s "$out" ] || { echo "prometheus-screenshot: Chromium wrote no picture; its log:" >&2; tail -20 "$work/chromium.log" >&2; exit 1; }
echo "prometheus-screenshot: $counted turns counted; wrote $out"
