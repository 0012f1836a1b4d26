#!/usr/bin/env bash
# CPU profile of one BFF endpoint under load (loopback only, bounded in time), with dotnet-trace from NuGet.
# Usage: bench/profile.sh [me|revoke|api] [seconds]   (prints the top methods, exclusive then inclusive)
# Extra BFF settings: BFF_EXTRA="Section__Key=value ..." bench/profile.sh me
# Sessions in Redis (a redis-server on a free loopback port): BENCH_REDIS=1 bench/profile.sh api
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
if [ -n "${BENCH_REDIS:-}" ]; then start_redis || die "BENCH_REDIS=1 needs redis-server (apt-get install -y redis-server)"; fi
# shellcheck disable=SC2086
start_bff bff "${BFF_BENCH_SETTINGS[@]}" "${BFF_PROXY_SETTINGS[@]}" "${BFF_REDIS_SETTINGS[@]}" ${BFF_EXTRA:-}
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
cpu0="$(cpu_ticks "$BFF_PID")"
run="$(wrk_json profile bench.lua "$BFF_URL" 2 32 "$((seconds + 1))s" "${args[@]}")"
cpu1="$(cpu_ticks "$BFF_PID")"
wait "$tracer" || { cat "$WORK_DIR/trace.log" >&2; die "dotnet-trace failed"; }
jq -c --argjson ticks "$((cpu1 - cpu0))" --argjson hz "$(getconf CLK_TCK)" --arg load "$(cut -d' ' -f1-3 /proc/loadavg)" \
  '. + {bff_cpu_us_per_request_while_tracing: ($ticks / $hz * 1e6 / .requests | round), loadavg: $load}' <<<"$run"
echo "--- top 40, exclusive"
"$TOOLS/dotnet-trace" report "$trace" topN -n 40
echo "--- top 60, inclusive"
"$TOOLS/dotnet-trace" report "$trace" topN -n 60 --inclusive
[ -n "${BENCH_KEEP:-}" ] && cp "$trace" "${trace%.nettrace}.speedscope.json" "$BENCH_DIR/results/" && log "trace kept in bench/results/ (.nettrace and .speedscope.json)"
exit 0
