#!/usr/bin/env bash
# Container smoke test: the project's real, unmodified Dockerfile and docker-compose.yml, run offline.
#
# No Docker engine and no registry here, so it first builds local stand-ins for the images the project names
# (mcr.microsoft.com/dotnet/sdk:10.0 and aspnet:10.0 from a Debian rootfs + this machine's .NET; redis from this
# machine's redis-server), then builds the Dockerfile's "bff" and "emulator" targets with podman (--pull=never, no
# network, NuGet packages from the host cache) and checks:
#   - what the BFF image does not contain: no Stytch.Emulator, Sample.Api or Bff.Dev assembly, and none of the demo
#     login or emulator credentials in any file (UTF-8 or UTF-16, as .NET stores string literals; the same scan must
#     find them in the emulator image, so it is known to work);
#   - `docker-compose --profile dev up` with NO .env (only the published ports chosen from the shell), against podman's
#     Docker-compatible socket: the BFF runs as non-root, /healthz and the image HEALTHCHECK pass, /readyz sees Redis,
#     a password login + Connected App revoke, a magic-link login through the emulator's inbox and an OAuth login
#     through the emulator's provider page at its browser-facing URL (reached from the host) all work, the session
#     survives a restart of the BFF container (sessions and Data Protection keys in Redis), log out everywhere ends it,
#     and no password or secret reaches the logs;
#   - without the dev profile and without settings, the BFF stops with a message naming what to set (and nothing of
#     the dev run is left to configure it).
#
# Usage: tests/container/smoke.sh            (as root; installs podman, buildah, debootstrap, docker-compose if missing)
#   SMOKE_CACHE_DIR   where the rootfs and podman's image store are kept (default ~/.cache/stytch-bff/container)
#   SMOKE_KEEP_JOB=1  keep the job folder (logs) after the run
# Leaves no containers, networks, volumes or processes behind; cached images stay in SMOKE_CACHE_DIR (rm -rf it to reset).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
CACHE="${SMOKE_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/stytch-bff/container}"
mkdir -p "$CACHE"
JOB="$(mktemp -d /tmp/bff-smoke.XXXXXX)"
PROJECT="bffsmoke$$"
SERVICE_PID="" HEALTH_PID="" COMPOSE_UP=""
STANDIN_VERSION=1

log() { printf '==> [%4ss] %s\n' "$SECONDS" "$*"; }
fail() { printf 'SMOKE FAILED: %s\n' "$*" >&2; exit 1; }

cleanup() {
  local status=$?
  set +e
  [ -n "$HEALTH_PID" ] && kill "$HEALTH_PID" 2>/dev/null && wait "$HEALTH_PID" 2>/dev/null
  if [ -n "$COMPOSE_UP" ]; then
    compose down -v --remove-orphans --timeout 10 >"$JOB/down.log" 2>&1
    # Anything compose did not remove (it should have).
    podman ps -aq --filter "label=com.docker.compose.project=$PROJECT" | xargs -r podman rm -f >/dev/null 2>&1
    podman network ls -q --filter "label=com.docker.compose.project=$PROJECT" | xargs -r podman network rm -f >/dev/null 2>&1
    podman volume ls -q --filter "label=com.docker.compose.project=$PROJECT" | xargs -r podman volume rm -f >/dev/null 2>&1
  fi
  # The store is this script's alone (locked): no working container outlives a run, failed or not.
  [ -n "${CONTAINERS_STORAGE_CONF:-}" ] && buildah rm --all >/dev/null 2>&1
  [ -n "$SERVICE_PID" ] && kill "$SERVICE_PID" 2>/dev/null && wait "$SERVICE_PID" 2>/dev/null
  if [ "$status" -ne 0 ]; then
    echo "--- logs (job folder $JOB) ---" >&2
    for f in "$JOB"/compose-logs.txt "$JOB"/build-*.log "$JOB"/up.log; do [ -f "$f" ] && { echo "# $f" >&2; tail -n 60 "$f" >&2; }; done
  fi
  if [ "${SMOKE_KEEP_JOB:-}" = 1 ] || [ "$status" -ne 0 ]; then echo "job folder kept: $JOB" >&2; else rm -rf "$JOB"; fi
  exec 9>&-
  exit "$status"
}
trap cleanup EXIT

# One run at a time per cache (podman's store is shared between runs).
exec 9>"$CACHE/lock"
flock -w 600 9 || fail "another smoke run holds $CACHE/lock"

