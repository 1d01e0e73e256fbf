#!/usr/bin/env bash
# Makes this machine ready to run and test the portal, as root on Debian 12:
# installs what is missing, starts Docker and the lab registry, builds the
# starter images and installs the front-end packages. Safe to run again: a
# second run only checks.
#   scripts/setup.sh [--with-browser]   (--with-browser: Chromium for the E2E tests)
set -euo pipefail
# shellcheck source-path=SCRIPTDIR
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

with_browser=0
for arg in "$@"; do
  case "$arg" in
    --with-browser) with_browser=1 ;;
    *) die "unknown argument: $arg (usage: scripts/setup.sh [--with-browser])" ;;
  esac
done

require_debian_root
started="$(now)"

# docker.io: dockerd 20.10 (Engine API 1.41); docker-registry: the lab's
# private registry; apache2-utils: htpasswd -B for its auth; debootstrap and
# busybox-static: the starter images; curl: health checks.
packages=(docker.io docker-registry apache2-utils debootstrap busybox-static curl ca-certificates python3)
if [[ "$with_browser" -eq 1 ]]; then
  # Playwright drives Debian's Chromium; it cannot download a browser here.
  packages+=(chromium fonts-liberation)
fi
ensure_apt_packages "${packages[@]}"

# The SDK and Node do not come from Debian 12 in the versions we need, so
# they are checked, not installed.
if ! command -v dotnet >/dev/null || [[ "$(dotnet --version 2>/dev/null)" != 10.* ]]; then
  die "the .NET 10 SDK is missing (found: $(dotnet --version 2>/dev/null || echo none)).
  Install it from Microsoft's Debian 12 packages (apt-get install dotnet-sdk-10.0 after adding
  packages.microsoft.com), or with dotnet-install.sh --channel 10.0, and put dotnet on PATH."
fi
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  die "Node.js 20 and npm are missing. Install them (e.g. NodeSource's nodejs 20.x package for
  Debian 12, which includes npm) and run this script again."
fi

bash "$PORTAL_ROOT/scripts/start-docker.sh"
bash "$PORTAL_ROOT/scripts/start-registry.sh"
bash "$PORTAL_ROOT/scripts/build-images.sh"

# Front-end packages (xterm.js). npm writes node_modules/.package-lock.json
# on every install, so a lock file newer than it means the install is stale.
if [[ -f "$PORTAL_ROOT/package-lock.json" ]]; then
  if [[ ! -f "$PORTAL_ROOT/node_modules/.package-lock.json" ||
    "$PORTAL_ROOT/package-lock.json" -nt "$PORTAL_ROOT/node_modules/.package-lock.json" ]]; then
    log "npm ci"
    (cd "$PORTAL_ROOT" && npm ci --no-audit --no-fund)
  else
    log "node_modules is up to date with package-lock.json"
  fi
fi

log "setup done in $(elapsed_since "$started")"
