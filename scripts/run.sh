#!/usr/bin/env bash
# Prepares the machine (scripts/setup.sh) and runs the portal in the
# foreground. Extra arguments go to the portal, e.g.
#   scripts/run.sh --urls http://0.0.0.0:5080
set -euo pipefail
# shellcheck source-path=SCRIPTDIR
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

bash "$PORTAL_ROOT/scripts/setup.sh"

# The portal keeps its database and files next to the scripts' state unless
# told otherwise.
export Portal__DataDirectory="${Portal__DataDirectory:-$PORTAL_STATE}"

# The address to print: --urls as given, else ASPNETCORE_URLS, else our
# default, passed explicitly so a launch profile cannot pick another port.
args=("$@")
url=""
for ((i = 0; i < ${#args[@]}; i++)); do
  case "${args[i]}" in
    --urls=*) url="${args[i]#--urls=}" ;;
    --urls) url="${args[i + 1]:-}" ;;
  esac
done
if [[ -z "$url" ]]; then
  if [[ -n "${ASPNETCORE_URLS:-}" ]]; then
    url="$ASPNETCORE_URLS"
  else
    url=http://127.0.0.1:5080
    args+=(--urls "$url")
  fi
fi

log "starting the portal on $url (data: $Portal__DataDirectory)"
log "on its first start the portal prints the first admin's user name and password; note them"
cd "$PORTAL_ROOT"
exec dotnet run --project src/Portal -c Release -- "${args[@]}"
