#!/usr/bin/env bash
# The BFF benchmark: one command, one run, loopback only, every load bounded in time.
#   bench/run.sh                    prints the figures and writes bench/results/latest.json
# Knobs (environment): BENCH_DURATION (10s per measured pass), BENCH_WARMUP (15s: the BFF's JIT tiering needs it),
# BENCH_CONNECTIONS (32), BENCH_THREADS (2), BENCH_LOGINS (10000 sessions for the memory figure), BENCH_KEEP=1 keeps
# the run's temp dir. Takes about 5 minutes.
# See docs/benchmarks.md for the method and the published figures.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

DURATION="${BENCH_DURATION:-10s}"
WARMUP="${BENCH_WARMUP:-15s}"
CONNS="${BENCH_CONNECTIONS:-32}"
THREADS="${BENCH_THREADS:-2}"
LOGINS="${BENCH_LOGINS:-10000}"
SESSIONS=64
RESULT="$BENCH_DIR/results/latest.json"

bench_init
started="$(date -u +%FT%TZ)"
machine="$(machine_json)"
log "machine: $(jq -c . <<<"$machine")"

publish bench/Stub stub
publish bench/BareYarp bare-yarp
publish bench/EmulatorBench emulator
publish src/Bff bff

start_stub
start_bare_yarp
start_bff bff "${BFF_BENCH_SETTINGS[@]}" "${BFF_PROXY_SETTINGS[@]}"
log "stub $STUB_URL, bare YARP $YARP_URL, BFF $BFF_URL (sessions in memory)"
login_sessions "$BFF_URL" "$SESSIONS" "$WORK_DIR/cookies.txt"
cookie1="$(head -1 "$WORK_DIR/cookies.txt")"

# The same BFF with its sessions (and Data Protection keys) in Redis, as a multi-instance deployment runs it.
main_bff_url="$BFF_URL"; main_bff_pid="$BFF_PID"
redis_pending=""
if start_redis; then
  start_bff bff-redis "${BFF_BENCH_SETTINGS[@]}" "${BFF_PROXY_SETTINGS[@]}" "${BFF_REDIS_SETTINGS[@]}"
  redis_bff_url="$BFF_URL"; redis_bff_pid="$BFF_PID"
  login_sessions "$redis_bff_url" "$SESSIONS" "$WORK_DIR/cookies-redis.txt" 16 redis
  log "BFF with Redis sessions $redis_bff_url (redis-server on $REDIS_PORT)"
else
  redis_pending="redis-server is not installed (apt-get install -y redis-server)"
fi
BFF_URL="$main_bff_url"; BFF_PID="$main_bff_pid"

# What the merged code can do; a scenario whose feature is missing is reported as pending, not failed.
api_status="$(curl -s -o "$WORK_DIR/api-probe.txt" -w '%{http_code}' -H "Cookie: __Host-bff-session=$cookie1" -H 'X-CSRF: 1' "$BFF_URL/api/hello")"
if [ "$api_status" = 200 ] && grep -q 'hello from the upstream' "$WORK_DIR/api-probe.txt"; then
  api_pending=""
else
  api_pending="the BFF's /api route answered $api_status with $(head -c 200 "$WORK_DIR/api-probe.txt")"
fi

