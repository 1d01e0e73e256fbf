#!/usr/bin/env bash
# Starts the lab's private image registry (Debian's docker-registry,
# distribution 2.8) on 127.0.0.1:5000 with our own config: storage under
# $PORTAL_STATE/registry/data and deletes enabled (the portal deletes images).
set -euo pipefail
# shellcheck source-path=SCRIPTDIR
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

require_debian_root
REGISTRY_BIN=/usr/bin/docker-registry
require_command "$REGISTRY_BIN" docker-registry
require_command curl curl

REGISTRY_URL=http://127.0.0.1:5000
REGISTRY_DIR="$PORTAL_STATE/registry"
CONFIG="$REGISTRY_DIR/config.yml"
PID_FILE="$REGISTRY_DIR/registry.pid"
LOG_FILE="$PORTAL_STATE/logs/registry.log"
mkdir -p "$REGISTRY_DIR/data" "$(dirname "$LOG_FILE")"

registry_answers() {
  curl -fsS --max-time 2 "$REGISTRY_URL/v2/" >/dev/null 2>&1
}

# curl exits 7 only when nothing accepts the connection.
port_in_use() {
  local rc=0
  curl -s -o /dev/null --max-time 2 "$REGISTRY_URL/v2/" || rc=$?
  [[ "$rc" -ne 7 ]]
}

port_free() {
  ! port_in_use
}

# A registry with deletes disabled answers a manifest DELETE with 405
# UNSUPPORTED; with deletes enabled an unknown digest is a plain 404.
registry_deletes_enabled() {
  local code
  code="$(curl -sS -o /dev/null -w '%{http_code}' --max-time 2 -X DELETE \
    "$REGISTRY_URL/v2/portal-probe/manifests/sha256:$(printf '0%.0s' {1..64})" 2>/dev/null || true)"
  [[ "$code" != "405" && "$code" == 4* ]]
}

# The pid of the registry this checkout started, if it is still alive and
# still serving our config file.
our_registry_pid() {
  local pid
  [[ -f "$PID_FILE" ]] || return 1
  pid="$(cat "$PID_FILE")"
  [[ -r "/proc/$pid/cmdline" ]] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -F "$CONFIG" >/dev/null || return 1
  echo "$pid"
}

stop_pid() {
  local pid="$1"
  kill "$pid" 2>/dev/null || true
  wait_for 10 process_gone "$pid" || kill -9 "$pid" 2>/dev/null || true
}

# Installing the Debian package on a machine with an init system starts its
# own service on :5000 (config /etc/docker/registry/config.yml, deletes off).
# Stop it and keep it from starting at boot, so ours can bind the port.
stop_packaged_registry() {
  log "stopping and disabling the packaged docker-registry service"
  if [[ -d /run/systemd/system ]]; then
    systemctl disable --now docker-registry.service >/dev/null 2>&1 || true
  elif [[ -x /etc/init.d/docker-registry ]]; then
    /etc/init.d/docker-registry stop >/dev/null 2>&1 || true
    update-rc.d docker-registry disable >/dev/null 2>&1 || true
  fi
}

# Write the config to a temp file first so we can tell whether it changed
# (a running registry only reads its config at start).
cat >"$CONFIG.new" <<YAML
# Written by scripts/start-registry.sh; edits are overwritten.
version: 0.1
log:
  level: info
storage:
  filesystem:
    rootdirectory: $REGISTRY_DIR/data
  delete:
    enabled: true
  cache:
    blobdescriptor: inmemory
http:
  addr: 127.0.0.1:5000
  headers:
    X-Content-Type-Options: [nosniff]
YAML
config_changed=0
if ! cmp -s "$CONFIG.new" "$CONFIG"; then
  config_changed=1
fi
mv "$CONFIG.new" "$CONFIG"

if pid="$(our_registry_pid)"; then
  if [[ "$config_changed" -eq 0 ]] && registry_answers; then
    log "registry already running on $REGISTRY_URL (pid $pid)"
    exit 0
  fi
  log "restarting our registry (pid $pid) to apply its config"
  stop_pid "$pid"
elif port_in_use; then
  # Someone else's registry holds the port: reuse it only when it serves
  # /v2/ without auth and with deletes enabled, as ours would.
  if registry_answers && registry_deletes_enabled; then
    log "reusing the registry already answering on $REGISTRY_URL (not started here; deletes enabled)"
    exit 0
  fi
  stop_packaged_registry
  if ! wait_for 10 port_free; then
    die "127.0.0.1:5000 is held by another program ($(ss -ltnpH 'sport = :5000' 2>/dev/null | head -n 1)); stop it and run again"
  fi
fi

log "starting docker-registry on $REGISTRY_URL (log: $LOG_FILE)"
start_background "$LOG_FILE" "$REGISTRY_BIN" serve "$CONFIG" >"$PID_FILE"
if ! wait_for 30 registry_answers; then
  tail -n 20 "$LOG_FILE" >&2 || true
  die "the registry did not answer on $REGISTRY_URL within 30 s; see $LOG_FILE"
fi
log "registry ready on $REGISTRY_URL (pid $(cat "$PID_FILE"))"
