#!/usr/bin/env bash
# Starts the Docker engine in the background when it is not answering.
# There is no systemd on the lab machines (nor in CI), so nothing else starts
# dockerd; where an init system already runs it, this script only checks it.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

require_debian_root
require_command dockerd docker.io
require_command curl curl

# A killed process lingers as a zombie until something reaps it, and
# `kill -0` still finds it; only a process in any other state counts as alive.
dockerd_alive() {
  # (awk reads all its input: `grep -q` could end the pipe early and
  # pipefail would then report the SIGPIPE.)
  ps -C dockerd -o stat= 2>/dev/null | awk '$1 !~ /^Z/ { alive = 1 } END { exit !alive }'
}

pid_alive() {
  local stat
  stat="$(ps -o stat= -p "$1" 2>/dev/null)" && [[ -n "$stat" && "$stat" != Z* ]]
}

# remove_stale_pid_file FILE: remove it unless its process is alive.
remove_stale_pid_file() {
  local file="$1"
  if [[ -f "$file" ]] && ! pid_alive "$(cat "$file")"; then
    log "removing stale $file (its process is gone)"
    rm -f "$file"
  fi
}

if docker_ping; then
  log "docker engine already answers on $DOCKER_SOCKET"
else
  # A dockerd killed uncleanly (every background process is, when a session
  # ends) leaves its pid file behind and the next dockerd refuses to start
  # ("pid file found"). Its containerd's pid file too: while that names a
  # zombie, a new dockerd waits for the dead containerd and gives up.
  if ! dockerd_alive; then
    remove_stale_pid_file /var/run/docker.pid
    remove_stale_pid_file /var/run/docker/containerd/containerd.pid
  fi
  if dockerd_alive; then
    log "a dockerd process is alive but not answering yet; waiting for it"
  else
    log "starting dockerd (log: $PORTAL_STATE/logs/dockerd.log)"
    start_background "$PORTAL_STATE/logs/dockerd.log" dockerd >/dev/null
  fi
  if ! wait_for 60 docker_ping; then
    tail -n 20 "$PORTAL_STATE/logs/dockerd.log" >&2 || true
    die "dockerd did not answer within 60 s; see $PORTAL_STATE/logs/dockerd.log"
  fi
fi

# The docker CLI on PATH may be newer than the engine (Debian's dockerd 20.10
# speaks API 1.41); pick a client invocation that works and report it.
docker_client_setup
log "docker engine ready: server $(docker version --format '{{.Server.Version}} (API {{.Server.APIVersion}})');" \
  "client $(docker version --format '{{.Client.Version}} (API {{.Client.APIVersion}})') run as: ${PORTAL_DOCKER[*]}"

# Docker 20.10 keeps members' bridge networks apart with a jump from FORWARD
# to DOCKER-ISOLATION-STAGE-1, but deletes and re-inserts that jump whenever
# any network is created or removed (libnetwork's EnsureJumpRule), so for a
# moment routed traffic between two members' networks passes. DOCKER-USER
# (whose own jump Docker re-inserts in a separate step) gets the same
# separation: a packet routed from one bridge to another, or between a bridge
# and docker0 (where `docker build` runs its steps), is dropped; traffic within
# a bridge is "bridged" and unaffected. Measured here: 13 of 600 pings across
# networks answered during network churn without these rules, 0 with them.
isolation_rules=(
  "-i br-+ -o br-+ -m physdev ! --physdev-is-bridged -j DROP"
  "-i docker0 -o br-+ -j DROP"
  "-i br-+ -o docker0 -j DROP"
)
missing=0
for rule in "${isolation_rules[@]}"; do
  read -ra rule_args <<<"$rule"
  if iptables -C DOCKER-USER "${rule_args[@]}" 2>/dev/null; then
    continue
  elif iptables -I DOCKER-USER "${rule_args[@]}"; then
    log "added to DOCKER-USER: iptables -I DOCKER-USER $rule"
  else
    missing=$((missing + 1))
    log "warning: could not add a DOCKER-USER rule that keeps members' networks apart while Docker rewrites its own;" \
      "add it by hand: iptables -I DOCKER-USER $rule"
  fi
done
if [[ "$missing" -eq 0 ]]; then
  log "bridge networks are kept apart in DOCKER-USER too"
fi
