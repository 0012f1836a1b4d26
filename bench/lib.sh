# Shared helpers for bench/run.sh and bench/load.sh (sourced, not run). Loopback only; every wait is bounded.
# shellcheck shell=bash

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(cd "$BENCH_DIR/.." && pwd)"
OUT_DIR="$BENCH_DIR/.out"          # published release builds (git-ignored)
WORK_DIR=""                        # per-run temp dir: logs, cookies, HOME for the BFF
PIDS=()

# The Stytch project the stub pretends to be (nothing here is a real credential).
BENCH_PROJECT_ID="project-test-00000000-0000-4000-8000-0000000bench"
BENCH_SECRET="secret-test-bench-not-a-real-secret"
BENCH_PASSWORD="correct-horse-battery-staple"
# The emulator's default project (src/Stytch.Emulator/README.md; not a real credential).
EMU_PROJECT_ID="project-test-11111111-1111-4111-8111-111111111111"
EMU_SECRET="secret-test-emulator-not-a-real-secret"

log() { printf '==> %s\n' "$*" >&2; }
die() { printf 'bench: %s\n' "$*" >&2; exit 1; }

bench_init() {
  command -v wrk >/dev/null || die "wrk is missing: apt-get install -y wrk"
  command -v curl >/dev/null || die "curl is missing: apt-get install -y curl"
  command -v jq >/dev/null || die "jq is missing: apt-get install -y jq"
  WORK_DIR="$(mktemp -d /tmp/bff-bench.XXXXXX)"
  mkdir -p "$WORK_DIR/home"
  trap bench_cleanup EXIT
  trap 'exit 130' INT TERM
}

bench_cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${PIDS[@]}"; do
    # bounded wait for each process we started
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  done
  [ -n "$WORK_DIR" ] && [ -z "${BENCH_KEEP:-}" ] && rm -rf "$WORK_DIR"
  [ -n "${BENCH_KEEP:-}" ] && log "kept $WORK_DIR"
  return 0
}

# Publishes a project (Release) into bench/.out/<name>, only when its sources changed.
publish() {
  local project="$1" name="$2"
  log "publishing $name (Release)"
  dotnet publish "$REPO_DIR/$project" -c Release -o "$OUT_DIR/$name" -nologo -v q -m:1 -p:UseAppHost=false >"$WORK_DIR/publish-$name.log" 2>&1 \
    || { cat "$WORK_DIR/publish-$name.log" >&2; die "publish of $project failed"; }
}

# A free TCP port on 127.0.0.1.
free_port() {
  local port
  for _ in $(seq 200); do
    port=$((20000 + RANDOM % 12000))  # below the ephemeral range (32768+)
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"; return 0
    fi
  done
  die "no free port found"
}

# start NAME URL_TO_PROBE CMD... : starts a process in the background (logs in $WORK_DIR/NAME.log), waits until
# URL_TO_PROBE answers (at most 60 s), and sets LAST_PID.
start() {
  local name="$1" probe="$2"; shift 2
  "$@" >"$WORK_DIR/$name.log" 2>&1 &
  local pid=$!
  PIDS+=("$pid")
  LAST_PID="$pid"
  for _ in $(seq 600); do
    if curl -s -o /dev/null -m 1 "$probe"; then return 0; fi
    kill -0 "$pid" 2>/dev/null || { tail -30 "$WORK_DIR/$name.log" >&2; die "$name exited during start-up"; }
    sleep 0.1
  done
  tail -30 "$WORK_DIR/$name.log" >&2
  die "$name did not answer $probe within 60 s"
}

# stop PID: ends one process we started.
stop() {
  local pid="$1"
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true
}

start_stub() {
  local port; port="$(free_port)"
  STUB_URL="http://127.0.0.1:$port"
  start stub "$STUB_URL/healthz" dotnet "$OUT_DIR/stub/Stub.dll" --urls "$STUB_URL"
  STUB_PID="$LAST_PID"
  proxy_to_stub
}

start_bare_yarp() {
  local port; port="$(free_port)"
  YARP_URL="http://127.0.0.1:$port"
  start bare-yarp "$YARP_URL/api/ready" dotnet "$OUT_DIR/bare-yarp/BareYarp.dll" --urls "$YARP_URL" --Upstream "$STUB_URL/"
  YARP_PID="$LAST_PID"
}

