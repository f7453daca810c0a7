#!/usr/bin/env bash
# Does a chatroom's title delay answers, and what does it cost (issue 24)? Interleaved A/B of automatic titles on and
# off (Chat__Titles__Enabled=false), and optionally a third arm: titles on at another revision (BASE=<git-rev>).
#   bash tests/Benchmarks/titles-ab.sh [rounds]      (default 3)
#   SCENARIO=first-turns  every turn is a new untitled chatroom's first, so every turn makes a title (the default)
#   SCENARIO=chat-mix     chat with one title per chatroom: each virtual user moves to a new untitled chatroom every
#                         TURNS_PER_CHATROOM turns (default 10)
#   VUS=20 WARMUP=15 DURATION=20 MODEL_LATENCY_MS=200 BASE= API_VARIANT=production NO_BUILD=
# Each run is a fresh embedded service with production settings (lib.sh) and a fresh Gemini emulator, warmed up for
# WARMUP seconds before DURATION seconds are measured. The order rotates between rounds, so a drift of the machine
# favours no arm. All rounds run in one quiet window (/tmp/bench-running; about 7 minutes at the defaults), after the
# machine's idle CPU is recorded; QUIET_PER_ROUND=1 takes one window per round instead (pausing PAUSE s between).
# Writes tests/Benchmarks/results/titles-ab-<scenario>/: each run's table and JSON, and summary.txt.
set -euo pipefail
cd "$(dirname "$0")/../.."
. tests/Benchmarks/lib.sh
rounds=${1:-3}
scenario=${SCENARIO:-first-turns}
latency=${MODEL_LATENCY_MS:-200}
vus=${VUS:-20}
warmup=${WARMUP:-15}
duration=${DURATION:-20}
out=tests/Benchmarks/results/titles-ab-$scenario
mkdir -p "$out"
rm -f "$out"/*.txt "$out"/*.json "$out"/*.log
case "$scenario" in
  first-turns) load_args=(--scenario first-turns --vus "$vus") ;;
  chat-mix) load_args=(--scenario chat --vus "$vus" --chatrooms "$vus" --turns-per-chatroom "${TURNS_PER_CHATROOM:-10}") ;;
  *) echo "SCENARIO is first-turns or chat-mix" >&2; exit 2 ;;
esac

pids=()
base_tree=
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  [ -z "$base_tree" ] || { git worktree remove --force "$base_tree" 2>/dev/null; rm -rf "$base_tree"; }
  rm -f /tmp/bench-running
  return 0
}
trap cleanup EXIT

# NO_BUILD=1 uses the binaries already built (and a BASE already built in BASE_TREE).
if [ -z "${NO_BUILD:-}" ]; then
  for project in Api tests/GeminiEmulator tests/Benchmarks/Load; do dotnet build "$project" -c Release -nologo -v q -clp:ErrorsOnly; done
fi
arms="on off"
if [ -n "${BASE:-}" ]; then
  arms="on off base"
  if [ -n "${BASE_TREE:-}" ]; then
    base_api=$BASE_TREE/Api/bin/Release/net10.0/Api.dll
  else
    base_tree=$(mktemp -d -t geminiclone-base.XXXXXX)
    git worktree add -q --detach "$base_tree" "$BASE"
    dotnet build "$base_tree/Api/Api.csproj" -c Release -nologo -v q -clp:ErrorsOnly
    base_api=$base_tree/Api/bin/Release/net10.0/Api.dll
  fi
fi
read -r -a variant_env <<<"$(api_variant_env | tr "\n" " ")"

measure() {  # label, Chat__Titles__Enabled, Api.dll
  local emulator_port emulator api_port api url titles
  emulator_port=$(free_port)
  start_emulator "$emulator_port" "$latency"
  emulator=$!; pids+=($emulator)
  api_port=$(free_port)
  env "${variant_env[@]}" Chat__Titles__Enabled="$2" GEMINI_BASE_URL="http://127.0.0.1:$emulator_port" \
    ORLEANS_SILO_PORT=$(free_port) ORLEANS_GATEWAY_PORT=$(free_port) dotnet "$3" $(content_root "$3") --urls "http://127.0.0.1:$api_port" >"$out/$1.log" 2>&1 &
  api=$!; pids+=($api)
  url="http://127.0.0.1:$api_port"
  until curl -fs "$url/" >/dev/null 2>&1 && curl -fs "http://127.0.0.1:$emulator_port/_emulator/requests" >/dev/null 2>&1; do sleep 0.1; done
  echo "== $1 (Chat__Titles__Enabled=$2, $3)"
  dotnet "$(bin tests/Benchmarks/Load Load)" --url "$url" "${load_args[@]}" --model-latency-ms "$latency" \
    --warmup "$warmup" --duration "$duration" --quiet --service-pids "$api" --harness-pids "$emulator" --json "$out/$1.json" | tee "$out/$1.txt"
  kill "$api"; wait "$api" 2>/dev/null || true
  # The emulator knows a title request by the title brief: proof that titles were (or were not) asked for.
  titles=$(curl -fs "http://127.0.0.1:$emulator_port/_emulator/requests" | { grep -o 'Write a title for the conversation below' || true; } | wc -l)
  echo "title requests the emulator received (warm-up and measured window): $titles" | tee -a "$out/$1.txt"
  kill "$emulator"; wait "$emulator" 2>/dev/null || true
}

for round in $(seq 1 "$rounds"); do
  # Rotate the order: on off base, off base on, base on off, ...
  read -r -a order <<<"$arms"
  shift_by=$(( (round - 1) % ${#order[@]} ))
  order=("${order[@]:$shift_by}" "${order[@]:0:$shift_by}")
  if [ -n "${QUIET_PER_ROUND:-}" ] || [ "$round" = 1 ]; then begin_quiet_window; fi
  machine_idle 5 | tee "$out/machine-$round.txt"
  for arm in "${order[@]}"; do
    case "$arm" in
      on) measure "on-$round" true "$PWD/Api/bin/Release/net10.0/Api.dll" ;;
      off) measure "off-$round" false "$PWD/Api/bin/Release/net10.0/Api.dll" ;;
      base) measure "base-$round" true "$base_api" ;;
    esac
  done
  if [ -n "${QUIET_PER_ROUND:-}" ] && [ "$round" != "$rounds" ]; then
    rm -f /tmp/bench-running
    sleep "${PAUSE:-20}"   # let the others' held builds run between rounds
  fi
done
rm -f /tmp/bench-running

python3 - "$out" "$rounds" "$arms" <<'PY' | tee "$out/summary.txt"
import json, re, statistics, sys
out, rounds, arms = sys.argv[1], int(sys.argv[2]), sys.argv[3].split()
def cpu(r, who):
    return ((r.get("cpu") or {}).get(who) or {}).get("msPerRequest") or 0.0
cols = [("turns/s", lambda r: r["requestsPerSecond"]),
        ("p50 ms", lambda r: r["latency"]["p50"]), ("p90 ms", lambda r: r["latency"]["p90"]), ("p99 ms", lambda r: r["latency"]["p99"]),
        ("svc CPU ms/turn", lambda r: r.get("serviceCpuMsPerRequest") or 0.0),
        ("gen CPU ms/turn", lambda r: cpu(r, "loadGenerator")), ("emu CPU ms/turn", lambda r: cpu(r, "harness")),
        ("idle cores", lambda r: ((r.get("cpu") or {}).get("machine") or {}).get("idleCores") or 0.0)]
def titles(name):
    m = re.search(r"received \(warm-up and measured window\): (\d+)", open(f"{out}/{name}.txt").read())
    return int(m.group(1)) if m else -1
runs = {a: [json.load(open(f"{out}/{a}-{i}.json")) for i in range(1, rounds + 1)] for a in arms}
for i in range(1, rounds + 1):
    print(open(f"{out}/machine-{i}.txt").read().strip())
print(f"{'run':<8}" + "".join(f"{c:>16}" for c, _ in cols) + f"{'errors':>8}{'titles asked':>14}{'valid':>7}")
for i in range(1, rounds + 1):
    for a in arms:
        r = runs[a][i - 1]
        valid = "no" if r.get("invalid") else "yes"
        print(f"{a + '-' + str(i):<8}" + "".join(f"{f(r):>16.2f}" for _, f in cols) + f"{sum(r['errors'].values()):>8}{titles(f'{a}-{i}'):>14}{valid:>7}")
print()
print(f"{'median':<8}" + "".join(f"{c:>16}" for c, _ in cols))
med = {a: [statistics.median(f(r) for r in runs[a]) for _, f in cols] for a in arms}
for a in arms:
    print(f"{a:<8}" + "".join(f"{v:>16.2f}" for v in med[a]))
for a, b in [("on", "off"), ("on", "base")]:
    if a in arms and b in arms:
        print(f"{a + '-' + b:<8}" + "".join(f"{x - y:>+16.2f}" for x, y in zip(med[a], med[b])))
print()
print("spread between rounds of the same arm (max - min): the noise")
for a in arms:
    print(f"{a:<8}" + "".join(f"{max(f(r) for r in runs[a]) - min(f(r) for r in runs[a]):>16.2f}" for _, f in cols))
print()
print("round by round, on minus the other arm")
for b in [x for x in arms if x != "on"]:
    for i in range(rounds):
        print(f"{'on-' + b + ' ' + str(i + 1):<10}" + "".join(f"{f(runs['on'][i]) - f(runs[b][i]):>+16.2f}" for _, f in cols))
PY
echo "results in $out"
