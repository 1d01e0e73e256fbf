#!/usr/bin/env bash
# Builds the solution once and runs every test tier, then prints one line per
# tier and, as the very last line, the totals: "N passed, N failed, N skipped".
#   scripts/test.sh [--no-setup] [dotnet test arguments...]
#   e.g. scripts/test.sh --no-setup --filter "FullyQualifiedName~Registry"
# --no-setup skips scripts/setup.sh (quick local runs when all is running).
# Exits non-zero when a test failed, a tier did not run, or no test ran.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

run_setup=1
test_args=()
for arg in "$@"; do
  case "$arg" in
    --no-setup) run_setup=0 ;;
    *) test_args+=("$arg") ;;
  esac
done

if [[ "$run_setup" -eq 1 ]]; then
  # The E2E tier drives Debian's Chromium.
  bash "$PORTAL_ROOT/scripts/setup.sh" --with-browser
else
  log "skipping setup (--no-setup)"
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
# A folder of the tests' own; the default one starts empty on every run so
# no test sees what an earlier run left behind.
if [[ -z "${PORTAL_TEST_STATE:-}" ]]; then
  export PORTAL_TEST_STATE="$PORTAL_STATE/test"
  rm -rf "$PORTAL_TEST_STATE"
fi
mkdir -p "$PORTAL_TEST_STATE"

cd "$PORTAL_ROOT"
RESULTS_DIR="$PORTAL_ROOT/TestResults"
SUMMARY=(python3 "$PORTAL_ROOT/scripts/lib/trx_summary.py")
mkdir -p "$RESULTS_DIR"

# Tiers: every tests/*/NAME.csproj whose NAME ends in .Tests, then
# Portal.E2E last (the slowest). Portal.Benchmarks is not a test tier.
unit_tiers=()
e2e_tiers=()
while IFS= read -r project; do
  name="$(basename "$project" .csproj)"
  case "$name" in
    *.Tests) unit_tiers+=("$project") ;;
    Portal.E2E) e2e_tiers+=("$project") ;;
    *) log "not a test tier, skipped: $project" ;;
  esac
done < <(find tests -mindepth 2 -maxdepth 2 -name '*.csproj' 2>/dev/null | sort)
tiers=("${unit_tiers[@]}" "${e2e_tiers[@]}")
if [[ ${#tiers[@]} -eq 0 ]]; then
  log "no test projects found under tests/"
fi

log "dotnet build Portal.sln -c Release"
if ! dotnet build Portal.sln -c Release; then
  log "the build failed; no tier can run"
  "${SUMMARY[@]}" || true
  exit 1
fi

failed_tiers=()
trx_files=()
for project in "${tiers[@]}"; do
  name="$(basename "$project" .csproj)"
  trx="$RESULTS_DIR/$name.trx"
  # Only results written by this run count.
  rm -f "$trx"
  log "dotnet test $project"
  started="$(now)"
  tier_ok=1
  # Keep going when a tier fails: the other tiers' results still matter.
  # A hung test must fail its tier (with a dump), not eat CI's 90 minutes.
  if ! dotnet test "$project" -c Release --no-build --blame-hang-timeout 10m \
    --logger "trx;LogFileName=$name.trx" --results-directory "$RESULTS_DIR" \
    "${test_args[@]}"; then
    tier_ok=0
  fi
  log "$name finished in $(elapsed_since "$started")"
  # dotnet test can exit 0 without running anything (e.g. a project missing
  # from the solution, so never built): no TRX file means the tier did not run.
  if [[ -f "$trx" ]]; then
    trx_files+=("$trx")
  else
    log "$name wrote no results ($trx)"
    tier_ok=0
  fi
  if [[ "$tier_ok" -eq 0 ]]; then
    failed_tiers+=("$name")
  fi
done

if [[ ${#failed_tiers[@]} -gt 0 ]]; then
  log "tiers that failed or did not finish: ${failed_tiers[*]}"
fi
log "results: $RESULTS_DIR"
# The summary's last line is the totals line CI reads, so nothing may be
# printed after it.
summary_rc=0
"${SUMMARY[@]}" "${trx_files[@]}" || summary_rc=$?
if [[ ${#failed_tiers[@]} -gt 0 || "$summary_rc" -ne 0 ]]; then
  exit 1
fi
