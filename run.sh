#!/usr/bin/env bash
# Runs VoiceFlow on this machine: installs what is missing, starts PostgreSQL and Redis under the data
# folder (default .data/), applies migrations, seeds the demo account and serves http://127.0.0.1:5000.
# Idempotent; data survives between runs. Ctrl-C stops everything this script started.
set -euo pipefail
cd "$(dirname "$0")"
root=$PWD
# shellcheck source=scripts/services.sh
source scripts/services.sh

data=$(realpath -m "${VOICEFLOW_DATA:-$root/.data}")
port=${VOICEFLOW_PORT:-5000}
# Below the kernel's ephemeral range (32768-60999), where an outgoing connection could hold the port.
pg_port=${VOICEFLOW_PG_PORT:-15432}
redis_port=${VOICEFLOW_REDIS_PORT:-16379}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

vf_install_packages
vf_start_postgres "$data" "$pg_port"
vf_start_redis "$data" "$redis_port" yes
cleanup() {
  trap - EXIT INT TERM
  vf_log "Stopping"
  [ "${VF_PG_STARTED:-0}" = 1 ] && vf_stop_postgres "$data"
  [ "${VF_REDIS_STARTED:-0}" = 1 ] && vf_stop_redis "$VF_REDIS_PORT" save
  return 0
}
trap cleanup EXIT INT TERM
vf_create_database voiceflow "$VF_PG_PORT"

export ConnectionStrings__Postgres="$VF_PG_CONNECTION;Database=voiceflow"
export Redis__ConnectionString="$VF_REDIS_CONNECTION"
export VoiceFlow__DataDirectory="$data"
export Email__PublicUrl="http://127.0.0.1:$port"
export ASPNETCORE_ENVIRONMENT=${ASPNETCORE_ENVIRONMENT:-Development}

vf_log "Building"
# The web console and contributor portal, served at / from clients/web/dist.
(cd clients/web && npm ci --no-audit --no-fund --loglevel=error && npm run build --silent)
export Web__Root="$root/clients/web/dist"
dotnet build server/VoiceFlow.Server -c Release -nologo -clp:ErrorsOnly -o "$data/server"
# The TTS worker that local deployments start as processes, and the engine processes of Tts:Engine:Processes.
dotnet build server/VoiceFlow.TtsWorker -c Release -nologo -clp:ErrorsOnly -o "$data/worker"
export Deployments__Local__WorkerPath="$data/worker/VoiceFlow.TtsWorker.dll"
export Tts__Engine__HostPath="$data/worker/VoiceFlow.TtsWorker.dll"
server() { (cd "$data/server" && dotnet VoiceFlow.Server.dll "$@"); }

vf_log "Migrating"
server migrate
demo=$(server seed | grep '^Demo login:' || true)

cat <<BANNER

  VoiceFlow is starting on http://127.0.0.1:$port
    Console        http://127.0.0.1:$port/  (contributors: http://127.0.0.1:$port/portal/record)
    API            http://127.0.0.1:$port/api
    Health         http://127.0.0.1:$port/health/ready
    Metrics        http://127.0.0.1:$port/metrics
    Outbox (mail)  $data/outbox
  ${demo}
  Ctrl-C stops VoiceFlow, PostgreSQL and Redis.

BANNER
server --urls "http://127.0.0.1:$port"
