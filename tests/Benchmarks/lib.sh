# Shared by the benchmark scripts (sourced, from the repository root): ports, the service's settings, the quiet
# window other work on this machine keeps out of, and what the machine was doing before a measurement.

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
bin() { echo "$1/bin/Release/net10.0/$2.dll"; }

# Builds the projects a script runs (Release), unless NO_BUILD is set: then the binaries already built are used.
build_unless_no_build() {  # project...
  [ -n "${NO_BUILD:-}" ] || for project in "$@"; do dotnet build "$project" -c Release -nologo -v q -clp:ErrorsOnly; done
}

# Linux perf, installed when it is missing and this is root.
ensure_perf() { command -v perf >/dev/null 2>&1 || { [ "$(id -u)" = 0 ] && apt-get install -y -qq linux-perf >/dev/null; }; }

# What a .NET process needs for perf to name its JIT-compiled frames: a perf map, and W^X off (perf finds the code
# where the map says it is, not in a double-mapped file). Assignments for start_service or start_emulator.
perf_map_env=(DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0)

# Samples PID's stacks (every thread, on CPU only, 999 Hz) for SECONDS into PREFIX.perf.data.
perf_sample() {  # pid, seconds, prefix
  perf record -F 999 -g -p "$1" -o "$3.perf.data" -- sleep "$2" 2>/dev/null
}

# Folds PREFIX.perf.data by frame into PREFIX.folded (the raw data is deleted) and prints profile-fold.py's report.
perf_fold() {  # prefix
  perf script -i "$1.perf.data" 2>/dev/null | python3 tests/Benchmarks/profile-fold.py >"$1.folded"
  rm -f "$1.perf.data"
  python3 tests/Benchmarks/profile-fold.py --report "$1.folded"
}

# The Gemini stand-in as every benchmark runs it, in the background (the caller's $! is its pid): on PORT, answering
# after LATENCY ms, keeping no log of the requests (the tests read that log; in a benchmark it only costs CPU), with
# the environment assignments after them added (a perf map, to profile the stand-in itself). EMULATOR_DLL runs
# another build of it.
start_emulator() {  # port, latency, [assignments...]
  local port=$1 latency=$2; shift 2
  env "$@" dotnet "${EMULATOR_DLL:-$(bin tests/GeminiEmulator GeminiEmulator)}" --urls "http://127.0.0.1:$port" --Emulator:LatencyMs "$latency" \
    --Emulator:RecordRequests false >/dev/null 2>&1 &
}

# The embedded service as deploy/ runs it (api_variant_env), in the background (the caller's $! is its pid): DLL on
# PORT, its output in LOG, with the environment assignments after them added (a Gemini base URL, runtime settings);
# returns once it answers.
start_service() {  # port, dll, log, [assignments...]
  local port=$1 dll=$2 log=$3; shift 3
  # shellcheck disable=SC2046 # api_variant_env prints assignments, one word each
  env $(api_variant_env) ORLEANS_SILO_PORT=$(free_port) ORLEANS_GATEWAY_PORT=$(free_port) "$@" \
    dotnet "$dll" $(content_root "$dll") --urls "http://127.0.0.1:$port" >"$log" 2>&1 &
  until curl -fs "http://127.0.0.1:$port/" >/dev/null 2>&1; do sleep 0.1; done
}

# What a benchmark needs from the service on top of its production settings: users it can make (the OTP in the
# response, no sign-in throttle), quotas it will not reach, and a Gemini key for the emulator.
export JWT_SECRET="benchmark-secret-$(date +%s)-0123456789abcdef" AUTH_RATE_LIMIT_PER_MINUTE=0 OTP_IN_RESPONSE=true \
  BASIC_DAILY_LIMIT=1000000000 GEMINI_API_KEY=emulator Attachments__BasicDailyBytes=1000000000000

# The service's settings as deploy/ runs it unless API_VARIANT names another (printed as env assignments for `env`):
#   production      ASPNETCORE_ENVIRONMENT=Production, server GC (the Web SDK's default), appsettings.json's log
#                   levels (Information; ASP.NET Core, Orleans, Polly and HttpClient at Warning): the default
#   quiet-logs      every category at Warning (what run.sh and titles-ab.sh used before 2026-12-05)
#   workstation-gc  DOTNET_gcServer=0 (what compare.sh used before 2026-12-05)
#   bench-legacy    both, as compare.sh ran the service
api_variant_env() {
  local variant=${1:-${API_VARIANT:-production}}
  echo "ASPNETCORE_ENVIRONMENT=Production"
  case "$variant" in
    production) ;;
    quiet-logs) echo "Logging__LogLevel__Default=Warning" ;;
    workstation-gc) echo "DOTNET_gcServer=0" ;;
    bench-legacy) echo "Logging__LogLevel__Default=Warning DOTNET_gcServer=0" ;;
    *) echo "unknown API_VARIANT '$variant' (production, quiet-logs, workstation-gc, bench-legacy)" >&2; return 1 ;;
  esac
}

# A built service started from the repository root would look for appsettings.json there and miss it (its content
# root is the working directory): every log category would then log at Information, not at appsettings.json's
# levels. `dotnet "$dll" $(content_root "$dll") ...` starts it as deploy/'s image does, from its own folder's settings.
content_root() { echo "--contentRoot $(cd "$(dirname "$1")" && pwd)"; }

# Builds (dotnet build, MSBuild, the compilers) and test runs (test hosts, the silos and gateways cluster tests start)
# of anyone on this machine, except this script.
others_busy() {
  ps -eo pid=,args= | awk -v self=$$ '$1 != self' \
    | grep -E 'dotnet (build|test|msbuild)|MSBuild\.dll|VBCSCompiler|bincore/csc|testhost|vstest|Tests\.(dll|runtimeconfig)|/wt-[^ ]*/(Silo|Api)/bin' \
    | grep -v -e grep -e "/wt-bench/" || true
}

# The quiet window: while /tmp/bench-running exists the other helpers start no build or test. Each script holds it
# for one measuring run (kept under 12 minutes) and its EXIT trap removes it. Builds already running may finish:
# wait for them (at most QUIET_WAIT seconds, default 240), then for the load average to fall.
begin_quiet_window() {
  touch /tmp/bench-running
  local waited=0 max=${QUIET_WAIT:-240}
  while [ -n "$(others_busy)" ] && (( waited < max )); do sleep 5; waited=$((waited + 5)); done
  [ -z "$(others_busy)" ] || { echo "quiet window: others still busy after ${max} s:" >&2; others_busy >&2; }
  echo "quiet window: waited ${waited} s for other builds and tests to end"
}

# The machine's idle CPU over a few seconds, from /proc/stat (cores idle of all, and the load average): written
# into every result, so a run on a busy machine says so.
machine_idle() {
  local seconds=${1:-5}
  python3 - "$seconds" <<'PY'
import os, sys, time
def read():
    fields = [int(x) for x in open("/proc/stat").readline().split()[1:]]
    return sum(fields), fields[3] + fields[4]  # idle + iowait
total0, idle0 = read(); time.sleep(float(sys.argv[1])); total1, idle1 = read()
cores = os.cpu_count()
idle = (idle1 - idle0) / max(1, total1 - total0) * cores
print(f"machine before measuring: {idle:.2f} of {cores} cores idle over {sys.argv[1]} s, load average {' / '.join(open('/proc/loadavg').read().split()[:3])}")
PY
}
