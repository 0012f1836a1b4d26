#!/usr/bin/env bash
# Before/after: the BFF built from two git revisions, measured alternately in one run against the same stub.
#   bench/compare.sh BEFORE_REF [AFTER_REF]      (AFTER_REF defaults to the working tree)
# Scenarios: GET /me, and GET /api/hello when both builds proxy it. Knobs: COMPARE_ROUNDS (3), COMPARE_DURATION (8s),
# BENCH_CONNECTIONS (32), BENCH_THREADS (2), COMPARE_REDIS=1 (both builds keep their sessions in one local redis-server,
# each under its own key prefix). Loopback only; every load bounded in time.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

before="${1:?usage: bench/compare.sh BEFORE_REF [AFTER_REF]}"
after="${2:-}"
ROUNDS="${COMPARE_ROUNDS:-3}"
DURATION="${COMPARE_DURATION:-8s}"
CONNS="${BENCH_CONNECTIONS:-32}"
THREADS="${BENCH_THREADS:-2}"
bench_init
load_start="$(cut -d' ' -f1-3 /proc/loadavg)"

# build NAME REF: publishes src/Bff as it is at REF (or the working tree) into bench/.out/NAME.
build() {
  local name="$1" ref="$2"
  # A fresh folder: git archive dates every file at its commit, so an older revision's appsettings.json would not
  # replace a newer one left by the previous comparison.
  rm -rf "${OUT_DIR:?}/$name"
  if [ -z "$ref" ]; then publish src/Bff "$name"; return; fi
  local src="$WORK_DIR/src-$name"
  mkdir -p "$src"
  git -C "$REPO_DIR" archive "$ref" | tar -x -C "$src"
  log "publishing BFF at $(git -C "$REPO_DIR" rev-parse --short "$ref") as $name"
  dotnet publish "$src/src/Bff" -c Release -o "$OUT_DIR/$name" -nologo -v q -m:1 -p:UseAppHost=false >"$WORK_DIR/publish-$name.log" 2>&1 \
    || { cat "$WORK_DIR/publish-$name.log" >&2; die "publish of $ref failed"; }
}

publish bench/Stub stub
build bff-before "$before"
build bff-after "$after"
start_stub
if [ -n "${COMPARE_REDIS:-}" ]; then start_redis || die "COMPARE_REDIS=1 needs redis-server (apt-get install -y redis-server)"; fi
declare -A URL PID
for side in before after; do
  redis_settings=()
  [ -n "${COMPARE_REDIS:-}" ] && redis_settings=("${BFF_REDIS_SETTINGS[@]}" "Redis__InstanceName=bench-$side:")
  # Builds from before the login limits were split (issue 11) know only the per-address limit's old name, and a newer
  # build refuses that name at start-up: give each side the key it reads.
  side_settings=("${BFF_BENCH_SETTINGS[@]}")
  grep -q 'LoginPermitLimitPerAddress' "$OUT_DIR/bff-$side/Bff.dll" 2>/dev/null || side_settings+=(RateLimiting__AnonymousPermitLimit=1000000)
  BFF_DIR="$OUT_DIR/bff-$side" start_bff "bff-$side" "${side_settings[@]}" "${BFF_PROXY_SETTINGS[@]}" "${redis_settings[@]}"
  URL[$side]="$BFF_URL"; PID[$side]="$BFF_PID"
  login_sessions "$BFF_URL" 64 "$WORK_DIR/cookies-$side.txt" 16 "$side"
done

scenarios=(me)
api_ok() { [ "$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: __Host-bff-session=$(head -1 "$WORK_DIR/cookies-$1.txt")" -H 'X-CSRF: 1' "${URL[$1]}/api/hello")" = 200 ]; }
if api_ok before && api_ok after; then scenarios+=(api); else log "GET /api/hello is not proxied by both builds: comparing /me only"; fi

results="[]"
for scenario in "${scenarios[@]}"; do
  path=/me; [ "$scenario" = api ] && path=/api/hello
  for side in before after; do
    wrk_json "warm-$side" bench.lua "${URL[$side]}" "$THREADS" "$CONNS" 15s BENCH_PATH="$path" BENCH_CSRF=1 BENCH_COOKIES="$WORK_DIR/cookies-$side.txt" >/dev/null
  done
  for ((round = 1; round <= ROUNDS; round++)); do
    for side in before after; do
      c0="$(cpu_ticks "${PID[$side]}")"
      r="$(wrk_json "$scenario-$side-$round" bench.lua "${URL[$side]}" "$THREADS" "$CONNS" "$DURATION" BENCH_PATH="$path" BENCH_CSRF=1 BENCH_COOKIES="$WORK_DIR/cookies-$side.txt")"
      c1="$(cpu_ticks "${PID[$side]}")"
      r="$(jq --argjson ticks "$((c1 - c0))" --argjson hz "$(getconf CLK_TCK)" '. + {cpu_us: ($ticks / $hz * 1e6 / .requests)}' <<<"$r")"
      results="$(jq --arg s "$scenario" --arg side "$side" --argjson round "$round" --argjson r "$r" '. + [$r + {scenario: $s, side: $side, round: $round}]' <<<"$results")"
      log "$scenario $side round $round: $(jq -r '"\(.rps | round) req/s, p50 \(.p50_us) us, p99 \(.p99_us) us, BFF CPU \(.cpu_us | round) us/request, errors \(.http_errors + .socket_errors)"' <<<"$r")"
    done
  done
done

echo
echo "before = ${before} ($(git -C "$REPO_DIR" rev-parse --short "$before")), after = ${after:-working tree}; sessions $([ -n "${COMPARE_REDIS:-}" ] && echo "in Redis" || echo "in memory"); $ROUNDS alternating rounds of $DURATION at -t$THREADS -c$CONNS; load $load_start at the start, $(cut -d' ' -f1-3 /proc/loadavg) at the end"
jq -r 'group_by(.scenario)[] | . as $g |
  ($g | map(select(.side == "before"))) as $b | ($g | map(select(.side == "after"))) as $a |
  def mean(f): (map(f) | add / length);
  "\($g[0].scenario): before \($b | mean(.rps) | round) req/s, \($b | mean(.cpu_us) | round) us CPU/request (p50 \($b | mean(.p50_us) | round) us, p99 \($b | mean(.p99_us) | round) us)  ->  after \($a | mean(.rps) | round) req/s, \($a | mean(.cpu_us) | round) us CPU/request (p50 \($a | mean(.p50_us) | round) us, p99 \($a | mean(.p99_us) | round) us)  = x\((($a | mean(.rps)) / ($b | mean(.rps)) * 100 | round) / 100) throughput"' <<<"$results"
