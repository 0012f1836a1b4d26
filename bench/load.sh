#!/usr/bin/env bash
# Load and soak: a realistic mix (GET /me, list, revoke, proxied /api) from many sessions for a fixed time, on
# loopback only. Fails (exit 1) on any non-2xx answer or socket error, on an Error/Fatal log event in the BFF, or when
# the BFF's RSS keeps growing after warm-up.
#   bench/load.sh            soak: 200 sessions, 120 s
#   bench/load.sh --short    CI: 50 sessions, 15 s (about 40 s with the build)
#   --redis                  sessions and Data Protection keys in a local redis-server (as with several instances)
# Knobs (environment): LOAD_SECONDS, LOAD_SESSIONS, LOAD_CONNECTIONS (64), LOAD_SAMPLE_SECONDS (2),
# LOAD_RSS_GROWTH_MB (64: allowed growth of the RSS after warm-up), BENCH_KEEP=1 keeps the logs.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

short=""; redis=""
for arg in "$@"; do
  case "$arg" in
    --short) short=1 ;;
    --redis) redis=1 ;;
    *) die "usage: bench/load.sh [--short] [--redis]" ;;
  esac
done
if [ -n "$short" ]; then
  SECONDS_TOTAL="${LOAD_SECONDS:-15}"; SESSIONS="${LOAD_SESSIONS:-50}"
else
  SECONDS_TOTAL="${LOAD_SECONDS:-120}"; SESSIONS="${LOAD_SESSIONS:-200}"
fi
CONNS="${LOAD_CONNECTIONS:-64}"
SAMPLE="${LOAD_SAMPLE_SECONDS:-2}"
GROWTH_MB="${LOAD_RSS_GROWTH_MB:-64}"
WARMUP=$((SECONDS_TOTAL / 4 > 5 ? SECONDS_TOTAL / 4 : 5))

bench_init
publish bench/Stub stub
publish src/Bff bff
start_stub
store="memory"
if [ -n "$redis" ]; then
  start_redis || die "--redis needs redis-server (apt-get install -y redis-server)"
  store="redis-server on 127.0.0.1:$REDIS_PORT"
fi
start_bff bff "${BFF_BENCH_SETTINGS[@]}" "${BFF_PROXY_SETTINGS[@]}" "${BFF_REDIS_SETTINGS[@]}"
log "BFF $BFF_URL, stub $STUB_URL, sessions in $store; $SESSIONS sessions, $CONNS connections, $SECONDS_TOTAL s (warm-up $WARMUP s)"
login_sessions "$BFF_URL" "$SESSIONS" "$WORK_DIR/cookies.txt" 16 load
cookie1="$(head -1 "$WORK_DIR/cookies.txt")"

api=0
if [ "$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: __Host-bff-session=$cookie1" -H 'X-CSRF: 1' "$BFF_URL/api/hello")" = 200 ]; then
  api=1
else
  log "PENDING: the BFF does not proxy /api/** yet (proxy branch); its share of the mix goes to GET /me"
fi

# RSS sampler: every SAMPLE seconds while wrk runs (bounded by the run time).
samples="$WORK_DIR/rss.txt"; : >"$samples"
(
  SECONDS=0
  end=$SECONDS_TOTAL
  while [ "$SECONDS" -lt "$end" ] && kill -0 "$BFF_PID" 2>/dev/null; do
    printf '%s %s\n' "$SECONDS" "$(rss_kb "$BFF_PID")" >>"$samples"
    sleep "$SAMPLE"
  done
) &
sampler=$!
result="$(env BENCH_COOKIES="$WORK_DIR/cookies.txt" MIX_API="$api" \
  wrk -t2 -c"$CONNS" -d"${SECONDS_TOTAL}s" --timeout 10s --latency -s "$BENCH_DIR/lua/mix.lua" "$BFF_URL" 2>&1 \
  | tee "$WORK_DIR/wrk-mix.txt" | grep '^MIX_JSON ' | cut -d' ' -f2-)" || true
wait "$sampler" || true
[ -n "$result" ] || { cat "$WORK_DIR/wrk-mix.txt" >&2; die "wrk produced no result"; }

# After the load: the BFF still answers, and says nothing at Error level.
after_status="$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: __Host-bff-session=$cookie1" -H 'X-CSRF: 1' "$BFF_URL/me")"
errors_logged="$(grep -c '"@l":"\(Error\|Fatal\)"' "$WORK_DIR/bff.log" || true)"
counters="$(stub_counters)"

echo
echo "Load: $SESSIONS sessions (stored in $store), wrk -t2 -c$CONNS -d${SECONDS_TOTAL}s, mix per 20 requests: 10 /me, 3 list, 2 revoke, 5 /api$([ "$api" = 1 ] || echo ' (PENDING: served as /me)')"
jq -r '"requests \(.requests) in \(.seconds) s = \(.rps | round) req/s; p50 \(.p50_us / 1000) ms, p99 \(.p99_us / 1000) ms, max \(.max_us / 1000) ms",
       "answers: \(.ok_2xx) 2xx, \(.non_2xx) non-2xx \(.by_status), socket errors \(.socket_errors), timeouts \(.timeouts)"' <<<"$result"
echo "Stytch calls (stub counters): $counters"
echo "BFF after the load: GET /me -> $after_status; Error/Fatal log events: $errors_logged"
echo "RSS series (s: MB): $(awk '{ printf "%s:%d ", $1, $2 / 1024 }' "$samples")"

# Memory is flat when the RSS after warm-up does not grow by more than GROWTH_MB from its first post-warm-up value.
read -r base peak last < <(awk -v w="$WARMUP" '$1 >= w { if (!n++) b = $2; if ($2 > p) p = $2; l = $2 } END { print b + 0, p + 0, l + 0 }' "$samples")
growth_mb=$(((peak - base) / 1024))
echo "RSS after warm-up: first $((base / 1024)) MB, peak $((peak / 1024)) MB, last $((last / 1024)) MB (growth $growth_mb MB, allowed $GROWTH_MB MB)"

failures=()
[ "$(jq '.non_2xx' <<<"$result")" -eq 0 ] || failures+=("non-2xx answers")
[ "$(jq '.socket_errors + .timeouts' <<<"$result")" -eq 0 ] || failures+=("socket errors or timeouts")
[ "$after_status" = 200 ] || failures+=("GET /me after the load answered $after_status")
[ "$errors_logged" -eq 0 ] || failures+=("$errors_logged Error/Fatal log events (see BENCH_KEEP=1 and the bff.log)")
[ "$base" -gt 0 ] || failures+=("no RSS sample after warm-up")
[ "$growth_mb" -le "$GROWTH_MB" ] || failures+=("RSS grew by $growth_mb MB after warm-up")
if ((${#failures[@]})); then
  echo "LOAD FAILED: ${failures[*]}"
  exit 1
fi
echo "LOAD PASSED: zero errors, flat memory"
