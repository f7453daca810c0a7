#!/usr/bin/env bash
# The one test command: installs and starts what the tests need (a throwaway PostgreSQL and Redis on loopback),
# builds, runs every test project, and ends with "tests: N passed, N failed[, N skipped]".
# Extra arguments go to `dotnet test` (e.g. --filter "FullyQualifiedName~Auth").
set -uo pipefail
cd "$(dirname "$0")/.."
. tests/scripts/test-servers.sh

results=$(mktemp -d -t geminiclone-results.XXXXXX)
cleanup() { stop_test_servers; rm -rf "$results"; }
trap cleanup EXIT

start_test_servers || { echo "run.sh: could not start the test servers" >&2; echo "tests: 0 passed, 1 failed"; exit 1; }

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build GeminiClone.sln -c Release -nologo -v q -clp:ErrorsOnly || { echo "tests: 0 passed, 1 failed"; exit 1; }

# One project at a time, each with its own results file: they would only fight over two cores anyway.
status=0
for project in tests/*/*.Tests.csproj; do
  name=$(basename "$project" .csproj)
  dotnet test "$project" -c Release --no-build -nologo \
    --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=minimal" --results-directory "$results" "$@" || status=1
done

# The OpenAPI document, linted as client generators' users lint it (Redocly, Spectral): one more test in the count.
lint_passed=0 lint_failed=0
if tests/scripts/lint-openapi.sh; then lint_passed=1; else lint_failed=1; fi

passed=$lint_passed failed=$lint_failed skipped=0 files=0
for trx in "$results"/*.trx; do
  [ -e "$trx" ] || continue
  files=$((files + 1))
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  attr() { local v; v=$(echo "$counters" | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p"); echo "${v:-0}"; }
  passed=$((passed + $(attr passed)))
  failed=$((failed + $(attr failed) + $(attr error) + $(attr timeout) + $(attr aborted)))
  skipped=$((skipped + $(attr notExecuted)))
done

if [ "$files" -eq 0 ] || { [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; }; then
  # dotnet test failed without reporting a failed test (a crashed host, a build error): count it as a failure.
  failed=$((failed + 1))
fi

# The failed tests by name, just above the closing line, so a failure is named however the output above was cut.
for trx in "$results"/*.trx; do
  [ -e "$trx" ] || continue
  grep -o '<UnitTestResult [^>]*outcome="Failed"[^>]*>' "$trx" | sed -n 's/.* testName="\([^"]*\)".*/failed: \1/p'
done

summary="tests: $passed passed, $failed failed"
[ "$skipped" -gt 0 ] && summary="$summary, $skipped skipped"
echo "$summary"
[ "$failed" -eq 0 ]
