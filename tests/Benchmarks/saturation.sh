#!/usr/bin/env bash
# Plain turns at saturation, with a harness light enough to leave the machine to the service (issue 30: 3,000 turns/s
# at 1,000 chatrooms on 2 cores). The load tool and the .NET Gemini stand-in cost about 0.3 ms of CPU per turn
# together, which at saturation is more than half a core; here the turns are sent by wrk (wrk/chat.lua, a formatted
# request per chatroom handed out in turn) and answered by nginx (static-gemini/, one fixed answer after the model's
# latency): together some 0.08 ms per turn (0.2 core at 2,800 turns/s). The load tool only makes the users and chatrooms (its `turn-targets` scenario).
#   bash tests/Benchmarks/saturation.sh [label]          # 1,000 chatrooms, writes results/saturation/<label>.txt
# CHATROOMS (default 1000) and CONNECTIONS (default: one per chatroom) shape the load; MODEL_LATENCY_MS (200) the
# stand-in's latency; WINDOW (20) and WINDOWS (3) the measured windows after warm-up windows of WARM_WINDOW (10) s
# until two agree within 5 % and the JIT is done (at most WARM_MAX, 180 s). API_DLL runs another build; EXTRA_ENV adds settings;
# NO_BUILD=1 uses the binaries already built. PROFILE=1 has perf sample the service through the last window
# (results/saturation/<label>.profile.txt, folded by profile-fold.py; a perf map is then on). Needs wrk and nginx's
# echo module (installed when run as root).
set -euo pipefail
cd "$(dirname "$0")/../.."
. tests/Benchmarks/lib.sh
label=${1:-chat-${CHATROOMS:-1000}}
chatrooms=${CHATROOMS:-1000}
connections=${CONNECTIONS:-$chatrooms}
latency=${MODEL_LATENCY_MS:-200}
out=tests/Benchmarks/results/saturation
mkdir -p "$out"
rm -f "$out/$label.wrk.log"

if ! command -v wrk >/dev/null || [ ! -f /usr/lib/nginx/modules/ngx_http_echo_module.so ]; then
  [ "$(id -u)" = 0 ] || { echo "saturation.sh needs wrk and nginx's echo module (apt-get install wrk libnginx-mod-http-echo)" >&2; exit 2; }
  apt-get install -y -qq wrk nginx-light libnginx-mod-http-echo >/dev/null
fi
[ -z "${PROFILE:-}" ] || ensure_perf

work=$(mktemp -d)
# nginx's workers run as nobody when started by root, and keep a request body that outgrows its buffer in a
# temporary file under this folder.
chmod 755 "$work"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  rm -rf "$work" /tmp/bench-running
  return 0
}
trap cleanup EXIT
build_unless_no_build Api tests/Benchmarks/Load
begin_quiet_window
idle_before=$(machine_idle)

# The stand-in: nginx in the foreground of its own process group, its files in the temporary folder.
standin_port=$(free_port)
latency_s=$(python3 -c "print($latency / 1000)")
sed -e "s|@DIR@|$work|g" -e "s|@PORT@|$standin_port|g" -e "s|@LATENCY_S@|$latency_s|g" \
  tests/Benchmarks/static-gemini/nginx.conf.template >"$work/nginx.conf"
nginx -p "$work" -c "$work/nginx.conf" -g 'daemon off;' &
pids+=($!)
until [ -s "$work/nginx.pid" ] && pgrep -P "$(cat "$work/nginx.pid")" >/dev/null; do sleep 0.1; done
standin_pids="$(cat "$work/nginx.pid"),$(pgrep -P "$(cat "$work/nginx.pid")" | paste -sd,)"

api_port=$(free_port)
# shellcheck disable=SC2086 # EXTRA_ENV holds assignments, one word each
start_service "$api_port" "${API_DLL:-$(bin Api Api)}" "$out/$label.log" \
  GEMINI_BASE_URL="http://127.0.0.1:$standin_port" ${PROFILE:+"${perf_map_env[@]}"} ${EXTRA_ENV:-}
api=$!; pids+=($api)

dotnet "$(bin tests/Benchmarks/Load Load)" --url "http://127.0.0.1:$api_port" --scenario turn-targets \
  --chatrooms "$chatrooms" >"$work/rooms.txt"

{
  echo "saturation: plain turns, $chatrooms chatrooms, $connections connections, model latency $latency ms"
  echo "revision $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- . ':!tests/Benchmarks/results' || echo ' (with uncommitted changes)'), API_VARIANT=${API_VARIANT:-production}, EXTRA_ENV=${EXTRA_ENV:-}, API_DLL=${API_DLL:+another build}"
  echo "$idle_before"
  ROOMS="$work/rooms.txt" python3 tests/Benchmarks/saturation-windows.py --url "http://127.0.0.1:$api_port" \
    --script tests/Benchmarks/wrk/chat.lua --service-pid "$api" --standin-pids "$standin_pids" \
    --connections "$connections" --latency-ms "$latency" --warm-window "${WARM_WINDOW:-10}" \
    --warm-max "${WARM_MAX:-180}" --window "${WINDOW:-20}" --windows "${WINDOWS:-3}" \
    --wrk-log "$out/$label.wrk.log" ${PROFILE:+--profile "$out/$label.perf.data"}
} | tee "$out/$label.txt"
if [ -n "${PROFILE:-}" ]; then
  perf_fold "$out/$label" >"$out/$label.profile.txt"
  echo "profile of the last window: $out/$label.profile.txt"
fi