declare -A RESULTS
# scenario NAME URL ENV... : warm-up, a throughput pass (-c CONNS) and a latency pass (-c 1), with the stub's
# Stytch counters read around the throughput pass.
# scenario NAME URL SERVER_PID ENV... : also the CPU time the server process (stub, YARP or BFF) and the stub spent
# per request during the throughput pass, which depends far less on the machine's other load than req/s does.
scenario() {
  local name="$1" url="$2" server="$3"; shift 3
  log "scenario $name: warm-up $WARMUP, throughput $DURATION at -c$CONNS, latency $DURATION at -c1"
  wrk_json "$name-warmup" bench.lua "$url" "$THREADS" "$CONNS" "$WARMUP" "$@" >/dev/null
  local before after throughput latency server0 server1 stub0 stub1
  before="$(stub_counters)"; server0="$(cpu_ticks "$server")"; stub0="$(cpu_ticks "$STUB_PID")"
  throughput="$(wrk_json "$name" bench.lua "$url" "$THREADS" "$CONNS" "$DURATION" "$@")"
  server1="$(cpu_ticks "$server")"; stub1="$(cpu_ticks "$STUB_PID")"
  sleep 0.5
  after="$(stub_counters)"
  latency="$(wrk_json "$name-c1" bench.lua "$url" 1 1 "$DURATION" "$@")"
  RESULTS[$name]="$(jq -n --argjson t "$throughput" --argjson l "$latency" --argjson b "$before" --argjson a "$after" \
    --argjson sv "$((server1 - server0))" --argjson st "$((stub1 - stub0))" --argjson hz "$(getconf CLK_TCK)" --arg self "$([ "$server" = "$STUB_PID" ] && echo 1)" \
    '{status: "measured", throughput: $t, latency_c1: $l,
      cpu_us_per_request: {server: ($sv / $hz * 1e6 / $t.requests | round), stub: (if $self == "1" then null else ($st / $hz * 1e6 / $t.requests | round) end)},
      stytch_calls: ($a | with_entries(.value -= ($b[.key] // 0)) | with_entries(select(.value != 0)))}')"
}
pending() { RESULTS[$1]="$(jq -n --arg r "$2" '{status: "pending", reason: $r}')"; }

cookies=(BENCH_CSRF=1 BENCH_COOKIES="$WORK_DIR/cookies.txt")
scenario direct "$STUB_URL" "$STUB_PID" BENCH_PATH=/api/hello
scenario bare_yarp "$YARP_URL" "$YARP_PID" BENCH_PATH=/api/hello
if [ -z "$api_pending" ]; then scenario bff_api "$BFF_URL" "$BFF_PID" BENCH_PATH=/api/hello "${cookies[@]}"; else pending bff_api "$api_pending"; fi
scenario bff_me "$BFF_URL" "$BFF_PID" BENCH_PATH=/me "${cookies[@]}"
scenario bff_revoke "$BFF_URL" "$BFF_PID" BENCH_METHOD=POST BENCH_PATH=/me/connected-apps/app-%d/revoke "${cookies[@]}"
if [ -z "$redis_pending" ]; then
  redis_cookies=(BENCH_CSRF=1 BENCH_COOKIES="$WORK_DIR/cookies-redis.txt")
  [ -z "$api_pending" ] && scenario bff_api_redis "$redis_bff_url" "$redis_bff_pid" BENCH_PATH=/api/hello "${redis_cookies[@]}"
  scenario bff_me_redis "$redis_bff_url" "$redis_bff_pid" BENCH_PATH=/me "${redis_cookies[@]}"
  [ -n "$api_pending" ] && pending bff_api_redis "$api_pending"
else
  pending bff_api_redis "$redis_pending"; pending bff_me_redis "$redis_pending"
fi

# Stytch calls per revoke, exactly: a fixed number of revokes (curl, 16 in parallel), every answer counted.
# revoke_pass NAME BFF_URL LINES_FILE COUNTERS_CMD REVOKE_KEY AUTH_KEY: LINES_FILE has "cookie app_id" lines.
revoke_pass() {
  local name="$1" url="$2" lines="$3" counters="$4" revoke_key="$5" auth_key="$6"
  local config="$WORK_DIR/revokes-$name.curl" i=0 cookie app
  : >"$config"
  while read -r cookie app; do
    ((i++ > 0)) && echo next >>"$config"
    printf 'url = "%s/me/connected-apps/%s/revoke"\nrequest = "POST"\nheader = "X-CSRF: 1"\nheader = "Cookie: __Host-bff-session=%s"\noutput = "/dev/null"\nwrite-out = "%%{http_code}\\n"\n' \
      "$url" "$app" "$cookie" >>"$config"
  done <"$lines"
  local before after ok
  before="$($counters)"
  ok="$(curl -s --no-progress-meter -Z --parallel-max 16 -K "$config" | grep -c '^200$' || true)"
  sleep 0.5
  after="$($counters)"
  jq -n --arg stytch "$name" --argjson sent "$i" --argjson ok "$ok" --argjson b "$before" --argjson a "$after" --arg r "$revoke_key" --arg s "$auth_key" \
    '(($a[$r] // 0) - ($b[$r] // 0)) as $calls | (($a[$s] // 0) - ($b[$s] // 0)) as $auth |
     {stytch: $stytch, revokes_sent: $sent, revokes_answered_200: $ok, stytch_revoke_calls: $calls, stytch_session_authenticate_calls: $auth,
      stytch_calls_per_revoke: (if $ok > 0 then (($calls + $auth) / $ok * 1000 | round / 1000) else null end)}'
}

log "exact pass against the stub: 2000 revokes"
mapfile -t cookie_list <"$WORK_DIR/cookies.txt"
for ((i = 1; i <= 2000; i++)); do echo "${cookie_list[$((i % SESSIONS))]} exact-$i"; done >"$WORK_DIR/revokes-stub.txt"
exact_stub="$(revoke_pass stub "$BFF_URL" "$WORK_DIR/revokes-stub.txt" stub_counters connected_apps.revoke sessions.authenticate)"

# The same pass against the project's Stytch emulator (bench/EmulatorBench), seeded with 16 users x 125 granted
# Connected Apps: every revoke is a real grant revoked once, counted by the emulator's own call log.
log "exact pass against the emulator: 16 users x 125 granted apps"
EMU_URL="http://127.0.0.1:$(free_port)"; EMU_ADMIN="http://127.0.0.1:$(free_port)"
start emulator "$EMU_ADMIN/bench/calls" dotnet "$OUT_DIR/emulator/EmulatorBench.dll" --urls "$EMU_URL" --AdminUrls "$EMU_ADMIN" --Users 16 --Apps 125
emu_pid="$LAST_PID"
emu_calls() { curl -s -m 5 "$EMU_ADMIN/bench/calls"; }
main_bff_url="$BFF_URL"; main_bff_pid="$BFF_PID"
start_bff bff-emulator "${BFF_BENCH_SETTINGS[@]}" Stytch__ProjectId="$EMU_PROJECT_ID" Stytch__Secret="$EMU_SECRET" Stytch__BaseUrl="$EMU_URL/"
login_sessions "$BFF_URL" 16 "$WORK_DIR/emu-cookies.txt" 1 bench-emu
curl -s -m 10 "$EMU_ADMIN/bench/apps" | awk -v cookies="$WORK_DIR/emu-cookies.txt" '
  BEGIN { n = 0; while ((getline line < cookies) > 0) { n++; cookie["bench-emu-" n "@bench.test"] = line } }
  NF == 2 { print cookie[$1], $2 }' >"$WORK_DIR/revokes-emu.txt"
exact_emu="$(revoke_pass emulator "$BFF_URL" "$WORK_DIR/revokes-emu.txt" emu_calls users.revoke sessions.authenticate)"
stop "$BFF_PID"; stop "$emu_pid"
BFF_URL="$main_bff_url"; BFF_PID="$main_bff_pid"
exact="$(jq -n --argjson s "$exact_stub" --argjson e "$exact_emu" '{stub: $s, emulator: $e}')"

# Memory: the BFF's RSS before and after LOGINS more sessions.
rss_before="$(rss_kb "$BFF_PID")"
log "memory: $LOGINS logins (RSS before: $rss_before kB)"
login_sessions "$BFF_URL" "$LOGINS" "$WORK_DIR/many.txt" 32 many
sleep 2
rss_after="$(rss_kb "$BFF_PID")"
memory="$(jq -n --argjson n "$LOGINS" --argjson b "$rss_before" --argjson a "$rss_after" \
  '{sessions_created: $n, rss_before_kb: $b, rss_after_kb: $a, rss_per_session_bytes: ((($a - $b) * 1024 / $n) | round),
    store: "in-process IDistributedCache (memory)"}')"

# Stored session size in Redis: one session's entry, and Redis's memory per session over 1000 more logins (with
# the per-user session index).
if [ -z "$redis_pending" ]; then
  log "stored session size: 1000 logins on the Redis-backed BFF"
  session_bytes="$(redis_session_bytes "$redis_bff_url" 1000)"
  stop "$redis_bff_pid"
else
  session_bytes="$(jq -n --arg r "$redis_pending" '{status: "pending", reason: $r}')"
fi
stop "$BFF_PID"

# sessions/authenticate per session-minute: 100 sessions under /me load for 30 s, with Session:MaxStaleness shortened
# to 10 s so that the refresh path runs within the test (time compressed 30x); with the default 5 minutes, the same
# load makes no call at all while the JWT is fresh (see bff_me.stytch_calls).
log "refresh rate: 100 sessions, MaxStaleness 10 s, 30 s of /me"
start_bff bff-stale "${BFF_BENCH_SETTINGS[@]}" Session__MaxStaleness=00:00:10
login_sessions "$BFF_URL" 100 "$WORK_DIR/stale.txt" 16 stale
auth_before="$(stub_count sessions.authenticate)"
stale_run="$(wrk_json stale bench.lua "$BFF_URL" "$THREADS" "$CONNS" 30s BENCH_PATH=/me BENCH_CSRF=1 BENCH_COOKIES="$WORK_DIR/stale.txt")"
auth_after="$(stub_count sessions.authenticate)"
refresh="$(jq -n --argjson calls "$((auth_after - auth_before))" --argjson run "$stale_run" \
  '{sessions: 100, seconds: $run.seconds, max_staleness_s: 10, requests: $run.requests, http_errors: $run.http_errors,
    session_authenticate_calls: $calls,
    per_session_minute: ($calls / (100 * $run.seconds / 60) * 100 | round / 100),
    expected_per_session_minute: 6,
    per_session_minute_at_default_5min: ($calls / (100 * $run.seconds / 60) * 10 / 300 * 1000 | round / 1000)}')"
stop "$BFF_PID"

# Assemble, judge the goals, print.
scenarios="{}"
for name in direct bare_yarp bff_api bff_me bff_revoke bff_api_redis bff_me_redis; do
  scenarios="$(jq --arg n "$name" --argjson v "${RESULTS[$name]}" '. + {($n): $v}' <<<"$scenarios")"
done
jq -n --arg started "$started" --arg finished "$(date -u +%FT%TZ)" --argjson machine "$machine" \
  --arg duration "$DURATION" --arg warmup "$WARMUP" --argjson conns "$CONNS" --argjson threads "$THREADS" \
  --argjson s "$scenarios" --argjson exact "$exact" --argjson memory "$memory" --argjson refresh "$refresh" \
  --argjson session_bytes "$session_bytes" --arg load_end "$(cut -d' ' -f1-3 /proc/loadavg)" '
  def ratio(a; b): if (a | type) == "number" and (b | type) == "number" and b > 0 then (a / b * 100 | round / 100) else null end;
  ($s.bff_api.throughput.rps // null) as $api |
  {
    started: $started, finished: $finished, machine: ($machine + {loadavg_at_end: $load_end}),
    method: {tool: "wrk", threads: $threads, connections: $conns, duration: $duration, warmup: $warmup,
             latency_pass: "wrk -t1 -c1 for the same duration", target: "127.0.0.1 only", builds: "dotnet publish -c Release"},
    scenarios: $s,
    ratios: {
      api_over_bare_yarp: ratio($api; $s.bare_yarp.throughput.rps),
      api_over_direct: ratio($api; $s.direct.throughput.rps),
      api_added_p99_us_c1: (if $api then ($s.bff_api.latency_c1.p99_us - $s.bare_yarp.latency_c1.p99_us) else null end),
      api_added_p99_us_loaded: (if $api then ($s.bff_api.throughput.p99_us - $s.bare_yarp.throughput.p99_us) else null end),
      api_redis_over_bare_yarp: ratio($s.bff_api_redis.throughput.rps // null; $s.bare_yarp.throughput.rps),
      me_redis_over_me: ratio($s.bff_me_redis.throughput.rps // null; $s.bff_me.throughput.rps),
      api_added_cpu_us_per_request: (if $api then ($s.bff_api.cpu_us_per_request.server - $s.bare_yarp.cpu_us_per_request.server) else null end),
      api_redis_added_cpu_us_per_request: (if $s.bff_api_redis.status == "measured" then ($s.bff_api_redis.cpu_us_per_request.server - $s.bare_yarp.cpu_us_per_request.server) else null end)
    },
    revoke: $exact,
    me_stytch_calls: ($s.bff_me.stytch_calls // {}),
    session_refresh: $refresh,
    memory: $memory,
    stored_session: $session_bytes
  } |
  .goals = {
    api_throughput_at_least_0_8x_bare_yarp: (if .ratios.api_over_bare_yarp then .ratios.api_over_bare_yarp >= 0.8 else "pending" end),
    api_added_cpu_at_most_30us: (if .ratios.api_added_cpu_us_per_request then .ratios.api_added_cpu_us_per_request <= 30 else "pending" end),
    api_added_p99_at_most_1ms: (if .ratios.api_added_p99_us_c1 then .ratios.api_added_p99_us_c1 <= 1000 else "pending" end),
    api_redis_at_least_0_7x_bare_yarp: (if .ratios.api_redis_over_bare_yarp then .ratios.api_redis_over_bare_yarp >= 0.7 else "pending" end),
    me_redis_within_15pct_of_memory: (if .ratios.me_redis_over_me then .ratios.me_redis_over_me >= 0.85 else "pending" end),
    one_stytch_call_per_revoke: (.revoke.stub.stytch_calls_per_revoke == 1 and .revoke.emulator.stytch_calls_per_revoke == 1
                                 and .revoke.emulator.revokes_answered_200 == .revoke.emulator.revokes_sent),
    me_without_stytch_call: ((.me_stytch_calls | length) == 0),
    stored_session_at_most_4kb: (if .stored_session.bytes then .stored_session.bytes <= 4096 else "pending" end)
  }' >"$RESULT"

print_report "$RESULT"
