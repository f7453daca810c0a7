#!/usr/bin/env bash
# Where the service's CPU goes under a load scenario: Linux perf samples the embedded service (every thread, on CPU
# only, JIT-compiled frames named through the runtime's perf map) while the load tool drives it, then
# profile-fold.py sums the samples by frame.
#   bash tests/Benchmarks/profile.sh <label> [load tool arguments]   e.g.
#   bash tests/Benchmarks/profile.sh titles-on --scenario first-turns --vus 20
#   EXTRA_ENV="Chat__Titles__Enabled=false" bash tests/Benchmarks/profile.sh titles-off --scenario first-turns --vus 20
# API_DLL runs another build of the service (e.g. another revision's, built in a worktree). WARMUP (default 20 s) of
# load runs before perf samples for DURATION seconds (default 20) at 999 Hz. NO_BUILD=1 uses
# the binaries already built. PROFILE_TARGET=emulator samples the Gemini stand-in instead of the service (what the
# harness's largest process spends its CPU on). Writes tests/Benchmarks/results/profile/<label>.{folded,txt} (perf's raw data is deleted).
set -euo pipefail
cd "$(dirname "$0")/../.."
. tests/Benchmarks/lib.sh
label=${1:?usage: profile.sh <label> [load arguments]}; shift
warmup=${WARMUP:-20}
duration=${DURATION:-20}
latency=${MODEL_LATENCY_MS:-200}
out=tests/Benchmarks/results/profile
mkdir -p "$out"
ensure_perf
# The stand-in gets a perf map only when it is the one sampled (the map costs CPU on the cores they share).
case "${PROFILE_TARGET:=service}" in
  service) emulator_env=() ;;
  emulator) emulator_env=("${perf_map_env[@]}") ;;
  *) echo "PROFILE_TARGET is service or emulator, not '$PROFILE_TARGET'" >&2; exit 2 ;;
esac

pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; rm -f "$out/$label.perf.data"; return 0; }
trap cleanup EXIT
build_unless_no_build Api tests/GeminiEmulator tests/Benchmarks/Load

emulator_port=$(free_port)
start_emulator "$emulator_port" "$latency" "${emulator_env[@]}"
emulator=$!; pids+=($emulator)
api_port=$(free_port)
# The service as run.sh runs it (production settings unless API_VARIANT says otherwise), plus a perf map.
# shellcheck disable=SC2086 # EXTRA_ENV holds assignments, one word each
start_service "$api_port" "${API_DLL:-$(bin Api Api)}" "$out/$label.log" "${perf_map_env[@]}" \
  GEMINI_BASE_URL="http://127.0.0.1:$emulator_port" ${EXTRA_ENV:-}
api=$!; pids+=($api)

dotnet "$(bin tests/Benchmarks/Load Load)" --url "http://127.0.0.1:$api_port" --model-latency-ms "$latency" --quiet \
  --warmup "$warmup" --duration "$duration" --service-pids "$api" --harness-pids "$emulator" "$@" >"$out/$label.load.txt" &
load=$!; pids+=($load)
sleep "$warmup"
target=$api
[ "$PROFILE_TARGET" = emulator ] && target=$emulator
perf_sample "$target" "$duration" "$out/$label"
wait "$load" || true
perf_fold "$out/$label" | tee "$out/$label.txt"
cat "$out/$label.load.txt"
