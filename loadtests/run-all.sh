#!/usr/bin/env bash
# Reproduces every figure of docs/performance.md: micro-benchmarks, then each load scenario against a running server,
# each with its table on screen and its JSON in loadtests/results/.
#
# Prerequisites (each in a terminal of its own, or in the background):
#   loadtests/serve.sh          ./run.sh with the rate limits raised for provisioning test users (port 5000)
#   loadtests/second-node.sh    a second node on port 5001 sharing its PostgreSQL and Redis (for the watch scenario)
# Starts nothing else. Takes about 25 minutes on 2 cores. SKIP="benchmarks mixed" leaves scenarios out.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
out=${RESULTS:-loadtests/results}
redis=${VOICEFLOW_REDIS:-127.0.0.1:${VOICEFLOW_REDIS_PORT:-16379}}
node1=${NODE1:-http://127.0.0.1:5000}
node2=${NODE2:-http://127.0.0.1:5001}
protocol=${PROTOCOL:-json}
skip=" ${SKIP:-} "
mkdir -p "$out"

curl -fsS "$node1/health/ready" >/dev/null || { echo "No VoiceFlow at $node1: start loadtests/serve.sh first." >&2; exit 1; }

dotnet build loadtests/VoiceFlow.LoadTests -c Release -nologo -clp:ErrorsOnly -o "$out/bin/load"
tool() { dotnet "$out/bin/load/VoiceFlow.LoadTests.dll" "$@"; }
run() {
  local name=$1; shift
  case "$skip" in *" $name "*) echo "-- skipping $name"; return 0;; esac
  echo; echo "== $name: $*"
  tool "$@" --protocol "$protocol" --json "$out/$name.json" 2>&1 | tee "$out/$name.txt"
}

{
  echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'), $(free -g | awk '/Mem:/{print $2}') GiB"
  echo "dotnet: $(dotnet --version); $(uname -sr)"
  echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$out/machine.txt"

case "$skip" in *" benchmarks "*) ;; *)
  (cd "$out" && dotnet run -c Release --project "$root/loadtests/VoiceFlow.Benchmarks" -- --filter '*' --artifacts benchmarks) 2>&1 | tee "$out/benchmarks.txt"
esac

# Test users and contributors (registered once through the public API, then cached in loadtests/.accounts.json).
tool accounts --url "$node1" --streams 1000 --contributors 300

# Warm the server up (JIT, connection pools, caches) so that the first measured scenario does not pay for it.
tool recording --url "$node1" --streams 50 --no-floor --warmup 2 --duration 10 >/dev/null 2>&1 || true

# The transport floor alone: 200 real-time streams, and 5,000 watchers on two bare nodes sharing Redis.
run echo         echo --streams 200 --watchers 5000 --redis "$redis" --duration 30
# 200 contributors with the echo floor first in the same run; then the capacity search (p99 < 100 ms).
run recording    recording --url "$node1" --streams 200 --duration 30
run recording-capacity recording --url "$node1" --steps 25,50,100,150,200,300 --duration 20 --target-p99 100
# 50 concurrent Synthesize streams of a 20-word sentence, back to back.
run tts          tts --url "$node1" --streams 50 --duration 30
# The same 50 streams paced like listeners: the next sentence is asked for when the previous one has played.
run tts-paced    tts --url "$node1" --streams 50 --paced --warmup 10 --duration 30
# The engine alone in the tool's process: the single synthesis loop against pools of engine processes.
for processes in 0 1 2 3; do
  run "engine-p$processes" engine --processes "$processes" --streams 50 --duration 20
done
# 5,000 watchers over both nodes; the bare broadcast floor on the same Redis runs first.
if curl -fsS "$node2/health/ready" >/dev/null 2>&1; then
  run watch      watch --url "$node1" --url "$node2" --streams 5000 --redis "$redis" --changes 3 --duration 120
else
  echo "-- no second node at $node2 (loadtests/second-node.sh): watch runs on one node"
  run watch      watch --url "$node1" --streams 5000 --redis "$redis" --changes 3 --duration 120
fi
# Issue 30's mix with 1,000 users (logins spread over a 150 s warm-up), then an open-model overload and recovery.
run rest         rest --url "$node1" --streams 1000 --warmup 150 --duration 60
run rest-overload rest --url "$node1" --streams 1000 --warmup 10 --rate 1500 --duration 30 --recovery 30
# Server memory per idle hub connection.
run idle         idle --url "$node1" --streams 5000
# Quality pipeline: 100 takes a minute uploaded by 10 contributors, each followed to its decision.
run quality      quality --url "$node1" --streams 10 --rate 100 --duration 60
# Everything at once.
run mixed        mixed --url "$node1" --streams 50 --duration 30
echo; echo "Results in $out/"
