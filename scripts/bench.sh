#!/usr/bin/env bash
# Builds the solution in Release and runs the launch-latency benchmark: the real
# portal's POST /api/v1/containers (0 and 1 GPU) against raw create+start on the
# same engine, in one run. Needs the engine and the starter images
# (scripts/setup.sh). Extra arguments go to the benchmark, e.g.
#   scripts/bench.sh --iterations 50 --warmup 5
set -euo pipefail
# shellcheck source-path=SCRIPTDIR
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

docker_ping || die "the docker engine does not answer; run scripts/start-docker.sh first"
docker image inspect portal/shell:latest >/dev/null 2>&1 ||
  die "portal/shell:latest is missing; run scripts/build-images.sh first"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
cd "$PORTAL_ROOT"
log "dotnet build Portal.sln -c Release"
dotnet build Portal.sln -c Release
log "running the benchmark ${1:-launch}"
exec dotnet tests/Portal.Benchmarks/bin/Release/net10.0/Portal.Benchmarks.dll "$@"
