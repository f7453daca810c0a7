#!/usr/bin/env bash
# Lints the OpenAPI document a running Api serves, with Redocly (recommended) and Spectral (spectral:oas), as the
# client generators' users would. Needs Node 20+ and the npm registry, nothing else: the linters are installed at
# pinned versions into a throwaway directory, the Api runs its embedded default (in-memory silo) on loopback.
# Usage: tests/scripts/lint-openapi.sh   (from the repository root, after a Release build)
set -uo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)

REDOCLY_VERSION=2.77.0
SPECTRAL_VERSION=6.16.3

work=$(mktemp -d -t geminiclone-openapi-lint.XXXXXX)
api_pid=
cleanup() { [ -n "$api_pid" ] && kill "$api_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

echo "lint-openapi: installing @redocly/cli@$REDOCLY_VERSION and @stoplight/spectral-cli@$SPECTRAL_VERSION"
(cd "$work" && npm init -y >/dev/null && npm install --no-audit --no-fund --silent \
  "@redocly/cli@$REDOCLY_VERSION" "@stoplight/spectral-cli@$SPECTRAL_VERSION" >"$work/npm.log" 2>&1) \
  || { cat "$work/npm.log" >&2; echo "lint-openapi: npm install failed" >&2; exit 1; }

port=$(free_port)
ASPNETCORE_ENVIRONMENT=Development ASPNETCORE_URLS="http://127.0.0.1:$port" \
  Orleans__SiloPort=$(free_port) Orleans__GatewayPort=$(free_port) \
  OTEL_SDK_DISABLED=true REDOCLY_TELEMETRY=off \
  dotnet "$root/Api/bin/Release/net10.0/Api.dll" --contentRoot "$root/Api" >"$work/api.log" 2>&1 &
api_pid=$!
for _ in $(seq 1 60); do
  curl -sf "http://127.0.0.1:$port/openapi/v1.json" -o "$work/openapi.json" && break
  sleep 1
done
[ -s "$work/openapi.json" ] || { tail -20 "$work/api.log" >&2; echo "lint-openapi: the Api served no document" >&2; exit 1; }

status=0
echo "lint-openapi: Redocly"
# Redocly fails only on errors; a warning fails here too (switch a rule off in redocly.yaml, with the reason, instead).
(cd "$work" && REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true npx --no-install redocly lint \
  --config "$root/tests/openapi/redocly.yaml" --max-problems 100 openapi.json) >"$work/redocly.log" 2>&1 || status=1
grep -v "Node.js\|║\|╔\|╚" "$work/redocly.log"
grep -qE "[0-9]+ warnings?" "$work/redocly.log" && status=1
echo "lint-openapi: Spectral"
(cd "$work" && npx --no-install spectral lint --ruleset "$root/tests/openapi/.spectral.yaml" \
  --fail-severity warn openapi.json) || status=1

[ "$status" -eq 0 ] && echo "lint-openapi: passed" || echo "lint-openapi: failed"
exit "$status"