[ "$(id -u)" -eq 0 ] || fail "run as root (rootful podman; this machine has no rootless setup)"
need=()
for tool in podman buildah runc iptables debootstrap docker-compose curl jq redis-server flock python3; do command -v "$tool" >/dev/null || need+=("$tool"); done
if ((${#need[@]})); then
  log "Installing ${need[*]}"
  pkgs=(podman buildah runc iptables netavark aardvark-dns debootstrap docker-compose curl jq redis-server python3)
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${pkgs[@]}" >/dev/null
fi

# --- podman, isolated: its own store (cached), config and temp folders ---
P="$CACHE/podman"
mkdir -p "$P/graph" "$P/run" "$P/tmp" "$P/networks" "$JOB/tmp"
cat >"$P/storage.conf" <<CONF
[storage]
driver = "overlay"
graphroot = "$P/graph"
runroot = "$P/run"
CONF
cat >"$P/containers.conf" <<CONF
[containers]
default_ulimits = ["nofile=20000:20000", "nproc=4096:4096"]
[engine]
# runc, not crun: crun 1.8 refuses hybrid cgroup hierarchies (cgroup v1 + a cgroup2 mount with controllers).
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
events_logfile_path = "$P/events.log"
tmp_dir = "$P/tmp"
[network]
network_backend = "netavark"
network_config_dir = "$P/networks"
CONF
export CONTAINERS_STORAGE_CONF="$P/storage.conf" CONTAINERS_CONF="$P/containers.conf" TMPDIR="$JOB/tmp" BUILDAH_RUNTIME=runc

# --- 1. a Debian root filesystem (cached as a tarball) ---
ROOTFS_TAR="$CACHE/rootfs-bookworm.tar.gz"
if [ ! -s "$ROOTFS_TAR" ]; then
  log "debootstrap: a Debian 12 root filesystem (about a minute, once)"
  R="$JOB/rootfs"
  MIRROR="$(awk '/^URIs:/{print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)"
  debootstrap --variant=minbase --include=libicu72,libssl3,ca-certificates,tzdata bookworm "$R" "${MIRROR:-http://deb.debian.org/debian}" >"$JOB/debootstrap.log" 2>&1
  if compgen -G "/usr/local/share/ca-certificates/*.crt" >/dev/null; then
    cp /usr/local/share/ca-certificates/*.crt "$R/usr/local/share/ca-certificates/"
    env -u TMPDIR chroot "$R" update-ca-certificates >/dev/null 2>&1
  fi
  env -u TMPDIR chroot "$R" apt-get clean
  rm -rf "$R"/var/lib/apt/lists/* "$R"/var/cache/apt/*.bin
  tar -C "$R" -czf "$ROOTFS_TAR.tmp" . && mv "$ROOTFS_TAR.tmp" "$ROOTFS_TAR"
  rm -rf "$R"
fi

# --- 2. stand-ins for the images the project names (rebuilt when this machine's .NET or redis changes) ---
STAMP="$( { echo "$STANDIN_VERSION"; stat -c %s "$ROOTFS_TAR"; dotnet --list-runtimes; dotnet --list-sdks; redis-server --version; } | sha256sum | cut -c1-16)"
label() { podman image inspect --format '{{index .Config.Labels "stytch-bff.standin"}}' "$1" 2>/dev/null || true; }
if [ "$(label mcr.microsoft.com/dotnet/sdk:10.0)" != "$STAMP" ] || [ "$(label docker.io/library/redis:7.2-alpine)" != "$STAMP" ]; then
  log "Building stand-in images (debian, aspnet:10.0, sdk:10.0, redis)"
  podman import -q -c 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' "$ROOTFS_TAR" docker.io/library/debian:bookworm-slim >/dev/null
  D=/usr/share/dotnet
  c=$(buildah from -q --pull-never docker.io/library/debian:bookworm-slim)
  buildah copy -q "$c" "$D/dotnet" "$D/LICENSE.txt" "$D/ThirdPartyNotices.txt" "$D/" >/dev/null
  for d in host shared/Microsoft.NETCore.App shared/Microsoft.AspNetCore.App; do buildah copy -q "$c" "$D/$d" "$D/$d" >/dev/null; done
  buildah run "$c" -- sh -c 'chmod 755 /usr/share/dotnet/dotnet && ln -s /usr/share/dotnet/dotnet /usr/bin/dotnet && groupadd --gid=1654 app && useradd -l --uid=1654 --gid=1654 --create-home app'
  buildah config --env DOTNET_ROOT=/usr/share/dotnet --env APP_UID=1654 --env ASPNETCORE_HTTP_PORTS=8080 \
    --env DOTNET_RUNNING_IN_CONTAINER=true --cmd '' --label "stytch-bff.standin=$STAMP" "$c"
  buildah commit -q --rm "$c" mcr.microsoft.com/dotnet/aspnet:10.0 >/dev/null
  c=$(buildah from -q --pull-never mcr.microsoft.com/dotnet/aspnet:10.0)
  for d in sdk sdk-manifests packs templates metadata; do [ -e "$D/$d" ] && buildah copy -q "$c" "$D/$d" "$D/$d" >/dev/null; done
  buildah config --env DOTNET_NOLOGO=true --env DOTNET_GENERATE_ASPNET_CERTIFICATE=false --env NUGET_XMLDOC_MODE=skip \
    --label "stytch-bff.standin=$STAMP" "$c"
  buildah commit -q --rm "$c" mcr.microsoft.com/dotnet/sdk:10.0 >/dev/null
  # redis: this machine's redis-server and redis-cli, with the shared libraries the rootfs lacks.
  c=$(buildah from -q --pull-never docker.io/library/debian:bookworm-slim)
  m=$(buildah mount "$c")
  buildah copy -q "$c" "$(readlink -f "$(command -v redis-server)")" /usr/bin/redis-server >/dev/null
  buildah copy -q "$c" "$(readlink -f "$(command -v redis-cli)")" /usr/bin/redis-cli >/dev/null
  for lib in $(ldd "$(readlink -f "$(command -v redis-server)")" "$(command -v redis-cli)" | awk '/=> \//{print $3}' | sort -u); do
    [ -e "$m$lib" ] || buildah copy -q "$c" "$(readlink -f "$lib")" "$lib" >/dev/null
  done
  buildah umount "$c" >/dev/null
  buildah run "$c" -- sh -c 'mkdir -p /data && redis-server --version >/dev/null'
  buildah config --workingdir /data --cmd '["redis-server"]' --label "stytch-bff.standin=$STAMP" "$c"
  buildah commit -q --rm "$c" docker.io/library/redis:7.2-alpine >/dev/null
fi

# --- 3. the project's images, from its Dockerfile, offline ---
log "Restoring on the host (the image build reads the host's NuGet cache, read-only, without network)"
NUGET="${NUGET_PACKAGES:-$HOME/.nuget/packages}"
for project in src/Bff/Bff.csproj src/Stytch.Emulator/Stytch.Emulator.csproj; do
  [ -f "$ROOT/$project" ] || fail "$project is missing: the dev profile and this test need the Stytch emulator"
  dotnet restore "$ROOT/$project" -nologo -v q >/dev/null
done
for target in bff emulator; do
  log "podman build --target $target (the real Dockerfile, --pull=never)"
  podman build --runtime runc --pull=never --network=none --format docker --target "$target" --build-arg NUGET_AUDIT=false \
    -v "$NUGET:/root/.nuget/packages:ro" -t "stytch-$target:local" "$ROOT" >"$JOB/build-$target.log" 2>&1 \
    || fail "image build failed (see $JOB/build-$target.log)"
done
# Keep the build stages' layers (the restore cache); drop only leftovers of builds older than a week.
podman image prune -f --filter until=168h >/dev/null 2>&1 || true

# --- 4. what the BFF image must not contain ---
# The demo login, the emulator's project credentials and the assemblies of the offline first run.
FORBIDDEN=(correct-horse-battery-staple demo@example.com secret-test-emulator-not-a-real-secret
  project-test-11111111-1111-4111-8111-111111111111 public-token-test-22222222-2222-4222-8222-222222222222)
scan_image() { # scan_image IMAGE: prints "path: string" for every forbidden string in any file, as UTF-8 or UTF-16LE
  local mnt; mnt="$(podman image mount "$1")"
  python3 - "$mnt" "${FORBIDDEN[@]}" <<'PY'
import os, sys
root, words = sys.argv[1], sys.argv[2:]
needles = [(w, w.encode()) for w in words] + [(w, w.encode("utf-16-le")) for w in words]
for folder, dirs, files in os.walk(root):
    if folder == root:
        dirs[:] = [d for d in dirs if d not in ("proc", "sys", "dev")]
    for name in files:
        path = os.path.join(folder, name)
        if os.path.islink(path) or not os.path.isfile(path):
            continue
        with open(path, "rb") as f:
            data = f.read()
        for word, needle in needles:
            if needle in data:
                print(f"{path[len(root):]}: {word}")
PY
  podman image unmount "$1" >/dev/null
}
log "Checking what the BFF image contains"
mnt="$(podman image mount stytch-bff:local)"
extra="$(find "$mnt" \( -iname 'Stytch.Emulator*' -o -iname 'Sample.Api*' -o -iname 'Bff.Dev*' -o -iname 'stytch-emulator.*' \) -printf '/%P\n')"
[ -f "$mnt/app/Bff.dll" ] || fail "the BFF image has no /app/Bff.dll"
podman image unmount stytch-bff:local >/dev/null
[ -z "$extra" ] || fail "the BFF image contains first-run files: $extra"
found="$(scan_image stytch-bff:local)"
[ -z "$found" ] || fail "the BFF image contains demo credentials: $found"
found="$(scan_image stytch-emulator:local)"
grep -q 'Stytch.Emulator.dll: correct-horse-battery-staple' <<<"$found" \
  || fail "the scan did not find the demo password in the emulator image, so it cannot be trusted: $found"

# --- 5. docker-compose, against podman's Docker-compatible API, with no .env ---
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
BFF_PORT="$(free_port)" EMULATOR_PORT="$(free_port)"
: >"$JOB/empty.env" # in place of the project's .env, which a developer's checkout may have
podman system service --time=0 "unix://$JOB/podman.sock" >"$JOB/service.log" 2>&1 &
SERVICE_PID=$!
for _ in $(seq 100); do [ -S "$JOB/podman.sock" ] && break; sleep 0.1; done
[ -S "$JOB/podman.sock" ] || fail "podman system service did not start"
# Nothing from this shell but the ports (the machine's own ports are shared: 8080 and 9010 may be taken).
compose_env() {
  env -i PATH="$PATH" HOME="$HOME" DOCKER_HOST="unix://$JOB/podman.sock" CONTAINERS_CONF="$CONTAINERS_CONF" \
    CONTAINERS_STORAGE_CONF="$CONTAINERS_STORAGE_CONF" TMPDIR="$TMPDIR" \
    BFF_PORT="$BFF_PORT" EMULATOR_PORT="$EMULATOR_PORT" Bff__PublicOrigin="http://localhost:$BFF_PORT" "$@"
}
compose() { compose_env timeout 300 docker-compose -p "$PROJECT" --env-file "$JOB/empty.env" -f "$ROOT/docker-compose.yml" --profile dev "$@"; }
compose_without_profile() { compose_env timeout 300 docker-compose -p "$PROJECT" --env-file "$JOB/empty.env" -f "$ROOT/docker-compose.yml" "$@"; }
# Without systemd podman runs no HEALTHCHECK by itself; compose's depends_on (service_healthy) needs them.
( trap 'exit 0' TERM # finish the current probe, then stop
  while :; do
    for c in $(podman ps -q --filter "label=com.docker.compose.project=$PROJECT" 2>/dev/null); do podman healthcheck run "$c" >/dev/null 2>&1 || true; done
    sleep 2
  done ) &
HEALTH_PID=$!
log "docker-compose --profile dev up -d (redis, bff, stytch-emulator), no .env"
COMPOSE_UP=1
compose up -d --no-build >"$JOB/up.log" 2>&1 || { compose logs --no-color >"$JOB/compose-logs.txt" 2>&1; fail "compose up failed"; }
container() { podman ps -q --filter "label=com.docker.compose.project=$PROJECT" --filter "label=com.docker.compose.service=$1" | head -n1; }
BFF="$(container bff)" REDIS="$(container redis)"
[ -n "$BFF" ] && [ -n "$REDIS" ] || fail "containers not found"

URL="http://127.0.0.1:$BFF_PORT"
EMULATOR="http://localhost:$EMULATOR_PORT" # the browser-facing URL the BFF is told
wait_ok() { for _ in $(seq 120); do [ "$(curl -s -o /dev/null -w '%{http_code}' "$1")" = 200 ] && return 0; sleep 0.5; done; return 1; }
failed() { compose logs --no-color >"$JOB/compose-logs.txt" 2>&1; fail "$*"; }
expect() { # expect STATUS METHOD PATH [curl args...]: the body goes to $JOB/body, the headers to $JOB/headers
  local status=$1 method=$2 path=$3; shift 3
  local got; got="$(curl -s -o "$JOB/body" -D "$JOB/headers" -w '%{http_code}' -X "$method" -H 'X-CSRF: 1' "$@" "$URL$path")"
  [ "$got" = "$status" ] || failed "$method $path answered $got, expected $status: $(head -c 400 "$JOB/body")"
}
header() { tr -d '\r' <"${2:-$JOB/headers}" | sed -n "s/^$1: //Ip" | head -n1; }
# cookies [FILE]: every cookie a response set, as one Cookie header value ("a=1; b=2").
cookies() { tr -d '\r' <"${1:-$JOB/headers}" | sed -n 's/^[Ss]et-[Cc]ookie: \([^;]*\).*/\1/p' | paste -sd ';' | sed 's/;/; /g'; }
session_cookie() { tr -d '\r' <"${1:-$JOB/headers}" | sed -n 's/^[Ss]et-[Cc]ookie: \(__Host-bff-session=[^;]*\).*/\1/p' | head -n1; }

log "Probing the BFF on $URL"
wait_ok "$URL/healthz" || failed "/healthz never answered 200"
uid="$(podman exec "$BFF" id -u)"
[ "$uid" = 1654 ] || fail "the BFF runs as uid $uid, expected the non-root app user (1654)"
podman healthcheck run "$BFF" >/dev/null || fail "the image's HEALTHCHECK fails"
expect 200 GET /readyz
jq -e '.checks.redis == "Healthy"' "$JOB/body" >/dev/null || fail "/readyz does not report Redis healthy: $(cat "$JOB/body")"
expect 200 GET / -H 'Accept: text/html'
grep -qi '<html' "$JOB/body" || fail "GET / does not serve the SPA's index.html"

log "Password login and Connected App revoke"
expect 200 POST /auth/password -H 'Content-Type: application/json' \
  -d '{"email":"demo@example.com","password":"correct-horse-battery-staple"}'
cp "$JOB/headers" "$JOB/login-headers"
COOKIE="$(session_cookie "$JOB/login-headers")"
[ -n "$COOKIE" ] || fail "login set no __Host-bff-session cookie"
flags="$(tr -d '\r' <"$JOB/login-headers" | grep -i '^set-cookie: __Host-bff-session=' | tr 'A-Z' 'a-z')"
for flag in '; path=/' '; secure' '; httponly' '; samesite=strict'; do
  [[ "$flags" == *"$flag"* ]] || fail "the session cookie lacks '$flag': $flags"
done
[ "$(podman exec "$REDIS" redis-cli --scan --pattern 'stytch-bff:bff:session:*' | wc -l)" = 1 ] || fail "the session is not in Redis"

APP=connected-app-test-0a1b2c3d-0000-4000-8000-000000000002
expect 200 GET /me/connected-apps -H "Cookie: $COOKIE"
jq -e --arg app "$APP" 'any(.connected_apps[]; .connected_app_id == $app)' "$JOB/body" >/dev/null || fail "the demo user's Connected App is not listed"
expect 200 POST "/me/connected-apps/$APP/revoke" -H "Cookie: $COOKIE"
jq -e '.status_code == 200 and (.request_id | startswith("request-id-"))' "$JOB/body" >/dev/null || fail "revoke answered $(cat "$JOB/body")"
expect 200 GET /me/connected-apps -H "Cookie: $COOKIE"
jq -e --arg app "$APP" 'all(.connected_apps[]; .connected_app_id != $app)' "$JOB/body" >/dev/null || fail "the revoked app is still listed"

log "Magic-link login through the emulator's inbox at $EMULATOR"
expect 202 POST /auth/magic-link -H 'Content-Type: application/json' -d '{"email":"demo@example.com"}'
SENT=(); [ -n "$(cookies)" ] && SENT=(-H "Cookie: $(cookies)") # whatever the send set (none today) goes back with the link
link="$(curl -s -m 10 "$EMULATOR/emulator/inbox.json" | jq -r '.messages[0].link // empty')"
[[ "$link" == "http://localhost:$BFF_PORT/auth/callback?"* ]] || failed "the inbox has no magic link to the BFF: '$link'"
status="$(curl -s -o /dev/null -D "$JOB/ml-headers" -w '%{http_code}' "${SENT[@]}" "$link")"
[ "$status" = 302 ] || failed "the magic link answered $status"
ML_COOKIE="$(session_cookie "$JOB/ml-headers")"
[ -n "$ML_COOKIE" ] || failed "the magic link started no session"
expect 200 GET /me -H "Cookie: $ML_COOKIE"

log "OAuth login through the emulator's provider page at $EMULATOR"
expect 302 GET /auth/oauth/google
start="$(header location)" FLOW="$(cookies)"
[[ "$start" == "$EMULATOR/v1/public/oauth/google/start?"* ]] || fail "the OAuth start does not send the browser to $EMULATOR: $start"
curl -s -m 10 -o "$JOB/provider.html" -w '%{http_code}' "$start" | grep -qx 200 || failed "the provider page is not reachable from the host at $start"
state="$(sed -n 's/.*name="state" value="\([^"]*\)".*/\1/p' "$JOB/provider.html" | head -n1)"
[ -n "$state" ] || fail "the provider page has no state: $(head -c 400 "$JOB/provider.html")"
status="$(curl -s -m 10 -o /dev/null -D "$JOB/continue-headers" -w '%{http_code}' --data-urlencode "state=$state" \
  --data-urlencode email=demo@example.com "$EMULATOR/emulator/oauth/continue")"
callback="$(header location "$JOB/continue-headers")"
[ "$status" = 302 ] && [[ "$callback" == "http://localhost:$BFF_PORT/auth/callback?"* ]] || failed "the provider page's continue answered $status to '$callback'"
status="$(curl -s -o /dev/null -D "$JOB/oauth-headers" -w '%{http_code}' -H "Cookie: $FLOW" "$callback")"
[ "$status" = 302 ] || failed "the OAuth callback answered $status"
OAUTH_COOKIE="$(session_cookie "$JOB/oauth-headers")"
[ -n "$OAUTH_COOKIE" ] || failed "the OAuth callback started no session"
expect 200 GET /me -H "Cookie: $OAUTH_COOKIE"

log "Restarting the BFF container: the session must survive (sessions and key ring in Redis)"
compose restart bff >>"$JOB/up.log" 2>&1
wait_ok "$URL/healthz" || failed "the BFF did not come back after a restart"
expect 200 GET /me -H "Cookie: $COOKIE"
expect 200 POST /auth/logout-all -H "Cookie: $COOKIE"
expect 401 GET /me -H "Cookie: $COOKIE"

compose logs --no-color >"$JOB/compose-logs.txt" 2>&1
grep -q 'correct-horse-battery-staple\|secret-test-emulator-not-a-real-secret' "$JOB/compose-logs.txt" && fail "a password or secret appears in the container logs"
restarts="$(podman inspect --format '{{.RestartCount}}' "$BFF" 2>/dev/null || echo '?')"

log "Without the dev profile and without settings, the BFF must stop and say what to set"
compose down --remove-orphans --timeout 10 >>"$JOB/down.log" 2>&1 || fail "compose down failed"
# The dev settings live on a tmpfs volume: once no container uses it, nothing of them is left (down kept the volume).
settings_volume="$(podman volume ls -q --filter "label=com.docker.compose.project=$PROJECT" | grep 'stytch-dev-settings$')" \
  || fail "the stytch-dev-settings volume is missing"
left="$(ls -A "$(podman volume inspect --format '{{.Mountpoint}}' "$settings_volume")" 2>/dev/null || true)"
[ -z "$left" ] || fail "the dev settings outlived the dev run: $left"
# (podman reports a tmpfs volume's options differently from how compose wrote them, and compose 1.29 then refuses to
# reuse it: start from no volumes, as on a fresh machine.)
compose down -v --timeout 10 >>"$JOB/down.log" 2>&1 || fail "compose down -v failed"
set +e
compose_without_profile run --rm --no-deps bff >"$JOB/no-settings.log" 2>&1
code=$?
set -e
[ "$code" -ne 0 ] || fail "the BFF started without Stytch settings: $(tail -n 20 "$JOB/no-settings.log")"
for text in 'Stytch:ProjectId is missing' 'Stytch__ProjectId' 'Stytch:Secret is missing' 'Stytch__Secret'; do
  grep -qF "$text" "$JOB/no-settings.log" || fail "the start-up error does not say '$text': $(tail -n 20 "$JOB/no-settings.log")"
done
log "PASSED: lean BFF image (no emulator, demo API or demo credentials), builds, runs as uid 1654, /healthz + HEALTHCHECK + /readyz, serves the SPA; with no .env: password login + revoke, magic link, OAuth via the browser-facing emulator URL, session survives a restart, logout-all; without the profile: a clear error (BFF restarts while waiting for the dev settings: $restarts; ${SECONDS}s)"
