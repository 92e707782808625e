#!/usr/bin/env bash
# Runs the project's own PostgreSQL and RabbitMQ for development and tests.
#
#   deploy/services.sh up       start both (harmless when already running)
#   deploy/services.sh down     stop both, leaving no process behind
#   deploy/services.sh status   say whether each runs; non-zero unless both do
#   deploy/services.sh env      print `export LEDGER_*_URL=...` lines for eval
#   deploy/services.sh postgres-stop|postgres-start
#                               stop/start Postgres alone (outage tests)
#   deploy/services.sh rabbitmq-kill|rabbitmq-start
#                               kill -9 the broker (a crash) / start it again
#   deploy/services.sh postgres-pause|postgres-resume
#   deploy/services.sh rabbitmq-pause|rabbitmq-resume
#                               SIGSTOP/SIGCONT the server's processes (a
#                               hang: connections stay open, nothing answers)
#
# Both listen on 127.0.0.1 only, on non-default ports below the kernel's
# range of ephemeral ports (32768-60999 by default; see ephemeral_warning):
#   LEDGER_PG_PORT    (default 17432)  PostgreSQL
#   LEDGER_AMQP_PORT  (default 17672)  AMQP
#   LEDGER_DIST_PORT  (default 17673)  Erlang distribution of the broker node
#   LEDGER_EPMD_PORT  (default 17674)  the project's own epmd
# `up` records the ports it used in .local/services.env; later commands use
# those unless the variables are set, and `down` forgets them.
#
# State lives under <repo>/.local/ (gitignored), or under LEDGER_LOCAL_DIR
# when set: a second, independent pair of servers (other ports too), e.g.
# for tests that kill or pause the servers while others use the usual pair:
#   LEDGER_LOCAL_DIR=/tmp/fault-servers LEDGER_PG_PORT=18432 \
#     LEDGER_AMQP_PORT=18672 LEDGER_DIST_PORT=18673 LEDGER_EPMD_PORT=18674 \
#     deploy/services.sh up
# Every later command for that pair needs the same LEDGER_LOCAL_DIR.
# When run as root the servers run as the unprivileged `postgres` and
# `rabbitmq` users; if those cannot reach <repo>/.local (e.g. the repo is
# under /root), their data goes to /var/tmp/ledger-<hash of that path>/ and
# .local/runbase records where. Passwords are generated once into
# .local/secrets (mode 600) and reused.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
readonly repo
if [[ -n ${LEDGER_LOCAL_DIR:-} ]]; then
  # Absolute (it is compared and hashed), relative to where we were called.
  case $LEDGER_LOCAL_DIR in
    /*) local_dir=$LEDGER_LOCAL_DIR ;;
    *) local_dir=$PWD/$LEDGER_LOCAL_DIR ;;
  esac
  local_dir=${local_dir%/}
else
  local_dir=$repo/.local
fi
readonly local_dir
readonly secrets_file="$local_dir/secrets"
readonly ports_file="$local_dir/services.env"
readonly runbase_file="$local_dir/runbase"
# Names this pair of servers apart from any other on the machine (the
# /var/tmp fallback, a long socket path's fallback, our epmd's name). The
# usual .local keeps the hash of the checkout it always had, so servers
# started before LEDGER_LOCAL_DIR existed are still found.
if [[ $local_dir == "$repo/.local" ]]; then
  state_hash=$(printf '%s' "$repo" | sha256sum | cut -c1-12)
else
  state_hash=$(printf '%s' "$local_dir" | sha256sum | cut -c1-12)
fi
readonly state_hash
cd /

readonly db_name=ledger
readonly db_user=ledger
readonly amqp_vhost=ledger
readonly amqp_user=ledger
# Broker roles besides the engine's `ledger` (which may do anything in the
# vhost): each program logs in with the least it needs (docs/security.md).
# "name configure write read", as RabbitMQ permission regexes (no spaces);
# `.*ledger\.x$` also matches the prefixed names tests use. Only the
# operator may write to the commands exchange, and ledgerd refuses commands
# routed another way (the default exchange, where workers write replies).
readonly amqp_exchanges='.*(ledger\.(commands|requests|events)|market\.quotes)$'
readonly amqp_roles=(
  "ledger-worker $amqp_exchanges|^amq\.gen-.* ^amq\.(default|gen-.*)$ ^amq\.gen-.*|.*ledger\.requests$"
  "ledger-feed $amqp_exchanges .*market\.quotes$ ^$"
  "ledger-operator $amqp_exchanges|^amq\.gen-.* ^amq\.gen-.*|.*ledger\.commands$ ^amq\.gen-.*|.*ledger\.commands$"
)

# The secrets file's key of a role's password: ledger-worker ->
# AMQP_WORKER_PASSWORD.
role_secret() {
  local role=${1#ledger-}
  echo "AMQP_${role^^}_PASSWORD"
}

log() { printf 'services: %s\n' "$*"; }
die() {
  printf 'services: error: %s\n' "$*" >&2
  exit 1
}

usage() {
  sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$repo/deploy/services.sh"
}

# ---------------------------------------------------------------- settings

# Value of a KEY=value line in a file ("" when absent).
read_kv() {
  local file=$1 key=$2
  [[ -r $file ]] || return 0
  sed -n "s/^$key=//p" "$file" | tail -n 1
}

# Ports: the environment wins, then what `up` recorded, then the default.
pick_port() {
  local var=$1 default=$2 value
  value=${!var:-}
  [[ -n $value ]] || value=$(read_kv "$ports_file" "$var")
  [[ -n $value ]] || value=$default
  if ! [[ $value =~ ^[0-9]{1,5}$ ]] || ((value < 1 || value > 65535)); then
    die "$var must be a TCP port number, got '$value'"
  fi
  printf '%s' "$value"
}

pg_port=$(pick_port LEDGER_PG_PORT 17432)
amqp_port=$(pick_port LEDGER_AMQP_PORT 17672)
dist_port=$(pick_port LEDGER_DIST_PORT 17673)
epmd_port=$(pick_port LEDGER_EPMD_PORT 17674)
readonly pg_port amqp_port dist_port epmd_port
readonly rabbit_node=ledger@localhost

pg_bin=${LEDGER_PG_BIN:-}
if [[ -z $pg_bin ]]; then
  # Debian 12 ships 15; take the newest installed major version.
  for dir in /usr/lib/postgresql/*/bin; do
    [[ -x $dir/postgres ]] && pg_bin=$dir
  done
