#!/usr/bin/env bash
# What PostgreSQL spends per turn in the cluster, and how builds compare on it: interleaved A/B of named arms, each
# a fresh deployment (two silos and a gateway of the arm's build, production settings as run.sh cluster runs them)
# on a fresh throwaway PostgreSQL (fsync off) with pg_stat_statements, and Redis, under `chat` at CHATROOMS chatrooms.
#   bash tests/Benchmarks/postgres-ab.sh [rounds] 'name=<tree>' ...
#   e.g. bash tests/Benchmarks/postgres-ab.sh 2 'before=/tmp/wt-before' 'after=.'
# A tree is a checkout whose Api, Silo, tests/Benchmarks/Load and tests/GeminiEmulator are built (Release); '.' is
# this one (built unless NO_BUILD is set). An arm may add environment assignments after its tree, space-separated.
#   CHATROOMS=100 WARMUP_MAX=120 WINDOW=30 MODEL_LATENCY_MS=200 OUT=postgres-ab (the results folder, emptied first)
# Each run warms up until the service's CPU per turn is steady (the load tool's --steady-state), resets PostgreSQL's
# statistics, then measures one WINDOW of seconds with a second load run. PostgreSQL's CPU and counts cover that whole
# run (its users' sign-in and chatrooms, 2 s of warm-up, the window) and are divided by the window's turns: a few per
# cent above the window's own, alike for every arm. Writes tests/Benchmarks/results/postgres-ab/<arm>-r<round>/: the
# load tool's report, PostgreSQL's CPU per turn (its processes' ticks over the window), its statements by total time
# (pg_stat_statements), transactions and rows, and the silos' write batch sizes (geminiclone.postgres.write_batch.size);
# summary.txt has a line per run.
set -euo pipefail
cd "$(dirname "$0")/../.."
. tests/Benchmarks/lib.sh
. tests/scripts/test-servers.sh
rounds=${1:?usage: postgres-ab.sh <rounds> 'name=<tree> [ENV=value ...]' ...}; shift
arms=("$@")
(( ${#arms[@]} >= 1 )) || { echo "name at least one arm" >&2; exit 2; }
chatrooms=${CHATROOMS:-100}
latency=${MODEL_LATENCY_MS:-200}
window=${WINDOW:-30}
out=$(pwd)/tests/Benchmarks/results/${OUT:-postgres-ab}
mkdir -p "$out"
rm -rf "${out:?}"/*
build_unless_no_build Api Silo tests/GeminiEmulator tests/Benchmarks/Load

pids=()
# The processes first, and wait for them: a silo that loses PostgreSQL and Redis before it stops takes a minute to give
# up, and would still be running into the next arm's window.
stop_deployment() {
  local pid
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do for _ in $(seq 1 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done; done
  pids=()
  stop_test_servers
}
trap 'stop_deployment; rm -f /tmp/bench-running' EXIT

postgres_ticks() {  # user + system CPU ticks of this run's server: its postmaster, with its ended children, and its live ones
  local postmaster total pid
  postmaster=$(head -1 "$GEMINICLONE_TEST_PG_DATA/postmaster.pid")
  total=$(awk '{print $14 + $15 + $16 + $17}' "/proc/$postmaster/stat")
  for pid in $(pgrep -P "$postmaster"); do total=$((total + $(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || echo 0))); done
  echo "$total"
}
batch_sizes() {  # the silos' write batch histogram: sum and count
  local port
  for port in "$@"; do curl -s "http://127.0.0.1:$port/metrics" | grep -E '^geminiclone_postgres_write_batch_size_(sum|count)' || true; done \
    | sed 's/{[^}]*}//' \
    | awk '{total[$1] += $2} END {print total["geminiclone_postgres_write_batch_size_sum"] + 0, total["geminiclone_postgres_write_batch_size_count"] + 0}'
}

run_arm() {  # name, round, tree [assignments...]
  local name=$1 round=$2 tree=$3; shift 3
  local dir="$out/$name-r$round" emulator_port api_port silo_ports=() service_pids=() port
  mkdir -p "$dir"
  start_test_servers >/dev/null
  "${PG_CTL_STOP[@]}" >/dev/null
  local run_as=(); [ -n "$GEMINICLONE_TEST_PG_USER" ] && run_as=(runuser -u "$GEMINICLONE_TEST_PG_USER" --)
  "${run_as[@]}" "$GEMINICLONE_TEST_PG_BIN/pg_ctl" -D "$GEMINICLONE_TEST_PG_DATA" -l "$GEMINICLONE_TEST_PG_LOG" -w \
    -o "$GEMINICLONE_TEST_PG_OPTIONS -c shared_preload_libraries=pg_stat_statements" start >/dev/null
  local pg_port=${GEMINICLONE_TEST_POSTGRES#*Port=}; pg_port=${pg_port%%;*}
  psql_() { "$GEMINICLONE_TEST_PG_BIN/psql" -h 127.0.0.1 -p "$pg_port" -U gemini -d postgres -X -q "$@"; }
  psql_ -c "CREATE EXTENSION pg_stat_statements"

  emulator_port=$(free_port)
  EMULATOR_DLL="$tree/$(bin tests/GeminiEmulator GeminiEmulator)" start_emulator "$emulator_port" "$latency"
  local emulator=$!; pids+=($emulator)
  local environment=(ConnectionStrings__Postgres="$GEMINICLONE_TEST_POSTGRES" ConnectionStrings__Redis="$GEMINICLONE_TEST_REDIS"
    ORLEANS_ADVERTISED_IP=127.0.0.1 ORLEANS_CLUSTER_ID="pg-ab-$$" ORLEANS_SERVICE_ID="pg-ab-$$"
    GEMINI_BASE_URL="http://127.0.0.1:$emulator_port" $(api_variant_env) "$@")
  for _ in 1 2; do
    port=$(free_port); silo_ports+=("$port")
    env "${environment[@]}" ORLEANS_SILO_PORT="$(free_port)" ORLEANS_GATEWAY_PORT="$(free_port)" \
      dotnet "$tree/$(bin Silo Silo)" $(content_root "$tree/$(bin Silo Silo)") --urls "http://127.0.0.1:$port" >"$dir/silo${#silo_ports[@]}.log" 2>&1 &
    pids+=($!); service_pids+=($!)
  done
  sleep 8
  api_port=$(free_port)
  env "${environment[@]}" dotnet "$tree/$(bin Api Api)" $(content_root "$tree/$(bin Api Api)") --urls "http://127.0.0.1:$api_port" >"$dir/api.log" 2>&1 &
  pids+=($!); service_pids+=($!)
  until curl -fs "http://127.0.0.1:$api_port/" >/dev/null 2>&1; do sleep 0.1; done

  load() {
    dotnet "$tree/$(bin tests/Benchmarks/Load Load)" --url "http://127.0.0.1:$api_port" --model-latency-ms "$latency" \
      --service-pids "$(IFS=,; echo "${service_pids[*]}")" --harness-pids "$emulator" --scenario chat --vus "$chatrooms" --chatrooms "$chatrooms" "$@"
  }
  load --duration 10 --steady-state --warmup-max "${WARMUP_MAX:-120}" >"$dir/warm-up.txt"
  psql_ -c "SELECT pg_stat_statements_reset(); SELECT pg_stat_reset();" >/dev/null
  local ticks_before batches_before ticks_after batches_after
  ticks_before=$(postgres_ticks); batches_before=$(batch_sizes "${silo_ports[@]}")
  load --duration "$window" --warmup 2 >"$dir/chat.txt"
  ticks_after=$(postgres_ticks); batches_after=$(batch_sizes "${silo_ports[@]}")

  psql_ -c "SELECT calls, round(total_exec_time::numeric, 1) AS exec_ms, rows, shared_blks_hit + shared_blks_read AS blocks, wal_bytes,
      left(regexp_replace(query, '\s+', ' ', 'g'), 100) AS statement FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT 12" >"$dir/statements.txt"
  psql_ -c "SELECT xact_commit, tup_inserted, tup_updated, tup_deleted FROM pg_stat_database WHERE datname = 'postgres'" >"$dir/transactions.txt"
  local turns; turns=$(grep -o 'requests [0-9,]*' "$dir/chat.txt" | tr -d , | awk '{print $2}')
  local commits; commits=$(psql_ -At -c "SELECT xact_commit FROM pg_stat_database WHERE datname = 'postgres'")
  read -r sum_before count_before <<<"$batches_before"; read -r sum_after count_after <<<"$batches_after"
  python3 - "$name" "$round" "$turns" "$((ticks_after - ticks_before))" "$(getconf CLK_TCK)" "$commits" \
    "$((sum_after - sum_before))" "$((count_after - count_before))" "$(grep -o 'service [0-9.]* ([0-9.]*' "$dir/chat.txt" | sed 's/.*(//')" \
    "$(grep -oE 'overhead above model +[0-9]+ +[0-9.]+ +[0-9.]+ +[0-9.]+' "$dir/chat.txt" | awk '{print $5 "/" $7}')" <<'PY' | tee -a "$out/summary.txt"
import sys
name, rnd, turns, ticks, hz, commits, wsum, wcount, service, overhead = sys.argv[1:]
turns = int(turns)
per_batch = f"{int(wsum) / int(wcount):.2f}" if int(wcount) else "-"
print(f"{name:>12} r{rnd}: {turns} turns, PostgreSQL {int(ticks) * 1000 / int(hz) / turns:.3f} ms/turn, {int(commits) / turns:.2f} commits/turn, "
      f"writes per batch {per_batch}, service {service} ms/turn, overhead p50/p99 {overhead} ms")
PY
  stop_deployment
}

begin_quiet_window
machine_idle | tee "$out/machine.txt"
for round in $(seq 1 "$rounds"); do
  # The arms' order rotates between rounds.
  for i in "${!arms[@]}"; do
    arm=${arms[$(( (i + round - 1) % ${#arms[@]} ))]}
    name=${arm%%=*}; rest=${arm#*=}
    read -r -a parts <<<"$rest"
    tree=${parts[0]}; [ "$tree" = . ] && tree=$(pwd)
    run_arm "$name" "$round" "$tree" "${parts[@]:1}"
  done
done
echo "results in $out"
