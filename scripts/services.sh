#!/usr/bin/env bash
# Shared by run.sh and test.sh: installs what VoiceFlow needs from Debian packages and runs a
# project-local PostgreSQL cluster and Redis server on loopback, under a data folder.
# Sourced, not executed. Every function is idempotent.

vf_log() { printf '\033[1;34m[voiceflow]\033[0m %s\n' "$*" >&2; }
vf_die() { printf '\033[1;31m[voiceflow]\033[0m %s\n' "$*" >&2; exit 1; }

vf_sudo() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null 2>&1; then sudo "$@"; else
    vf_die "'$*' needs root: run as root or install sudo."
  fi
}

vf_pg_bindir() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -n "$dir" ] && [ -x "$dir/initdb" ] && echo "$dir"
}

# Installs the Debian packages that are missing: PostgreSQL, Redis, espeak-ng's library and data, Node.js and npm;
# with the argument "browser", also Chromium (the browser tests drive it headless).
vf_install_packages() {
  local missing=()
  if [ "${1:-}" = browser ]; then command -v chromium >/dev/null 2>&1 || missing+=(chromium); fi
  [ -n "$(vf_pg_bindir)" ] || missing+=(postgresql)
  command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
  ldconfig -p 2>/dev/null | grep -q 'libespeak-ng\.so\.1 ' || missing+=(libespeak-ng1)
  command -v node >/dev/null 2>&1 || missing+=(nodejs)
  command -v npm >/dev/null 2>&1 || missing+=(npm)
  [ -d /usr/lib/x86_64-linux-gnu/espeak-ng-data ] || [ -d /usr/share/espeak-ng-data ] || [ -n "$(ls -d /usr/lib/*/espeak-ng-data 2>/dev/null)" ] || missing+=(espeak-ng-data)
  if [ ${#missing[@]} -gt 0 ]; then
    vf_log "Installing ${missing[*]} with apt"
    export DEBIAN_FRONTEND=noninteractive
    vf_sudo apt-get update -qq || vf_die "apt-get update failed"
    vf_sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null || vf_die "apt-get install ${missing[*]} failed"
  fi
  command -v dotnet >/dev/null 2>&1 || vf_die "The .NET 10 SDK is required (dotnet on PATH)."
}

# PostgreSQL refuses to run as root: as root the cluster belongs to the 'postgres' system user,
# which must be able to reach the data folder.
vf_pg_run() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

vf_grant_traverse() {
  local dir
  [ "$(id -u)" -eq 0 ] || return 0
  dir=$(realpath -m "$1")
  while [ "$dir" != "/" ]; do
    if ! runuser -u postgres -- test -x "$dir" 2>/dev/null; then chmod o+x "$dir"; fi
    dir=$(dirname "$dir")
  done
}

# vf_running_postgres_port DATA_DIR: the port the data folder's PostgreSQL listens on; nothing when it is not running.
vf_running_postgres_port() {
  local pidfile="$1/postgres/postmaster.pid" pid
  pid=$(head -n 1 "$pidfile" 2>/dev/null) || return 0
  kill -0 "$pid" 2>/dev/null && sed -n 4p "$pidfile"
  return 0
}

# vf_running_redis_port DATA_DIR: the same for its Redis, whose process title is "redis-server 127.0.0.1:PORT".
vf_running_redis_port() {
  local pid title
  pid=$(cat "$1/redis/redis.pid" 2>/dev/null) || return 0
  title=$(ps -o args= -p "$pid" 2>/dev/null) || return 0
  [[ $title == redis-server*127.0.0.1:* ]] || return 0
  title=${title##*:}
  echo "${title%% *}"
}

# vf_start_postgres DATA_DIR PORT: sets VF_PG_STARTED=1 when this call started it, and VF_PG_PORT to the port it
# listens on (the one it already runs on, when it was started before with another).
vf_start_postgres() {
  local data=$1 port=$2 bin cluster run_dir log
  bin=$(vf_pg_bindir) || vf_die "PostgreSQL binaries not found"
  cluster="$data/postgres"; run_dir="$data/postgres-run"; log="$data/postgres.log"
  mkdir -p "$data"
  vf_grant_traverse "$data"
  if [ ! -f "$cluster/PG_VERSION" ]; then
    vf_log "Creating a PostgreSQL cluster in $cluster"
    mkdir -p "$cluster" "$run_dir"
    head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' > "$data/postgres.password"
    chmod 600 "$data/postgres.password"
    if [ "$(id -u)" -eq 0 ]; then chown postgres: "$cluster" "$run_dir" "$data/postgres.password"; fi
    vf_pg_run "$bin/initdb" -D "$cluster" -U voiceflow --pwfile="$data/postgres.password" \
      --auth-local=scram-sha-256 --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$data/initdb.log" 2>&1 \
      || { cat "$data/initdb.log" >&2; vf_die "initdb failed"; }
  fi
  mkdir -p "$run_dir"
  [ "$(id -u)" -eq 0 ] && chown postgres: "$run_dir" && touch "$log" && chown postgres: "$log"
  if vf_pg_run "$bin/pg_ctl" -D "$cluster" status >/dev/null 2>&1; then
    VF_PG_STARTED=0
    # Started earlier, maybe on another port (an older default, another VOICEFLOW_*_PG_PORT): use the port it has.
    local running
    running=$(vf_running_postgres_port "$data")
    if [ -n "$running" ] && [ "$running" != "$port" ]; then
      vf_log "PostgreSQL of $data already runs on port $running; using it"
      port=$running
    fi
  else
    vf_pg_run "$bin/pg_ctl" -D "$cluster" -l "$log" -w -t 60 start \
      -o "-p $port -c listen_addresses=127.0.0.1 -k $run_dir -c max_connections=300 -c fsync=${VF_PG_FSYNC:-on}" >/dev/null \
      || { tail -n 20 "$log" >&2; vf_die "PostgreSQL did not start (port $port in use?)"; }
    VF_PG_STARTED=1
  fi
  VF_PG_PASSWORD=$(cat "$data/postgres.password")
  VF_PG_PORT=$port
  VF_PG_CONNECTION="Host=127.0.0.1;Port=$port;Username=voiceflow;Password=$VF_PG_PASSWORD"
  export VF_PG_STARTED VF_PG_PASSWORD VF_PG_PORT VF_PG_CONNECTION
}

vf_stop_postgres() {
  local data=$1 bin
  bin=$(vf_pg_bindir) || return 0
  [ -f "$data/postgres/PG_VERSION" ] || return 0
  vf_pg_run "$bin/pg_ctl" -D "$data/postgres" -m fast -w stop >/dev/null 2>&1 || true
}

# vf_create_database NAME: creates the database when it does not exist yet.
vf_create_database() {
  local name=$1 port=$2 bin
  bin=$(vf_pg_bindir)
  if ! PGPASSWORD="$VF_PG_PASSWORD" "$bin/psql" -h 127.0.0.1 -p "$port" -U voiceflow -d postgres -tAc \
      "SELECT 1 FROM pg_database WHERE datname = '$name'" | grep -q 1; then
    PGPASSWORD="$VF_PG_PASSWORD" "$bin/createdb" -h 127.0.0.1 -p "$port" -U voiceflow "$name"
  fi
}

# vf_start_redis DATA_DIR PORT [persist]: sets VF_REDIS_STARTED=1 when this call started it, and VF_REDIS_PORT as
# vf_start_postgres does.
vf_start_redis() {
  local data=$1 port=$2 persist=${3:-yes} dir
  dir="$data/redis"; mkdir -p "$dir"
  local running
  running=$(vf_running_redis_port "$data")
  if [ -n "$running" ] && [ "$running" != "$port" ]; then
    vf_log "Redis of $data already runs on port $running; using it"
    port=$running
  fi
  if redis-cli -h 127.0.0.1 -p "$port" ping >/dev/null 2>&1; then
    VF_REDIS_STARTED=0
  else
    local save_args=(--save "")
    [ "$persist" = yes ] && save_args=(--save "60 1" --appendonly no)
    redis-server --port "$port" --bind 127.0.0.1 --protected-mode yes --dir "$dir" --daemonize yes \
      --pidfile "$dir/redis.pid" --logfile "$dir/redis.log" "${save_args[@]}" >/dev/null \
      || vf_die "Redis did not start (port $port in use?)"
    for _ in $(seq 1 50); do redis-cli -h 127.0.0.1 -p "$port" ping >/dev/null 2>&1 && break; sleep 0.1; done
    # --daemonize returns before the server binds: a port still held (a server shutting down) shows only here.
    redis-cli -h 127.0.0.1 -p "$port" ping >/dev/null 2>&1 \
      || { tail -n 5 "$dir/redis.log" >&2; vf_die "Redis did not start on port $port"; }
    VF_REDIS_STARTED=1
  fi
  VF_REDIS_PORT=$port
  VF_REDIS_CONNECTION="127.0.0.1:$port"
  export VF_REDIS_STARTED VF_REDIS_PORT VF_REDIS_CONNECTION
}

# vf_stop_redis PORT [save|nosave]
vf_stop_redis() {
  local port=$1 mode=${2:-save}
  redis-cli -h 127.0.0.1 -p "$port" shutdown "$mode" >/dev/null 2>&1 || true
}
