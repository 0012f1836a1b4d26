#!/usr/bin/env bash
# CPU profile of one BFF endpoint under load (loopback only, bounded in time), with dotnet-trace from NuGet.
# Usage: bench/profile.sh [me|revoke|api] [seconds]   (prints the top methods, exclusive then inclusive)
# Extra BFF settings: BFF_EXTRA="Section__Key=value ..." bench/profile.sh me
set -euo pipefail
source "$(dirname "$0")/lib.sh"

scenario="${1:-me}"
seconds="${2:-10}"
bench_init
TOOLS="$REPO_DIR/.tools"
[ -x "$TOOLS/dotnet-trace" ] || dotnet tool install dotnet-trace --tool-path "$TOOLS" >/dev/null

publish bench/Stub stub
publish src/Bff bff
start_stub
# shellcheck disable=SC2086
start_bff bff "${BFF_BENCH_SETTINGS[@]}" "${BFF_PROXY_SETTINGS[@]}" ${BFF_EXTRA:-}
login_sessions "$BFF_URL" 32 "$WORK_DIR/cookies.txt"

case "$scenario" in
  me) args=(BENCH_PATH=/me BENCH_CSRF=1 BENCH_COOKIES="$WORK_DIR/cookies.txt") ;;
  revoke) args=(BENCH_METHOD=POST BENCH_PATH=/me/connected-apps/app-%d/revoke BENCH_CSRF=1 BENCH_COOKIES="$WORK_DIR/cookies.txt") ;;
  api) args=(BENCH_PATH=/api/hello BENCH_CSRF=1 BENCH_COOKIES="$WORK_DIR/cookies.txt") ;;
  *) die "unknown scenario $scenario (me|revoke|api)" ;;
esac

log "warm-up 5 s"
wrk_json warmup bench.lua "$BFF_URL" 2 32 5s "${args[@]}" >/dev/null
log "profiling $scenario for $seconds s under wrk -t2 -c32"
trace="$WORK_DIR/$scenario.nettrace"
"$TOOLS/dotnet-trace" collect -p "$BFF_PID" --profile dotnet-sampled-thread-time --format Speedscope --duration "00:00:00:$seconds" -o "$trace" >"$WORK_DIR/trace.log" 2>&1 &
tracer=$!
sleep 1
wrk_json profile bench.lua "$BFF_URL" 2 32 "$((seconds + 1))s" "${args[@]}"
wait "$tracer" || { cat "$WORK_DIR/trace.log" >&2; die "dotnet-trace failed"; }
echo "--- top 40, exclusive"
"$TOOLS/dotnet-trace" report "$trace" topN -n 40
echo "--- top 60, inclusive"
"$TOOLS/dotnet-trace" report "$trace" topN -n 60 --inclusive
[ -n "${BENCH_KEEP:-}" ] && cp "$trace" "${trace%.nettrace}.speedscope.json" "$BENCH_DIR/results/" && log "trace kept in bench/results/ (.nettrace and .speedscope.json)"
exit 0
