# Sourced by tests/run.sh: throwaway PostgreSQL and Redis for integration tests (and the prometheus package), on loopback, on free ports,
# in temp dirs, stopped on exit. Never touches a system service. Also installs chromium for the browser tests.
# Exports GEMINICLONE_TEST_POSTGRES (an Npgsql connection string) and GEMINICLONE_TEST_REDIS (host:port).

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

apt_updated=""
apt_install() {
  if [ "$(id -u)" != "0" ]; then
    echo "run.sh: '$*' is missing and only root can install it (apt-get install -y $*)" >&2
    return 1
  fi
  if [ -z "$apt_updated" ]; then
    apt-get update -qq >/dev/null && apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

find_pg_bin() {
  local dir
  if command -v pg_ctl >/dev/null 2>&1 && command -v initdb >/dev/null 2>&1; then
    dirname "$(readlink -f "$(command -v pg_ctl)")"
    return 0
  fi
  for dir in /usr/lib/postgresql/*/bin; do
    if [ -x "$dir/pg_ctl" ] && [ -x "$dir/initdb" ]; then
      echo "$dir"
      return 0
    fi
  done
  return 1
}

start_test_servers() {
  TEST_SERVERS_DIR=$(mktemp -d -t geminiclone-servers.XXXXXX)
  chmod 755 "$TEST_SERVERS_DIR"

  command -v redis-server >/dev/null 2>&1 || apt_install redis-server || return 1
  # .NET runs with ICU (search normalizes Unicode with it); chromium and PostgreSQL pull it in too, but not always.
  ldconfig -p | grep -q libicuuc || apt_install libicu-dev || return 1
  # The browser tests drive Debian's chromium headless (Playwright's own browser download is not used).
  command -v chromium >/dev/null 2>&1 || apt_install chromium || return 1
  # Debian's prometheus (and promtool) for the metrics tests; in a container without systemd its postinst starts
  # no service, and the tests run their own on loopback.
  command -v prometheus >/dev/null 2>&1 || apt_install --no-install-recommends prometheus || return 1
  local pg_bin
  pg_bin=$(find_pg_bin) || { apt_install postgresql && pg_bin=$(find_pg_bin); } || return 1

  # PostgreSQL refuses to run as root, so run it as an unprivileged account.
  local pg_user="" run_as=()
  if [ "$(id -u)" = "0" ]; then
    pg_user=$(id -u postgres >/dev/null 2>&1 && echo postgres || echo nobody)
    run_as=(runuser -u "$pg_user" --)
  fi
  local pg_port redis_port
  pg_port=$(free_port)
  redis_port=$(free_port)

  mkdir -p "$TEST_SERVERS_DIR/pg"
  [ -n "$pg_user" ] && chown "$pg_user" "$TEST_SERVERS_DIR/pg"
  "${run_as[@]}" "$pg_bin/initdb" -D "$TEST_SERVERS_DIR/pg/data" -U gemini --auth=trust -E UTF8 >"$TEST_SERVERS_DIR/initdb.log" 2>&1 \
    || { cat "$TEST_SERVERS_DIR/initdb.log" >&2; return 1; }
  "${run_as[@]}" "$pg_bin/pg_ctl" -D "$TEST_SERVERS_DIR/pg/data" -l "$TEST_SERVERS_DIR/pg/server.log" -w \
    -o "-c listen_addresses=127.0.0.1 -p $pg_port -k $TEST_SERVERS_DIR/pg -c fsync=off -c max_connections=300" start >/dev/null \
    || { cat "$TEST_SERVERS_DIR/pg/server.log" >&2; return 1; }
  PG_CTL_STOP=("${run_as[@]}" "$pg_bin/pg_ctl" -D "$TEST_SERVERS_DIR/pg/data" -m immediate stop)

  redis-server --bind 127.0.0.1 --port "$redis_port" --dir "$TEST_SERVERS_DIR" --save "" --appendonly no \
    --daemonize yes --pidfile "$TEST_SERVERS_DIR/redis.pid" --logfile "$TEST_SERVERS_DIR/redis.log" >/dev/null
  for _ in $(seq 1 50); do
    [ -s "$TEST_SERVERS_DIR/redis.pid" ] && break
    sleep 0.1
  done

  export GEMINICLONE_TEST_POSTGRES="Host=127.0.0.1;Port=$pg_port;Username=gemini;Database=postgres"
  export GEMINICLONE_TEST_REDIS="127.0.0.1:$redis_port"
  export GEMINICLONE_TEST_PG_BIN="$pg_bin"
  # For outage tests, which stop and start this server (pg_ctl, as the account that runs it).
  export GEMINICLONE_TEST_PG_DATA="$TEST_SERVERS_DIR/pg/data" GEMINICLONE_TEST_PG_LOG="$TEST_SERVERS_DIR/pg/server.log"
  export GEMINICLONE_TEST_PG_OPTIONS="-c listen_addresses=127.0.0.1 -p $pg_port -k $TEST_SERVERS_DIR/pg -c fsync=off -c max_connections=300"
  export GEMINICLONE_TEST_PG_USER="$pg_user"
  echo "test servers: PostgreSQL on 127.0.0.1:$pg_port, Redis on 127.0.0.1:$redis_port (in $TEST_SERVERS_DIR)"
}

stop_test_servers() {
  [ -n "${PG_CTL_STOP[*]:-}" ] && "${PG_CTL_STOP[@]}" >/dev/null 2>&1
  [ -s "${TEST_SERVERS_DIR:-/nonexistent}/redis.pid" ] && kill "$(cat "$TEST_SERVERS_DIR/redis.pid")" 2>/dev/null
  [ -n "${TEST_SERVERS_DIR:-}" ] && rm -rf "$TEST_SERVERS_DIR"
  return 0
}
