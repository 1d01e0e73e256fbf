#!/usr/bin/env bash
# Builds the solution in Release and runs a benchmark of the real portal against
# the raw Docker API on the same engine, in one run. Needs the engine and the
# starter images (scripts/setup.sh). Extra arguments go to the benchmark:
#   scripts/bench.sh [--iterations 50 --warmup 5]      launch latency (default)
#   scripts/bench.sh terminal [--megabytes 200 ...]    browser terminals
#   scripts/bench.sh logs [--rate 10000 --seconds 20 --clients 20]   live logs
#   scripts/bench.sh disk [--containers 300 --images 100]   disk accounting
#   scripts/bench.sh proxy [--seconds 8 --concurrency 16]  web proxy vs direct and configurable-http-proxy
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
