#!/usr/bin/env bash
# A/B of a turn's cost: this tree against another revision, interleaved, so both see the same noisy minutes.
#   bash tests/Benchmarks/compare.sh <git-rev> [rounds]        (SCENARIOS="stream" to measure only streams)
# Each round starts each build's embedded service in turn (fresh process, Production, same emulator), warms it up,
# and measures `chat` at 100 chatrooms and `stream` at 50 with this tree's load tool, including the service's own
# CPU time per turn from /proc. Both builds run with production settings (lib.sh); API_VARIANT names another.
# STREAM_ARGS go to the stream scenario's load tool (e.g. STREAM_ARGS="--stream-chunks 16").
# Writes tests/Benchmarks/results/compare/.
set -euo pipefail
cd "$(dirname "$0")/../.."
. tests/Benchmarks/lib.sh
rev=${1:?usage: compare.sh <git-rev> [rounds]}
rounds=${2:-3}
latency=${MODEL_LATENCY_MS:-200}
duration=${DURATION:-10}
out=tests/Benchmarks/results/compare
mkdir -p "$out"

base=$(mktemp -d -t geminiclone-base.XXXXXX)
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; git worktree remove --force "$base" 2>/dev/null; rm -rf "$base"; }
trap cleanup EXIT

git worktree add -q --detach "$base" "$rev"
dotnet build "$base/Api/Api.csproj" -c Release -nologo -v q -clp:ErrorsOnly
dotnet build GeminiClone.sln -c Release -nologo -v q -clp:ErrorsOnly

emulator_port=$(free_port)
start_emulator "$emulator_port" "$latency"
pids+=($!)

export GEMINI_BASE_URL="http://127.0.0.1:$emulator_port"
for assignment in $(api_variant_env); do export "${assignment?}"; done

measure() {  # label, Api.dll
  local port pid url
  port=$(free_port)
  ORLEANS_SILO_PORT=$(free_port) ORLEANS_GATEWAY_PORT=$(free_port) dotnet "$2" $(content_root "$2") --urls "http://127.0.0.1:$port" >/dev/null 2>&1 &
  pid=$!; pids+=($pid)
  url="http://127.0.0.1:$port"
  until curl -fs "$url/" >/dev/null 2>&1; do sleep 0.1; done
  load() { dotnet tests/Benchmarks/Load/bin/Release/net10.0/Load.dll --url "$url" --model-latency-ms "$latency" --quiet --service-pids "$pid" "$@"; }
  load --scenario chat --vus 100 --chatrooms 100 --duration 10 >/dev/null   # warm-up: JIT tiers, pools
  case " ${SCENARIOS:-chat stream} " in *" chat "*)
    load --scenario chat --vus 100 --chatrooms 100 --duration "$duration" --json "$out/$1-chat.json" | tee -a "$out/$1.txt";; esac
  case " ${SCENARIOS:-chat stream} " in *" stream "*)
    load --scenario stream --vus 50 --chatrooms 50 --duration "$duration" --json "$out/$1-stream.json" ${STREAM_ARGS:-} | tee -a "$out/$1.txt";; esac
  kill "$pid"; wait "$pid" 2>/dev/null || true
}

rm -f "$out"/*.txt "$out"/*.json
for round in $(seq 1 "$rounds"); do
  echo "== round $round: $rev, then this tree"
  measure "base-$round" "$base/Api/bin/Release/net10.0/Api.dll"
  measure "this-$round" "$PWD/Api/bin/Release/net10.0/Api.dll"
done

# One line per run: overhead above the model at p50 (chat), first event above the model at p50 (stream), CPU per turn.
python3 - "$out" <<'PY'
import json, sys, glob, os
out = sys.argv[1]
print(f"{'run':<10} {'chat turns/s':>13} {'chat p50 ms':>12} {'chat CPU ms':>12} {'stream first p50':>17} {'stream CPU ms':>14}")
empty = {"requestsPerSecond": 0, "series": {}, "serviceCpuMsPerRequest": 0}
load = lambda path: json.load(open(path)) if os.path.exists(path) else empty
for name in sorted({os.path.basename(p).rsplit('-', 1)[0] for p in glob.glob(f"{out}/*.json")}, key=lambda n: (n.split('-')[1], n)):
    chat = load(f"{out}/{name}-chat.json"); stream = load(f"{out}/{name}-stream.json")
    series = lambda r, key: next((v for k, v in r["series"].items() if key in k), {"p50": float("nan")})["p50"]
    print(f"{name:<10} {chat['requestsPerSecond']:>13.0f} {series(chat, 'overhead above model'):>12.2f} {chat.get('serviceCpuMsPerRequest') or 0:>12.3f}"
          f" {series(stream, 'first event above model'):>17.2f} {stream.get('serviceCpuMsPerRequest') or 0:>14.3f}")
PY