# start_bff NAME [KEY=VALUE...]: the BFF as published, Production environment, its real appsettings.json, Stytch
# pointed at the stub; extra settings as environment variables (Section__Key=value). Sets BFF_URL and BFF_PID.
# BFF_DIR overrides the published build to run (default bench/.out/bff).
start_bff() {
  local name="$1"; shift
  local port; port="$(free_port)"
  BFF_URL="http://127.0.0.1:$port"
  local dir="${BFF_DIR:-$OUT_DIR/bff}"
  start "$name" "$BFF_URL/me" env -C "$dir" \
    HOME="$WORK_DIR/home" \
    ASPNETCORE_ENVIRONMENT=Production \
    ASPNETCORE_URLS="$BFF_URL" \
    Bff__PublicOrigin="$BFF_URL" \
    Stytch__ProjectId="$BENCH_PROJECT_ID" \
    Stytch__Secret="$BENCH_SECRET" \
    Stytch__BaseUrl="$STUB_URL/" \
    "$@" \
    dotnet "$dir/Bff.dll"
  BFF_PID="$LAST_PID"
}

# Settings that keep the per-session limiter in the path but never refuse the benchmark's own traffic.
BFF_BENCH_SETTINGS=(RateLimiting__PermitLimit=1000000 RateLimiting__LoginPermitLimitPerAddress=1000000 RateLimiting__LoginPermitLimitPerEmail=1000000)

# login_sessions BFF_URL COUNT FILE [PARALLEL]: COUNT password logins (distinct users); writes one cookie value per line.
login_sessions() {
  local url="$1" count="$2" file="$3" parallel="${4:-16}" prefix="${5:-user}"
  local config="$WORK_DIR/logins-$RANDOM.curl"
  : >"$config"
  local i
  for ((i = 1; i <= count; i++)); do
    ((i > 1)) && echo "next" >>"$config"
    printf 'url = "%s/auth/password"\nheader = "X-CSRF: 1"\nheader = "Content-Type: application/json"\ndata = "{\\"email\\":\\"%s-%d@bench.test\\",\\"password\\":\\"%s\\"}"\noutput = "/dev/null"\nwrite-out = "%%{http_code} %%header{set-cookie}\\n"\n' \
      "$url" "$prefix" "$i" "$BENCH_PASSWORD" >>"$config"
  done
  curl -s --no-progress-meter -Z --parallel-max "$parallel" -K "$config" \
    | awk '$1 == 200 { if (match($0, /__Host-bff-session=[^;]+/)) print substr($0, RSTART + 19, RLENGTH - 19) }' >"$file"
  local got; got="$(wc -l <"$file")"
  [ "$got" -eq "$count" ] || die "only $got of $count logins succeeded"
}

stub_counters() { curl -s -m 5 "$STUB_URL/stub/counters"; }
stub_count() { stub_counters | jq -r --arg k "$1" '.[$k] // 0'; }

rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"; }

# wrk_json NAME SCRIPT URL THREADS CONNECTIONS DURATION [ENV...]: runs wrk and prints the JSON line the Lua script's
# done() writes (requests, rps, latency percentiles in µs, non-2xx/socket errors).
wrk_json() {
  local name="$1" script="$2" url="$3" threads="$4" conns="$5" duration="$6"; shift 6
  env "$@" wrk -t"$threads" -c"$conns" -d"$duration" --latency -s "$BENCH_DIR/lua/$script" "$url" >"$WORK_DIR/wrk-$name.txt" 2>&1 \
    || { cat "$WORK_DIR/wrk-$name.txt" >&2; die "wrk failed for $name"; }
  grep '^BENCH_JSON ' "$WORK_DIR/wrk-$name.txt" | tail -1 | cut -d' ' -f2-
}

machine_json() {
  jq -n --arg cpu "$(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)" \
    --argjson nproc "$(nproc)" \
    --argjson mem_kb "$(awk '/MemTotal/ { print $2 }' /proc/meminfo)" \
    --arg dotnet "$(dotnet --list-runtimes | awk '/Microsoft.AspNetCore.App/ { v = $2 } END { print v }')" \
    --arg wrk "$(wrk -v 2>&1 | head -1 | awk '{ print $2 }')" \
    --arg kernel "$(uname -r)" \
    --arg load "$(cut -d' ' -f1-3 /proc/loadavg)" \
    '{cpu: $cpu, nproc: $nproc, mem_gb: (($mem_kb / 1048576) * 10 | round / 10), aspnetcore: $dotnet, wrk: $wrk, kernel: $kernel, loadavg_at_start: $load}'
}