fi
readonly pg_bin
readonly rabbit_bin=/usr/lib/rabbitmq/bin
readonly epmd_bin=${LEDGER_EPMD_BIN:-/usr/bin/epmd}

require_tools() {
  [[ -n $pg_bin && -x $pg_bin/postgres ]] ||
    die "PostgreSQL server binaries not found (run deploy/install-deps.sh)"
  [[ -x $rabbit_bin/rabbitmq-server && -x $epmd_bin ]] ||
    die "RabbitMQ not found in $rabbit_bin (run deploy/install-deps.sh)"
  command -v pgrep >/dev/null || die "pgrep missing (package procps)"
  if ((EUID == 0)); then
    command -v setpriv >/dev/null || die "setpriv missing (package util-linux)"
    id -u postgres >/dev/null 2>&1 || die "no 'postgres' user (run deploy/install-deps.sh)"
    id -u rabbitmq >/dev/null 2>&1 || die "no 'rabbitmq' user (run deploy/install-deps.sh)"
  fi
}

# ------------------------------------------------------------- privileges

# As root the servers run as their Debian system users; otherwise as the
# caller. `as_user USER cmd...` runs cmd so (via setpriv when root), keeping
# the environment; as_user_prefix prints that prefix, one word a line.
# (Every path used is absolute, and the script runs from /, a directory
# that every user can enter.)
as_user_prefix() {
  if ((EUID == 0)); then
    printf '%s\n' setpriv --reuid="$1" --regid="$(id -g "$1")" --init-groups --
  fi
}
if ((EUID == 0)); then
  pg_user=postgres
  rabbit_user=rabbitmq
else
  pg_user=$(id -un)
  rabbit_user=$pg_user
fi
readonly pg_user rabbit_user

as_user() {
  local user=$1
  shift
  local -a prefix
  mapfile -t prefix < <(as_user_prefix "$user")
  "${prefix[@]}" "$@"
}

# Gives files to USER (when root; otherwise they are the caller's already).
give_to() {
  local user=$1
  shift
  if ((EUID == 0)); then
    chown "$user:$(id -g "$user")" "$@"
  fi
}

# mkdir -p + owner + mode for a directory the service user owns.
make_owned_dir() {
  local user=$1 mode=$2 dir=$3
  mkdir -p "$dir"
  give_to "$user" "$dir"
  chmod "$mode" "$dir"
}

# --------------------------------------------------------------- locations

ensure_local_dir() {
  if [[ ! -d $local_dir ]]; then
    mkdir -p "$local_dir"
    chmod 755 "$local_dir"
  fi
}

# Where the server data lives: .local, unless root and the service users
# cannot traverse into it. Decided once (by `up`) and recorded.
runbase=
resolve_runbase() {
  local recorded
  recorded=$(read_kv "$runbase_file" RUNBASE)
  if [[ -n $recorded ]]; then
    runbase=$recorded
    return
  fi
  runbase=$local_dir
  if ((EUID == 0)) && [[ -d $local_dir ]]; then
    if ! as_user postgres test -x "$local_dir" ||
      ! as_user rabbitmq test -x "$local_dir"; then
      runbase=/var/tmp/ledger-$state_hash
    fi
  fi
}

prepare_runbase() {
  ensure_local_dir
  resolve_runbase
  if [[ $runbase != "$local_dir" ]]; then
    if [[ -e $runbase || -L $runbase ]]; then
      [[ -d $runbase && ! -L $runbase && $(stat -c %u "$runbase") == 0 ]] ||
        die "$runbase exists but is not a directory owned by root"
    else
      mkdir -p "$runbase"
    fi
    chmod 755 "$runbase"
    if [[ ! -f $runbase_file ]]; then
      log "service users cannot reach $local_dir; data kept in $runbase"
    fi
  fi
  printf 'RUNBASE=%s\n' "$runbase" >"$runbase_file"
}

