#!/usr/bin/env bash
# Starts VoiceFlow with ./run.sh for load runs: the same server, with the rate limits that guard sign-up, login and
# key creation raised so the load tool can provision and log in hundreds of test users from one IP. Nothing else
# changes (no code, no other setting); pass more Section__Key=value settings in the environment as usual.
# Ctrl-C stops it like ./run.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
limit() { printf 'RateLimits__Policies__%s__Limit=%s' "$1" "$2"; }
exec env \
  "$(limit register "${LOAD_REGISTER_LIMIT:-100000}")" \
  "$(limit login-ip "${LOAD_LOGIN_LIMIT:-100000}")" \
  "$(limit login-email "${LOAD_LOGIN_EMAIL_LIMIT:-1000}")" \
  "$(limit api-anonymous "${LOAD_ANONYMOUS_LIMIT:-100000}")" \
  "$(limit create-api-key "${LOAD_CREATE_KEY_LIMIT:-100000}")" \
  "$(limit create-deployment "${LOAD_CREATE_DEPLOYMENT_LIMIT:-1000}")" \
  ./run.sh "$@"
