#!/usr/bin/env bash
# Starts VoiceFlow with ./run.sh for load runs: the same server, with the rate limits that guard sign-up, login and
# key creation raised so the load tool can provision and log in hundreds of test users from one IP. Nothing else
# changes (no code, no other setting); pass more Section__Key=value settings in the environment as usual.
# Ctrl-C stops it like ./run.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=load-limits.sh
source loadtests/load-limits.sh
exec env "${load_limits[@]}" ./run.sh "$@"