# The BFF's /api/** route (appsettings.json's ReverseProxy section, cluster "sample-api") pointed at the stub;
# call after start_stub.
BFF_PROXY_SETTINGS=()
proxy_to_stub() {
  BFF_PROXY_SETTINGS=("ReverseProxy__Clusters__sample-api__Destinations__sample-api-1__Address=$STUB_URL/")
}

# Redis for the BFF's sessions (its Redis:Configuration); start_redis sets REDIS_PORT and BFF_REDIS_SETTINGS, or
# fails when redis-server is missing. Bound to 127.0.0.1, no persistence; stopped with the other processes.
BFF_REDIS_SETTINGS=()
start_redis() {
  command -v redis-server >/dev/null && command -v redis-cli >/dev/null || return 1
  REDIS_PORT="$(free_port)"
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no >"$WORK_DIR/redis.log" 2>&1 &
  PIDS+=("$!")
  for _ in $(seq 100); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done
  redis-cli -p "$REDIS_PORT" ping >/dev/null || die "redis-server did not start"
  BFF_REDIS_SETTINGS=("Redis__Configuration=127.0.0.1:$REDIS_PORT")
}

# redis_session_bytes BFF_URL LOGINS: the size of one stored session (the protected ticket, and Redis's own memory
# for its key) and Redis's memory growth per session over LOGINS more logins.
redis_session_bytes() {
  local url="$1" logins="$2" key type bytes usage before after
  key="$(redis-cli -p "$REDIS_PORT" --scan --pattern '*bff:session:*' | head -1)"
  [ -n "$key" ] || { echo '{"status": "failed", "reason": "no bff:session:* key in Redis"}'; return; }
  type="$(redis-cli -p "$REDIS_PORT" TYPE "$key")"
  if [ "$type" = hash ]; then bytes="$(redis-cli -p "$REDIS_PORT" HSTRLEN "$key" data)"; else bytes="$(redis-cli -p "$REDIS_PORT" STRLEN "$key")"; fi
  usage="$(redis-cli -p "$REDIS_PORT" MEMORY USAGE "$key")"
  before="$(redis-cli -p "$REDIS_PORT" INFO memory | awk -F: '/^used_memory:/ { print $2 + 0 }')"
  login_sessions "$url" "$logins" "$WORK_DIR/redis-many.txt" 32 redis-many
  after="$(redis-cli -p "$REDIS_PORT" INFO memory | awk -F: '/^used_memory:/ { print $2 + 0 }')"
  jq -n --arg key "${key%%:bff:session:*}:bff:session:<43-char key>" --arg type "$type" --argjson bytes "$bytes" --argjson usage "$usage" \
    --argjson n "$logins" --argjson b "$before" --argjson a "$after" \
    '{status: "measured", key: $key, redis_type: $type, bytes: $bytes, redis_memory_usage_of_key: $usage,
      redis_used_memory_per_session: ((($a - $b) / $n) | round), sessions_for_that_figure: $n}'
}

# CPU time (user + system) a process has used, in clock ticks.
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }

