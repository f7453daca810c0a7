#!/usr/bin/env bash
# `GET /user/me` against the ceiling, in interleaved rounds (issue 30: `me` at 60 % of the ceiling over three rounds):
# each round measures the ceiling (tests/Benchmarks/Ceiling) and every named build of the service with wrk -t1 -c64,
# each after a 15 s warm-up, on a fresh process.
#   bash tests/Benchmarks/me-ab.sh [rounds] [name=path/to/Api.dll ...]   (default: this tree's build, as "this")
# NO_BUILD=1 uses the binaries already built. Writes tests/Benchmarks/results/me-ab/summary.txt.
set -euo pipefail
cd "$(dirname "$0")/../.."
. tests/Benchmarks/lib.sh
rounds=${1:-3}; shift || true
arms=("$@"); (( ${#arms[@]} > 0 )) || arms=("this=$(bin Api Api)")
duration=${DURATION:-10}
out=tests/Benchmarks/results/me-ab
mkdir -p "$out"; : >"$out/runs.txt"
command -v wrk >/dev/null 2>&1 || { [ "$(id -u)" = 0 ] && apt-get install -y -qq wrk >/dev/null; }

pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; rm -f /tmp/bench-running; return 0; }
trap cleanup EXIT
build_unless_no_build Api tests/Benchmarks/Ceiling tests/Benchmarks/Load
begin_quiet_window

requests_per_second() {  # url, token
  TOKEN=$2 wrk -t1 -c64 -d15s -s tests/Benchmarks/wrk/auth.lua "$1" >/dev/null
  TOKEN=$2 wrk -t1 -c64 -d"${duration}s" -s tests/Benchmarks/wrk/auth.lua "$1" | awk '/Requests\/sec/ { print $2 }'
}

measure() {  # name, dll ("ceiling" for the ceiling)
  local port pid token
  port=$(free_port)
  if [ "$2" = ceiling ]; then
    dotnet "$(bin tests/Benchmarks/Ceiling Ceiling)" --urls "http://127.0.0.1:$port" >/dev/null 2>&1 &
    pid=$!; pids+=($pid)
    until curl -fs "http://127.0.0.1:$port/ping" >/dev/null 2>&1; do sleep 0.1; done
    echo "$1 $(requests_per_second "http://127.0.0.1:$port/ping" unused)" | tee -a "$out/runs.txt"
  else
    start_service "$port" "$2" /dev/null
    pid=$!; pids+=($pid)
    token=$(dotnet "$(bin tests/Benchmarks/Load Load)" --url "http://127.0.0.1:$port" --scenario token --chatrooms 0)
    echo "$1 $(requests_per_second "http://127.0.0.1:$port/user/me" "$token")" | tee -a "$out/runs.txt"
  fi
  kill "$pid"; wait "$pid" 2>/dev/null || true
}

for round in $(seq 1 "$rounds"); do
  measure ceiling ceiling
  for arm in "${arms[@]}"; do measure "${arm%%=*}" "${arm#*=}"; done
done

python3 - "$out/runs.txt" <<'PY' | tee "$out/summary.txt"
import sys, statistics, collections
runs = collections.defaultdict(list)
for line in open(sys.argv[1]):
    name, rps = line.split(); runs[name].append(float(rps))
ceiling = statistics.median(runs["ceiling"])
print(f"{'arm':<12} {'runs':>4} {'req/s (median)':>15} {'of the ceiling':>15}  per run")
for name, values in runs.items():
    print(f"{name:<12} {len(values):>4} {statistics.median(values):>15,.0f} {statistics.median(values) / ceiling:>15.1%}  {', '.join(f'{v:,.0f}' for v in values)}")
PY
