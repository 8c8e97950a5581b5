#!/usr/bin/env bash
# Runs every test of the solution against a project-local PostgreSQL and Redis of its own
# (separate data folder and ports from ./run.sh). Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")"
root=$PWD
# shellcheck source=scripts/services.sh
source scripts/services.sh

data=$(realpath -m "${VOICEFLOW_TEST_DATA:-$root/.data-test}")
pg_port=${VOICEFLOW_TEST_PG_PORT:-15433}
redis_port=${VOICEFLOW_TEST_REDIS_PORT:-16380}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

vf_install_packages browser
VF_PG_FSYNC=off vf_start_postgres "$data" "$pg_port"
vf_start_redis "$data" "$redis_port" no
cleanup() {
  [ "${VF_PG_STARTED:-0}" = 1 ] && vf_stop_postgres "$data"
  [ "${VF_REDIS_STARTED:-0}" = 1 ] && vf_stop_redis "$VF_REDIS_PORT" nosave
  return 0
}
trap cleanup EXIT

export VOICEFLOW_TEST_POSTGRES="$VF_PG_CONNECTION"
export VOICEFLOW_TEST_REDIS="$VF_REDIS_CONNECTION"
export VOICEFLOW_TEST_DATA="$data"

vf_log "Installing the JavaScript client used by the hub interop tests"
(cd tests/js && npm ci --no-audit --no-fund --loglevel=error)
vf_log "Building the web console and installing the browser test driver (playwright-core, Debian's Chromium)"
(cd clients/web && npm ci --no-audit --no-fund --loglevel=error && npm run build --silent)
(cd tests/browser && npm ci --no-audit --no-fund --loglevel=error)

vf_log "Building"
dotnet build VoiceFlow.sln -c Release -nologo -clp:ErrorsOnly

vf_log "Testing"
results="$data/test-results"
rm -rf "$results"; mkdir -p "$results"
status=0
dotnet test --solution VoiceFlow.sln -c Release --no-build --results-directory "$results" --report-xunit-trx \
  2>&1 | tee "$results/output.log" || status=$?

# One plain closing line for the whole run, from the summary dotnet test prints for the solution (the per-assembly
# TRX reports can share a timestamped name and overwrite each other, so they are not counted).
awk '/^ *succeeded:/ {p=$2} /^ *failed:/ {f=$2} /^ *skipped:/ {s=$2}
     END {printf "%d passed, %d failed, %d skipped\n", p, f, s}' "$results/output.log"
exit "$status"
