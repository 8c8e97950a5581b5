# Sourced by serve.sh and second-node.sh: the rate limits raised for load runs, as environment settings in the array
# load_limits (names with hyphens cannot be exported from bash, so they are passed through `env`).
limit() { printf 'RateLimits__Policies__%s__Limit=%s' "$1" "$2"; }
load_limits=(
  "$(limit register "${LOAD_REGISTER_LIMIT:-100000}")"
  "$(limit login-ip "${LOAD_LOGIN_LIMIT:-100000}")"
  "$(limit login-email "${LOAD_LOGIN_EMAIL_LIMIT:-1000}")"
  "$(limit api-anonymous "${LOAD_ANONYMOUS_LIMIT:-100000}")"
  "$(limit create-api-key "${LOAD_CREATE_KEY_LIMIT:-100000}")"
  "$(limit create-deployment "${LOAD_CREATE_DEPLOYMENT_LIMIT:-1000}")"
)