# print_report FILE: the human-readable summary of a results file.
print_report() {
  jq -r '
    def ms: if . == null then "-" else (. / 1000 * 100 | round / 100 | tostring) + " ms" end;
    def n: if . == null then "-" else (. | round | tostring) end;
    def row(name; s):
      if s.status == "measured" then
        "\(name | .[0:22] | . + (" " * (22 - length)))  \(s.throughput.rps | n | . + (" " * (8 - length)))  p50 \(s.throughput.p50_us | ms | . + (" " * (9 - length))) p99 \(s.throughput.p99_us | ms | . + (" " * (9 - length)))  |  c1: p50 \(s.latency_c1.p50_us | ms | . + (" " * (9 - length))) p99 \(s.latency_c1.p99_us | ms)   errors \(s.throughput.http_errors + s.throughput.socket_errors)"
      else "\(name | . + (" " * (22 - length)))  PENDING: \(s.reason)" end;
    "",
    "BFF benchmark, \(.started)  (\(.machine.nproc) cores, \(.machine.cpu), \(.machine.mem_gb) GB, ASP.NET Core \(.machine.aspnetcore), load \(.machine.loadavg_at_start) -> \(.machine.loadavg_at_end))",
    "wrk -t\(.method.threads) -c\(.method.connections) -d\(.method.duration) after \(.method.warmup) warm-up; latency pass -t1 -c1; loopback; Release builds",
    "",
    "scenario                req/s     loaded (-c\(.method.connections))                |  unloaded (-c1)",
    row("1 direct to stub"; .scenarios.direct),
    row("2 bare YARP"; .scenarios.bare_yarp),
    row("3 BFF /api (proxied)"; .scenarios.bff_api),
    row("4 BFF GET /me"; .scenarios.bff_me),
    row("5 BFF POST revoke"; .scenarios.bff_revoke),
    row("3r BFF /api, Redis"; .scenarios.bff_api_redis),
    row("4r BFF GET /me, Redis"; .scenarios.bff_me_redis),
    "",
    "CPU per request (us, from /proc during the loaded pass): \([["1", .scenarios.direct], ["2", .scenarios.bare_yarp], ["3", .scenarios.bff_api], ["4", .scenarios.bff_me], ["5", .scenarios.bff_revoke], ["3r", .scenarios.bff_api_redis], ["4r", .scenarios.bff_me_redis]] | map(select(.[1].status == "measured") | "\(.[0]): \(.[1].cpu_us_per_request.server)\(if .[1].cpu_us_per_request.stub then " + stub \(.[1].cpu_us_per_request.stub)" else "" end)") | join(", "))",
    "",
    "ratio 3/2 (throughput)       \(.ratios.api_over_bare_yarp // "pending")     goal >= 0.8",
    "ratio 3r/2 (throughput)      \(.ratios.api_redis_over_bare_yarp // "pending")     goal >= 0.7 (sessions in Redis)",
    "ratio 4r/4 (throughput)      \(.ratios.me_redis_over_me // "pending")     goal >= 0.85 (GET /me with Redis sessions within 15 % of in-memory)",
    "ratio 3/1 (throughput)       \(.ratios.api_over_direct // "pending")",
    "added CPU, 3 vs 2            \(.ratios.api_added_cpu_us_per_request // "pending") us per request     goal <= 30 (3r vs 2: \(.ratios.api_redis_added_cpu_us_per_request // "pending") us)",
    "added p99, 3 vs 2 (-c1)      \(.ratios.api_added_p99_us_c1 | ms)     goal <= 1 ms   (loaded: \(.ratios.api_added_p99_us_loaded | ms))",
    "Stytch calls per revoke      \(.revoke.stub.stytch_calls_per_revoke) (stub: \(.revoke.stub.revokes_answered_200) of \(.revoke.stub.revokes_sent) revokes answered 200, \(.revoke.stub.stytch_revoke_calls) revoke + \(.revoke.stub.stytch_session_authenticate_calls) sessions/authenticate calls)",
    "                             \(.revoke.emulator.stytch_calls_per_revoke) (emulator: \(.revoke.emulator.revokes_answered_200) of \(.revoke.emulator.revokes_sent) granted apps revoked with 200, \(.revoke.emulator.stytch_revoke_calls) + \(.revoke.emulator.stytch_session_authenticate_calls) calls in its log)",
    "                             wrk pass: \(.scenarios.bff_revoke.stytch_calls["connected_apps.revoke"] // "-") calls for \(.scenarios.bff_revoke.throughput.requests // "-") completed, the difference being requests cut off in flight when wrk stopped)",
    "Stytch calls during /me      \(.me_stytch_calls)   (\(.scenarios.bff_me.throughput.requests) requests; with Redis: \(.scenarios.bff_me_redis.stytch_calls // "-"))",
    "sessions/authenticate        \(.session_refresh.per_session_minute) per session-minute at MaxStaleness 10 s (expected \(.session_refresh.expected_per_session_minute)); scaled to the default 5 min: \(.session_refresh.per_session_minute_at_default_5min)",
    "stored session               \(if .stored_session.bytes then "\(.stored_session.bytes) bytes (\(.stored_session.redis_type) field data of \(.stored_session.key); Redis MEMORY USAGE of the key \(.stored_session.redis_memory_usage_of_key) bytes; Redis used_memory +\(.stored_session.redis_used_memory_per_session) bytes per session with its index entry)" else "PENDING: \(.stored_session.reason)" end)",
    "BFF RSS                      \(.memory.rss_before_kb / 1024 | round) MB -> \(.memory.rss_after_kb / 1024 | round) MB after \(.memory.sessions_created) more sessions (\(.memory.rss_per_session_bytes) bytes per session, \(.memory.store))",
    "",
    "goals: \(.goals | to_entries | map("\(.key)=\(.value)") | join("  "))"
  ' "$1"
}
