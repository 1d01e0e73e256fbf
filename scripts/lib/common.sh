# shellcheck shell=bash
# Shared helpers for the Portal scripts. Source it; do not run it.
#   source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
# Every script runs as root on Debian 12 with no stdin (CI=true) and must be
# safe to run again: each helper checks before it changes anything.

# The repository root is two folders above this file, whatever the caller's cwd.
PORTAL_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# Everything the scripts make at run time (logs, registry data, image build
# caches) lives in one ignored folder, so a clean-up is one rm -rf.
PORTAL_STATE="${PORTAL_DATA_DIRECTORY:-$PORTAL_ROOT/.portal}"
export PORTAL_ROOT PORTAL_STATE

# apt must never ask a question: CI has no stdin.
export DEBIAN_FRONTEND=noninteractive

log() {
  printf '[portal] %s\n' "$*" >&2
}

die() {
  log "error: $*"
  exit 1
}

# The scripts install with apt-get and start daemons, so they need root on a
# Debian-like system. Say exactly what is missing and how to get it.
require_debian_root() {
  local missing=0
  if [[ "$EUID" -ne 0 ]]; then
    log "missing: root rights. Run as root (sudo scripts/$(basename "$0"))."
    missing=1
  fi
  if ! command -v apt-get >/dev/null 2>&1 || [[ ! -r /etc/debian_version ]]; then
    log "missing: Debian with apt-get. This script installs with apt-get on Debian 12;"
    log "  elsewhere install docker (Engine API >= 1.41), the docker-registry (distribution 2.x),"
    log "  debootstrap, busybox-static, chromium, the .NET 10 SDK and Node 20 yourself,"
    log "  start dockerd, and run: dotnet run --project src/Portal"
    missing=1
  fi
  if [[ "$missing" -ne 0 ]]; then
    exit 1
  fi
}

# Fail early, naming the package, when a command the script needs is missing.
#   require_command curl curl
require_command() {
  command -v "$1" >/dev/null 2>&1 || die "$1 is missing: apt-get install $2 (or run scripts/setup.sh)"
}

# Install only the packages dpkg does not report as installed, so a second
# run touches neither the network nor the apt lock.
ensure_apt_packages() {
  local pkg missing=()
  for pkg in "$@"; do
    # dpkg-query rather than `dpkg -s | grep -q`: grep -q exits at the first
    # match, dpkg gets SIGPIPE, and pipefail turns that into "missing".
    if [[ "$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null)" != "install ok installed" ]]; then
      missing+=("$pkg")
    fi
  done
  if [[ ${#missing[@]} -eq 0 ]]; then
    return 0
  fi
  log "installing with apt-get: ${missing[*]}"
  # Update once per script run: a fresh machine has no package lists at all.
  if [[ -z "${PORTAL_APT_UPDATED:-}" ]]; then
    apt-get update -q
    PORTAL_APT_UPDATED=1
    export PORTAL_APT_UPDATED
  fi
  # Recommends stay on: docker.io needs apparmor on AppArmor kernels and
  # debootstrap needs gnupg + debian-archive-keyring to check signatures.
  apt-get install -y -q "${missing[@]}"
}

# Wait until a command succeeds, checking every half second, up to N seconds.
#   wait_for 60 docker info
wait_for() {
  local seconds="$1"
  shift
  local tries=$((seconds * 2))
  while ((tries-- > 0)); do
    if "$@" >/dev/null 2>&1; then
      return 0
    fi
    sleep 0.5
  done
  return 1
}

process_gone() {
  ! kill -0 "$1" 2>/dev/null
}

# Start a command as a daemon that outlives this script: its own session (so
# the caller's Ctrl-C or job control does not reach it), no stdin, output to a
# log file. Prints the pid.
start_background() {
  local logfile="$1"
  shift
  mkdir -p "$(dirname "$logfile")"
  setsid "$@" </dev/null >>"$logfile" 2>&1 &
  echo "$!"
}

# Print seconds since the epoch with a fraction, for build timings.
now() {
  date +%s.%N
}

elapsed_since() {
  awk -v start="$1" -v end="$(now)" 'BEGIN { printf "%.1f s", end - start }'
}

# ---- Docker ---------------------------------------------------------------

# The scripts drive the local engine over its default unix socket.
DOCKER_SOCKET=/var/run/docker.sock

# Client-independent liveness check: the engine's /_ping answers "OK" whatever
# the CLI's version, so an old engine with a new CLI is not mistaken for a dead one.
docker_ping() {
  [[ -S "$DOCKER_SOCKET" ]] &&
    [[ "$(curl -fsS --max-time 2 --unix-socket "$DOCKER_SOCKET" http://localhost/_ping 2>/dev/null)" == "OK" ]]
}

# The CLI at /usr/local/bin/docker may be newer than Debian's dockerd. Current
# CLIs negotiate the API version down; if this one does not, pin the engine's
# own API version for our calls only, and last try Debian's /usr/bin/docker.
# Afterwards `docker ...` in the calling script uses the chosen client.
docker_client_setup() {
  local api
  api="$(curl -fsS --unix-socket "$DOCKER_SOCKET" http://localhost/version |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["ApiVersion"])')"
  if command docker version >/dev/null 2>&1; then
    PORTAL_DOCKER=(docker)
  elif DOCKER_API_VERSION="$api" command docker version >/dev/null 2>&1; then
    PORTAL_DOCKER=(env "DOCKER_API_VERSION=$api" docker)
  elif [[ -x /usr/bin/docker ]] && /usr/bin/docker version >/dev/null 2>&1; then
    PORTAL_DOCKER=(/usr/bin/docker)
  else
    die "no docker client can talk to the engine (API $api); install docker.io's client or set DOCKER_API_VERSION"
  fi
}

docker() {
  if [[ -z "${PORTAL_DOCKER+x}" ]]; then
    docker_client_setup
  fi
  command "${PORTAL_DOCKER[@]}" "$@"
}
