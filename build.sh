#!/usr/bin/env bash
# The project's one entry point for tests and tooling. Usage:
#   ./build.sh test     install what the tests need (apt/npm, only when missing), build, check formatting
#                       (dotnet format --verify-no-changes), run every test suite
#   ./build.sh deps     only install what the tests need
#   ./build.sh smoke    only the container smoke test (real Dockerfile + docker-compose.yml, podman, offline)
#
# SKIP_CONTAINER_SMOKE=1 ./build.sh test skips the container smoke test (it needs root and ~2 min cold, <1 min warm).
set -euo pipefail
cd "$(dirname "$0")"

log() { printf '\n==> %s\n' "$*"; }

install_deps() {
  local missing=()
  command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  command -v node >/dev/null 2>&1 || missing+=(nodejs npm)
  command -v docker-compose >/dev/null 2>&1 || missing+=(docker-compose)
  if ((${#missing[@]})); then
    log "Installing Debian packages: ${missing[*]}"
    local sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
  if [ -f tests/Stytch.Emulator.Tests/node-sdk/package-lock.json ] && [ ! -d tests/Stytch.Emulator.Tests/node-sdk/node_modules ]; then
    log "Installing Stytch's official Node SDK for the emulator fidelity test"
    (cd tests/Stytch.Emulator.Tests/node-sdk && npm ci --no-audit --no-fund --loglevel=error)
  fi
}

run_tests() {
  install_deps
  log "Building (Release, warnings are errors)"
  dotnet build Bff.sln -c Release -nologo -clp:NoSummary
  local results; results="$(mktemp -d)"
  local status=0
  log "Checking formatting (dotnet format --verify-no-changes; fix with: dotnet format Bff.sln)"
  dotnet format Bff.sln --verify-no-changes --no-restore && echo "Formatting: no changes needed" || { echo "Formatting: run 'dotnet format Bff.sln'"; status=1; }
  log "Validating docker-compose.yml (docker-compose 1.29, offline)"
  docker-compose --env-file .env.example -f docker-compose.yml config -q && echo "docker-compose.yml is valid with .env.example" || status=1
  # A fresh clone has no .env: compose must accept the file as it is (the BFF, not compose, says what is missing).
  : >"$results/empty.env"
  env -u Stytch__ProjectId -u Stytch__Secret docker-compose --env-file "$results/empty.env" -f docker-compose.yml --profile dev config -q \
    && echo "docker-compose.yml is valid without .env" || status=1
  for project in tests/*/*.csproj; do
    local name; name="$(basename "$project" .csproj)"
    grep -q 'Microsoft.NET.Test.Sdk' "$project" || continue
    log "Testing $name"
    dotnet test "$project" -c Release --no-build -nologo --logger "console;verbosity=normal" 2>&1 | tee "$results/$name.log" || status=1
  done
  if [ "$(id -u)" -eq 0 ] && [ "${SKIP_CONTAINER_SMOKE:-}" != 1 ]; then
    log "Container smoke test (real Dockerfile + docker-compose.yml, offline, podman)"
    tests/container/smoke.sh || status=1
  else
    log "Container smoke test skipped (it needs root; SKIP_CONTAINER_SMOKE=1 skips it)"
  fi
  # One plain closing line over every suite.
  local totals
  # VSTest's summary per test project: "Total tests: N", then "Passed: N", "Failed: N", "Skipped: N" lines.
  totals=$(cat "$results"/*.log | awk '
    /^[[:space:]]+Passed:[[:space:]]+[0-9]+[[:space:]]*$/  { p += $2 }
    /^[[:space:]]+Failed:[[:space:]]+[0-9]+[[:space:]]*$/  { f += $2 }
    /^[[:space:]]+Skipped:[[:space:]]+[0-9]+[[:space:]]*$/ { s += $2 }
    END { printf "%d %d %d", p, f, s }')
  read -r passed failed skipped <<<"$totals"
  echo
  grep -hoE "(Hostile requests|Fuzz \([^)]*\)|Fault matrix|Log scan):.*" "$results"/*.log | sort -u || true
  echo "Total: ${passed:-0} passed, ${failed:-0} failed, ${skipped:-0} skipped"
  rm -rf "$results"
  return $status
}

case "${1:-}" in
  test) run_tests ;;
  deps) install_deps ;;
  smoke) tests/container/smoke.sh ;;
  *) echo "usage: $0 {test|deps|smoke}" >&2; exit 2 ;;
esac