set_paths() {
  pg_base=$runbase/pg
  pg_data=$pg_base/data
  pg_log=$pg_base/postgres.log
  pg_sock=$pg_base/run
  # A unix socket path must fit in 107 bytes.
  if ((${#pg_sock} + 20 > 100)); then
    pg_sock=/tmp/ledger-pg-$state_hash
  fi
  rabbit_base=$runbase/rabbitmq
  rabbit_mnesia=$rabbit_base/mnesia
  rabbit_logdir=$rabbit_base/log
  rabbit_home=$rabbit_base/home
  rabbit_stamp=$rabbit_mnesia/.ledger-provisioned
  set_rabbit_envv
}

# ------------------------------------------------------------------ helpers

# True when something accepts TCP connections on 127.0.0.1:PORT.
port_busy() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# Whether a socket on port $1 is connected to itself. A client retrying its
# connection to a server that is down may be given the server's port as
# its own source port (when that port lies in the ephemeral range, see
# ephemeral_warning) and then connects to itself: the socket holds the
# port, and after its close lingers in TIME_WAIT for a minute, and the
# server cannot bind meanwhile. port_busy sees neither (nothing listens).
port_self_connected() {
  local hex table
  hex=$(printf '%04X' "$1")
  for table in /proc/net/tcp /proc/net/tcp6; do
    [[ -r $table ]] || continue
    awk -v p=":$hex" 'FNR > 1 && $2 == $3 && substr($2, length($2) - 4) == p \
      { found = 1 } END { exit !found }' "$table" && return 0
  done
  return 1
}

# Waits up to $2 seconds until no socket on the ports $3... is connected
# to itself; $1 names the server in the log. Returns in any case: the
# start then says what it finds.
self_connections_gone() {
  local what=$1 deadline=$((SECONDS + $2)) port said=
  shift 2
  for port in "$@"; do
    while port_self_connected "$port" && ((SECONDS < deadline)); do
      if [[ -z $said ]]; then
        log "$what: port $port is held by a connection to itself; waiting for it to go (at most $((deadline - SECONDS)) s)"
        said=1
      fi
      sleep 1
    done
  done
}

# The string as an extended regex matching itself.
ere_escape() {
  printf '%s' "$1" | sed 's/[][\\.^$*+?(){}|]/\\&/g'
}

# Pids of processes whose command line matches the extended regex.
pids_matching() {
  pgrep -f -- "$1" || true
}

# Shows the first error lines and the last lines of a log, if it was
# written to at or after the epoch second $2 (default: whenever).
log_tail() {
  local file=$1 since=${2:-0} errors
  [[ -r $file ]] || return 0
  (($(stat -c %Y "$file") >= since)) || return 0
  {
    errors=$(grep -m 12 -iE 'error|fatal|panic' "$file" || true)
    if [[ -n $errors ]]; then
      echo "----- first errors in $file -----"
      printf '%s\n' "$errors"
    fi
    echo "----- last lines of $file -----"
    tail -n 15 "$file"
    echo "-----"
  } >&2
}

new_password() {
  od -An -tx1 -N20 /dev/urandom | tr -d ' \n'
}

ensure_secrets() {
  ensure_local_dir
  local key value lines='' missing=0 role
  local keys=(PG_PASSWORD AMQP_PASSWORD)
  for role in "${amqp_roles[@]}"; do
    keys+=("$(role_secret "${role%% *}")")
  done
  # Kept values stay; a missing one (a new role after an upgrade) is made.
  for key in "${keys[@]}"; do
    value=$(read_kv "$secrets_file" "$key")
    if [[ -z $value ]]; then
      value=$(new_password)
      missing=1
    fi
    lines+="$key=$value"$'\n'
  done
  if ((missing == 0)); then
    chmod 600 "$secrets_file"
    return
  fi
  (
    umask 077
    printf '%s' "$lines" >"$secrets_file.tmp"
  )
  mv "$secrets_file.tmp" "$secrets_file"
  chmod 600 "$secrets_file"
  log "generated passwords in $secrets_file"
}

secret() {
  local value
  value=$(read_kv "$secrets_file" "$1")
  [[ -n $value ]] || die "no $1 in $secrets_file (run: deploy/services.sh up)"
  printf '%s' "$value"
}

# --------------------------------------------------------------- PostgreSQL

pg_ctl_() { as_user "$pg_user" "$pg_bin/pg_ctl" "$@"; }

pg_running() {
  [[ -f $pg_data/PG_VERSION ]] && pg_ctl_ -D "$pg_data" status >/dev/null 2>&1
}

psql_admin() {
  "$pg_bin/psql" -X -q -v ON_ERROR_STOP=1 -h "$pg_sock" -p "$pg_port" \
    -U postgres -d postgres
}

pg_up() {
  make_owned_dir "$pg_user" 700 "$pg_base"
  make_owned_dir "$pg_user" 700 "$pg_sock"
  if [[ ! -f $pg_data/PG_VERSION ]]; then
    log "postgres: initdb in $pg_data"
    # Local socket (only reachable by the owner: the directory is 0700)
    # trusts; TCP needs the password.
    as_user "$pg_user" "$pg_bin/initdb" -D "$pg_data" -U postgres \
      --auth-local=trust --auth-host=scram-sha-256 -E UTF8 \
      --locale=C.UTF-8 >"$pg_base/initdb.log" 2>&1 || {
      log_tail "$pg_base/initdb.log"
      die "postgres: initdb failed"
    }
    give_to "$pg_user" "$pg_base/initdb.log"
  fi

  if pg_running; then
    log "postgres: already running (port $pg_port)"
  else
    ! port_busy "$pg_port" ||
      die "postgres: port 127.0.0.1:$pg_port is taken by another program (set LEDGER_PG_PORT)"
    self_connections_gone postgres 90 "$pg_port"
    log "postgres: starting on 127.0.0.1:$pg_port"
    if ! pg_ctl_ -D "$pg_data" -l "$pg_log" -w -t 60 -o \
      "-p $pg_port -k '$pg_sock' -c listen_addresses=127.0.0.1" \
      start >/dev/null; then
      log_tail "$pg_log"
      die "postgres: did not start within 60 s"
    fi
  fi

  local deadline=$((SECONDS + 30))
  until "$pg_bin/pg_isready" -q -h 127.0.0.1 -p "$pg_port" -d postgres; do
    if ((SECONDS >= deadline)); then
      log_tail "$pg_log"
      die "postgres: not answering on 127.0.0.1:$pg_port"
    fi
    sleep 0.5
  done

  # Role and database, idempotently; the password always matches .local/secrets.
  local pw
  pw=$(secret PG_PASSWORD)
  psql_admin <<SQL || die "postgres: could not create role/database '$db_name'"
SELECT 'CREATE ROLE $db_user LOGIN'
  WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '$db_user') \gexec
-- CREATEDB: integration tests each make a scratch database.
ALTER ROLE $db_user WITH LOGIN CREATEDB PASSWORD '$pw';
SELECT 'CREATE DATABASE $db_name OWNER $db_user'
  WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = '$db_name') \gexec
SQL
  log "postgres: ready, database '$db_name' role '$db_user'"
}

pg_down() {
  if [[ -f $pg_data/PG_VERSION ]] && pg_running; then
    log "postgres: stopping"
    pg_ctl_ -D "$pg_data" -m fast -w -t 60 stop >/dev/null ||
      die "postgres: pg_ctl stop failed"
  else
    log "postgres: not running"
  fi
}

pg_pids() {
  # The postmaster's command line names the data directory; its children
  # are named "postgres: ..." and die with it.
  [[ -n ${pg_data:-} ]] || return 0
  pids_matching "^$(ere_escape "$pg_bin/postgres") -D $(ere_escape "$pg_data")( |\$)"
}

# ----------------------------------------------------------------- RabbitMQ

# Runs a command in the broker's environment: HOME (and so the Erlang
# cookie) inside the project's folder, every path and port ours, as the
# broker's user. Every process of our broker, its CLI calls and its epmd
# so carries HOME=$rabbit_home, which is how `down` finds them all.
rabbit_env() {
  local -a prefix
  mapfile -t prefix < <(as_user_prefix "$rabbit_user")
  "${rabbit_envv[@]}" "${prefix[@]}" "$@"
}

# The `env ...` command line of rabbit_env (set by set_paths).
set_rabbit_envv() {
  # Erlang distribution (server and CLI) on loopback only, too, and no
  # epmd of Erlang's own starting: only ours, which `down` stops.
  local erl_args="-start_epmd false -kernel inet_dist_use_interface {127,0,0,1}"
  # No busy waiting in the broker's schedulers: by default an idle Erlang
  # scheduler spins before it sleeps, which on a machine shared with
  # ledgerd, Postgres and the workers burns the cores they need
  # (RabbitMQ's runtime guide recommends this for shared hosts).
  local server_args="$erl_args +sbwt none +sbwtdcpu none +sbwtdio none"
  rabbit_envv=(
    env -u RABBITMQ_ENABLED_PLUGINS -u RABBITMQ_USE_LONGNAME -u NOTIFY_SOCKET
    HOME="$rabbit_home"
    RABBITMQ_CONF_ENV_FILE="$rabbit_base/rabbitmq-env.conf"
    RABBITMQ_CONFIG_FILE="$rabbit_base/rabbitmq.conf"
    RABBITMQ_ADVANCED_CONFIG_FILE="$rabbit_base/advanced.config"
    RABBITMQ_ENABLED_PLUGINS_FILE="$rabbit_base/enabled_plugins"
    RABBITMQ_MNESIA_BASE="$rabbit_mnesia"
    RABBITMQ_LOG_BASE="$rabbit_logdir"
    RABBITMQ_PID_FILE="$rabbit_base/rabbit.pid"
    ERL_CRASH_DUMP="$rabbit_logdir/erl_crash.dump"
    RABBITMQ_NODENAME="$rabbit_node"
    RABBITMQ_NODE_IP_ADDRESS=127.0.0.1
    RABBITMQ_NODE_PORT="$amqp_port"
    RABBITMQ_DIST_PORT="$dist_port"
    RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="$server_args"
    RABBITMQ_CTL_ERL_ARGS="$erl_args"
    ERL_EPMD_ADDRESS=127.0.0.1
    ERL_EPMD_PORT="$epmd_port"
  )
}

# Runs a RabbitMQ script (rabbitmqctl, ...) in the broker's environment.
rabbit() {
  local tool=$1
  shift
  rabbit_env "$rabbit_bin/$tool" "$@"
}

# Our epmd runs under a name of its own (its argv[0]) naming this pair of
# servers (state_hash) and its port, so that it is told apart from any
# other epmd.
readonly epmd_name_prefix=ledger-epmd-$state_hash
epmd_name() { printf '%s-%s' "$epmd_name_prefix" "$epmd_port"; }

# Ours, on the configured port.
epmd_pids() {
  pids_matching "^$(epmd_name) -address 127\\.0\\.0\\.1 -port $epmd_port -daemon\$"
}

# The broker VM. Its command line carries its HOME, which is ours alone.
beam_pids() {
  [[ -n ${rabbit_home:-} ]] || return 0
  pids_matching "beam\\.smp .* -home $(ere_escape "$rabbit_home") "
}

# Every live process started in rabbit_env: the VM, its helpers, the
# rabbitmq-server wrapper script, our epmd (on whatever port), CLI calls.
rabbit_all_pids() {
  [[ -n ${rabbit_home:-} ]] || return 0
  # -z: environ entries are NUL-separated. Zombies have an empty environ.
  grep -lzxF "HOME=$rabbit_home" /proc/[0-9]*/environ 2>/dev/null |
    sed -n 's#^/proc/\([0-9]*\)/environ$#\1#p' || true
}

rabbit_ping() {
  # Without our epmd the node cannot be reached (and is not running); the
  # CLI would also start an epmd of its own.
  [[ -n $(epmd_pids) ]] || return 1
  rabbit rabbitmqctl -q -n "$rabbit_node" ping >/dev/null 2>&1
}

# Plugins the project needs: trade requests go to an x-consistent-hash
# exchange (docs/wire-format.md). They ship with RabbitMQ 3.10.
readonly rabbit_plugins=(rabbitmq_consistent_hash_exchange)

# Brings the plugins of enabled_plugins up on a node that was started
# before they were listed there (an already-provisioned node).
rabbit_enable_plugins() {
  rabbit rabbitmq-plugins -q -n "$rabbit_node" enable "${rabbit_plugins[@]}" \
    >/dev/null || die "rabbitmq: could not enable ${rabbit_plugins[*]}"
}

write_rabbit_config() {
  local pw=$1 file=$rabbit_base/rabbitmq.conf
  # default_* only take effect on the first boot of an empty database;
  # rabbit_provision keeps them right afterwards.
  (
    umask 077
    cat >"$file.tmp" <<CONF
# Generated by deploy/services.sh; rewritten on every start.
listeners.tcp.default = 127.0.0.1:$amqp_port
default_vhost = $amqp_vhost
default_user = $amqp_user
default_pass = $pw
default_user_tags.administrator = true
default_permissions.configure = .*
default_permissions.read = .*
default_permissions.write = .*
log.console = false
log.file.level = info
CONF
  )
  mv "$file.tmp" "$file"
  : >"$rabbit_base/rabbitmq-env.conf"
  # Enabled offline: a node starting reads this file. (One already running
  # picks a new plugin up in rabbit_enable_plugins.)
  echo "[${rabbit_plugins[*]}]." | tr ' ' ',' >"$rabbit_base/enabled_plugins"
  give_to "$rabbit_user" "$file" "$rabbit_base/rabbitmq-env.conf" \
    "$rabbit_base/enabled_plugins"
}

ensure_cookie() {
  local cookie=$rabbit_home/.erlang.cookie
  [[ -s $cookie ]] && return
  (
    umask 077
    od -An -tx1 -N20 /dev/urandom | tr -d ' \n' | tr 'a-f' 'A-F' >"$cookie"
  )
  chmod 400 "$cookie"
  give_to "$rabbit_user" "$cookie"
}

epmd_up() {
  if [[ -n $(epmd_pids) ]]; then
    return
  fi
  ! port_busy "$epmd_port" ||
    die "rabbitmq: port 127.0.0.1:$epmd_port (epmd) is taken by another program (set LEDGER_EPMD_PORT)"
  # shellcheck disable=SC2016 # expanded by that inner bash
  rabbit_env bash -c 'exec -a "$0" "$@"' "$(epmd_name)" \
    "$epmd_bin" -address 127.0.0.1 -port "$epmd_port" -daemon \
    </dev/null >/dev/null 2>&1
  local deadline=$((SECONDS + 10))
  until "$epmd_bin" -port "$epmd_port" -names >/dev/null 2>&1; do
    ((SECONDS < deadline)) || die "rabbitmq: epmd did not start on port $epmd_port"
    sleep 0.2
  done
}

# Vhost, user, password and permissions. Skipped when the stamp in the
# broker's database says it was done with the current password.
rabbit_provision() {
  local pw want have='' role
  pw=$(secret AMQP_PASSWORD)
  want=$(
    printf '%s' "$amqp_user:$pw"
    for role in "${amqp_roles[@]}"; do
      printf '\n%s:%s' "$role" "$(secret "$(role_secret "${role%% *}")")"
    done | sha256sum | cut -c1-64
  )
  [[ -r $rabbit_stamp ]] && have=$(cat "$rabbit_stamp")
  if [[ $have == "$want" ]]; then
    return
  fi
  log "rabbitmq: provisioning vhost '$amqp_vhost' and user '$amqp_user'"
  local ctl=(rabbit rabbitmqctl -q -n "$rabbit_node") vhosts users
  vhosts=$("${ctl[@]}" list_vhosts --no-table-headers)
  if ! grep -qx "$amqp_vhost" <<<"$vhosts"; then
    "${ctl[@]}" add_vhost "$amqp_vhost" >/dev/null
  fi
  users=$("${ctl[@]}" list_users --no-table-headers | cut -f1)
  if grep -qx "$amqp_user" <<<"$users"; then
    "${ctl[@]}" change_password "$amqp_user" "$pw" >/dev/null
  else
    "${ctl[@]}" add_user "$amqp_user" "$pw" >/dev/null
  fi
  "${ctl[@]}" set_permissions -p "$amqp_vhost" "$amqp_user" '.*' '.*' '.*' >/dev/null
  local name configure write reads
  for role in "${amqp_roles[@]}"; do
    read -r name configure write reads <<<"$role"
    pw=$(secret "$(role_secret "$name")")
    if grep -qx "$name" <<<"$users"; then
      "${ctl[@]}" change_password "$name" "$pw" >/dev/null
    else
      "${ctl[@]}" add_user "$name" "$pw" >/dev/null
    fi
    "${ctl[@]}" set_permissions -p "$amqp_vhost" "$name" \
      "$configure" "$write" "$reads" >/dev/null
  done
  if grep -qx guest <<<"$users"; then
    "${ctl[@]}" delete_user guest >/dev/null
  fi
  printf '%s\n' "$want" >"$rabbit_stamp"
  give_to "$rabbit_user" "$rabbit_stamp"
}

# Waits up to $1 seconds for the node to finish booting. The node registers
# with epmd a moment after the VM starts, so await_startup can fail at
# first: retry until the deadline, unless the VM is gone.
rabbit_await() {
  local deadline=$((SECONDS + $1)) begun=$SECONDS
  while ((SECONDS < deadline)); do
    if rabbit rabbitmqctl -q -n "$rabbit_node" await_startup --timeout 30 \
      >/dev/null 2>&1; then
      return 0
    fi
    if [[ -z $(beam_pids) ]] && ((SECONDS - begun > 3)); then
      return 1 # the VM died
    fi
    sleep 1
  done
  return 1
}

# Starts the broker's VM and waits for the node to boot; fails when it
# does not (its output is in the log file $1).
rabbit_start_node() {
  local start_log=$1
  log "rabbitmq: starting node $rabbit_node on 127.0.0.1:$amqp_port"
  : >"$start_log"
  give_to "$rabbit_user" "$start_log"
  # In the background in a session of its own rather than with -detached,
  # so that what the broker prints before its log is set up (a bad config,
  # say) lands in start.log. A simple command, not a function, so that no
  # shell of ours stays behind waiting for it.
  local -a prefix
  mapfile -t prefix < <(as_user_prefix "$rabbit_user")
  "${rabbit_envv[@]}" "${prefix[@]}" setsid "$rabbit_bin/rabbitmq-server" \
    </dev/null >>"$start_log" 2>&1 &
  rabbit_await 120
}

rabbit_up() {
  make_owned_dir "$rabbit_user" 700 "$rabbit_base"
  make_owned_dir "$rabbit_user" 700 "$rabbit_mnesia"
  make_owned_dir "$rabbit_user" 700 "$rabbit_logdir"
  make_owned_dir "$rabbit_user" 700 "$rabbit_home"
  ensure_cookie
  write_rabbit_config "$(secret AMQP_PASSWORD)"
  epmd_up

  if rabbit_ping; then
    log "rabbitmq: already running (port $amqp_port)"
    rabbit_enable_plugins
    rabbit_provision
    log "rabbitmq: ready, vhost '$amqp_vhost' user '$amqp_user'"
    return
  fi

  if [[ -n $(beam_pids) ]]; then
    # Booting (another `up`?), or cut off from its epmd: wait a little,
    # then start it afresh.
    log "rabbitmq: node process found but not answering yet, waiting"
    if ! rabbit_await 30; then
      log "rabbitmq: node does not answer, restarting it"
      kill_all beam_pids rabbitmq || die "rabbitmq: could not stop the old node"
    fi
  fi

  if [[ -z $(beam_pids) ]]; then
    ! port_busy "$amqp_port" ||
      die "rabbitmq: port 127.0.0.1:$amqp_port is taken by another program (set LEDGER_AMQP_PORT)"
    ! port_busy "$dist_port" ||
      die "rabbitmq: port 127.0.0.1:$dist_port is taken by another program (set LEDGER_DIST_PORT)"
    local start_log=$rabbit_base/start.log node_log=$rabbit_logdir/$rabbit_node.log
    local begun_at
    begun_at=$(date +%s)
    local tries=1
    self_connections_gone rabbitmq 90 "$amqp_port" "$dist_port"
    # A port can still be taken at the node's bind by a socket born in
    # between: then once more when it is gone.
    until rabbit_start_node "$start_log"; do
      if ((tries < 3)) && [[ -z $(beam_pids) ]] &&
        grep -q eaddrinuse "$start_log"; then
        log "rabbitmq: a port was taken as the node started; trying again"
        tries=$((tries + 1))
        self_connections_gone rabbitmq 90 "$amqp_port" "$dist_port"
        begun_at=$(date +%s)
        continue
      fi
      log_tail "$start_log" "$begun_at"
      log_tail "$node_log" "$begun_at"
      die "rabbitmq: node $rabbit_node did not start (logs: $start_log, $rabbit_logdir)"
    done
  fi
  rabbit_enable_plugins # a node found booting may predate the plugin list
  rabbit_provision
  log "rabbitmq: ready, vhost '$amqp_vhost' user '$amqp_user'"
}

# Waits up to $2 seconds for all the pids printed by function $1 to exit.
wait_gone() {
  local fn=$1 deadline=$((SECONDS + $2))
  while [[ -n $($fn) ]]; do
    ((SECONDS < deadline)) || return 1
    sleep 0.5
  done
}

# TERM, then KILL, the pids printed by function $1.
kill_all() {
  local fn=$1 what=$2
  local -a pids
  mapfile -t pids < <($fn)
  ((${#pids[@]} > 0)) || return 0
  log "$what: still running (pids ${pids[*]}), sending TERM"
  kill "${pids[@]}" 2>/dev/null || true
  wait_gone "$fn" 15 && return 0
  mapfile -t pids < <($fn)
  log "$what: sending KILL to ${pids[*]}"
  kill -9 "${pids[@]}" 2>/dev/null || true
  wait_gone "$fn" 5
}

rabbit_down() {
  if [[ -n $(beam_pids) ]]; then
    log "rabbitmq: stopping node $rabbit_node"
    # The CLI needs our epmd to reach the node; without it, kill_all's
    # SIGTERM stops the broker cleanly too.
    if [[ -n $(epmd_pids) ]]; then
      rabbit rabbitmqctl -q -n "$rabbit_node" stop >/dev/null 2>&1 || true
      wait_gone beam_pids 60 || true
    fi
    kill_all beam_pids rabbitmq || die "rabbitmq: could not stop the node"
  else
    log "rabbitmq: not running"
  fi
  if [[ -n $(epmd_pids) ]]; then
    "$epmd_bin" -port "$epmd_port" -kill >/dev/null 2>&1 || true
    wait_gone epmd_pids 5 || true
  fi
  # Whatever is left: epmd, the wrapper script, a stray CLI call.
  kill_all rabbit_all_pids "rabbitmq/epmd" || die "rabbitmq: could not stop all its processes"
}

# ----------------------------------------------------------------- commands

# A server port inside the kernel's ephemeral range can be taken while the
# server is down (a restart, a fault test): by a program listening on port
# 0, or by a client connected to itself (port_self_connected). The server
# then fails to start with "address in use" (CI saw it once, for RabbitMQ).
ephemeral_warning() {
  local range=/proc/sys/net/ipv4/ip_local_port_range low high port
  [[ -r $range ]] || return 0
  read -r low high <"$range"
  for port in "$pg_port" "$amqp_port" "$dist_port" "$epmd_port"; do
    if ((port >= low && port <= high)); then
      log "warning: port $port lies in the ephemeral range $low-$high; a restart may find it taken (choose ports outside it)"
    fi
  done
}

cmd_up() {
  require_tools
  ensure_secrets
  prepare_runbase
  set_paths
  ephemeral_warning
  printf 'LEDGER_PG_PORT=%s\nLEDGER_AMQP_PORT=%s\nLEDGER_DIST_PORT=%s\nLEDGER_EPMD_PORT=%s\n' \
    "$pg_port" "$amqp_port" "$dist_port" "$epmd_port" >"$ports_file"
  resume_paused
  pg_up
  rabbit_up
  log "both up; use: eval \"\$(deploy/services.sh env)\""
}

cmd_down() {
  require_tools
  resolve_runbase
  set_paths
  resume_paused
  pg_down
  if [[ -n $(pg_pids) ]]; then
    kill_all pg_pids postgres || die "postgres: could not stop it"
  fi
  rabbit_down
  local -a left
  mapfile -t left < <(pg_pids; rabbit_all_pids)
  if ((${#left[@]} > 0)); then
    die "processes still running: ${left[*]}"
  fi
  rm -f "$ports_file"
  log "both stopped"
}

cmd_status() {
  require_tools
  resolve_runbase
  set_paths
  local ok=0
  if pg_running && "$pg_bin/pg_isready" -q -h 127.0.0.1 -p "$pg_port"; then
    echo "postgres: running on 127.0.0.1:$pg_port (data $pg_data)"
  else
    echo "postgres: not running"
    ok=1
  fi
  if [[ -d $rabbit_base ]] && rabbit_ping; then
    echo "rabbitmq: running node $rabbit_node on 127.0.0.1:$amqp_port (data $rabbit_base)"
  else
    echo "rabbitmq: not running"
    ok=1
  fi
  return $ok
}

# Only Postgres, for tests of a database outage: the broker keeps running.
cmd_postgres_stop() {
  require_tools
  resolve_runbase
  set_paths
  resume_paused # a paused server would not hear pg_ctl
  pg_down
}

cmd_postgres_start() {
  require_tools
  resolve_runbase
  set_paths
  resume_paused
  pg_up
}

# ------------------------------------------------------- faults, for tests

# The pids given and all their descendants, parents first.
with_descendants() {
  local pid
  for pid in "$@"; do
    printf '%s\n' "$pid"
    # shellcheck disable=SC2046 # one pid a word
    with_descendants $(pgrep -P "$pid" || true)
  done
}

# The postmaster and everything it forked (backends, checkpointer, ...):
# stopping the postmaster alone would leave open sessions answering.
pg_server_pids() {
  # shellcheck disable=SC2046
  with_descendants $(pg_pids)
}

# The broker VM and its helpers (erl_child_setup, inet_gethost, ...); not
# our epmd, which is no part of the broker and only serves the CLI.
beam_server_pids() {
  # shellcheck disable=SC2046
  with_descendants $(beam_pids)
}

# Sends `signal` to the pids printed by function $2; fails when none.
signal_all() {
  local signal=$1 fn=$2 what=$3
  local -a pids
  mapfile -t pids < <($fn)
  ((${#pids[@]} > 0)) || die "$what: not running"
  kill "-$signal" "${pids[@]}" 2>/dev/null || true
  log "$what: SIG$signal sent to ${#pids[@]} processes"
}

# Every process of our broker but epmd (the wrapper script, a CLI call).
rabbit_pids_but_epmd() {
  local -a epmd
  mapfile -t epmd < <(epmd_pids)
  rabbit_all_pids | grep -vxF -f <(printf '%s\n' "${epmd[@]}" "none") || true
}

# kill -9 of the broker, as a crash would end it: no clean shutdown, its
# clients find their connections reset. Leaves no half state behind: the
# VM's helpers and the wrapper script are gone too, and epmd no longer
# lists the node, so rabbitmq-start boots it afresh.
cmd_rabbitmq_kill() {
  require_tools
  resolve_runbase
  set_paths
  signal_all KILL beam_server_pids rabbitmq
  wait_gone beam_pids 10 || die "rabbitmq: the node survived SIGKILL"
  # The helpers end when the VM's pipes close; whatever lingers goes now.
  if ! wait_gone rabbit_pids_but_epmd 5; then
    # shellcheck disable=SC2046
    kill -9 $(rabbit_pids_but_epmd) 2>/dev/null || true
    wait_gone rabbit_pids_but_epmd 5 ||
      die "rabbitmq: processes left: $(rabbit_pids_but_epmd | tr '\n' ' ')"
  fi
  # epmd drops a node whose connection closed; should it still list ours,
  # it goes too (rabbitmq-start starts a fresh one).
  local deadline=$((SECONDS + 5))
  while "$epmd_bin" -port "$epmd_port" -names 2>/dev/null |
    grep -q "^name ${rabbit_node%@*} "; do
    if ((SECONDS >= deadline)); then
      log "rabbitmq: epmd still lists the node, killing epmd"
      # shellcheck disable=SC2046
      kill -9 $(epmd_pids) 2>/dev/null || true
      wait_gone epmd_pids 5 || die "rabbitmq: epmd survived SIGKILL"
      break
    fi
    sleep 0.2
  done
  log "rabbitmq: killed"
}

cmd_rabbitmq_start() {
  require_tools
  resolve_runbase
  set_paths
  resume_paused
  rabbit_up
}

# SIGSTOP: the servers hang with their sockets open (the kernel still
# accepts connections and buffers data), as on a frozen host; SIGCONT
# resumes them where they were.
cmd_pause_resume() {
  local signal=$1 fn=$2 what=$3
  require_tools
  resolve_runbase
  set_paths
  signal_all "$signal" "$fn" "$what"
  if [[ $signal == STOP ]]; then
    # A child forked while we listed them escaped the first pass.
    signal_all STOP "$fn" "$what" >/dev/null
  fi
}

# Any paused server goes on (harmless when none is): so that `up` and the
# *-start commands never report a frozen server as running.
resume_paused() {
  local -a pids
  mapfile -t pids < <(pg_server_pids; beam_server_pids)
  ((${#pids[@]} == 0)) || kill -CONT "${pids[@]}" 2>/dev/null || true
}

cmd_env() {
  local pg_pw amqp_pw
  pg_pw=$(secret PG_PASSWORD)
  amqp_pw=$(secret AMQP_PASSWORD)
  echo "export LEDGER_DATABASE_URL=postgresql://$db_user:$pg_pw@127.0.0.1:$pg_port/$db_name"
  echo "export LEDGER_AMQP_URL=amqp://$amqp_user:$amqp_pw@127.0.0.1:$amqp_port/$amqp_vhost"
  # The other roles' URLs (ledger-worker -> LEDGER_AMQP_WORKER_URL).
  local role name pw
  for role in "${amqp_roles[@]}"; do
    name=${role%% *}
    pw=$(secret "$(role_secret "$name")")
    local var=${name#ledger-}
    echo "export LEDGER_AMQP_${var^^}_URL=amqp://$name:$pw@127.0.0.1:$amqp_port/$amqp_vhost"
  done
}

case ${1:-} in
  up) cmd_up ;;
  down) cmd_down ;;
  status) cmd_status ;;
  env) cmd_env ;;
  postgres-stop) cmd_postgres_stop ;;
  postgres-start) cmd_postgres_start ;;
  postgres-pause) cmd_pause_resume STOP pg_server_pids postgres ;;
  postgres-resume) cmd_pause_resume CONT pg_server_pids postgres ;;
  rabbitmq-kill) cmd_rabbitmq_kill ;;
  rabbitmq-start) cmd_rabbitmq_start ;;
  rabbitmq-pause) cmd_pause_resume STOP beam_server_pids rabbitmq ;;
  rabbitmq-resume) cmd_pause_resume CONT beam_server_pids rabbitmq ;;
  -h | --help | help) usage ;;
  *)
    usage >&2
    exit 2
    ;;
esac
