#!/usr/bin/env bash
# Starts a second VoiceFlow node on 127.0.0.1:5001 next to a running ./run.sh (or loadtests/serve.sh): the same
# PostgreSQL database and Redis (so SignalR groups and rate limits span both nodes), the server build run.sh made,
# and the same raised rate limits as serve.sh. For the two-node watch scenario. Ctrl-C stops this node only.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
# shellcheck source=../scripts/services.sh
source scripts/services.sh

data=$(realpath -m "${VOICEFLOW_DATA:-$root/.data}")
port=${VOICEFLOW_SECOND_PORT:-5001}
pg_port=$(vf_running_postgres_port "$data")
redis_port=$(vf_running_redis_port "$data")

[ -n "$pg_port" ] || vf_die "The PostgreSQL of $data is not running: start ./run.sh (or loadtests/serve.sh) first."
[ -f "$data/server/VoiceFlow.Server.dll" ] || vf_die "No server build in $data/server: start ./run.sh first."
[ -n "$redis_port" ] || vf_die "The Redis of $data is not running: start ./run.sh first."

export ConnectionStrings__Postgres="Host=127.0.0.1;Port=$pg_port;Username=voiceflow;Password=$(cat "$data/postgres.password");Database=voiceflow"
export Redis__ConnectionString="127.0.0.1:$redis_port"
export VoiceFlow__DataDirectory="$data"
export Email__PublicUrl="http://127.0.0.1:5000"
export ASPNETCORE_ENVIRONMENT=${ASPNETCORE_ENVIRONMENT:-Development}
export Deployments__Local__WorkerPath="$data/worker/VoiceFlow.TtsWorker.dll"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
# shellcheck source=load-limits.sh
source loadtests/load-limits.sh

vf_log "Second node on http://127.0.0.1:$port (database and Redis of $data)"
cd "$data/server"
exec env "${load_limits[@]}" dotnet VoiceFlow.Server.dll --urls "http://127.0.0.1:$port"
